import { Parser } from 'htmlparser2';
import { metadataDate } from './document-date.ts';
import { DocumentParseError } from './errors.ts';
import { BlockCollector, type HtmlBlock } from './html-blocks.ts';
import type { BlockPage } from './text-pages.ts';
import { paginate } from './text-pages.ts';
import type { DocumentDate } from './types.ts';
import { ZipPackage } from './zip-parts.ts';

/** The `mimetype` of an OpenDocument text (and of its template). */
export const ODT_MIMETYPES: readonly string[] = [
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.text-template',
];

/** ODF elements whose content is not body text: tracked deletions, comments, index marks, the note body (kept apart). */
const SKIPPED = new Set([
  'text:tracked-changes',
  'office:annotation',
  'office:annotation-end',
  'text:note-citation',
  'text:alphabetical-index-mark',
  'text:toc-mark',
  'text:bookmark-ref',
  'draw:image',
  'svg:title',
  'svg:desc',
]);

interface StyleInfo {
  parent: string | null;
  breakBefore: boolean;
  breakAfter: boolean;
}

/**
 * The pages of an OpenDocument text (`.odt`): `text:h` headings at their outline level, paragraphs,
 * lists (`• ` or their number), tables row by row (cells joined by ` | `), text boxes where they are
 * anchored, footnotes and endnotes after the body; comments, tracked deletions, headers and footers left
 * out. Pages are the file's own where it marks them — `text:soft-page-break` (where the writing program
 * last broke pages) or a paragraph style with `fo:break-before`/`fo:break-after="page"` — else the
 * document is one page, as a Word document is. Throws `DocumentParseError`: `corrupt` (not a readable
 * package or no `content.xml`), `encrypted` (password-protected), `too-large`, `no-text`.
 */
export async function odtPages(data: Uint8Array): Promise<BlockPage[]> {
  const pkg = await ZipPackage.open(data, 'the OpenDocument text');
  const manifest = (await pkg.text('META-INF/manifest.xml')) ?? '';
  if (/<manifest:encryption-data\b/.test(manifest)) {
    throw new DocumentParseError('encrypted', 'the OpenDocument text is password-protected');
  }
  const content = await pkg.text('content.xml');
  if (content === null) throw new DocumentParseError('corrupt', 'the OpenDocument text has no content.xml');
  const styles = readStyles((await pkg.text('styles.xml')) ?? '');
  readStyles(content, styles);
  const { blocks, breaks } = readBody(content, styles);
  if (blocks.length === 0) throw new DocumentParseError('no-text', 'the OpenDocument text contains no text');
  return breaks.length === 0 ? [{ blocks, footer: null }] : paginate(blocks, breaks);
}

/**
 * An OpenDocument text's date from its meta.xml: `meta:creation-date`, else `dc:date` (when it was last
 * saved); null when it has neither.
 */
export async function odtMetadataDate(data: Uint8Array): Promise<DocumentDate | null> {
  const meta = (await (await ZipPackage.open(data, 'the OpenDocument text')).text('meta.xml')) ?? '';
  const created = /<meta:creation-date\b[^>]*>([^<]*)</.exec(meta)?.[1];
  return metadataDate(created) ?? metadataDate(/<dc:date\b[^>]*>([^<]*)</.exec(meta)?.[1]);
}

/** Paragraph styles (named and automatic) with their parent and page breaks; list styles' numbered levels. */
interface Styles {
  paragraphs: Map<string, StyleInfo>;
  /** List style name -> the levels (1-based) that are numbered. */
  numberedLists: Map<string, Set<number>>;
}

function readStyles(
  xml: string,
  styles: Styles = { paragraphs: new Map(), numberedLists: new Map() },
): Styles {
  let style: StyleInfo | null = null;
  let list: Set<number> | null = null;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'style:style' && attributes['style:family'] === 'paragraph') {
          const styleName = attributes['style:name'];
          style = {
            parent: attributes['style:parent-style-name'] ?? null,
            breakBefore: false,
            breakAfter: false,
          };
          if (styleName !== undefined) styles.paragraphs.set(styleName, style);
        } else if (name === 'style:paragraph-properties' && style !== null) {
          style.breakBefore ||= attributes['fo:break-before'] === 'page';
          style.breakAfter ||= attributes['fo:break-after'] === 'page';
        } else if (name === 'text:list-style') {
          list = new Set();
          const listName = attributes['style:name'];
          if (listName !== undefined) styles.numberedLists.set(listName, list);
        } else if (name === 'text:list-level-style-number' && list !== null) {
          const level = Number(attributes['text:level'] ?? '1');
          if (attributes['style:num-format'] !== '') list.add(level);
        }
      },
      onclosetag(name) {
        if (name === 'style:style') style = null;
        else if (name === 'text:list-style') list = null;
      },
    },
    { xmlMode: true },
  );
  parser.end(xml);
  return styles;
}

