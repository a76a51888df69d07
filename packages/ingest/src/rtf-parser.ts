import iconv from 'iconv-lite';
import { Tokenize } from 'rtf-stream-parser';
import { metadataDate } from './document-date.ts';
import { DocumentParseError } from './errors.ts';
import type { HtmlBlock } from './html-blocks.ts';
import { type BlockPage, paginate } from './text-pages.ts';
import type { DocumentDate } from './types.ts';

/** Token types of rtf-stream-parser's `Tokenize` (a `const enum` there, which isolated modules cannot import). */
const GROUP_START = 0;
const GROUP_END = 1;
const CONTROL = 2;
const TEXT = 3;

interface Token {
  type: number;
  word?: string;
  param?: number;
  data?: Buffer;
}

/** Destinations whose text is not the document's: tables of fonts, colours, styles, metadata, pictures, headers, fields' codes. */
const SKIPPED = new Set(
  (
    'colortbl info pict header headerl headerr headerf footer footerl footerr footerf fldinst xe tc txe rxe ' +
    'annotation atnid atnauthor atnref atrfstart atrfend bkmkstart bkmkend listtable listoverridetable revtbl ' +
    'rsidtbl filetbl generator themedata colorschememapping latentstyles datastore xmlnstbl pn ftnsep ftnsepc ' +
    'aftnsep aftnsepc ftncn aftncn template userprops docvar nonshppict shpinst sp sn sv objdata objclass ' +
    'objname panose falt fontemb fontfile leveltext levelnumbers listname listpicture wmetafile macpict ' +
    'blipuid picprop datafield formfield private'
  ).split(' '),
);
/** Control words that stand for a character. */
const SYMBOLS: Record<string, string> = {
  line: '\n',
  tab: '\t',
  '~': '\u00a0',
  _: '\u2011',
  '-': '',
  emdash: '\u2014',
  endash: '\u2013',
  emspace: '\u2003',
  enspace: '\u2002',
  qmspace: '\u2005',
  bullet: '\u2022',
  lquote: '\u2018',
  rquote: '\u2019',
  ldblquote: '\u201c',
  rdblquote: '\u201d',
  zwj: '\u200d',
  zwnj: '\u200c',
  '{': '{',
  '}': '}',
  '\\': '\\',
};
/** Windows code pages of the font character sets (`\fcharsetN`) that name one. */
const CHARSET_CODE_PAGES: Record<number, number> = {
  77: 10000,
  128: 932,
  129: 949,
  134: 936,
  136: 950,
  161: 1253,
  162: 1254,
  163: 1258,
  177: 1255,
  178: 1256,
  186: 1257,
  204: 1251,
  222: 874,
  238: 1250,
};
const HEADING_STYLE = /^heading\s*([1-9])\b/i;

interface GroupState {
  /** What the group's text is: body text, a footnote, a font or style table entry, or skipped. */
  destination: 'body' | 'note' | 'fonttbl' | 'stylesheet' | 'skip';
  /** Bytes that follow a `\uN` and stand in for it (`\ucN`, default 1). */
  uc: number;
  encoding: string;
  inTable: boolean;
  /** Heading level (1–9) of the paragraph, from `\outlinelevelN` or its style; 0 for none. */
  level: number;
  breakBefore: boolean;
}

/**
 * The pages of an RTF document: paragraphs (`\par`), headings (paragraphs with an outline level, set
 * directly or by a style sheet style named "heading N" or with `\outlinelevel`), tables row by row (cells
 * joined by ` | `), footnotes after the body; fonts, colours, styles, document info, pictures, headers,
 * footers, field codes and every `\*` destination left out. Text is decoded by the document's code page
 * (`\ansicpg`, or a font's `\fcharset`) for `\'hh` bytes and as Unicode for `\uN` (its `\ucN` fallback
 * skipped). Pages are the file's own where it breaks them (`\page`, `\pagebb`), else the document is one
 * page, as a Word document is. Throws `DocumentParseError`: `unsupported` (not RTF), `corrupt` (binary
 * or cut short), `no-text`.
 */
