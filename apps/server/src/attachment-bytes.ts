// The content of a document for viewing: its file, or, for a document known only as an attachment, its
// bytes read out of the email file it came in (itself checked to lie inside a workspace folder).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { StoredPath } from '@quire/index';
import { emailAttachmentData } from '@quire/ingest';
import { resolveInsideFolders } from './api/path-guard.ts';
import { attachmentPlace, MAX_ATTACHMENT_DEPTH } from './email-family.ts';
import { QuireError } from './errors.ts';
import type { OpenWorkspace } from './open-workspace.ts';

/** Where a document's content is: a file on disk, or an attachment's bytes (`path` its attachment path). */
export type DocumentSource =
  | { kind: 'file'; real: string }
  | { kind: 'attachment'; path: string; data: Uint8Array };

/**
 * The content of document `documentId` of `ws`: its first file (real path, inside the workspace's
 * folders), else its first attachment path's bytes. `not-found` when the workspace has no such document.
 */
export async function documentSource(ws: OpenWorkspace, documentId: string): Promise<DocumentSource> {
  const rows = await ws.store.listPaths();
  const byPath = new Map(rows.map((row) => [row.path, row]));
  const places = rows
    .filter((row) => row.documentId === documentId && row.errorCode === null)
    .sort((a, b) => Number(Boolean(a.parent)) - Number(Boolean(b.parent)) || (a.path < b.path ? -1 : 1));
  const first = places[0];
  if (!first)
    throw new QuireError('not-found', `Workspace "${ws.settings.slug}" has no document ${documentId}`);
  if (!first.parent)
    return { kind: 'file', real: await resolveInsideFolders(first.path, ws.settings.folders) };
  return { kind: 'attachment', path: first.path, data: await bytesAt(ws, first, byPath, 0) };
}

/** The bytes of the file or attachment recorded as `row`, reading attachments out of their emails. */
async function bytesAt(
  ws: OpenWorkspace,
  row: StoredPath,
  rows: ReadonlyMap<string, StoredPath>,
  depth: number,
): Promise<Uint8Array> {
  if (!row.parent) {
    const real = await resolveInsideFolders(row.path, ws.settings.folders);
    return new Uint8Array(await readFile(real));
  }
  const parent = rows.get(row.parent);
  const n = attachmentPlace(row.path, row.parent);
  if (!parent || n === null || depth > MAX_ATTACHMENT_DEPTH) {
    throw new QuireError('not-found', `The email holding ${path.basename(row.path)} is no longer indexed`);
  }
  const email = await bytesAt(ws, parent, rows, depth + 1);
  return emailAttachmentData(email, path.extname(parent.path), n - 1).catch((error: unknown) => {
    throw new QuireError(
      'conflict',
      `The attachment can no longer be read from its email: ${String(error)}`,
      {
        cause: error,
      },
    );
  });
}
