import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isIgnoredPath } from './ignored-paths.ts';
import { isSupportedPath } from './supported-paths.ts';

/** A supported file found in a watched folder. */
export interface DiscoveredFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface DiscoverOptions {
  /**
   * Also list files Quire does not read (a sync reports them as `unsupported-type`); hidden, lock and
   * temporary files ({@link isIgnoredPath}) are never listed. Default false: supported files only.
   */
  includeUnsupported?: boolean;
}

/**
 * Lists supported files under `folders`, recursively (with `includeUnsupported`, every file not ignored). Hidden folders are skipped; symbolic links are
 * followed once (a link back into a folder already walked is not walked again, so loops end).
 */
export async function discoverFiles(
  folders: readonly string[],
  options: DiscoverOptions = {},
): Promise<DiscoveredFile[]> {
  const listed = (path: string) =>
    options.includeUnsupported ? !isIgnoredPath(path) : isSupportedPath(path);
  const seenDirs = new Set<string>();
  const found = new Map<string, DiscoveredFile>();

  async function walk(dir: string): Promise<void> {
    let real: string;
    try {
      real = await realpath(dir);
    } catch {
      return; // a folder removed while walking holds nothing
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folder: nothing to index from it
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.name.startsWith('.')) continue;
      const info = await (entry.isSymbolicLink() ? stat(path) : lstat(path)).catch(() => null);
      if (!info) continue;
      if (info.isDirectory()) await walk(path);
      else if (info.isFile() && listed(path) && !found.has(path)) {
        found.set(path, { path, size: info.size, mtimeMs: info.mtimeMs });
      }
    }
  }

  for (const folder of folders) await walk(folder);
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
}
