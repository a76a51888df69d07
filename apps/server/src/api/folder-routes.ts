import { readdir, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import { QuireError } from '../errors.ts';
import type { ApiDeps } from './deps.ts';
import { documentRoute } from './openapi.ts';
import { isInside, resolveInsideFolders } from './path-guard.ts';
import { validate } from './validate.ts';

/** Most subfolders listed for one folder (a folder of more is cut, and says so). */
export const MAX_SUBFOLDERS = 2000;

const BrowseQuery = z.object({ path: z.string().min(1).max(4096).optional() });

/** One subfolder in a listing: its name, its full path, and the workspaces it is already a folder of. */
export interface FolderEntry {
  name: string;
  path: string;
  workspaces: string[];
}

/** What `GET /api/folders` answers: a folder's subfolders (names only), for the folder picker. */
export interface FolderListing {
  /** The folder listed (its real path). */
  path: string;
  /** The folder above it, or null at the top of what may be browsed. */
  parent: string | null;
  /** The user's home folder, where browsing starts. */
  home: string;
  folders: FolderEntry[];
  /** More than {@link MAX_SUBFOLDERS} subfolders: the rest were left out. */
  truncated: boolean;
}

const realOrSelf = (p: string) => realpath(p).catch(() => path.resolve(p));

/**
 * The folder picker's listing of folders: only directories (no files, nothing read from them), and only
 * under the user's home folder or a folder already attached to a workspace, with the same checks as the
 * file routes (absolute paths, no `..`, symbolic links resolved and kept inside). Quire's own data home
 * is never listed nor offered, and hidden folders (which Quire does not index) are left out.
 */
export function folderRoutes(deps: ApiDeps): Hono {
  const app = new Hono();

  documentRoute({
    method: 'get',
    path: '/api/folders',
    summary:
      'The subfolders of a folder (default: the home folder), under the home folder or an attached folder',
    query: BrowseQuery,
  });
  app.get('/folders', validate('query', BrowseQuery), async (c) => {
    const workspaces = await deps.registry.list();
    const home = await realOrSelf(homedir());
    const roots = [home, ...workspaces.flatMap((w) => w.folders)];
    const hidden = await Promise.all([deps.home, deps.registry.modelsDir].map(realOrSelf));
    const requested = c.req.valid('query').path ?? home;
    const trimmed = requested.length > 1 ? requested.replace(/\/+$/, '') : requested;
    // A root itself is listed as named; anything else must lie inside one (resolveInsideFolders checks it).
    const real = roots.includes(trimmed)
      ? await realOrSelf(trimmed)
      : await resolveInsideFolders(requested, roots);
    if (hidden.some((dir) => real === dir || isInside(real, dir)))
      throw new QuireError(
        'forbidden-path',
        `The path ${JSON.stringify(requested)} is Quire's own data folder`,
      );
    const info = await stat(real).catch(() => null);
    if (!info?.isDirectory()) throw new QuireError('not-found', `No folder at ${requested}`);

    const owners = (folder: string) =>
      workspaces.filter((w) => w.folders.includes(folder)).map((w) => w.name);
    const entries = (await readdir(real, { withFileTypes: true }))
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => path.join(real, e.name))
      .filter((dir) => !hidden.includes(dir))
      .sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
    const parent = path.dirname(real);
    const listing: FolderListing = {
      path: real,
      parent:
        parent !== real && roots.some((root) => parent === root || isInside(parent, root)) ? parent : null,
      home,
      folders: entries
        .slice(0, MAX_SUBFOLDERS)
        .map((dir) => ({ name: path.basename(dir), path: dir, workspaces: owners(dir) })),
      truncated: entries.length > MAX_SUBFOLDERS,
    };
    return c.json(listing);
  });

  return app;
}
