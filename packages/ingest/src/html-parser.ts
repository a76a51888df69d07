import { Parser } from 'htmlparser2';
import type { BlocksLayout } from './block-layout.ts';
import { layoutBlocks } from './block-layout.ts';
import { DocumentParseError } from './errors.ts';
import { BlockCollector, type HtmlBlock } from './html-blocks.ts';
import {
  asciiHead,
  bomEncoding,
  decodeAs,
  decodeUtf8Strict,
  normalizeCharset,
  utf16WithoutBom,
} from './text-encoding.ts';
import { type BlockPage, blockDocument, countWords, paginate } from './text-pages.ts';
import type { ParsedDocument, ParseProgress } from './types.ts';

/** Elements whose content is never text of the page. */
const SKIPPED = new Set([
  'head',
  'script',
  'style',
  'template',
  'noscript',
  'svg',
  'iframe',
  'object',
  'embed',
  'canvas',
  'select',
  'title',
]);
const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b/i;
const BREAK_BEFORE =
  /(?:^|[;\s{])(?:page-break-before|break-before)\s*:\s*(?:always|page|left|right|recto|verso)\b/i;
const BREAK_AFTER =
  /(?:^|[;\s{])(?:page-break-after|break-after)\s*:\s*(?:always|page|left|right|recto|verso)\b/i;
const FONT_WEIGHT = /(?:^|;)\s*font-weight\s*:\s*([a-z0-9]+)/i;
const BOLD_TAGS = new Set(['b', 'strong', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const CSS_RULE = /([^{}]+)\{([^{}]*)\}/g;
const CLASS_SELECTOR = /^[a-z0-9]*\.([\w-]+)$/i;
const META_TAG = /<meta\b[^>]*>/gi;
const META_CHARSET = /charset\s*=\s*["']?\s*([\w.:-]+)/i;
const XML_ENCODING = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i;
/** A paragraph wholly in bold and this short may be a heading (pages that style headings, not tag them). */
const BOLD_HEADING_MAX_WORDS = 16;
const BOLD_HEADING_MAX_CHARS = 150;

interface Frame {
  tag: string;
  bold: boolean;
  breakAfter: boolean;
}

/**
 * Reads a web page (.html, .htm) into pages of text: what a browser shows, in document order, as
 * Quire's blocks (headings `h1`–`h6` with their level, paragraphs for every block element, list items,
 * tables row by row with cells joined by ` | `), entities decoded. `<head>`, scripts, styles, templates,
 * `<noscript>`, SVG, frames, and elements hidden by `hidden` or an inline `display:none` /
 * `visibility:hidden` (an inline-XBRL filing's hidden facts) are left out. A page with no `h1`–`h6`
 * takes its short paragraphs set wholly in bold as headings (level 1). Pages: the file's own, where CSS
 * asks for a page break (`page-break-before/after: always`, `break-before/after: page`, inline or by a
 * class of a `<style>` sheet), else pages of about 500 words (see `paginate`). The charset comes from a
 * byte order mark, `<meta charset>`, `<meta http-equiv="Content-Type">` or an XML declaration in the
 * first 8 KiB, else UTF-8 when the bytes are valid UTF-8, else Windows-1252. Throws `DocumentParseError`
 * `no-text` when nothing of the page is text.
 */
export function parseHtml(
  data: Uint8Array,
  options: { onPages?: (progress: ParseProgress) => void } = {},
): ParsedDocument {
  const { title, pages } = readHtml(data);
  const firstHeading = pages.flatMap((page) => page.blocks).find((block) => block.kind === 'heading');
  return blockDocument('html', title ?? firstHeading?.text ?? null, pages, options.onPages);
}

/** The text and blocks of page `page` (1-based) of a web page, as {@link parseHtml} indexes them; RangeError past the last page. */
export function htmlPageLayout(data: Uint8Array, page: number): BlocksLayout & { pageCount: number } {
  const { pages } = readHtml(data);
  const blocks = pages[page - 1]?.blocks;
  if (blocks === undefined) throw new RangeError(`The web page has ${pages.length} pages, not ${page}`);
  return { ...layoutBlocks(blocks), pageCount: pages.length };
}

/** The charset a web page's bytes are decoded with (see {@link parseHtml}). */
export function htmlCharset(data: Uint8Array): string {
  const bom = bomEncoding(data);
  if (bom !== null) return bom;
  const head = asciiHead(data);
  const xml = XML_ENCODING.exec(head)?.[1];
  for (const meta of head.match(META_TAG) ?? []) {
    const label = META_CHARSET.exec(meta)?.[1];
    const charset = label === undefined ? null : normalizeCharset(label);
    if (charset !== null) return charset;
  }
  const declared = xml === undefined ? null : normalizeCharset(xml);
  if (declared !== null) return declared;
  return utf16WithoutBom(data) ?? (decodeUtf8Strict(data) === null ? 'windows-1252' : 'utf-8');
}

function readHtml(data: Uint8Array): { title: string | null; pages: BlockPage[] } {
  const charset = htmlCharset(data);
  const html = (charset === 'utf-8' ? decodeUtf8Strict(data) : null) ?? decodeAs(data, charset);
  const { blocks, breaks, title } = htmlBlocks(html);
  if (blocks.length === 0) throw new DocumentParseError('no-text', 'the web page contains no text');
  return { title, pages: paginate(blocks, breaks) };
}

/** The blocks of an HTML document, the indices of blocks that start a page after a CSS page break, and its `<title>`. */
export function htmlBlocks(html: string): { blocks: HtmlBlock[]; breaks: number[]; title: string | null } {
  const collector = new BlockCollector({ web: true });
  const stack: Frame[] = [];
  const breakClasses = new Map<string, { before: boolean; after: boolean }>();
  let skipped: string | null = null;
  let skipDepth = 0;
  let capture: 'title' | 'style' | null = null;
  let captureDepth = 0;
  let title = '';
  let styleSheet = '';

  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        const style = attributes.style ?? '';
        if (skipped === null && (SKIPPED.has(tag) || 'hidden' in attributes || HIDDEN_STYLE.test(style))) {
          skipped = tag;
          skipDepth = 0;
        }
        if (skipped !== null) {
          skipDepth++;
          const pageTitle = tag === 'title' && title === '' && (skipped === 'head' || skipped === 'title');
          if (capture === null && (pageTitle || tag === 'style')) {
            capture = tag;
            captureDepth = skipDepth;
          }
          return;
        }
        const classes = (attributes.class ?? '').split(/\s+/).flatMap((name) => breakClasses.get(name) ?? []);
        if (BREAK_BEFORE.test(style) || classes.some((rule) => rule.before)) collector.pageBreak();
        stack.push({
          tag,
          bold: boldOf(tag, style, stack.at(-1)?.bold ?? false),
          breakAfter: BREAK_AFTER.test(style) || classes.some((rule) => rule.after),
        });
        collector.open(tag, attributes);
      },
      ontext(text) {
        if (capture === 'title') title += text;
        else if (capture === 'style') styleSheet += text;
        else if (skipped === null) collector.text(text, stack.at(-1)?.bold ?? false);
      },
      onclosetag(tag) {
        if (skipped !== null) {
          if (capture !== null && skipDepth === captureDepth) {
            if (capture === 'style') readBreakClasses(styleSheet, breakClasses);
            styleSheet = '';
            capture = null;
          }
          skipDepth--;
          if (skipDepth === 0) skipped = null;
          return;
        }
        const frame = stack.pop();
        collector.close(tag);
        if (frame?.breakAfter) collector.pageBreak();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.end(html);
  const blocks = collector.finish();
  const tidyTitle = title.replace(/\s+/g, ' ').trim();
  return { blocks: promoteBoldHeadings(blocks), breaks: collector.pageBreaks(), title: tidyTitle || null };
}

function boldOf(tag: string, style: string, inherited: boolean): boolean {
  const weight = FONT_WEIGHT.exec(style)?.[1]?.toLowerCase();
  if (weight !== undefined) {
    if (weight === 'bold' || weight === 'bolder') return true;
    const number = Number(weight);
    if (Number.isFinite(number)) return number >= 600;
    if (weight === 'normal' || weight === 'lighter') return false;
  }
  return inherited || BOLD_TAGS.has(tag);
}

/** Class names whose rule in a style sheet asks for a page break before or after (`.pb { page-break-after: always }`). */
function readBreakClasses(css: string, into: Map<string, { before: boolean; after: boolean }>): void {
  for (const [, selectors = '', body = ''] of css.matchAll(CSS_RULE)) {
    const before = BREAK_BEFORE.test(` ${body}`);
    const after = BREAK_AFTER.test(` ${body}`);
    if (!before && !after) continue;
    for (const selector of selectors.split(',')) {
      const name = CLASS_SELECTOR.exec(selector.trim())?.[1];
      if (name !== undefined) into.set(name, { before, after });
    }
  }
}

/** Without any `h1`–`h6`, a short paragraph set wholly in bold is a heading. */
function promoteBoldHeadings(blocks: HtmlBlock[]): HtmlBlock[] {
  if (blocks.some((block) => block.kind === 'heading')) return blocks;
  return blocks.map((block) =>
    block.bold === true &&
    block.text.length <= BOLD_HEADING_MAX_CHARS &&
    countWords(block.text) <= BOLD_HEADING_MAX_WORDS &&
    /\p{L}/u.test(block.text)
      ? { kind: 'heading', text: block.text.replace(/\s+/g, ' '), headingLevel: 1 }
      : block,
  );
}