export async function rtfPages(data: Uint8Array): Promise<BlockPage[]> {
  if (!isRtf(data))
    throw new DocumentParseError('unsupported', 'not an RTF document: it does not start with {\\rtf');
  const reader = new RtfReader();
  await tokenize(data, (token) => reader.token(token));
  const { blocks, breaks } = reader.finish();
  if (blocks.length === 0) throw new DocumentParseError('no-text', 'the RTF document contains no text');
  return breaks.length === 0 ? [{ blocks, footer: null }] : paginate(blocks, breaks);
}

/**
 * An RTF document's date from its `\info` group: `\creatim` (created), else `\revtim` (last revised),
 * each written `\yr2021\mo3\dy12…`; null when it has neither.
 */
export function rtfMetadataDate(data: Uint8Array): DocumentDate | null {
  const rtf = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
  for (const group of ['creatim', 'revtim']) {
    const time = new RegExp(`\\\\${group}((?:\\s*\\\\[a-z]+-?\\d+)+)`).exec(rtf)?.[1] ?? '';
    const part = (word: string): string =>
      (new RegExp(`\\\\${word}(\\d+)`).exec(time)?.[1] ?? '').padStart(2, '0');
    const date = metadataDate(`${part('yr')}-${part('mo')}-${part('dy')}`);
    if (date !== null) return date;
  }
  return null;
}

/** True when `data` starts (after white space) with `{\rtf`. */
export function isRtf(data: Uint8Array): boolean {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, 64)).toString('latin1');
  return /^\s*\{\\rtf/.test(head);
}

function tokenize(data: Uint8Array, onToken: (token: Token) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const tokens = new Tokenize();
    tokens.on('data', (token: Token) => {
      try {
        onToken(token);
      } catch (error) {
        tokens.destroy(error instanceof Error ? error : new Error(String(error)));
      }
    });
    tokens.on('end', resolve);
    tokens.on('error', (error) => {
      reject(
        error instanceof DocumentParseError
          ? error
          : new DocumentParseError('corrupt', 'the RTF document is damaged and cannot be read', {
              cause: error,
            }),
      );
    });
    tokens.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
}

/** Turns RTF tokens into blocks and the indices of blocks that start a page. */
class RtfReader {
  private readonly stack: GroupState[] = [];
  private state: GroupState = {
    destination: 'body',
    uc: 1,
    encoding: 'cp1252',
    inTable: false,
    level: 0,
    breakBefore: false,
  };
  private readonly blocks: HtmlBlock[] = [];
  private readonly notes: HtmlBlock[] = [];
  private readonly breaks: number[] = [];
  private defaultEncoding = 'cp1252';
  private readonly fontEncodings = new Map<number, string>();
  private readonly styleLevels = new Map<number, number>();
  private groupStart = false;
  private skipBytes = 0;
  private bytes: number[] = [];
  private paragraph = '';
  private cell = '';
  private row: string[] = [];
  private rows: string[][] = [];
  private note = '';
  /** The font or style table entry being read. */
  private entry: { number: number; level: number; name: string; encoding: string | null } | null = null;

  token(token: Token): void {
    const startingGroup = this.groupStart;
    this.groupStart = false;
    if (token.type === GROUP_START) {
      this.flushBytes();
      this.stack.push(this.state);
      this.state = { ...this.state };
      this.groupStart = true;
      this.skipBytes = 0;
    } else if (token.type === GROUP_END) {
      this.flushBytes();
      this.endGroup();
      this.skipBytes = 0;
    } else if (this.state.destination === 'skip') {
      // a picture's hex, a font's panose, a field's code: nothing to read
    } else if (token.type === CONTROL) {
      this.control(token.word ?? '', token.param, token.data, startingGroup);
    } else if (token.type === TEXT && token.data !== undefined) {
      this.textBytes(token.data);
    }
  }

  finish(): { blocks: HtmlBlock[]; breaks: number[] } {
    if (this.stack.length > 0) {
      throw new DocumentParseError(
        'corrupt',
        `the RTF document is cut short (${this.stack.length} groups are never closed)`,
      );
    }
    this.flushBytes();
    this.endParagraph();
    this.endTable();
    return { blocks: [...this.blocks, ...this.notes], breaks: this.breaks };
  }

