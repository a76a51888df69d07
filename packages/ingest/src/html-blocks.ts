import { Parser } from 'htmlparser2';

export type HtmlBlockKind = 'heading' | 'paragraph' | 'list-item' | 'table';

export interface HtmlBlock {
  kind: HtmlBlockKind;
  /** The block's text; a table's rows are joined by newlines and its cells by ` | `. */
  text: string;
  headingLevel?: number;
  /** A table's cells, row by row (rows with only empty cells left out, as in `text`). */
  rows?: string[][];
  /** Set (true) on a paragraph all of whose text was bold. */
  bold?: boolean;
}

/** Options of {@link BlockCollector}; the defaults suit mammoth's HTML. */
export interface BlockCollectorOptions {
  /**
   * Web pages: white space in text (line breaks of the source included) is one space, except inside
   * `<pre>`; table rows lose their empty cells, and a cell holding only a currency sign or a closing
   * `)`/`%` joins its neighbour (`$ | 1,234 | )` → `$1,234)`). Default false: mammoth writes no
   * layout white space and Word tables keep their columns.
   */
  web?: boolean;
}

interface OpenBlock {
  parts: string[];
  prefix: string;
  headingLevel?: number;
  listItem: boolean;
  /** False once text that is not bold joined the block. */
  bold: boolean;
}

interface List {
  ordered: boolean;
  next: number;
}

const HEADING_TAG = /^h([1-6])$/;
const BACK_LINK = /^#(?:footnote|endnote|comment)-ref-/;
/** Elements that start and end a paragraph of their own, as `<p>` does (web pages). */
const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'header',
  'hgroup',
  'hr',
  'legend',
  'main',
  'nav',
  'pre',
  'section',
  'summary',
]);
const CURRENCY_CELL = /^[$€£¥₹]$/;
const CLOSING_CELL = /^(?:\)|%|\)%)$/;

