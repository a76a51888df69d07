import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { QuireError } from '../errors.ts';

const MAX_DECODE_ROUNDS = 3;

/**
 * Resolves a path taken from a request to its real path on disk, and only if that real path lies
 * inside (the real path of) one of `folders`.
 *
 * - `requested` is expected already URL-decoded once (as Hono hands out query and param values). It is
 *   used as given; but if decoding it again (up to 3 rounds, for double-encoded input such as
 *   `%252e%252e`) reveals a `..` segment or a NUL byte, it is refused, so raw or double-encoded
 *   strings cannot smuggle a traversal. A file name containing a literal `%` still works.
 * - Windows separators are normalised (`\` → `/`), drive letters (`C:`) and UNC paths are refused, and
 *   any `..` segment is refused even when it would stay inside (`/./` segments are fine).
 * - Relative paths are refused: a request must name an absolute path (the server has no meaningful
 *   working directory, and with several folders a relative path would be ambiguous).
 * - The path must lie inside a folder before and after resolving symbolic links, so a symlink (file or
 *   folder) pointing outside is refused; the comparison adds a trailing separator, so `/data/matter-evil`
 *   is not inside `/data/matter`.
 *
 * Throws `QuireError('forbidden-path')` for anything refused and `QuireError('not-found')` for a path
 * inside a folder that does not exist. A path outside every folder is refused whether or not it
 * exists, so the answer reveals nothing about the rest of the disk.
 */
export async function resolveInsideFolders(requested: string, folders: readonly string[]): Promise<string> {
  const normalised = checkSyntax(requested);
  const roots = await realFolders(folders);
  const lexical = path.resolve(normalised);
  if (!roots.some((root) => isInside(lexical, root.given) || isInside(lexical, root.real))) {
    throw forbidden(requested, 'is outside the workspace folders');
  }
  const real = await realpath(lexical).catch((error: unknown) => {
    throw new QuireError('not-found', `No file at ${requested}`, { cause: error });
  });
  if (!roots.some((root) => isInside(real, root.real))) {
    throw forbidden(requested, 'leads outside the workspace folders (symbolic link)');
  }
  return real;
}

/** Whether `child` lies strictly below `parent` (both absolute and normalised). */
export function isInside(child: string, parent: string): boolean {
  const prefix = parent.endsWith(path.sep) ? parent : parent + path.sep;
  return child.startsWith(prefix);
}

function checkSyntax(requested: string): string {
  if (requested.length === 0) throw forbidden(requested, 'is empty');
  for (const variant of decodings(requested)) {
    if (variant.includes('\0')) throw forbidden(requested, 'contains a NUL byte');
    if (variant.split(/[\\/]/).includes('..')) throw forbidden(requested, 'contains ".."');
  }
  const normalised = requested.replaceAll('\\', '/');
  if (/^[A-Za-z]:/.test(normalised)) throw forbidden(requested, 'names a Windows drive');
  if (normalised.startsWith('//')) throw forbidden(requested, 'names a network share');
  if (!path.isAbsolute(normalised)) throw forbidden(requested, 'is not an absolute path');
  return normalised;
}

function decodings(value: string): string[] {
  const variants = [value];
  let current = value;
  for (let round = 0; round < MAX_DECODE_ROUNDS && current.includes('%'); round++) {
    const decoded = tryDecode(current);
    if (decoded === null || decoded === current) break;
    variants.push(decoded);
    current = decoded;
  }
  return variants;
}

function tryDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    // Malformed escapes (a literal "%" in a file name): nothing further to decode.
    return null;
  }
}

async function realFolders(folders: readonly string[]): Promise<{ given: string; real: string }[]> {
  const roots = await Promise.all(
    folders.map(async (folder) => {
      const given = path.resolve(folder);
      const real = await realpath(given).catch(() => null);
      return real === null ? null : { given, real };
    }),
  );
  return roots.filter((root) => root !== null);
}

function forbidden(requested: string, why: string): QuireError {
  return new QuireError('forbidden-path', `The path ${JSON.stringify(requested)} ${why}`);
}
