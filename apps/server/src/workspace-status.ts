import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LanceVectorStore, type StoredDocument } from '@quire/index';
import type { DocumentDate } from '@quire/ingest';
import { discoverFiles, isSupportedPath, UNSUPPORTED_TYPE } from '@quire/ingest';
import { rootOf } from './email-family.ts';
import type { DocumentState } from './ingest-events.ts';
import { STATUS_FILE, type StatusSnapshot } from './status-tracker.ts';
import type { WorkspaceRegistry } from './workspace-registry.ts';

/** One `quire status --json` row (a public contract: add fields, never rename or remove). */
export interface DocumentStatus {
  path: string;
  state: DocumentState;
  pages: number | null;
  documentId: string | null;
  error: { code: string; message: string } | null;
  /** For an email's attachment (`path` is `<email>::<n>/<name>`): the path of the email it came with. */
  parent?: string;
  /** For an indexed document: its kind (`pdf`, `docx`, `email`, …), as scopes name kinds by. */
  kind?: string;
  /** For an indexed document: its date (`YYYY-MM-DD`) and where it came from; null when none was found. */
  date?: DocumentDate | null;
  /** For an indexed document: the first and last Bates numbers on its pages; null when it has none. */
  bates?: { first: string; last: string } | null;
}

export interface WorkspaceStatus {
  workspace: string;
  /** True while a `quire sync` or `quire serve` process is indexing this workspace. */
  indexing: boolean;
  documents: DocumentStatus[];
  counts: Record<Exclude<DocumentState, 'removed'>, number>;
  progress: StatusSnapshot['progress'];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false; // no such process
  }
}

async function liveSnapshot(dir: string): Promise<StatusSnapshot | null> {
  try {
    const snapshot = JSON.parse(await readFile(join(dir, STATUS_FILE), 'utf8')) as StatusSnapshot;
    return snapshot.indexing && alive(snapshot.pid) ? snapshot : null;
  } catch {
    return null; // no snapshot yet, or one being replaced: the index alone tells the state
  }
}

/** What a status row says of an indexed document: kind, date, Bates range. */
function documentFacts(doc: StoredDocument | undefined): Pick<DocumentStatus, 'kind' | 'date' | 'bates'> {
  if (!doc) return {};
  return { kind: doc.kind, date: doc.date ?? null, bates: doc.bates ?? null };
}

/**
 * Every document of a workspace with its state: `indexed` or `failed` from the index, `queued` for files
 * in its folders that the index does not reflect yet, and the live state (`parsing`, `embedding`) from a
 * process that is indexing it now.
 */
export async function workspaceStatus(
  registry: WorkspaceRegistry,
  nameOrSlug: string,
): Promise<WorkspaceStatus> {
  const settings = await registry.get(nameOrSlug);
  // A workspace whose index was never opened (e.g. its model is not there yet) has every file queued; a
  // status read does not create an index, which would race the workspace's own opening of it.
  const store = await LanceVectorStore.openIfExists(registry.indexLocation(settings));
  try {
    const [paths, documents, files, live] = await Promise.all([
      store?.listPaths() ?? [],
      store?.listDocuments() ?? [],
      discoverFiles(settings.folders, { includeUnsupported: true }),
      liveSnapshot(registry.dir(settings.slug)),
    ]);
    const pagesOf = new Map(documents.map((d) => [d.id as string, d.pageCount]));
    const byId = new Map(documents.map((d) => [d.id as string, d]));
    const facts = (id: string | null) => documentFacts(id === null ? undefined : byId.get(id));
    const known = new Map(paths.map((p) => [p.path, p]));
    const rows: DocumentStatus[] = files.map((file) => {
      const row = known.get(file.path);
      const current = row && row.size === file.size && row.mtimeMs === file.mtimeMs;
      // A file recorded as unsupported-type waits for the next sync once Quire reads its kind.
      const failed =
        current && row.errorCode && !(row.errorCode === UNSUPPORTED_TYPE && isSupportedPath(file.path));
      const base: DocumentStatus =
        failed && row.errorCode
          ? {
              path: file.path,
              state: 'failed',
              pages: null,
              documentId: null,
              error: { code: row.errorCode, message: row.errorMessage ?? '' },
            }
          : current && row.documentId && pagesOf.has(row.documentId)
            ? {
                path: file.path,
                state: 'indexed',
                pages: pagesOf.get(row.documentId) ?? null,
                documentId: row.documentId,
                error: null,
                ...facts(row.documentId),
              }
            : { path: file.path, state: 'queued', pages: null, documentId: null, error: null };
      const now = live?.documents[file.path];
      if (
        now &&
        (now.state === 'parsing' ||
          now.state === 'embedding' ||
          (now.state === 'queued' && base.state !== 'failed'))
      ) {
        return { ...base, state: now.state, pages: now.pages ?? base.pages };
      }
      return base;
    });
    // An email's attachments follow it, as the index records them, while its file is indexed as it is.
    const current = new Set(rows.filter((r) => r.state === 'indexed').map((r) => r.path));
    const attachments = new Map<string, DocumentStatus[]>();
    const inOrder = [...paths].sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
    for (const row of inOrder) {
      if (!row.parent) continue;
      const file = rootOf(row.path, known);
      if (!current.has(file)) continue;
      const indexed = row.documentId !== null && pagesOf.has(row.documentId);
      const status: DocumentStatus = {
        path: row.path,
        state: row.errorCode ? 'failed' : indexed ? 'indexed' : 'queued',
        pages: indexed ? (pagesOf.get(row.documentId as string) ?? null) : null,
        documentId: indexed ? row.documentId : null,
        error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '' } : null,
        parent: row.parent,
        ...(indexed ? facts(row.documentId) : {}),
      };
      attachments.set(file, [...(attachments.get(file) ?? []), status]);
    }
    if (attachments.size > 0)
      rows.splice(0, rows.length, ...rows.flatMap((r) => [r, ...(attachments.get(r.path) ?? [])]));
    const counts = { queued: 0, parsing: 0, embedding: 0, indexed: 0, failed: 0 };
    for (const row of rows) if (row.state !== 'removed') counts[row.state]++;
    return {
      workspace: settings.slug,
      indexing: live !== null,
      documents: rows,
      counts,
      progress: live?.progress ?? null,
    };
  } finally {
    await store?.close();
  }
}
