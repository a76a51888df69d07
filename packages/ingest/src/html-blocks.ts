import { decodeEntities } from './html-entities.ts';

export type HtmlBlockKind = 'heading' | 'paragraph' | 'list-item' | 'table';

export interface HtmlBlock {
  kind: HtmlBlockKind;
  /** The block's text; a table's rows are joined by newlines and its cells by ` | `. */
  text: string;
  headingLevel?: number;
  /** A table's cells, row by row (rows with only empty cells left out, as in `text`). */
  rows?: string[][];
}

interface OpenBlock {
  parts: string[];
  prefix: string;
  headingLevel?: number;
  listItem: boolean;
}

interface List {
  ordered: boolean;
  next: number;
}

const TOKEN = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)|</g;
const HEADING_TAG = /^h([1-6])$/;
const BACK_LINK = /href="#(?:footnote|endnote|comment)-ref-/;
const START_ATTRIBUTE = /\bstart="(\d+)"/;

export function htmlToBlocks(html: string): HtmlBlock[] {
  const collector = new BlockCollector();
  for (const match of html.matchAll(TOKEN)) {
    const [, slash, tag, attributes = '', text] = match;
    if (tag === undefined) collector.text(decodeEntities(text ?? '<'));
    else if (slash === '/') collector.close(tag.toLowerCase());
    else collector.open(tag.toLowerCase(), attributes);
  }
  return collector.finish();
}

class BlockCollector {
  private readonly blocks: HtmlBlock[] = [];
  private readonly lists: List[] = [];
  private current: OpenBlock | null = null;
  private skippedLinks = 0;
  private tableDepth = 0;
  private tableRows: string[][] = [];
  private row: string[] | null = null;
  private cell: string[] | null = null;

  text(text: string): void {
    if (this.skippedLinks > 0) return;
    if (this.cell !== null) this.cell.push(text);
    else if (this.tableDepth > 0) return;
    else if (this.current !== null) this.current.parts.push(text);
    else this.current = { parts: [text], prefix: '', listItem: false };
  }

  open(tag: string, attributes: string): void {
    const heading = HEADING_TAG.exec(tag);
    if (heading !== null) this.start({ prefix: '', headingLevel: Number(heading[1]), listItem: false });
    else if (tag === 'p') this.openParagraph();
    else if (tag === 'ul' || tag === 'ol') {
      this.flush();
      this.lists.push({ ordered: tag === 'ol', next: Number(START_ATTRIBUTE.exec(attributes)?.[1] ?? 1) });
    } else if (tag === 'li') this.start({ prefix: this.listPrefix(), listItem: true });
    else if (tag === 'table') {
      if (this.tableDepth === 0) {
        this.flush();
        this.tableRows = [];
      }
      this.tableDepth++;
    } else if (tag === 'tr' && this.tableDepth === 1) this.row = [];
    else if ((tag === 'td' || tag === 'th') && this.tableDepth === 1) this.cell = [];
    else if (tag === 'br') this.text(this.cell === null ? '\n' : ' ');
    else if (tag === 'a' && (this.skippedLinks > 0 || BACK_LINK.test(attributes))) this.skippedLinks++;
  }

  close(tag: string): void {
    if (HEADING_TAG.test(tag) || tag === 'li') this.flush();
    else if (tag === 'p') this.closeParagraph();
    else if (tag === 'ul' || tag === 'ol') {
      this.flush();
      this.lists.pop();
    } else if (tag === 'table') this.closeTable();
    else if (tag === 'tr' && this.tableDepth === 1) this.closeRow();
    else if (tag === 'td' || tag === 'th') this.closeCell();
    else if (tag === 'a' && this.skippedLinks > 0) this.skippedLinks--;
  }

  finish(): HtmlBlock[] {
    this.flush();
    return this.blocks;
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
    if (this.row?.some((cell) => cell !== '')) this.tableRows.push(this.row);
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

  private start(block: Omit<OpenBlock, 'parts'>): void {
    this.flush();
    this.current = { parts: [], ...block };
  }

  private flush(): void {
    if (this.current === null) return;
    const text = normalize(this.current.parts.join(''));
    if (text !== '') {
      const { prefix, headingLevel, listItem } = this.current;
      this.blocks.push(
        headingLevel !== undefined
          ? { kind: 'heading', text, headingLevel }
          : { kind: listItem ? 'list-item' : 'paragraph', text: `${prefix}${text}` },
      );
    }
    this.current = null;
  }

  private listPrefix(): string {
    const list = this.lists[this.lists.length - 1];
    if (list === undefined || !list.ordered) return '• ';
    return `${list.next++}. `;
  }
}

function normalize(text: string): string {
  return text
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}
