import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type DocumentId, LanceVectorStore } from '@quire/index';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { askWorkspace } from '../answer.ts';
import { AuditLog } from '../audit-log.ts';
import { EmailFamilies, type EmailView, rootOf } from '../email-family.ts';
import { QuireError, WorkspaceNotFoundError } from '../errors.ts';
import { renderEvidenceBundle, withRecordedAnswer } from '../evidence-bundle.ts';
import { describeOwners, type FolderOwner, folderOwners } from '../folder-owners.ts';
import { formatOcrLanguages, installedOcrLanguages } from '../ocr-languages.ts';
import { checkScope, parseKinds, ScopeSchema } from '../scope.ts';
import { searchWorkspace } from '../search.ts';
import { ThreadStore } from '../threads.ts';
import {
  OcrLanguagesSchema,
  WORKSPACE_DEFAULTS,
  type WorkspaceRegistry,
  type WorkspaceSettings,
} from '../workspace-registry.ts';
import { workspaceStatus } from '../workspace-status.ts';
import { workspaceSummary } from '../workspace-summary.ts';
import type { ApiDeps } from './deps.ts';
import { folderRoutes } from './folder-routes.ts';
import { askedByOf, callerOf, canSee } from './named-tokens.ts';
import { documentRoute } from './openapi.ts';
import { writeSseError } from './sse.ts';
import { validate } from './validate.ts';

const CreateWorkspace = z.object({
  name: z.string().trim().min(1).max(120),
  folders: z.array(z.string().min(1)).max(50).default([]),
  embeddingModel: z.string().min(1).nullable().optional(),
  chatModel: z.string().min(1).nullable().optional(),
  /** Attach folders that another workspace already reads (refused with 409 without it). */
  confirm: z.boolean().optional(),
});
const UpdateWorkspace = z
  .object({
    name: z.string().trim().min(1).max(120),
    chatModel: z.string().min(1).nullable(),
    rerankModel: z.string().min(1).nullable(),
    chunking: z.object({
      maxTokens: z.number().int().min(50).max(4000),
      overlap: z.number().min(0).max(0.5),
    }),
    retrieval: z.object({
      passages: z.number().int().min(1).max(50),
      refusalThreshold: z.number().min(0).max(1),
      answerThreshold: z.number().min(0).max(1).optional(),
    }),
    ocr: z.object({ enabled: z.boolean(), languages: OcrLanguagesSchema }),
  })
  .partial()
  .strict();
const FolderBody = z.object({ path: z.string().min(1).max(4096) });
const AttachBody = FolderBody.extend({
  /** Attach the folder even though another workspace already reads it (refused with 409 without it). */
  confirm: z.boolean().optional(),
});
/** A query parameter that may be repeated (`in=a&in=b`): always a list. */
export const repeated = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]))
  .optional();
const SearchQuery = z.object({
  q: z.string().min(1).max(2000),
  k: z.coerce.number().int().min(1).max(100).default(10),
  // The scope (issue 17): path globs, kinds (comma-separated or repeated), dates, email parties.
  in: repeated,
  notIn: repeated,
  kind: repeated,
  since: z.string().optional(),
  until: z.string().optional(),
  from: repeated,
  to: repeated,
});
const AskBody = z.object({
  question: z.string().trim().min(1).max(4000),
  threadId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{5,63}$/)
    .optional(),
  newThread: z.boolean().optional(),
  stream: z.boolean().optional(),
  /** Ask only part of the workspace; absent: the thread's scope; null or `{}`: all of it. */
  scope: ScopeSchema.nullable().optional(),
});
const ReindexBody = z.object({ documentId: z.string().regex(/^[0-9a-f]{64}$/) });
const DocumentParams = z.object({
  slug: z.string().min(1).max(200),
  documentId: z.string().regex(/^[0-9a-f]{64}$/, 'expected a 64-character document id'),
});
const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(10_000).default(100) });
const ExportBody = z.object({
  question: z.string().min(1),
  standaloneQuery: z.string().optional(),
  answer: z.string(),
  mode: z.string(),
  support: z.enum(['answered', 'closest', 'not-found']).optional(),
  time: z.string(),
  threadId: z.string().nullable().optional(),
  scope: ScopeSchema.nullable().optional(),
  scopeDocuments: z.number().int().min(0).nullable().optional(),
  models: z.object({
    embedding: z.string().nullable(),
    chat: z.string().nullable(),
    rerank: z.string().nullable(),
  }),
  citations: z.array(
    z.object({
      n: z.number(),
      chunkId: z.string(),
      documentId: z.string(),
      path: z.string(),
      page: z.number(),
      heading: z.string().nullable(),
      quote: z.string(),
      start: z.number(),
      end: z.number(),
      documentHash: z.string().optional(),
      verified: z.boolean().optional(),
      pageLabel: z.string().nullable().optional(),
      bates: z.string().nullable().optional(),
    }),
  ),
});

