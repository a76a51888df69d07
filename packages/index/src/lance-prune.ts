import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Table } from '@lancedb/lancedb';

/** The columns that name a row of a table (its merge key). */
type Key = readonly [string, ...string[]];

/** Rows read and rewritten per commit when a fragment's deleted rows are dropped for good. */
const REWRITE_WINDOW = 2048;
/** A row id (row address, without stable row ids) is `fragment id × 2³² + offset in the fragment`. */
const FRAGMENT_SPAN = 2n ** 32n;

/**
 * Leaves no file of table `table` (stored in the folder `place`) holding a deleted row: compacts it,
 * rewrites what compaction leaves with deleted rows inside, and removes every version but the current
 * one with the files only they referenced. Returns whether the table held deleted rows.
 *
 * LanceDB deletes only mark rows (a deletion file beside the data file), and compaction rewrites a
 * fragment only once a tenth of its rows are deleted: one document out of many stays in the data file.
 * Such a fragment's remaining rows are therefore written again by `key` (a merge insert: one commit that
 * adds the copies and deletes the originals, so a crash leaves either the old fragment or the new rows,
 * never neither), which empties it, and the cleanup removes its file.
 *
 * Where the table lies in a local folder (`where.place`), its deletion files say which fragments hold
 * deleted rows, including deletions of a run that crashed before its prune. On object storage there is
 * no folder to list: the fragments are those `where.known` names (recorded by the store as it deleted,
 * see {@link fragmentsOf}), so there a crash between a deletion and its prune leaves those rows in their
 * fragment until a compaction rewrites it.
 *
 * `cleanupOlderThan: now` removes every older version: a read still running on one of them at that
 * moment may fail (the next one reads the current version). Files no version references (what a write
 * interrupted by a crash left) stay until they are 7 days old, LanceDB's default: removing them at once
 * (`deleteUnverified`) could delete the files of a write another process (a `quire sync` beside
 * `quire serve`) has put down but not yet committed, and corrupt the table. Such leftovers only hold
 * documents that were being added when the crash came.
 */
export async function pruneTable(
  table: Table,
  key: Key,
  where: { place: string | null; known: readonly bigint[] },
): Promise<boolean> {
  const withDeletions = async () => [
    ...new Set([...(where.place === null ? [] : await fragmentsWithDeletions(where.place)), ...where.known]),
  ];
  const hadDeletions = (await withDeletions()).length > 0;
  await table.optimize({ cleanupOlderThan: new Date() });
  const fragments = await withDeletions();
  if (fragments.length === 0) return hadDeletions;
  const columns = (await table.schema()).fields.map((field) => field.name);
  for (const fragment of fragments) await rewriteFragment(table, fragment, columns, key);
  await table.optimize({ cleanupOlderThan: new Date() });
  return true;
}

/** Removes every version of `table` but the current one (after an index was rebuilt, say). */
export async function dropOlderVersions(table: Table): Promise<void> {
  await table.optimize({ cleanupOlderThan: new Date() });
}

/**
 * The fragments with deleted rows, from the deletion files of the table's folder (Lance format:
 * `_deletions/<fragment id>-<read version>-<random id>.{arrow,bin}`). Right after a cleanup these are
 * the current version's, plus any a concurrent or interrupted write left, whose fragment is rewritten
 * for nothing (or is not there, and nothing is read).
 */
async function fragmentsWithDeletions(place: string): Promise<bigint[]> {
  const names = await readdir(join(place, '_deletions')).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const ids = names.flatMap((name) => /^(\d+)-\d+-\d+\.(?:arrow|bin)$/.exec(name)?.[1] ?? []);
  return [...new Set(ids)].map(BigInt);
}

/** The fragments (row id ÷ 2³²) that hold the given rows. */
export function fragmentsOf(rowIds: readonly (bigint | number)[]): bigint[] {
  return [...new Set(rowIds.map((id) => BigInt(id) / FRAGMENT_SPAN))];
}

/** Writes the remaining rows of `fragment` again (by `key`), a window at a time, leaving it empty. */
async function rewriteFragment(
  table: Table,
  fragment: bigint,
  columns: readonly string[],
  key: Key,
): Promise<void> {
  const first = fragment * FRAGMENT_SPAN;
  const inFragment = `_rowid >= ${first} AND _rowid < ${first + FRAGMENT_SPAN}`;
  const rows = await table.query().withRowId().where(inFragment).select([key[0]]).toArray();
  const ids = rows.map((row) => BigInt(row._rowid)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (let start = 0; start < ids.length; start += REWRITE_WINDOW) {
    const window = ids.slice(start, start + REWRITE_WINDOW);
    const from = window[0];
    const to = window[window.length - 1];
    if (from === undefined || to === undefined) continue;
    const data = await table
      .query()
      .where(`_rowid >= ${from} AND _rowid <= ${to}`)
      .select([...columns])
      .toArrow();
    await table
      .mergeInsert([...key])
      .whenMatchedUpdateAll()
      .execute(data);
  }
}
