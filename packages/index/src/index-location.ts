import { mkdir } from 'node:fs/promises';
import type { Connection } from '@lancedb/lancedb';
import {
  type IndexMetadata,
  parseIndexMetadata,
  readIndexMetadata,
  writeIndexMetadata,
} from './lance-schema.ts';

/**
 * Where a workspace's index lives: a local folder, or a URI LanceDB opens on object storage
 * (`s3://bucket/prefix`) with the options it needs there (endpoint, region, credentials). The options are
 * the caller's to read (from the environment, say) and are never written anywhere by the store.
 */
export interface IndexLocation {
  /** A local folder, or `s3://…` (any scheme LanceDB's object store accepts). */
  uri: string;
  /** LanceDB storage options (`endpoint`, `region`, `awsAccessKeyId`, `allowHttp`, …); remote only. */
  storageOptions?: Record<string, string>;
  /**
   * Open for reading only: nothing is created, migrated or written; every write is refused with a
   * `read-only` error. Another process (the indexer) writes; its commits are seen on the next read.
   */
  readOnly?: boolean;
}

/** Whether `uri` names object storage (`s3://…`, `gs://…`, `az://…`) rather than a local folder. */
export function isRemoteIndex(uri: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(uri) && !/^file:\/\//i.test(uri);
}

/** A folder path or a location, as a location. */
export function locationOf(place: string | IndexLocation): IndexLocation {
  return typeof place === 'string' ? { uri: place } : place;
}

/** The table that holds the index metadata on object storage (a local index keeps a file instead). */
export const METADATA_TABLE = 'quire_index';

/**
 * Reads and writes the index metadata (which embedding model built it, which rules its text was read
 * under): `quire-index.json` in a local folder; a one-row table beside the others on object storage,
 * where there is no folder to put a file in and LanceDB is the only client.
 */
export interface MetadataStore {
  read(): Promise<IndexMetadata | undefined>;
  write(metadata: IndexMetadata): Promise<void>;
}

/** The metadata of an index at `location`, reached through `db` (already connected to it). */
export function metadataStore(location: IndexLocation, db: Connection): MetadataStore {
  if (!isRemoteIndex(location.uri)) {
    return {
      read: () => readIndexMetadata(location.uri),
      write: (metadata) => writeIndexMetadata(location.uri, metadata),
    };
  }
  return {
    async read() {
      const table = await db.openTable(METADATA_TABLE).catch(notFound);
      if (table === null) return undefined;
      try {
        const rows = (await table.query().select(['json']).limit(1).toArray()) as { json: string }[];
        const json = rows[0]?.json;
        return json === undefined ? undefined : parseIndexMetadata(json);
      } finally {
        table.close();
      }
    },
    async write(metadata) {
      // One commit replaces the row: a reader sees the old metadata or the new, never none.
      const table = await db.createTable(METADATA_TABLE, [{ json: JSON.stringify(metadata) }], {
        mode: 'overwrite',
      });
      table.close();
    },
  };
}

/** Creates a local index's folder (object storage needs none). */
export async function prepareLocation(location: IndexLocation): Promise<void> {
  if (!isRemoteIndex(location.uri) && !location.readOnly) await mkdir(location.uri, { recursive: true });
}

/**
 * Which of `names` are tables of `db`: those LanceDB's listing names, and of the others those that open
 * by name. On object storage the listing can come back empty (it lists a folder that S3-compatible
 * servers need not emulate), while opening a table by name reads its own manifest; a local folder's
 * listing is complete, so only a new index pays for the probes.
 */
export async function existingTables(db: Connection, names: readonly string[]): Promise<Set<string>> {
  const listed = new Set(await db.tableNames());
  const found = new Set(names.filter((name) => listed.has(name)));
  for (const name of names) {
    if (found.has(name)) continue;
    const table = await db.openTable(name).catch(notFound);
    if (table === null) continue;
    found.add(name);
    table.close();
  }
  return found;
}

/** null for LanceDB's "table not found"; any other failure (refused credentials, no answer) is thrown. */
function notFound(error: unknown): null {
  if (error instanceof Error && /not found|does not exist/i.test(error.message)) return null;
  throw error;
}