function pageBreakOf(styles: Styles, name: string | undefined, side: 'breakBefore' | 'breakAfter'): boolean {
  const seen = new Set<string>();
  let current = name;
  while (current !== undefined && !seen.has(current)) {
    seen.add(current);
    const style = styles.paragraphs.get(current);
    if (style === undefined) return false;
    if (style[side]) return true;
    current = style.parent ?? undefined;
  }
  return false;
}

/**
 * The body's blocks and page breaks: ODF elements are fed to the {@link BlockCollector} as the HTML
 * elements they mean (`text:h` as `h1`–`h6`, `text:p` as `p`, `text:list` as `ul`/`ol`, tables as
 * `table`/`tr`/`td`), notes' bodies collected apart and added at the end.
 */
function readBody(xml: string, styles: Styles): { blocks: HtmlBlock[]; breaks: number[] } {
  const body = new BlockCollector();
  const notes = new BlockCollector();
  const closing: Array<string | null> = [];
  const listStyles: Array<string | undefined> = [];
  let inBody = false;
  let skipped = 0;
  let noteDepth = 0;
  let afterBreak = false;
  const target = () => (noteDepth > 0 ? notes : body);

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'office:text') inBody = true;
        if (!inBody) return;
        if (skipped > 0 || SKIPPED.has(name)) {
          skipped++;
          closing.push(null);
          return;
        }
        if (name === 'text:note-body') noteDepth++;
        const collector = target();
        const styleName = attributes['text:style-name'];
        const paragraph = name === 'text:p' || name === 'text:h';
        if (paragraph && noteDepth === 0) {
          if (afterBreak || pageBreakOf(styles, styleName, 'breakBefore')) collector.pageBreak();
          afterBreak = false;
        }
        const tag = htmlTagOf(name, attributes, styles, listStyles);
        closing.push(tag);
        if (name === 'text:soft-page-break' && noteDepth === 0) collector.pageBreak();
        else if (name === 'text:s')
          collector.text(' '.repeat(Math.min(Number(attributes['text:c'] ?? '1') || 1, 100)));
        else if (name === 'text:tab') collector.text('\t');
        else if (tag !== null) collector.open(tag, {});
        if (paragraph && noteDepth === 0 && pageBreakOf(styles, styleName, 'breakAfter')) afterBreak = true;
      },
      ontext(text) {
        if (inBody && skipped === 0) target().text(text.replace(/[ \t\r\n]+/g, ' '));
      },
      onclosetag(name) {
        if (name === 'office:text') inBody = false;
        if (!inBody && name !== 'office:text') return;
        const tag = closing.pop();
        if (tag === null) {
          if (skipped > 0) skipped--;
        } else if (tag !== undefined) target().close(tag);
        if (name === 'text:list') listStyles.pop();
        if (name === 'text:note-body') noteDepth--;
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  const blocks = body.finish();
  const breaks = body.pageBreaks();
  return { blocks: [...blocks, ...notes.finish()], breaks };
}

/** The HTML element an ODF element stands for in the {@link BlockCollector}, or null for none. */
function htmlTagOf(
  name: string,
  attributes: Readonly<Record<string, string>>,
  styles: Styles,
  listStyles: Array<string | undefined>,
): string | null {
  switch (name) {
    case 'text:h': {
      const level = Number(attributes['text:outline-level'] ?? '1');
      return `h${Math.min(Math.max(Number.isFinite(level) ? level : 1, 1), 6)}`;
    }
    case 'text:p':
      return 'p';
    case 'text:list': {
      const style = attributes['text:style-name'] ?? listStyles.at(-1);
      listStyles.push(style);
      const level = listStyles.length;
      return style !== undefined && styles.numberedLists.get(style)?.has(level) ? 'ol' : 'ul';
    }
    case 'text:list-item':
      return 'li';
    case 'table:table':
      return 'table';
    case 'table:table-row':
      return 'tr';
    case 'table:table-cell':
    case 'table:covered-table-cell':
      return 'td';
    case 'text:line-break':
      return 'br';
    default:
      return null;
  }
}
