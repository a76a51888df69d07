import path from 'node:path';

/** File extensions Quire reads, lower case with the dot. */
export const SUPPORTED_EXTENSIONS: readonly string[] = ['.pdf', '.docx'];

/**
 * True for a path Quire should try to read: a `.pdf` or `.docx` (any case) that is not a Word
 * lock/temp file (`~$name.docx`) or a hidden file (`.name.pdf`, which includes macOS `._name.pdf`
 * resource forks and LibreOffice `.~lock.name.docx#` files).
 */
export function isSupportedPath(filePath: string): boolean {
  const name = path.basename(filePath);
  if (name.startsWith('~$') || name.startsWith('.')) return false;
  return SUPPORTED_EXTENSIONS.includes(path.extname(name).toLowerCase());
}
