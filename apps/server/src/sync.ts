import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  chunkId,
  type DocumentId,
  type DocumentRecord,
  documentId,
  type StoredPath,
} from '@quire/embeddings';
import {
  type Chunk,
  chunkDocument,
  type DiscoveredFile,
  DocumentParseError,
  discoverFiles,
  type ParsedDocument,
  parseDocument,
} from '@quire/ingest';
import type { OpenWorkspace } from './open-workspace.ts';

/** The `quire sync --json` shape (a public contract: add fields, never rename or remove). */
export interface SyncReport {
  indexed: number;
  unchanged: number;
  removed: number;
  failed: { path: string; code: string; message: string }[];
}

export interface SyncProgress {
  path: string;
  outcome: 'indexed' | 'unchanged' | 'failed';
  done: number;
  total: number;
}

export interface SyncOptions {
  onProgress?: (progress: SyncProgress) => void;
  /** Chunks gathered before one batched write to the index. Default 512. */
  batchChunks?: number;
}

interface Pending {
  records: DocumentRecord[];
  paths: StoredPath[];
  chunks: number;
}

/** Text given to the embedder for a chunk: its heading path gives the passage context. */
export function embeddingText(headingPath: readonly string[], text: string): string {
  return headingPath.length > 0 ? `${headingPath.join(' > ')}\n${text}` : text;
}

function sha256(data: Uint8Array): DocumentId {
  return documentId(createHash('sha256').update(data).digest('hex'));
}

function failure(path: string, error: unknown): { code: string; message: string } {
  if (error instanceof DocumentParseError) return { code: error.code, message: error.message };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EISDIR' || code === 'EIO' || code === 'ENOENT') {
    return { code: 'unreadable', message: `Cannot read ${path} (${code})` };
  }
  return {
    code: 'corrupt',
    message: `Could not read the document: ${String((error as Error)?.message ?? error)}`,
  };
}

/**
 * Brings the workspace index in line with its folders once: new and changed files are parsed, chunked,
 * embedded and written in batches; unchanged files (same size and modification time, or same content)
 * cost nothing; deleted files and documents no path refers to any more are removed. One bad file never
 * stops the sync: it is reported in `failed` with a stable code.
 */
export function syncWorkspace(ws: OpenWorkspace, options: SyncOptions = {}): Promise<SyncReport> {
  return ws.exclusive(() => syncOnce(ws, options));
}

async function syncOnce(ws: OpenWorkspace, options: SyncOptions): Promise<SyncReport> {
  const { store, settings } = ws;
  const batchChunks = options.batchChunks ?? 512;
  const report: SyncReport = { indexed: 0, unchanged: 0, removed: 0, failed: [] };
  const files = await discoverFiles(settings.folders);
  const known = new Map((await store.listPaths()).map((p) => [p.path, p]));
  const documents = await store.listDocumentIds();
  let pending: Pending = { records: [], paths: [], chunks: 0 };
  let done = 0;

  const flush = async () => {
    if (pending.records.length > 0) await store.addDocuments(pending.records);
    if (pending.paths.length > 0) await store.upsertPaths(pending.paths);
    pending = { records: [], paths: [], chunks: 0 };
  };
  const progress = (path: string, outcome: SyncProgress['outcome']) =>
    options.onProgress?.({ path, outcome, done: ++done, total: files.length });

  for (const file of files) {
    const previous = known.get(file.path);
    if (previous && previous.size === file.size && previous.mtimeMs === file.mtimeMs) {
      if (previous.errorCode) {
        report.failed.push({
          path: file.path,
          code: previous.errorCode,
          message: previous.errorMessage ?? '',
        });
        progress(file.path, 'failed');
        continue;
      }
      if (previous.documentId && documents.has(previous.documentId)) {
        report.unchanged++;
        progress(file.path, 'unchanged');
        continue;
      }
    }
    const outcome = await indexFile(ws, file, previous, documents, pending);
    if (outcome.kind === 'failed') {
      report.failed.push({ path: file.path, code: outcome.code, message: outcome.message });
      progress(file.path, 'failed');
    } else {
      report[outcome.kind]++;
      progress(file.path, outcome.kind);
    }
    if (pending.chunks >= batchChunks) await flush();
  }
  await flush();

  const present = new Set(files.map((f) => f.path));
  const gone = [...known.keys()].filter((path) => !present.has(path));
  if (gone.length > 0) await store.deletePaths(gone);
  report.removed = gone.filter((path) => known.get(path)?.documentId).length;

  const referenced = new Set((await store.listPaths()).map((p) => p.documentId).filter((id) => id !== null));
  const orphans = [...(await store.listDocumentIds())].filter((id) => !referenced.has(id));
  if (orphans.length > 0) await store.deleteDocuments(orphans);
  if (report.indexed > 0 || report.removed > 0 || orphans.length > 0) await store.optimize();
  return report;
}

type FileOutcome = { kind: 'indexed' | 'unchanged' } | { kind: 'failed'; code: string; message: string };

async function indexFile(
  ws: OpenWorkspace,
  file: DiscoveredFile,
  previous: StoredPath | undefined,
  documents: Set<DocumentId>,
  pending: Pending,
): Promise<FileOutcome> {
  const pathRow = (id: DocumentId | null, error: { code: string; message: string } | null): StoredPath => ({
    path: file.path,
    documentId: id,
    size: file.size,
    mtimeMs: file.mtimeMs,
    errorCode: error?.code ?? null,
    errorMessage: error?.message ?? null,
  });
  let id: DocumentId;
  try {
    id = sha256(await readFile(file.path));
  } catch (error) {
    const f = failure(file.path, error);
    pending.paths.push(pathRow(null, f));
    return { kind: 'failed', ...f };
  }
  if (documents.has(id)) {
    // Same content as a document already indexed (touched, renamed, or an identical copy): no re-parsing.
    pending.paths.push(pathRow(id, null));
    return { kind: previous?.documentId === id ? 'unchanged' : 'indexed' };
  }
  let parsed: ParsedDocument;
  let chunks: Chunk[];
  try {
    parsed = await parseDocument(file.path);
    chunks = chunkDocument(parsed, ws.settings.chunking);
    if (chunks.length === 0) throw new DocumentParseError('no-text', 'The document has no extractable text');
  } catch (error) {
    const f = failure(file.path, error);
    pending.paths.push(pathRow(null, f));
    return { kind: 'failed', ...f };
  }
  const vectors = ws.embedder
    ? await ws.embedder.embed(
        chunks.map((c) => embeddingText(c.headingPath, c.text)),
        'document',
      )
    : null;
  pending.records.push({
    document: {
      id,
      kind: parsed.kind,
      title: parsed.title,
      pageCount: parsed.pages.length,
      chunkCount: chunks.length,
      indexedAt: Date.now(),
    },
    pages: parsed.pages.map((p) => ({ documentId: id, page: p.page, text: p.text })),
    chunks: chunks.map((c) => ({
      id: chunkId(id, c.ordinal),
      documentId: id,
      ordinal: c.ordinal,
      page: c.page,
      headingPath: c.headingPath,
      start: c.start,
      end: c.end,
      text: c.text,
      tokenCount: c.tokenCount,
    })),
    vectors,
  });
  pending.paths.push(pathRow(id, null));
  pending.chunks += chunks.length;
  documents.add(id);
  return { kind: 'indexed' };
}
