import path from 'node:path';
import type { DocumentErrorCode } from './errors.ts';

/** Extensions of files still being written by a browser or a download tool. */
export const TEMPORARY_EXTENSIONS: readonly string[] = [
  '.tmp',
  '.crdownload',
  '.part',
  '.partial',
  '.download',
];

/** The failure code of a file a sync sees but whose kind Quire does not read. */
export const UNSUPPORTED_TYPE: DocumentErrorCode = 'unsupported-type';

/**
 * True for a file a sync passes over in silence: a hidden file (`.name`, which includes macOS `._name`
 * resource forks and LibreOffice `.~lock.name#` files), an Office lock file (`~$name.docx`) or a partial
 * download or temporary file ({@link TEMPORARY_EXTENSIONS}). Any other file is either read or listed as
 * `unsupported-type`.
 */
export function isIgnoredPath(filePath: string): boolean {
  const name = path.basename(filePath);
  if (name.startsWith('.') || name.startsWith('~$')) return true;
  return TEMPORARY_EXTENSIONS.includes(path.extname(name).toLowerCase());
}

/** The plain message of an `unsupported-type` failure, naming the type: "Quire does not read .ppt files". */
export function unsupportedTypeMessage(filePath: string): string {
  const extension = path.extname(path.basename(filePath)).toLowerCase();
  return extension
    ? `Quire does not read ${extension} files`
    : 'Quire does not read files without an extension (it cannot tell their type)';
}
