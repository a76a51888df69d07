import path from 'node:path';

/** Web pages, read as HTML. */
export const HTML_EXTENSIONS: readonly string[] = ['.html', '.htm'];
/** Plain text and Markdown files (Markdown: the extensions of {@link MARKDOWN_EXTENSIONS}). */
export const TEXT_EXTENSIONS: readonly string[] = ['.txt', '.md', '.markdown'];
export const MARKDOWN_EXTENSIONS: readonly string[] = ['.md', '.markdown'];
/** Office Open XML workbooks and slide decks. */
export const OFFICE_EXTENSIONS: readonly string[] = ['.xlsx', '.pptx'];
/** OpenDocument texts, EPUB books, RTF documents and Word 97–2003 documents. */
export const DOCUMENT_EXTENSIONS: readonly string[] = ['.odt', '.epub', '.rtf', '.doc'];

/** Email messages: RFC 5322 files and Outlook items, each read with its attachments. */
export const EMAIL_EXTENSIONS: readonly string[] = ['.eml', '.msg'];

/** File extensions Quire reads, lower case with the dot (images are read by OCR). */
export const SUPPORTED_EXTENSIONS: readonly string[] = [
  '.pdf',
  '.docx',
  '.png',
  '.jpg',
  '.jpeg',
  '.tif',
  '.tiff',
  ...HTML_EXTENSIONS,
  ...TEXT_EXTENSIONS,
  ...OFFICE_EXTENSIONS,
  ...DOCUMENT_EXTENSIONS,
  ...EMAIL_EXTENSIONS,
];

/**
 * True for a path Quire should try to read: a `.pdf`, `.docx`, `.xlsx`, `.pptx`, `.odt`, `.epub`, `.rtf`,
 * `.doc`, `.eml`, `.msg`, image, web page, text or Markdown file (any case) that is not a Word
 * lock/temp file (`~$name.docx`) or a hidden file (`.name.pdf`, which includes macOS `._name.pdf`
 * resource forks and LibreOffice `.~lock.name.docx#` files).
 */
export function isSupportedPath(filePath: string): boolean {
  const name = path.basename(filePath);
  if (name.startsWith('~$') || name.startsWith('.')) return false;
  return SUPPORTED_EXTENSIONS.includes(path.extname(name).toLowerCase());
}
