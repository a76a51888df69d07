import type { BlocksLayout } from './block-layout.ts';
import { layoutBlocks } from './block-layout.ts';
import { DocumentParseError } from './errors.ts';
import type { HtmlBlock } from './html-blocks.ts';
import { controlShare, decodeText } from './text-encoding.ts';
import { type BlockPage, blockDocument, paginate } from './text-pages.ts';
import type { ParsedDocument, ParseProgress } from './types.ts';

/** Above this share of control characters a "text" file is binary. */
const MAX_CONTROL_SHARE = 0.02;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Options of {@link parseText}. */
export interface ParseTextOptions {
  /** Read `#` headings (ATX) and underlined headings (setext) as headings, outside code fences. Default false. */
  markdown?: boolean;
  onPages?: (progress: ParseProgress) => void;
}

/**
 * Reads a plain-text or Markdown file into pages: paragraphs are runs of lines between blank lines (line
 * breaks inside kept), Markdown headings are headings with their level (the rest of the Markdown is kept
 * as written). Pages: a form feed (`\f`) starts a new page where there is one, else pages of about 500
 * words (see `paginate`). The encoding: a byte order mark, else UTF-16 told by its zero bytes, else UTF-8
 * when the bytes are valid UTF-8, else Windows-1252 — any bytes decode, nothing crashes. Throws
 * `DocumentParseError` `unsupported` for binary content and `no-text` for a file of white space.
 */
export function parseText(data: Uint8Array, options: ParseTextOptions = {}): ParsedDocument {
  const pages = readText(data, options.markdown ?? false);
  const firstHeading = pages.flatMap((page) => page.blocks).find((block) => block.kind === 'heading');
  return blockDocument('text', firstHeading?.text ?? null, pages, options.onPages);
}

/** The text and blocks of page `page` (1-based) of a text file, as {@link parseText} indexes them; RangeError past the last page. */
export function textPageLayout(
  data: Uint8Array,
  page: number,
  options: { markdown?: boolean } = {},
): BlocksLayout & { pageCount: number } {
  const pages = readText(data, options.markdown ?? false);
  const blocks = pages[page - 1]?.blocks;
  if (blocks === undefined) throw new RangeError(`The text file has ${pages.length} pages, not ${page}`);
  return { ...layoutBlocks(blocks), pageCount: pages.length };
}

function readText(data: Uint8Array, markdown: boolean): BlockPage[] {
  const { text } = decodeText(data);
  if (controlShare(text) > MAX_CONTROL_SHARE) {
    throw new DocumentParseError('unsupported', 'not a text file: the file holds binary data');
  }
  const { blocks, breaks } = textBlocks(text, markdown);
  if (blocks.length === 0) throw new DocumentParseError('no-text', 'the text file contains no text');
  return paginate(blocks, breaks);
}

/** Paragraphs (and Markdown headings) of a text, and the indices of blocks that start a page after a form feed. */
export function textBlocks(text: string, markdown: boolean): { blocks: HtmlBlock[]; breaks: number[] } {
  const blocks: HtmlBlock[] = [];
  const breaks: number[] = [];
  let lines: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    const paragraph = lines
      .join('\n')
      .replace(/[^\S\n]+$/gm, '')
      .replace(/^\n+|\n+$/g, '');
    if (paragraph.trim() !== '') blocks.push({ kind: 'paragraph', text: paragraph });
    lines = [];
  };
  const pageBreak = () => {
    flush();
    if (blocks.length > 0 && breaks.at(-1) !== blocks.length) breaks.push(blocks.length);
  };
  text.split(/\r\n|\r|\n/).forEach((raw) => {
    const parts = raw.split('\f');
    parts.forEach((line, index) => {
      if (index > 0) pageBreak();
      const clean = line.replace(/\t/g, '    ');
      if (markdown && fence === null && !/^\s*$/.test(clean)) {
        const atx = ATX_HEADING.exec(clean);
        const setext = lines.length > 0 ? SETEXT_UNDERLINE.exec(clean) : null;
        if (atx !== null) {
          flush();
          const heading = (atx[2] ?? '').trim();
          if (heading !== '')
            blocks.push({ kind: 'heading', text: heading, headingLevel: atx[1]?.length ?? 1 });
          return;
        }
        if (setext !== null && lines.length === 1 && lines[0]?.trim() !== '') {
          const heading = (lines[0] ?? '').trim();
          lines = [];
          blocks.push({ kind: 'heading', text: heading, headingLevel: setext[1]?.startsWith('=') ? 1 : 2 });
          return;
        }
      }
      const fenceMark = markdown ? FENCE.exec(clean)?.[1] : undefined;
      if (fenceMark !== undefined) {
        if (fence === null) fence = fenceMark;
        else if (fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = null;
      }
      if (fence === null && clean.trim() === '') flush();
      else lines.push(clean);
    });
  });
  flush();
  return { blocks, breaks: breaks.filter((index) => index < blocks.length) };
}