  private endGroup(): void {
    const { destination } = this.state;
    if (destination === 'note' && this.stack.at(-1)?.destination !== 'note') this.endNote();
    if (destination === 'fonttbl' || destination === 'stylesheet') this.endEntry(destination);
    const previous = this.stack.pop();
    if (previous === undefined) {
      throw new DocumentParseError('corrupt', 'the RTF document closes more groups than it opens');
    }
    this.state = previous;
  }

  private control(
    word: string,
    param: number | undefined,
    data: Buffer | undefined,
    startingGroup: boolean,
  ): void {
    if (word === "'") {
      if (this.skipBytes > 0) this.skipBytes--;
      else if (data !== undefined) this.bytes.push(...data);
      return;
    }
    this.flushBytes();
    if (startingGroup && (word === '*' || SKIPPED.has(word))) {
      this.state.destination = 'skip';
      return;
    }
    if (this.skipBytes > 0 && word !== 'u') {
      this.skipBytes--;
      return;
    }
    switch (word) {
      case 'fonttbl':
      case 'stylesheet':
        this.state.destination = word;
        return;
      case 'footnote':
        if (startingGroup) this.state.destination = 'note';
        return;
      case 'u':
        if (param !== undefined) this.append(String.fromCharCode(param < 0 ? param + 0x10000 : param));
        this.skipBytes = this.state.uc;
        return;
      case 'uc':
        this.state.uc = Math.max(0, param ?? 1);
        return;
      case 'ansicpg':
        this.defaultEncoding = encodingOf(param);
        this.state.encoding = this.defaultEncoding;
        return;
      case 'mac':
        this.defaultEncoding = 'macintosh';
        this.state.encoding = this.defaultEncoding;
        return;
      case 'pc':
      case 'pca':
        this.defaultEncoding = word === 'pc' ? 'cp437' : 'cp850';
        this.state.encoding = this.defaultEncoding;
        return;
    }
    if (this.state.destination === 'fonttbl' || this.state.destination === 'stylesheet') {
      this.tableControl(word, param);
      return;
    }
    this.bodyControl(word, param);
  }

  /** A control word inside the font table or the style sheet. */
  private tableControl(word: string, param: number | undefined): void {
    const fonts = this.state.destination === 'fonttbl';
    if ((fonts && word === 'f') || (!fonts && word === 's')) {
      if (this.entry !== null && fonts) this.endEntry('fonttbl');
      this.entry = { number: param ?? 0, level: 0, name: '', encoding: null };
      return;
    }
    this.entry ??= { number: 0, level: 0, name: '', encoding: null };
    if (word === 'fcharset' && param !== undefined && CHARSET_CODE_PAGES[param] !== undefined) {
      this.entry.encoding ??= encodingOf(CHARSET_CODE_PAGES[param]);
    } else if (word === 'cpg' && param !== undefined) this.entry.encoding = encodingOf(param);
    else if (word === 'outlinelevel' && param !== undefined && param < 9) this.entry.level = param + 1;
  }

  private endEntry(table: 'fonttbl' | 'stylesheet'): void {
    const entry = this.entry;
    this.entry = null;
    if (entry === null) return;
    if (table === 'fonttbl') {
      if (entry.encoding !== null) this.fontEncodings.set(entry.number, entry.encoding);
      return;
    }
    const named = HEADING_STYLE.exec(entry.name.trim());
    const level = entry.level || (named ? Number(named[1]) : 0);
    if (level > 0) this.styleLevels.set(entry.number, level);
  }