const W = '/api/workspaces/{slug}';

/** The workspace stored under `name`'s slug, or null. */
async function existingWorkspace(
  registry: WorkspaceRegistry,
  name: string,
): Promise<WorkspaceSettings | null> {
  try {
    return await registry.get(name);
  } catch (error) {
    if (error instanceof WorkspaceNotFoundError) return null;
    throw error;
  }
}

/** Why `name` cannot be a new workspace, naming the workspace that has it and how to add folders to it. */
function nameTaken(name: string, existing: WorkspaceSettings): QuireError {
  const same = existing.name.toLowerCase() === name.toLowerCase();
  return new QuireError(
    'conflict',
    `${same ? `A workspace named "${existing.name}" already exists` : `The name "${name}" is taken by the workspace "${existing.name}" (both are stored as "${existing.slug}")`}; nothing was created. Choose another name for a new workspace, or add the folder to "${existing.name}" with Add folder in its Settings → Folders (POST /api/workspaces/${existing.slug}/folders, or quire add <folder> --workspace "${existing.name}").`,
  );
}

/**
 * The 409 answer for folders another workspace reads: the usual error body, plus `owners` (the overlaps,
 * each naming the other workspace) so that a client can show them and ask before sending `confirm`.
 */
function folderInUse(owners: readonly FolderOwner[]) {
  return {
    error: {
      code: 'conflict',
      message: `${describeOwners(owners)} Its documents would be read into both workspaces; send "confirm": true to attach it anyway.`,
      owners,
    },
  };
}

