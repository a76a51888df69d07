import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { type Connection, connect } from '@lancedb/lancedb';

/** Where a marker was found by {@link scanForMarker}. */
export interface MarkerScan {
  /** Files (absolute paths, sorted) whose raw bytes hold the marker, in UTF-8 or UTF-16LE. */
  files: string[];
  /**
   * Retained versions of LanceDB tables with a row holding the marker in a text column. `table` is the
   * table's folder relative to the scanned folder without `.lance` (e.g. `matter/index/chunks`).
   */
  versions: { table: string; version: number }[];
}

/**
 * Looks for `marker` everywhere under `dir` (a data home, a workspace, a temp folder), as a user checking
 * that a document is gone would:
 * - every file is read as raw bytes, decompressing nothing (what `grep -r` sees; symbolic links are not
 *   followed), for the marker and its lower-case form, each in UTF-8 and UTF-16LE;
 * - every LanceDB table (a `<name>.lance` folder, e.g. under `<workspace>/index*`) is opened, and every
 *   version it retains is queried for rows whose text columns (`pages.text`, `chunks.text`,
 *   `paths.path`, titles…) contain the marker, ignoring case.
 *
 * The full-text index stores words lower-cased and stemmed: use a lower-case ASCII marker that English
 * stemming leaves alone (no `-s`, `-ing`, `-ed` ending, e.g. `zorvexquill`) so a word kept by the index
 * would be seen too. The marker must not hold `'`, `%` or `_` (SQL `LIKE` characters).
 */
export async function scanForMarker(
  dir: string,
  marker: string,
  options: { tables?: boolean } = {},
): Promise<MarkerScan> {
  if (marker === '' || /['%_\\]/.test(marker)) throw new Error(`Unsupported marker: ${marker}`);
  const needles = [...new Set([marker, marker.toLowerCase()])].flatMap((text) => [
    Buffer.from(text, 'utf8'),
    Buffer.from(text, 'utf16le'),
  ]);
  const files: string[] = [];
  const tables: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    // `tables: false`: raw bytes only (a folder that mirrors an object store names folders `.lance`).
    if (entry.isDirectory() && entry.name.endsWith('.lance') && options.tables !== false) tables.push(path);
    if (entry.isFile() && (await fileHolds(path, needles))) files.push(path);
  }
  const versions: MarkerScan['versions'] = [];
  for (const tableDir of tables.sort()) {
    const name = basename(tableDir, '.lance');
    const db = await connect(dirname(tableDir));
    try {
      for (const version of await versionsHolding(db, name, marker)) {
        versions.push({ table: relative(dir, join(dirname(tableDir), name)), version });
      }
    } finally {
      db.close();
    }
  }
  return { files: files.sort(), versions };
}

/** Whether the file's bytes hold one of `needles`, read in blocks (model files are large). */
async function fileHolds(path: string, needles: readonly Buffer[]): Promise<boolean> {
  const overlap = Math.max(...needles.map((n) => n.length)) - 1;
  let tail = Buffer.alloc(0);
  for await (const block of createReadStream(path)) {
    const window = Buffer.concat([tail, block as Buffer]);
    if (needles.some((needle) => window.includes(needle))) return true;
    tail = window.subarray(Math.max(0, window.length - overlap));
  }
  return false;
}

/** The retained versions of table `name` of database `db` (local or on object storage) with a row whose text holds `marker`. */
export async function versionsHolding(db: Connection, name: string, marker: string): Promise<number[]> {
  const table = await db.openTable(name);
  try {
    const found: number[] = [];
    for (const { version } of await table.listVersions()) {
      await table.checkout(version);
      const columns = (await table.schema()).fields
        .filter((field) => String(field.type) === 'Utf8' || String(field.type) === 'LargeUtf8')
        .map((field) => field.name);
      if (columns.length === 0) continue;
      const where = columns.map((column) => `\`${column}\` ILIKE '%${marker}%'`).join(' OR ');
      if ((await table.countRows(where)) > 0) found.push(version);
    }
    return found;
  } finally {
    table.close();
  }
}
