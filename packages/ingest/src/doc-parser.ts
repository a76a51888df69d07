import WordExtractor from 'word-extractor';
import { DocumentParseError } from './errors.ts';
import type { HtmlBlock } from './html-blocks.ts';
import type { BlockPage } from './text-pages.ts';

/** The main stream of a Word 97–2003 file. */
const WORD_STREAM = 'WordDocument';
/** Main streams of the other Office 97–2003 files: a workbook (.xls) and a deck (.ppt). */
const OTHER_STREAMS = ['Workbook', 'Book', 'PowerPoint Document'];
/** `wIdent` of a Word File Information Block, at the start of the WordDocument stream. */
const FIB_MAGIC = 0xa5ec;
/** FIB flags: `fEncrypted` (RC4 or XOR with a password) and `fObfuscated` (XOR). */
const FIB_ENCRYPTED = 0x0100;
const FIB_OBFUSCATED = 0x8000;

/** True for an OLE file holding a Word document (not a workbook or deck). */
export function isWordOleFile(data: Uint8Array): boolean {
  return oleStreamNames(Buffer.from(data.buffer, data.byteOffset, data.byteLength)).has(WORD_STREAM);
}

/**
 * Names of the streams and storages in an OLE file's directory: its 128-byte entries (a UTF-16 name of
 * at most 31 characters, its byte length at +64, its type at +66) lie in sectors after the 512-byte header.
 */
function oleStreamNames(bytes: Buffer): Set<string> {
  const names = new Set<string>();
  for (let offset = 512; offset + 128 <= bytes.length; offset += 128) {
    const length = bytes.readUInt16LE(offset + 64);
    const type = bytes[offset + 66];
    if (length < 4 || length > 64 || length % 2 !== 0 || (type !== 1 && type !== 2 && type !== 5)) continue;
    if (bytes.readUInt16LE(offset + length - 2) !== 0) continue;
    names.add(bytes.toString('utf16le', offset, offset + length - 2));
  }
  return names;
}

/**
 * The page of a legacy Word document (`.doc`, Word 97–2003), read with word-extractor: the body's
 * paragraphs, its tables row by row (cells joined by ` | `), then text boxes, footnotes and endnotes;
 * headers, footers and comments are left out, as in a `.docx`. The file's format keeps no reliable
 * page numbers, so it is one page, as a Word document is; word-extractor does not give paragraph styles,
 * so there are no headings. Throws `DocumentParseError`: `encrypted` (password-protected), `unsupported`
 * (a workbook or deck), `corrupt`, `no-text`.
 */
export async function docPages(data: Uint8Array): Promise<BlockPage[]> {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const streams = oleStreamNames(bytes);
  if (!streams.has(WORD_STREAM) && OTHER_STREAMS.some((name) => streams.has(name))) {
    throw new DocumentParseError(
      'unsupported',
      'not a Word document or PDF: it is an old-format Office file (.xls, .ppt)',
    );
  }
  if (isEncryptedWord(bytes))
    throw new DocumentParseError('encrypted', 'the Word document is password-protected');
  let document: Awaited<ReturnType<WordExtractor['extract']>>;
  try {
    document = await new WordExtractor().extract(bytes);
  } catch (error) {
    throw new DocumentParseError('corrupt', 'the Word document is damaged and cannot be read', {
      cause: error,
    });
  }
  const raw = { filterUnicode: false };
  const blocks = [
    ...textBlocks(document.getBody(raw)),
    ...textBlocks(document.getTextboxes({ ...raw, includeHeadersAndFooters: false })),
    ...textBlocks(document.getFootnotes(raw)),
    ...textBlocks(document.getEndnotes(raw)),
  ];
  if (blocks.length === 0) throw new DocumentParseError('no-text', 'the Word document contains no text');
  return [{ blocks, footer: null }];
}

/**
 * word-extractor's text as blocks: a line is a paragraph; a table row is a line whose cells each end
 * with a tab (Word's cell mark), and consecutive rows make a table.
 */
function textBlocks(text: string): HtmlBlock[] {
  const blocks: HtmlBlock[] = [];
  let rows: string[][] = [];
  const endTable = () => {
    if (rows.length > 0)
      blocks.push({ kind: 'table', text: rows.map((row) => row.join(' | ')).join('\n'), rows });
    rows = [];
  };
  for (const line of text.split('\n')) {
    if (line.endsWith('\t')) {
      const row = line.slice(0, -1).split('\t').map(tidy);
      if (row.some((cell) => cell !== '')) rows.push(row);
      continue;
    }
    endTable();
    const paragraph = tidy(line);
    if (paragraph !== '') blocks.push({ kind: 'paragraph', text: paragraph });
  }
  endTable();
  return blocks;
}

/** The FIB's encryption flags, found at the start of the sector that begins the WordDocument stream. */
function isEncryptedWord(bytes: Buffer): boolean {
  for (let offset = 512; offset + 12 <= bytes.length; offset += 512) {
    if (bytes.readUInt16LE(offset) !== FIB_MAGIC) continue;
    const flags = bytes.readUInt16LE(offset + 0x0a);
    return (flags & (FIB_ENCRYPTED | FIB_OBFUSCATED)) !== 0;
  }
  return false;
}

function tidy(text: string): string {
  return text.replace(/[^\S\n]+/g, ' ').trim();
}
