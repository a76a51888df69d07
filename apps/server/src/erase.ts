// `quire erase` and its API route: one document leaves the workspace for good. Its rows leave the index
// and every index version that held them is pruned; threads, the audit log and the ingest log keep
// nothing of its text or paths (its hash and a tombstone stay); its matter facts and any attachment
// scratch copy are deleted. The file itself stays in the user's folder: its hash is recorded in
// `erased.json` so that no later sync reads it back.
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { type DocumentId, ReadOnlyIndexError, type StoredDocument, type StoredPath } from '@quire/index';
import { ERASED, ErasedDocuments, erasedMessage } from './erased-documents.ts';
import { QuireError } from './errors.ts';
import { matterFactsOf } from './matter-facts.ts';
import type { OpenWorkspace } from './open-workspace.ts';
import type { Erasure } from './redaction.ts';
import { STATUS_FILE, type StatusSnapshot } from './status-tracker.ts';

/** An attachment that came with the erased email. */
export interface ErasedAttachment {
  documentId: string;
  /** Its paths below the erased email (they leave the index). */
  paths: string[];
  /** True: its document is erased too; false: another path (another email, a file) keeps it indexed. */
  erased: boolean;
}

/** What an erase would remove (`GET …/documents/:documentId/erase-preview`; a public contract). */
export interface ErasePreview {
  documentId: string;
  title: string | null;
  kind: string;
  /** Every path of the document (identical copies share one document). */
  paths: string[];
  /** For an email: its attachments, each erased with it unless another path keeps its document. */
  attachments: ErasedAttachment[];
  /** Turns of conversations citing it, whose quotes (and answers) would become the removal marker. */
  threads: number;
  /** Audit-log entries citing or retrieving it, which would get a tombstone. */
  audit: number;
}

/** What an erase removed (`quire erase --json`, `POST …/documents/erase`; a public contract). */
export interface EraseResult {
  erased: {
    documentId: string;
    paths: string[];
    /** ISO time of the erasure (its date is the one in the removal marker). */
    at: string;
    attachments: ErasedAttachment[];
  };
  /** Turns of conversations redacted. */
  threads: number;
  /** Audit-log entries tombstoned. */
  audit: number;
}

const HASH = /^[0-9a-f]{64}$/;

interface Plan {
  document: StoredDocument;
  /** The document's own path rows. */
  own: StoredPath[];
  /** Rows of attachments below its paths (for an email), at any depth. */
  below: StoredPath[];
  attachments: ErasedAttachment[];
  /** The document and the attachments no other path keeps. */
  documentIds: DocumentId[];
}

/** A document named by its id (sha256) or one of its paths: absolute, or relative to a watched folder. */
function findDocument(
  ws: OpenWorkspace,
  ref: string,
  rows: readonly StoredPath[],
  documents: ReadonlyMap<string, StoredDocument>,
): StoredDocument {
  const byId = HASH.test(ref) ? documents.get(ref) : undefined;
  if (byId) return byId;
  const candidates = new Set(
    isAbsolute(ref) ? [ref, resolve(ref)] : [ref, ...ws.settings.folders.map((f) => resolve(f, ref))],
  );
  const row = rows.find((r) => r.documentId !== null && candidates.has(r.path));
  const found = row?.documentId ? documents.get(row.documentId) : undefined;
  if (!found) throw new QuireError('not-found', `No indexed document ${ref} in this workspace`);
  return found;
}

async function plan(ws: OpenWorkspace, ref: string): Promise<Plan> {
  const [rows, stored] = await ws.withIndex(async (s) => [await s.listPaths(), await s.listDocuments()]);
  const documents = new Map<string, StoredDocument>(stored.map((d) => [d.id, d]));
  const document = findDocument(ws, ref, rows, documents);
  const own = rows.filter((r) => r.documentId === document.id);
  const children = new Map<string, StoredPath[]>();
  for (const r of rows) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
  const below: StoredPath[] = [];
  const walk = (path: string) => {
    for (const child of children.get(path) ?? []) {
      if (child.documentId === document.id) continue;
      below.push(child);
      walk(child.path);
    }
  };
  for (const r of own) walk(r.path);
  const leaving = new Set([...own, ...below].map((r) => r.path));
  const byDocument = new Map<DocumentId, string[]>();
  for (const r of below)
    if (r.documentId) byDocument.set(r.documentId, [...(byDocument.get(r.documentId) ?? []), r.path]);
  const attachments = [...byDocument].map(([documentId, paths]) => ({
    documentId,
    paths,
    erased: !rows.some((r) => r.documentId === documentId && !leaving.has(r.path)),
  }));
  return {
    document,
    own,
    below,
    attachments,
    documentIds: [document.id, ...attachments.filter((a) => a.erased).map((a) => a.documentId as DocumentId)],
  };
}

