import mammoth from 'mammoth';
import { DocumentParseError } from './errors.ts';
import { htmlToBlocks } from './html-blocks.ts';
import type { HeadingMark, ParsedDocument } from './types.ts';

const BLOCK_SEPARATOR = '\n\n';

/**
 * Extracts the text of a Word (.docx) document as one page: headings, paragraphs, list items
 * (`• ` or their number) and table rows (cells joined by ` | `), separated by blank lines, with a
 * heading mark for every Word heading. Images are skipped and external files are never read.
 * Throws `DocumentParseError` with code `unsupported` (not a zip), `corrupt` or `no-text`.
 */
export async function parseDocx(data: Uint8Array): Promise<ParsedDocument> {
  if (!isZip(data)) {
    throw new DocumentParseError('unsupported', 'not a Word document: the file is not a .docx (zip) package');
  }
  const html = await convertToHtml(data);
  const headings: HeadingMark[] = [];
  let text = '';
  for (const block of htmlToBlocks(html)) {
    if (text !== '') text += BLOCK_SEPARATOR;
    if (block.headingLevel !== undefined) {
      headings.push({ offset: text.length, level: block.headingLevel, text: block.text });
    }
    text += block.text;
  }
  if (text === '') throw new DocumentParseError('no-text', 'the Word document contains no text');
  return { kind: 'docx', title: headings[0]?.text ?? null, pages: [{ page: 1, text, headings }] };
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