/** Workspaces, folders, documents, search, answers (JSON or streamed), threads, audit log and exports. */
export function workspaceRoutes(deps: ApiDeps): Hono {
  const { registry, service } = deps;
  const app = new Hono();
  const settingsOf = (slug: string) => registry.get(slug);

  documentRoute({
    method: 'get',
    path: '/api/workspaces',
    summary: 'List workspaces with their folders and document counts',
  });
  app.get('/workspaces', async (c) => {
    const caller = callerOf(c);
    const all = (await registry.list()).filter((w) => canSee(caller, w.slug));
    return c.json({ workspaces: await Promise.all(all.map((w) => workspaceSummary(registry, w))) });
  });

  documentRoute({
    method: 'get',
    path: '/api/workspace-defaults',
    summary: 'The settings a new workspace starts with (what "Restore defaults" restores)',
  });
  app.get('/workspace-defaults', (c) => c.json(WORKSPACE_DEFAULTS));

  documentRoute({
    method: 'post',
    path: '/api/workspaces',
    summary:
      'Create a workspace (and attach folders); a taken name is refused (409), and so, without "confirm", are folders another workspace reads',
    body: CreateWorkspace,
    status: 201,
  });
  app.post('/workspaces', validate('json', CreateWorkspace), async (c) => {
    const body = c.req.valid('json');
    // Everything is checked before anything is written: a taken name or a bad path creates nothing.
    const existing = await existingWorkspace(registry, body.name);
    if (existing) throw nameTaken(body.name, existing);
    const folders = await Promise.all(body.folders.map((folder) => registry.checkFolder(folder)));
    if (!body.confirm) {
      const owners = (await Promise.all(folders.map((real) => folderOwners(registry, real)))).flat();
      if (owners.length > 0) return c.json(folderInUse(owners), 409);
    }
    let settings = await registry.create(body.name);
    try {
      for (const folder of folders) settings = await registry.addFolder(settings, folder);
      const patch: { embeddingModel?: string | null; chatModel?: string | null } = {};
      if (body.embeddingModel !== undefined) patch.embeddingModel = body.embeddingModel;
      if (body.chatModel !== undefined) patch.chatModel = body.chatModel;
      if (Object.keys(patch).length > 0) settings = await registry.update(settings, patch);
    } catch (error) {
      // A folder gone between the check and the attach: the half-made workspace is removed, not left.
      await rm(registry.dir(settings.slug), { recursive: true, force: true });
      throw error;
    }
    await service.release(settings.slug);
    void service.get(settings.slug).catch(() => undefined);
    return c.json({ workspace: settings }, 201);
  });

  documentRoute({ method: 'get', path: W, summary: 'A workspace: settings and index counts' });
  app.get('/workspaces/:slug', async (c) => {
    const ws = await service.get(c.req.param('slug'));
    return c.json({ workspace: ws.settings, counts: await ws.store.counts(), retrieval: ws.retrieval });
  });

  documentRoute({
    method: 'patch',
    path: W,
    summary: 'Rename or change settings (chat/rerank model, chunking, retrieval)',
    body: UpdateWorkspace,
  });
  app.patch('/workspaces/:slug', validate('json', UpdateWorkspace), async (c) => {
    const patch = c.req.valid('json');
    const requested = patch.ocr?.languages ?? [];
    if (requested.length > 0) {
      const installed = await installedOcrLanguages();
      const missing = requested.filter((code) => !installed.some((l) => l.code === code));
      if (missing.length > 0)
        throw new QuireError(
          'invalid-request',
          `OCR cannot read ${missing.map((code) => `"${code}"`).join(', ')}: ${missing.length === 1 ? 'that language is' : 'those languages are'} not installed on this computer. Languages available here: ${formatOcrLanguages(installed)}.`,
        );
    }
    const current = await settingsOf(c.req.param('slug'));
    const { retrieval, ...rest } = patch;
    // A retrieval patch without the answer threshold keeps the workspace's own.
    const settings = await registry.update(current, {
      ...rest,
      ...(retrieval
        ? {
            retrieval: {
              ...retrieval,
              answerThreshold: retrieval.answerThreshold ?? current.retrieval.answerThreshold,
            },
          }
        : {}),
    });
    await service.release(settings.slug);
    return c.json({ workspace: settings });
  });

  documentRoute({
    method: 'delete',
    path: W,
    summary: "Delete a workspace's index, settings and history (never the user's files)",
  });
  app.delete('/workspaces/:slug', async (c) => {
    const settings = await settingsOf(c.req.param('slug'));
    await service.release(settings.slug);
    // An index on object storage is not in the folder: the workspace that writes it removes it there too
    // (a reader only forgets it).
    if (settings.indexUri !== null && !settings.readOnly)
      await LanceVectorStore.destroy(registry.indexLocation(settings));
    await rm(registry.dir(settings.slug), { recursive: true, force: true });
    return c.json({ deleted: settings.slug });
  });

  documentRoute({
    method: 'post',
    path: `${W}/folders`,
    summary:
      'Attach a folder (it must exist); one another workspace reads is refused (409) unless "confirm": true',
    body: AttachBody,
  });
  app.post('/workspaces/:slug/folders', validate('json', AttachBody), async (c) => {
    const body = c.req.valid('json');
    const current = await settingsOf(c.req.param('slug'));
    if (current.readOnly)
      throw new QuireError(
        'read-only',
        'This workspace reads an index another machine writes: attach folders there',
      );
    const real = await registry.checkFolder(body.path);
    if (!body.confirm) {
      const owners = await folderOwners(registry, real, { except: current.slug });
      if (owners.length > 0) return c.json(folderInUse(owners), 409);
    }
    const settings = await registry.addFolder(current, real);
    await service.release(settings.slug);
    void service.get(settings.slug).catch(() => undefined);
    return c.json({ workspace: settings });
  });

  documentRoute({
    method: 'get',
    path: '/api/ocr-languages',
    summary: 'The OCR languages installed on this computer (those a workspace may read)',
  });
  app.get('/ocr-languages', async (c) => c.json({ languages: await installedOcrLanguages() }));

  documentRoute({
    method: 'delete',
    path: `${W}/folders`,
    summary: 'Detach a folder (its documents leave the index)',
    body: FolderBody,
  });
  app.delete('/workspaces/:slug/folders', validate('json', FolderBody), async (c) => {
    const current = await settingsOf(c.req.param('slug'));
    const wanted = resolve(c.req.valid('json').path);
    if (!current.folders.includes(wanted))
      throw new QuireError('not-found', `Folder not attached: ${wanted}`);
    const settings = await registry.update(current, { folders: current.folders.filter((f) => f !== wanted) });
    await service.release(settings.slug);
    await service.sync(settings.slug);
    return c.json({ workspace: settings });
  });

  documentRoute({
    method: 'get',
    path: `${W}/documents`,
    summary: 'Every document with its state, page count and error',
  });
  app.get('/workspaces/:slug/documents', async (c) =>
    c.json(await workspaceStatus(registry, c.req.param('slug'))),
  );

  documentRoute({
    method: 'post',
    path: `${W}/documents/reindex`,
    summary: 'Parse and embed one document again',
    body: ReindexBody,
  });
  app.post('/workspaces/:slug/documents/reindex', validate('json', ReindexBody), async (c) => {
    const ws = await service.get(c.req.param('slug'));
    const id = c.req.valid('json').documentId as DocumentId;
    const rows = await ws.store.listPaths();
    const byPath = new Map(rows.map((row) => [row.path, row]));
    // An attachment is read again from the email file it came in.
    const paths = [...new Set(rows.filter((p) => p.documentId === id).map((p) => rootOf(p.path, byPath)))];
    if (paths.length === 0) throw new QuireError('not-found', `No document ${id} in this workspace`);
    await ws.exclusive(() => ws.store.deleteDocuments([id]));
    return c.json(await service.sync(ws.settings.slug, { paths }));
  });

  documentRoute({
    method: 'get',
    path: `${W}/documents/{documentId}/email`,
    summary:
      'An email: its header card, its attachments (each a document, or why not), its conversation, and the emails it came attached to',
  });
  app.get('/workspaces/:slug/documents/:documentId/email', validate('param', DocumentParams), async (c) => {
    const { slug, documentId } = c.req.valid('param');
    const ws = await service.get(slug);
    const families = await ws.withIndex((store) => EmailFamilies.read(store));
    const email = families.email(documentId);
    if (!email) throw new QuireError('not-found', `Document ${documentId} is not an email of this workspace`);
    const path = families.pathsOf(documentId)[0] ?? '';
    return c.json({
      documentId,
      path,
      headers: email.email,
      attachments: families.attachmentsOf(path),
      thread: families.thread(documentId),
      attachedTo: families.attachedTo(documentId),
    } satisfies EmailView);
  });

  documentRoute({
    method: 'get',
    path: `${W}/documents/{documentId}/pages/{page}`,
    summary: 'The stored text of one page',
  });
  app.get('/workspaces/:slug/documents/:documentId/pages/:page', async (c) => {
    const ws = await service.get(c.req.param('slug'));
    const page = Number(c.req.param('page'));
    if (!Number.isInteger(page) || page < 1)
      throw new QuireError('invalid-request', 'page must be a whole number from 1');
    const found = await ws.store.getPage(c.req.param('documentId') as DocumentId, page);
    if (!found) throw new QuireError('not-found', 'No such page in this workspace');
    return c.json(found);
  });

  documentRoute({
    method: 'get',
    path: `${W}/search`,
    summary: 'The passages that best match a query',
    query: SearchQuery,
  });
  app.get('/workspaces/:slug/search', validate('query', SearchQuery), async (c) => {
    const { q, k, kind, ...rest } = c.req.valid('query');
    const scope = checkScope({ ...rest, kinds: kind ? parseKinds(kind) : undefined });
    return c.json(await searchWorkspace(await service.get(c.req.param('slug')), q, k, scope));
  });

  documentRoute({
    method: 'post',
    path: `${W}/ask`,
    summary:
      'Answer a question with citations; with "stream": true, Server-Sent Events: "token" then "answer"',
    body: AskBody,
  });
  app.post('/workspaces/:slug/ask', validate('json', AskBody), async (c) => {
    const body = c.req.valid('json');
    const ws = await service.get(c.req.param('slug'));
    const threadId = body.threadId ?? (body.newThread ? ws.threads.newId() : undefined);
    const askedBy = askedByOf(callerOf(c));
    if (!body.stream)
      return c.json(
        await askWorkspace(ws, body.question, {
          threadId,
          signal: c.req.raw.signal,
          scope: body.scope,
          askedBy,
        }),
      );
    return streamSSE(c, async (stream) => {
      const controller = new AbortController();
      stream.onAbort(() => controller.abort());
      try {
        const result = await askWorkspace(ws, body.question, {
          threadId,
          scope: body.scope,
          askedBy,
          signal: controller.signal,
          onToken: (text) => void stream.writeSSE({ event: 'token', data: JSON.stringify({ text }) }),
        });
        await stream.writeSSE({ event: 'answer', data: JSON.stringify(result) });
      } catch (error) {
        await writeSseError(stream, error);
      }
    });
  });

  documentRoute({ method: 'get', path: `${W}/threads`, summary: "The workspace's conversations" });
  app.get('/workspaces/:slug/threads', async (c) => {
    const settings = await settingsOf(c.req.param('slug'));
    return c.json({ threads: await new ThreadStore(registry.dir(settings.slug)).list() });
  });

  documentRoute({ method: 'get', path: `${W}/threads/{id}`, summary: 'The turns of one conversation' });
  app.get('/workspaces/:slug/threads/:id', async (c) => {
    const settings = await settingsOf(c.req.param('slug'));
    const threads = new ThreadStore(registry.dir(settings.slug));
    const id = c.req.param('id');
    if (!(await threads.exists(id))) throw new QuireError('not-found', `No thread ${id}`);
    return c.json({ id, turns: await threads.turns(id) });
  });

  documentRoute({ method: 'delete', path: `${W}/threads/{id}`, summary: 'Delete a conversation' });
  app.delete('/workspaces/:slug/threads/:id', async (c) => {
    const settings = await settingsOf(c.req.param('slug'));
    const removed = await new ThreadStore(registry.dir(settings.slug)).remove(c.req.param('id'));
    if (!removed) throw new QuireError('not-found', `No thread ${c.req.param('id')}`);
    return c.json({ deleted: c.req.param('id') });
  });

  documentRoute({
    method: 'get',
    path: `${W}/audit`,
    summary: 'The last entries of the audit log (every answer given)',
    query: AuditQuery,
  });
  app.get('/workspaces/:slug/audit', validate('query', AuditQuery), async (c) => {
    const settings = await settingsOf(c.req.param('slug'));
    const all = await new AuditLog(registry.dir(settings.slug)).entries();
    const entries = all.slice(-c.req.valid('query').limit);
    return c.json({ entries });
  });

  documentRoute({
    method: 'post',
    path: `${W}/export`,
    summary: 'An evidence bundle (Markdown) for an answer',
    body: ExportBody,
    produces: 'text/markdown',
  });
  app.post('/workspaces/:slug/export', validate('json', ExportBody), async (c) => {
    const settings = await settingsOf(c.req.param('slug'));
    const body = c.req.valid('json');
    // Which emails an attachment came with is read from the index, not taken from the client.
    const ws = await service.get(settings.slug);
    const families = await ws.withIndex((store) => EmailFamilies.read(store));
    const input = {
      ...body,
      citations: body.citations.map((citation) => ({ ...citation, ...families.field(citation.documentId) })),
      workspace: settings.name,
      standaloneQuery: body.standaloneQuery ?? body.question,
      threadId: body.threadId ?? null,
    };
    const markdown = renderEvidenceBundle(
      await withRecordedAnswer(input, new AuditLog(registry.dir(settings.slug))),
    );
    return c.body(markdown, 200, {
      'content-type': 'text/markdown; charset=utf-8',
      'content-disposition': 'attachment; filename="quire-evidence.md"',
    });
  });

  app.route('/', folderRoutes(deps));
  return app;
}