const erasureOf = (p: Plan, at: string): Erasure => ({
  documentIds: new Set(p.documentIds),
  paths: new Set([...p.own, ...p.below].map((r) => r.path)),
  at,
});

/** What erasing the document `ref` (its id or a path) would remove; nothing is changed. */
export async function previewErase(ws: OpenWorkspace, ref: string): Promise<ErasePreview> {
  const p = await plan(ws, ref);
  const erasure = erasureOf(p, new Date().toISOString());
  return {
    documentId: p.document.id,
    title: p.document.title,
    kind: p.document.kind,
    paths: p.own.map((r) => r.path),
    attachments: p.attachments,
    threads: await ws.threads.redact(erasure, true),
    audit: await ws.auditLog.redact(erasure, true),
  };
}

/**
 * Erases the document `ref` (its id or a path) from the workspace, under its write lock so no sync
 * interleaves. Its paths stay in the index as failed rows (`erased`, by size and modification time) while
 * the file is in a folder, so status and later syncs say why it is not read; an email's attachment rows
 * go with it.
 */
export function eraseDocument(ws: OpenWorkspace, ref: string): Promise<EraseResult> {
  // Nothing is touched (threads, logs, erased.json) in a workspace that cannot remove the document.
  if (ws.store.readOnly) return Promise.reject(new ReadOnlyIndexError('erasing'));
  return ws.exclusive(async () => {
    const p = await plan(ws, ref);
    const at = new Date().toISOString();
    const erasure = erasureOf(p, at);
    // First, so that a crash part way leaves nothing a sync would read back.
    await new ErasedDocuments(ws.dir).add(p.documentIds, at);
    await ws.withIndex(async (store) => {
      const kept: StoredPath[] = [];
      const gone = p.below.map((r) => r.path);
      for (const row of p.own) {
        const file = row.parent ? null : await stat(row.path).catch(() => null);
        if (row.parent || file?.isFile()) {
          kept.push({
            ...row,
            documentId: null,
            size: file?.size ?? row.size,
            mtimeMs: file?.mtimeMs ?? row.mtimeMs,
            errorCode: ERASED,
            errorMessage: erasedMessage(at),
          });
        } else gone.push(row.path);
      }
      if (gone.length > 0) await store.deletePaths(gone);
      if (kept.length > 0) await store.upsertPaths(kept);
      await store.deleteDocuments(p.documentIds);
      await store.prune();
    });
    const facts = matterFactsOf(ws);
    for (const id of p.documentIds) await facts.forget(id);
    const threads = await ws.threads.redact(erasure);
    const audit = await ws.auditLog.redact(erasure);
    await ws.ingestLog.redact(erasure);
    await forgetLiveState(ws.dir, erasure.paths);
    // Copies of attachments written for the parser (none outlives a sync; a crash could leave one).
    await rm(join(ws.dir, 'attachments-tmp'), { recursive: true, force: true });
    return {
      erased: { documentId: p.document.id, paths: p.own.map((r) => r.path), at, attachments: p.attachments },
      threads,
      audit,
    };
  });
}

/** Drops the erased paths from `status.json` (the last sync's live view), rewritten atomically. */
async function forgetLiveState(dir: string, paths: ReadonlySet<string>): Promise<void> {
  const file = join(dir, STATUS_FILE);
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return;
  const snapshot = JSON.parse(text) as StatusSnapshot;
  const names = Object.keys(snapshot.documents).filter((path) => paths.has(path));
  if (names.length === 0) return;
  for (const path of names) delete snapshot.documents[path];
  const temp = `${file}.${process.pid}.erase.tmp`;
  await writeFile(temp, JSON.stringify(snapshot));
  await rename(temp, file);
}
