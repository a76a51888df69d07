import path from 'node:path';

/** File extensions Quire reads, lower case with the dot (images are read by OCR). */
export const SUPPORTED_EXTENSIONS: readonly string[] = [
  '.pdf',
  '.docx',
  '.png',
  '.jpg',
  '.jpeg',
  '.tif',
  '.tiff',
];

/**
 * True for a path Quire should try to read: a `.pdf`, `.docx` or image (any case) that is not a Word
 * lock/temp file (`~$name.docx`) or a hidden file (`.name.pdf`, which includes macOS `._name.pdf`
 * resource forks and LibreOffice `.~lock.name.docx#` files).
 */
export function isSupportedPath(filePath: string): boolean {
  const name = path.basename(filePath);
  if (name.startsWith('~$') || name.startsWith('.')) return false;
  return SUPPORTED_EXTENSIONS.includes(path.extname(name).toLowerCase());
}
