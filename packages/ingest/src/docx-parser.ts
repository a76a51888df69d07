import mammoth from 'mammoth';
import { DocumentParseError } from './errors.ts';
import { type HtmlBlockKind, htmlToBlocks } from './html-blocks.ts';
import type { HeadingMark, ParsedDocument } from './types.ts';

const BLOCK_SEPARATOR = '\n\n';

/**
 * Extracts the text of a Word (.docx) document as one page: headings, paragraphs, list items
 * (`• ` or their number) and table rows (cells joined by ` | `), separated by blank lines, with a
 * heading mark for every Word heading. Images are skipped and external files are never read.
 * Throws `DocumentParseError` with code `unsupported` (not a zip), `corrupt` or `no-text`.
 */
export async function parseDocx(data: Uint8Array): Promise<ParsedDocument> {
  const layout = await docxLayout(data);
  const headings: HeadingMark[] = layout.blocks.flatMap((block) =>
    block.kind === 'heading' ? [{ offset: block.start, level: block.level ?? 1, text: block.text }] : [],
  );
  const { text } = layout;
  return { kind: 'docx', title: headings[0]?.text ?? null, pages: [{ page: 1, text, headings }] };
}

/** A cell of a table block: its text starts at `start` in the page text. */
export interface DocxCellLayout {
  start: number;
  text: string;
}

/** One block of a Word document and where its text lies in the page text (`start`–`end`). */
export interface DocxBlockLayout {
  kind: HtmlBlockKind;
  /** Heading level (1–6) of a heading, else null. */
  level: number | null;
  start: number;
  end: number;
  text: string;
  /** A table's rows of cells, else null. */
  rows: DocxCellLayout[][] | null;
}

/** A Word document's text exactly as indexed (its one page) and the blocks it is made of, for display. */
export interface DocxLayout {
  text: string;
  blocks: DocxBlockLayout[];
}

/**
 * The blocks of a Word document (headings, paragraphs, list items, tables with their cells) with
 * their offsets in the text {@link parseDocx} indexes, so a viewer can render the document and
 * highlight a quote found at offsets. Throws like `parseDocx`.
 */
export async function docxLayout(data: Uint8Array): Promise<DocxLayout> {
  if (!isZip(data)) {
    throw new DocumentParseError('unsupported', 'not a Word document: the file is not a .docx (zip) package');
  }
  const html = await convertToHtml(data);
  const blocks: DocxBlockLayout[] = [];
  let text = '';
  for (const block of htmlToBlocks(html)) {
    if (text !== '') text += BLOCK_SEPARATOR;
    const start = text.length;
    text += block.text;
    blocks.push({
      kind: block.kind,
      level: block.headingLevel ?? null,
      start,
      end: text.length,
      text: block.text,
      rows: block.rows ? cellOffsets(block.rows, start) : null,
    });
  }
  if (text === '') throw new DocumentParseError('no-text', 'the Word document contains no text');
  return { text, blocks };
}

/** Offsets of every cell of a table whose rows are joined by newlines and cells by ` | `, from `start`. */
function cellOffsets(rows: readonly string[][], start: number): DocxCellLayout[][] {
  let offset = start;
  return rows.map((row, r) => {
    if (r > 0) offset += 1;
    return row.map((cell, c) => {
      if (c > 0) offset += 3;
      const placed = { start: offset, text: cell };
      offset += cell.length;
      return placed;
    });
  });
}

export function isZip(data: Uint8Array): boolean {
  return data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
}

async function convertToHtml(data: Uint8Array): Promise<string> {
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(data.buffer, data.byteOffset, data.byteLength) },
      { externalFileAccess: false, convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    return result.value;
  } catch (error) {
    throw new DocumentParseError('corrupt', 'the Word document is damaged and cannot be read', {
      cause: error,
    });
  }
}
