import mammoth from 'mammoth';
import {
  type BlockLayout,
  type BlocksLayout,
  type CellLayout,
  headingMarks,
  layoutBlocks,
} from './block-layout.ts';
import { DocumentParseError } from './errors.ts';
import { htmlToBlocks } from './html-blocks.ts';
import type { ParsedDocument } from './types.ts';

/**
 * Extracts the text of a Word (.docx) document as one page: headings, paragraphs, list items
 * (`• ` or their number) and table rows (cells joined by ` | `), separated by blank lines, with a
 * heading mark for every Word heading. Images are skipped and external files are never read.
 * Throws `DocumentParseError` with code `unsupported` (not a zip), `corrupt` or `no-text`.
 */
export async function parseDocx(data: Uint8Array): Promise<ParsedDocument> {
  const layout = await docxLayout(data);
  const headings = headingMarks(layout);
  const { text } = layout;
  return { kind: 'docx', title: headings[0]?.text ?? null, pages: [{ page: 1, text, headings }] };
}

/** A cell of a Word table and where its text starts in the page text. */
export type DocxCellLayout = CellLayout;

/** One block of a Word document and where its text lies in the page text (`start`–`end`). */
export type DocxBlockLayout = BlockLayout;

/** A Word document's text exactly as indexed (its one page) and the blocks it is made of, for display. */
export type DocxLayout = BlocksLayout;

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
  const layout = layoutBlocks(htmlToBlocks(html));
  if (layout.text === '') throw new DocumentParseError('no-text', 'the Word document contains no text');
  return layout;
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