  private bodyControl(word: string, param: number | undefined): void {
    const symbol = SYMBOLS[word];
    if (symbol !== undefined) {
      this.append(symbol);
      return;
    }
    const state = this.state;
    switch (word) {
      case 'par':
      case 'sect':
      case 'column':
        this.endParagraphOf(state.destination);
        return;
      case 'page':
        this.endParagraphOf(state.destination);
        if (state.destination === 'body') this.pageBreak();
        return;
      case 'pard':
        state.inTable = false;
        state.level = 0;
        state.breakBefore = false;
        return;
      case 'intbl':
        state.inTable = true;
        return;
      case 'pagebb':
        state.breakBefore = param !== 0;
        return;
      case 'outlinelevel':
        state.level = param !== undefined && param >= 0 && param < 9 ? param + 1 : 0;
        return;
      case 's':
        state.level = this.styleLevels.get(param ?? 0) ?? 0;
        return;
      case 'f':
        state.encoding = this.fontEncodings.get(param ?? 0) ?? this.defaultEncoding;
        return;
      case 'cell':
      case 'nestcell':
        if (state.destination !== 'body') this.append(' ');
        else if (word === 'nestcell') this.append(' ');
        else this.endCell();
        return;
      case 'row':
        if (state.destination === 'body') this.endRow();
        return;
    }
  }

  /** Literal text: line ends are not text in RTF, a tab is; bytes standing in for a `\uN` are dropped. */
  private textBytes(data: Buffer): void {
    for (const byte of data) {
      if (byte === 0x0a || byte === 0x0d) continue;
      if (byte === 0) {
        throw new DocumentParseError('corrupt', 'the RTF document is damaged: it holds binary data as text');
      }
      if (this.skipBytes > 0) this.skipBytes--;
      else if (byte === 0x09) {
        this.flushBytes();
        this.append('\t');
      } else this.bytes.push(byte);
    }
  }

  private flushBytes(): void {
    if (this.bytes.length === 0) return;
    const bytes = Buffer.from(this.bytes.filter((byte) => byte !== 0));
    this.bytes = [];
    this.append(iconv.decode(bytes, this.state.encoding));
  }

  private append(text: string): void {
    const destination = this.state.destination;
    if (destination === 'body') this.paragraph += text;
    else if (destination === 'note') this.note += text;
    else if (this.entry !== null && destination === 'stylesheet') this.entry.name += text.replace(/;$/, '');
  }

  private endParagraphOf(destination: GroupState['destination']): void {
    if (destination === 'note') {
      this.note += '\n';
      return;
    }
    if (destination !== 'body') return;
    this.endParagraph();
  }

  private endParagraph(): void {
    const text = tidy(this.paragraph);
    this.paragraph = '';
    if (this.state.inTable) {
      if (text !== '') this.cell += `${this.cell === '' ? '' : ' '}${text}`;
      return;
    }
    this.endTable();
    if (text === '') return;
    if (this.state.breakBefore) this.pageBreak();
    const level = this.state.level;
    this.blocks.push(
      level > 0
        ? { kind: 'heading', text: text.replace(/\s+/g, ' '), headingLevel: Math.min(level, 6) }
        : { kind: 'paragraph', text },
    );
  }

  private endCell(): void {
    const text = tidy(this.paragraph);
    this.paragraph = '';
    this.row.push(tidy(`${this.cell} ${text}`).replace(/\s+/g, ' '));
    this.cell = '';
  }

  private endRow(): void {
    if (this.paragraph.trim() !== '' || this.cell !== '') this.endCell();
    if (this.row.some((cell) => cell !== '')) this.rows.push(this.row);
    this.row = [];
  }

  private endTable(): void {
    if (this.row.length > 0) this.endRow();
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    this.blocks.push({ kind: 'table', text: rows.map((row) => row.join(' | ')).join('\n'), rows });
  }

  private endNote(): void {
    const text = tidy(this.note);
    this.note = '';
    for (const line of text.split(/\n+/))
      if (line.trim() !== '') this.notes.push({ kind: 'paragraph', text: line.trim() });
  }

  private pageBreak(): void {
    this.endTable();
    if (this.blocks.length > 0 && this.breaks.at(-1) !== this.blocks.length)
      this.breaks.push(this.blocks.length);
  }
}

function encodingOf(codePage: number | undefined): string {
  if (codePage === 65001) return 'utf-8';
  if (codePage === 10000) return 'macintosh';
  const name = `cp${codePage ?? 1252}`;
  return iconv.encodingExists(name) ? name : 'cp1252';
}

function tidy(text: string): string {
  return text
    .replace(/[^\S\n\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}