/** The blocks of mammoth's HTML for a Word document (headings, paragraphs, list items, tables). */
export function htmlToBlocks(html: string): HtmlBlock[] {
  const collector = new BlockCollector();
  const parser = new Parser(
    {
      onopentag: (tag, attributes) => collector.open(tag, attributes),
      ontext: (text) => collector.text(text),
      onclosetag: (tag) => collector.close(tag),
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.end(html);
  return collector.finish();
}

/**
 * Turns a stream of HTML elements and text into Quire's blocks: `h1`–`h6` are headings with their level,
 * `p` (and, on web pages, the other block elements) paragraphs, `li` list items with `• ` or their number,
 * tables rows of cells (nested tables are text of their outer cell). Footnote back-links are dropped.
 * Feed it elements in document order; {@link pageBreak} marks where a new page must start.
 */
export class BlockCollector {
  private readonly blocks: HtmlBlock[] = [];
  private readonly breaks: number[] = [];
  private readonly lists: List[] = [];
  private readonly web: boolean;
  private current: OpenBlock | null = null;
  private skippedLinks = 0;
  private preDepth = 0;
  private tableDepth = 0;
  private tableRows: string[][] = [];
  private row: string[] | null = null;
  private cell: string[] | null = null;

  constructor(options: BlockCollectorOptions = {}) {
    this.web = options.web ?? false;
  }

  /** Text in document order; `bold`: drawn in bold (web pages whose headings are bold paragraphs). */
  text(raw: string, bold = false): void {
    this.append(this.web && this.preDepth === 0 ? raw.replace(/[ \t\n\r\f]+/g, ' ') : raw, bold);
  }

  private append(text: string, bold: boolean): void {
    if (this.skippedLinks > 0) return;
    if (this.cell !== null) this.cell.push(text);
    else if (this.tableDepth > 0) return;
    else {
      this.current ??= { parts: [], prefix: '', listItem: false, bold: true };
      this.current.parts.push(text);
      if (!bold && text.trim() !== '') this.current.bold = false;
    }
  }

  open(tag: string, attributes: Readonly<Record<string, string>>): void {
    const heading = HEADING_TAG.exec(tag);
    if (heading !== null) this.start({ prefix: '', headingLevel: Number(heading[1]), listItem: false });
    else if (tag === 'p' || (this.web && BLOCK_TAGS.has(tag))) {
      if (tag === 'pre') this.preDepth++;
      this.openParagraph();
    } else if (tag === 'ul' || tag === 'ol') {
      this.flush();
      this.lists.push({ ordered: tag === 'ol', next: startOf(attributes) });
    } else if (tag === 'li') this.start({ prefix: this.listPrefix(), listItem: true });
    else if (tag === 'table') {
      if (this.tableDepth === 0) {
        this.flush();
        this.tableRows = [];
      }
      this.tableDepth++;
    } else if (tag === 'tr' && this.tableDepth === 1) this.row = [];
    else if ((tag === 'td' || tag === 'th') && this.tableDepth === 1) this.cell = [];
    else if (tag === 'br') this.append(this.cell === null ? '\n' : ' ', true);
    else if (tag === 'a' && (this.skippedLinks > 0 || BACK_LINK.test(attributes.href ?? ''))) {
      this.skippedLinks++;
    }
  }

  close(tag: string): void {
    if (HEADING_TAG.test(tag) || tag === 'li') this.flush();
    else if (tag === 'p' || (this.web && BLOCK_TAGS.has(tag))) {
      if (tag === 'pre') this.preDepth = Math.max(0, this.preDepth - 1);
      this.closeParagraph();
    } else if (tag === 'ul' || tag === 'ol') {
      this.flush();
      this.lists.pop();
    } else if (tag === 'table') this.closeTable();
    else if (tag === 'tr' && this.tableDepth === 1) this.closeRow();
    else if (tag === 'td' || tag === 'th') this.closeCell();
    else if (tag === 'a' && this.skippedLinks > 0) this.skippedLinks--;
  }

  /** A new page starts with the next block (ignored inside a table; a break with no block before it is dropped). */
  pageBreak(): void {
    if (this.tableDepth > 0) return;
    this.flush();
    if (this.blocks.length > 0 && this.breaks.at(-1) !== this.blocks.length)
      this.breaks.push(this.blocks.length);
  }

  finish(): HtmlBlock[] {
    this.flush();
    return this.blocks;
  }

  /** Indices of the blocks that start a page after a {@link pageBreak}, ascending (call after `finish`). */
  pageBreaks(): number[] {
    return this.breaks.filter((index) => index < this.blocks.length);
  }

  private openParagraph(): void {
    if (this.cell !== null) this.cell.push(' ');
    else if (this.current?.listItem !== true || normalize(this.current.parts.join('')) !== '') {
      this.start({ prefix: '', listItem: false });
    }
  }

  private closeParagraph(): void {
    if (this.cell !== null) this.cell.push(' ');
    else if (this.current?.listItem === true) this.current.parts.push(' ');
    else this.flush();
  }

  private closeCell(): void {
    if (this.cell === null) return;
    if (this.tableDepth > 1) {
      this.cell.push(' ');
      return;
    }
    this.row?.push(normalize(this.cell.join('')));
    this.cell = null;
  }

  private closeRow(): void {
    const row = this.row !== null && this.web ? tidyRow(this.row) : this.row;
    if (row?.some((cell) => cell !== '')) this.tableRows.push(row);
    this.row = null;
  }

  private closeTable(): void {
    this.tableDepth = Math.max(0, this.tableDepth - 1);
    if (this.tableDepth === 0 && this.tableRows.length > 0) {
      const rows = this.tableRows;
      this.blocks.push({ kind: 'table', text: rows.map((row) => row.join(' | ')).join('\n'), rows });
      this.tableRows = [];
    }
  }

  private start(block: Omit<OpenBlock, 'parts' | 'bold'>): void {
    this.flush();
    this.current = { parts: [], bold: true, ...block };
  }

  private flush(): void {
    if (this.current === null) return;
    const text = normalize(this.current.parts.join(''));
    if (text !== '') {
      const { prefix, headingLevel, listItem, bold } = this.current;
      if (headingLevel !== undefined) this.blocks.push({ kind: 'heading', text, headingLevel });
      else if (listItem) this.blocks.push({ kind: 'list-item', text: `${prefix}${text}` });
      else this.blocks.push(bold ? { kind: 'paragraph', text, bold } : { kind: 'paragraph', text });
    }
    this.current = null;
  }

  private listPrefix(): string {
    const list = this.lists[this.lists.length - 1];
    if (list === undefined || !list.ordered) return '• ';
    return `${list.next++}. `;
  }
}

function startOf(attributes: Readonly<Record<string, string>>): number {
  const start = Number.parseInt(attributes.start ?? '', 10);
  return Number.isFinite(start) ? start : 1;
}

/** A web table row without empty cells, a lone currency sign joined to the next cell and a lone `)` or `%` to the previous. */
function tidyRow(cells: readonly string[]): string[] {
  const row: string[] = [];
  let pending = '';
  for (const cell of cells) {
    if (cell === '') continue;
    if (CURRENCY_CELL.test(cell)) pending += cell;
    else if (CLOSING_CELL.test(cell) && pending === '' && row.length > 0) row[row.length - 1] += cell;
    else {
      row.push(pending + cell);
      pending = '';
    }
  }
  if (pending !== '') row.push(pending);
  return row;
}

function normalize(text: string): string {
  return text
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}
