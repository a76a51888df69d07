import { createHash } from 'node:crypto';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApp, WorkspaceRegistry, WorkspaceService } from '@quire/server';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureManifest, writeDocumentFixtures } from '../fixtures/documents.ts';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { writeHeaderOnlyGguf, writeTinyEmbeddingModel } from '../fixtures/tiny-models.ts';
import { startLoopbackHub } from '../helpers/loopback-hub.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let app: Hono;
let service: WorkspaceService;
let manifest: FixtureManifest;

type Json = Record<string, unknown>;
const json = (method: string, body?: unknown) => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body),
});
async function call(path: string, init?: RequestInit): Promise<{ status: number; body: Json }> {
  const res = await app.request(path, init);
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? (JSON.parse(text) as Json) : { text } };
}
const errorCodeOf = (body: Json) => (body.error as { code?: string } | undefined)?.code;

const sharedModels = process.env.QUIRE_MODELS_DIR;

beforeAll(async () => {
  tmp = await tempDir();
  // Pulls land in a models folder of this test's own; the built-in model is shared (no rebuild).
  const models = join(tmp.path, 'models');
  await mkdir(models);
  if (sharedModels) {
    const { ensureBuiltinModel } = await import('@quire/models');
    const builtin = await ensureBuiltinModel(sharedModels);
    await symlink(builtin, join(models, builtin.split('/').at(-1) ?? 'builtin.gguf'));
  }
  process.env.QUIRE_MODELS_DIR = models;
  const home = join(tmp.path, 'home');
  manifest = await writeDocumentFixtures(join(tmp.path, 'matter'));
  const registry = new WorkspaceRegistry(home);
  service = new WorkspaceService(registry, { watch: false });
  app = createApp({ home, registry, service, webRoot: join(tmp.path, 'no-web') });
});
afterAll(async () => {
  process.env.QUIRE_MODELS_DIR = sharedModels;
  await service.close();
  await tmp.cleanup();
});

describe('workspace routes (in process)', () => {
  it('creates, reads, renames and lists workspaces, validating every body', async () => {
    const created = await call(
      '/api/workspaces',
      json('POST', { name: 'Acme Lease', folders: [manifest.dir] }),
    );
    expect(created.status).toBe(201);
    expect((created.body.workspace as Json).slug).toBe('acme-lease');
    await (await service.get('acme-lease')).exclusive(async () => undefined);
    const { syncWorkspace } = await import('@quire/server');
    await syncWorkspace(await service.get('acme-lease'));

    const one = await call('/api/workspaces/acme-lease');
    expect(one.status).toBe(200);
    expect((one.body.counts as Json).documents).toBeGreaterThan(2);

    const renamed = await call('/api/workspaces/acme-lease', json('PATCH', { name: 'Acme Lease 2024' }));
    expect((renamed.body.workspace as Json).name).toBe('Acme Lease 2024');
    const list = await call('/api/workspaces');
    expect((list.body.workspaces as Json[]).map((w) => w.slug)).toEqual(['acme-lease']);
    const defaults = await call('/api/workspace-defaults');
    expect(defaults.body).toEqual({
      retrieval: { passages: 6, refusalThreshold: 0.25, answerThreshold: 0.8 },
    });
    expect((one.body.workspace as Json).retrieval).toEqual(defaults.body.retrieval);

    expect((await call('/api/workspaces', json('POST', { name: '' }))).status).toBe(400);
    expect(errorCodeOf((await call('/api/workspaces', json('POST', { nope: 1 }))).body)).toBe(
      'invalid-request',
    );
    const malformed = await call('/api/workspaces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{bad',
    });
    expect(malformed.status).toBe(400);
    expect(errorCodeOf(malformed.body)).toBe('invalid-request');
    const unknownField = await call('/api/workspaces/acme-lease', json('PATCH', { folders: ['/etc'] }));
    expect(unknownField.status).toBe(400);
    const tooBig = await call('/api/workspaces', json('POST', { name: 'x'.repeat(2 * 1024 * 1024) }));
    expect(tooBig.status).toBe(413);
    expect(errorCodeOf(tooBig.body)).toBe('payload-too-large');
    const clash = await call('/api/workspaces', json('POST', { name: 'ACME LEASE' }));
    expect(clash.status).toBe(409);
    expect(errorCodeOf(clash.body)).toBe('conflict');
    expect((await call('/api/workspaces/no-such')).status).toBe(404);
    expect(errorCodeOf((await call('/api/workspaces/no-such')).body)).toBe('not-found');
  });

  it('attaches and detaches folders; a folder that does not exist is refused', async () => {
    const extra = join(tmp.path, 'extra');
    await mkdir(extra);
    await writeFile(join(extra, 'extra.pdf'), await simplePdf(['The extrafolderword clause.']));
    expect((await call('/api/workspaces/acme-lease/folders', json('POST', { path: extra }))).status).toBe(
      200,
    );
    const bad = await call(
      '/api/workspaces/acme-lease/folders',
      json('POST', { path: join(tmp.path, 'missing') }),
    );
    expect(bad.status).toBe(400);
    // Creating a workspace with a folder that does not exist creates nothing.
    const badCreate = await call(
      '/api/workspaces',
      json('POST', { name: 'Half made', folders: [extra, join(tmp.path, 'missing')] }),
    );
    expect(badCreate.status).toBe(400);
    expect(((await call('/api/workspaces')).body.workspaces as Json[]).map((w) => w.slug)).toEqual([
      'acme-lease',
    ]);
    const detached = await call('/api/workspaces/acme-lease/folders', json('DELETE', { path: extra }));
    expect(((detached.body.workspace as Json).folders as string[]).includes(extra)).toBe(false);
    expect((await call('/api/workspaces/acme-lease/folders', json('DELETE', { path: extra }))).status).toBe(
      404,
    );
  });

  it('lists documents with states, serves page text, searches, and reindexes one document', async () => {
    const docs = await call('/api/workspaces/acme-lease/documents');
    const rows = docs.body.documents as { path: string; state: string; documentId: string | null }[];
    expect(rows.some((r) => r.state === 'failed')).toBe(true);
    const indexed = rows.find((r) => r.path.endsWith('contract.pdf'));
    expect(indexed?.state).toBe('indexed');

    const page = await call(`/api/workspaces/acme-lease/documents/${indexed?.documentId}/pages/2`);
    expect(String(page.body.text)).toContain('quinterra');
    expect((await call(`/api/workspaces/acme-lease/documents/${indexed?.documentId}/pages/99`)).status).toBe(
      404,
    );
    expect(
      (await call(`/api/workspaces/acme-lease/documents/${indexed?.documentId}/pages/zero`)).status,
    ).toBe(400);

    const search = await call('/api/workspaces/acme-lease/search?q=velmorine&k=3');
    expect((search.body.hits as { page: number }[])[0]?.page).toBe(3);
    expect((await call('/api/workspaces/acme-lease/search?k=3')).status).toBe(400);
    expect((await call('/api/workspaces/acme-lease/search?q=x&k=0')).status).toBe(400);

    const reindex = await call(
      '/api/workspaces/acme-lease/documents/reindex',
      json('POST', { documentId: indexed?.documentId }),
    );
    expect(reindex.body.embedded).toBe(1);
    expect(
      (
        await call(
          '/api/workspaces/acme-lease/documents/reindex',
          json('POST', { documentId: 'f'.repeat(64) }),
        )
      ).status,
    ).toBe(404);
  });

  it('gives the viewer page layouts whose text is the indexed page text, and pdf.js data files', async () => {
    const rows = (await call('/api/workspaces/acme-lease/documents')).body.documents as {
      path: string;
      documentId: string | null;
    }[];
    const idOf = (name: string) => rows.find((r) => r.path.endsWith(name))?.documentId ?? '';
    const pdf = await call(`/api/workspaces/acme-lease/documents/${idOf('contract.pdf')}/layout?page=2`);
    expect(pdf.status).toBe(200);
    const stored = await call(`/api/workspaces/acme-lease/documents/${idOf('contract.pdf')}/pages/2`);
    expect(pdf.body).toMatchObject({ kind: 'pdf', page: 2, current: true, text: stored.body.text });
    const boxes = pdf.body.boxes as { start: number; end: number; x: number; y: number }[];
    const at = String(pdf.body.text).indexOf('quinterra');
    expect(boxes.some((b) => b.start <= at && at < b.end && b.x > 0 && b.y > 0)).toBe(true);

    const docx = await call(`/api/workspaces/acme-lease/documents/${idOf('notes.docx')}/layout`);
    expect(docx.body).toMatchObject({ kind: 'docx', page: 1, current: true });
    const blocks = docx.body.blocks as { start: number; end: number; text: string }[];
    for (const block of blocks) expect(String(docx.body.text).slice(block.start, block.end)).toBe(block.text);

    const base = `/api/workspaces/acme-lease/documents/${idOf('contract.pdf')}/layout`;
    expect((await call(`${base}?page=99`)).status).toBe(404);
    expect((await call(`${base}?page=0`)).status).toBe(400);
    expect((await call(`/api/workspaces/acme-lease/documents/${'f'.repeat(64)}/layout`)).status).toBe(404);
    expect((await call('/api/workspaces/acme-lease/documents/not-an-id/layout')).status).toBe(400);

    const font = await app.request('/api/pdfjs/standard_fonts/FoxitSerif.pfb');
    expect(font.status).toBe(200);
    expect((await font.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    expect((await app.request('/api/pdfjs/cmaps/Adobe-Japan1-UCS2.bcmap')).status).toBe(200);
    expect((await app.request('/api/pdfjs/cmaps/..%2Fpackage.json')).status).toBe(400);
    expect((await app.request('/api/pdfjs/elsewhere/FoxitSerif.pfb')).status).toBe(400);
    expect((await app.request('/api/pdfjs/standard_fonts/Nope.pfb')).status).toBe(404);
  });

  it('answers as JSON and as a Server-Sent Events stream, with threads, audit and export', async () => {
    const answer = await call(
      '/api/workspaces/acme-lease/ask',
      json('POST', { question: 'What is the deposit?', newThread: true }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.mode).toBe('extractive');
    expect((answer.body.citations as unknown[]).length).toBeGreaterThan(0);
    const threadId = String(answer.body.threadId);

    const res = await app.request(
      '/api/workspaces/acme-lease/ask',
      json('POST', { question: 'How much notice?', threadId, stream: true }),
    );
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await res.text();
    expect(events).toMatch(/event: answer\ndata: \{/);

    const threads = await call('/api/workspaces/acme-lease/threads');
    expect((threads.body.threads as Json[])[0]?.turns).toBe(2);
    expect(
      ((await call(`/api/workspaces/acme-lease/threads/${threadId}`)).body.turns as unknown[]).length,
    ).toBe(2);
    expect((await call('/api/workspaces/acme-lease/threads/unknown-thread')).status).toBe(404);
    expect((await call('/api/workspaces/acme-lease/threads/..%2f..%2fetc')).status).toBe(400);

    const audit = await call('/api/workspaces/acme-lease/audit?limit=5');
    expect((audit.body.entries as Json[]).at(-1)?.question).toBe('How much notice?');

    const exported = await app.request('/api/workspaces/acme-lease/export', json('POST', answer.body));
    expect(exported.headers.get('content-type')).toContain('text/markdown');
    expect(await exported.text()).toContain('What is the deposit?');
    expect((await call('/api/workspaces/acme-lease/export', json('POST', { question: 'x' }))).status).toBe(
      400,
    );

    expect((await call(`/api/workspaces/acme-lease/threads/${threadId}`, { method: 'DELETE' })).status).toBe(
      200,
    );
    expect((await call(`/api/workspaces/acme-lease/threads/${threadId}`, { method: 'DELETE' })).status).toBe(
      404,
    );
    expect((await call('/api/workspaces/acme-lease/ask', json('POST', { question: '' }))).status).toBe(400);
  });

  it('lists models, imports one, assigns it (re-embedding) and reports model errors', async () => {
    const models = await call('/api/models');
    expect((models.body.catalogue as unknown[]).length).toBeGreaterThan(5);
    const file = join(tmp.path, 'embed-64.gguf');
    await writeTinyEmbeddingModel(file, 64);
    const imported = await call('/api/models/import', json('POST', { path: file }));
    expect(imported.status).toBe(201);
    const id = String((imported.body.model as Json).id);
    const assigned = await call(
      '/api/workspaces/acme-lease/models',
      json('POST', { role: 'embedding', model: id }),
    );
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body.reembedded).toBeGreaterThan(3);
    const search = await call('/api/workspaces/acme-lease/search?q=tenant');
    expect(search.body.retrieval).toBe('hybrid');
    const notGguf = await call(
      '/api/models/import',
      json('POST', { path: join(manifest.dir, 'renamed.docx') }),
    );
    expect(notGguf.status).toBe(422);
    expect(errorCodeOf(notGguf.body)).toBe('model-invalid');
    const missing = await call('/api/models/import', json('POST', { path: join(tmp.path, 'absent.gguf') }));
    expect(errorCodeOf(missing.body)).toBe('model-missing');
    const unknown = await call(
      '/api/workspaces/acme-lease/models',
      json('POST', { role: 'chat', model: 'no-such-model' }),
    );
    expect(unknown.status).toBe(404);
    expect(
      (await call('/api/workspaces/acme-lease/models', json('POST', { role: 'summaries', model: id })))
        .status,
    ).toBe(400);
  });

  it('downloads a model with progress events, discovers, reports hardware and forgets models', async () => {
    const served = join(tmp.path, 'served.gguf');
    await writeTinyEmbeddingModel(served, 64, 11);
    const body = await readFile(served);
    const hub = await startLoopbackHub({
      body,
      linkedEtag: createHash('sha256').update(body).digest('hex'),
      chunkBytes: 8192,
      delayMs: 5,
    });
    try {
      const res = await app.request(
        '/api/models/pull',
        json('POST', { ref: `${hub.origin}/o/r/resolve/main/pulled-${Date.now()}.gguf` }),
      );
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const events = await res.text();
      expect(events).toMatch(/event: progress/);
      const done = /event: done\ndata: (.*)\n/.exec(events);
      const pulled = JSON.parse(done?.[1] ?? '{}') as { model: { id: string } };
      expect(pulled.model.id).toMatch(/pulled/);
      expect((await call(`/api/models/${pulled.model.id}`, { method: 'DELETE' })).status).toBe(200);
      expect(errorCodeOf((await call(`/api/models/${pulled.model.id}`, { method: 'DELETE' })).body)).toBe(
        'model-not-found',
      );
      hub.behaviour.status = 404;
      const missing = `${hub.origin}/o/r/resolve/main/missing.gguf`;
      const failed = await (await app.request('/api/models/pull', json('POST', { ref: missing }))).text();
      expect(failed).toMatch(/event: error/);
    } finally {
      await hub.close();
    }
    expect(Array.isArray((await call('/api/models/discover')).body.models)).toBe(true);
    expect(((await call('/api/models/hardware')).body.report as Json).totalRamBytes).toBeGreaterThan(0);
  });

  it('streams ingestion events while a document is re-indexed', async () => {
    const res = await app.request('/api/events');
    const reader = res.body?.getReader();
    if (!reader) throw new Error('no event stream');
    const docs = await call('/api/workspaces/acme-lease/documents');
    const row = (docs.body.documents as { state: string; documentId: string | null }[]).find(
      (d) => d.state === 'indexed',
    );
    const reindex = call(
      '/api/workspaces/acme-lease/documents/reindex',
      json('POST', { documentId: row?.documentId }),
    );
    let text = '';
    const decoder = new TextDecoder();
    while (!/event: progress/.test(text) || !/event: document/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    await reader.cancel();
    await reindex;
    expect(text).toMatch(/event: document\ndata: \{"type":"document"/);
    expect(text).toMatch(/event: progress/);
  });

  it('says when a model is too large for this machine', async () => {
    const huge = join(tmp.path, 'huge.gguf');
    await writeHeaderOnlyGguf(huge, 10_000_000);
    const patched = await call('/api/workspaces/acme-lease', json('PATCH', { chatModel: huge }));
    expect(patched.status).toBe(200);
    const answer = await call(
      '/api/workspaces/acme-lease/ask',
      json('POST', { question: 'What is the rent?' }),
    );
    expect(answer.status).toBe(422);
    expect(errorCodeOf(answer.body)).toBe('model-too-large');
    await call('/api/workspaces/acme-lease', json('PATCH', { chatModel: null }));
  });

  it('describes itself at /openapi.json and deletes a workspace without touching its files', async () => {
    const spec = await call('/openapi.json');
    const paths = Object.keys(spec.body.paths as Json);
    for (const p of [
      '/api/workspaces',
      '/api/workspace-defaults',
      '/api/workspaces/{slug}/ask',
      '/api/workspaces/{slug}/search',
      '/api/models/pull',
      '/api/events',
    ]) {
      expect(paths).toContain(p);
    }
    expect((await call('/api/workspaces/acme-lease', { method: 'DELETE' })).status).toBe(200);
    expect((await call('/api/workspaces/acme-lease')).status).toBe(404);
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(manifest.dir, 'contract.pdf'))).toBe(true);
  });
});

describe('workspaces cannot merge by accident; the folder picker (in process)', () => {
  const owners = (body: Json) => (body.error as { owners?: Json[] }).owners ?? [];
  const foldersOf = async (slug: string) =>
    ((await call(`/api/workspaces/${slug}`)).body.workspace as Json).folders as string[];
  let one: string;
  let two: string;

  beforeAll(async () => {
    one = join(tmp.path, 'clients', 'one');
    two = join(tmp.path, 'clients', 'two');
    await mkdir(join(one, 'letters', 'sent'), { recursive: true });
    await mkdir(join(one, '.hidden'));
    await writeFile(join(one, 'memo.pdf'), await simplePdf(['A memo.']));
    await mkdir(two, { recursive: true });
    await symlink('/etc', join(one, 'escape'));
    expect((await call('/api/workspaces', json('POST', { name: 'Client One', folders: [one] }))).status).toBe(
      201,
    );
  });

  it('refuses a workspace name that exists, naming it, and attaches nothing', async () => {
    for (const name of ['Client One', 'client one', 'CLIENT-ONE']) {
      const taken = await call('/api/workspaces', json('POST', { name, folders: [two] }));
      expect(taken.status).toBe(409);
      expect(errorCodeOf(taken.body)).toBe('conflict');
      const message = (taken.body.error as { message: string }).message;
      expect(message).toContain('"Client One"');
      expect(message).toContain('nothing was created');
      expect(message).toContain('Settings → Folders');
      expect(message).toContain('POST /api/workspaces/client-one/folders');
    }
    // Confirming does not turn a create into an attach.
    const confirmed = await call(
      '/api/workspaces',
      json('POST', { name: 'Client One', folders: [two], confirm: true }),
    );
    expect(confirmed.status).toBe(409);
    expect(await foldersOf('client-one')).toEqual([one]);
  });

  it('flags a folder another workspace reads (same, inside, containing) until the request confirms', async () => {
    const same = await call('/api/workspaces', json('POST', { name: 'Client Two', folders: [two, one] }));
    expect(same.status).toBe(409);
    expect(errorCodeOf(same.body)).toBe('conflict');
    expect((same.body.error as { message: string }).message).toContain(
      `${one} is already a folder of the workspace "Client One"`,
    );
    expect(owners(same.body)).toEqual([
      { path: one, workspace: { slug: 'client-one', name: 'Client One' }, folder: one, relation: 'same' },
    ]);
    expect(
      ((await call('/api/workspaces')).body.workspaces as Json[]).some((w) => w.slug === 'client-two'),
    ).toBe(false);
    expect((await call('/api/workspaces', json('POST', { name: 'Client Two', folders: [two] }))).status).toBe(
      201,
    );

    const inside = await call(
      '/api/workspaces/client-two/folders',
      json('POST', { path: join(one, 'letters') }),
    );
    expect(inside.status).toBe(409);
    expect(owners(inside.body)[0]).toMatchObject({ relation: 'parent', folder: one });
    const containing = await call(
      '/api/workspaces/client-two/folders',
      json('POST', { path: join(tmp.path, 'clients') }),
    );
    expect(containing.status).toBe(409);
    expect(owners(containing.body).map((o) => [o.relation, (o.workspace as Json).name])).toEqual([
      ['child', 'Client One'],
    ]);
    expect(await foldersOf('client-two')).toEqual([two]);
    const badConfirm = await call(
      '/api/workspaces/client-two/folders',
      json('POST', { path: join(one, 'letters'), confirm: 'yes' }),
    );
    expect(badConfirm.status).toBe(400);
    expect(errorCodeOf(badConfirm.body)).toBe('invalid-request');

    const confirmed = await call(
      '/api/workspaces/client-two/folders',
      json('POST', { path: join(one, 'letters'), confirm: true }),
    );
    expect(confirmed.status).toBe(200);
    expect(await foldersOf('client-two')).toEqual([two, join(one, 'letters')]);
    // A workspace's own folder is not "another workspace's".
    expect((await call('/api/workspaces/client-two/folders', json('POST', { path: two }))).status).toBe(200);
  });

  it('lists subfolders (names only) from the home folder or an attached folder, and nothing else', async () => {
    const { homedir } = await import('node:os');
    const { realpath } = await import('node:fs/promises');
    const start = await call('/api/folders');
    expect(start.status).toBe(200);
    expect(start.body.path).toBe(await realpath(homedir()));
    expect(start.body.home).toBe(start.body.path);

    const listed = await call(`/api/folders?path=${encodeURIComponent(one)}`);
    expect(listed.status).toBe(200);
    // Only directories: no files, no hidden folders, no symbolic links.
    expect(listed.body.folders).toEqual([
      { name: 'letters', path: join(one, 'letters'), workspaces: ['Client Two'] },
    ]);
    expect(listed.body.parent).toBeNull();
    expect(listed.body.truncated).toBe(false);
    const down = await call(`/api/folders?path=${encodeURIComponent(join(one, 'letters'))}`);
    expect(down.body).toMatchObject({
      parent: join(one, 'letters').replace(/\/letters$/, ''),
      path: join(one, 'letters'),
    });
    expect((down.body.folders as Json[]).map((f) => f.name)).toEqual(['sent']);

    for (const outside of [
      `${one}/../two`,
      `${one}/%2e%2e/two`,
      `${one}/escape`,
      'clients/one',
      '/etc',
      join(tmp.path, 'clients'),
    ]) {
      const refused = await call(`/api/folders?path=${encodeURIComponent(outside)}`);
      expect(refused.status, outside).toBe(403);
      expect(errorCodeOf(refused.body)).toBe('forbidden-path');
    }
    expect((await call(`/api/folders?path=${encodeURIComponent(join(one, 'nope'))}`)).status).toBe(404);
    const empty = await call('/api/folders?path=');
    expect(empty.status).toBe(400);
    expect(errorCodeOf(empty.body)).toBe('invalid-request');
  });

  it('never lists nor offers Quire’s own data home', async () => {
    // The folder holding the data home is attached, so it may be browsed, but the data home may not.
    const attached = await call(
      '/api/workspaces/client-two/folders',
      json('POST', { path: tmp.path, confirm: true }),
    );
    expect(attached.status).toBe(200);
    const above = await call(`/api/folders?path=${encodeURIComponent(tmp.path)}`);
    expect(above.status).toBe(200);
    const names = (above.body.folders as Json[]).map((f) => f.name);
    expect(names).toContain('clients');
    expect(names).not.toContain('home');
    expect(names).not.toContain('models');
    for (const inside of [join(tmp.path, 'home'), join(tmp.path, 'home', 'client-one')]) {
      const refused = await call(`/api/folders?path=${encodeURIComponent(inside)}`);
      expect(refused.status).toBe(403);
      expect((refused.body.error as { message: string }).message).toContain("Quire's own data folder");
    }
    await call('/api/workspaces/client-two/folders', json('DELETE', { path: tmp.path }));
  });

  it('lists the OCR languages installed and refuses others in plain words, naming those available', async () => {
    const languages = await call('/api/ocr-languages');
    expect(languages.status).toBe(200);
    expect(languages.body.languages).toContainEqual({ code: 'eng', name: 'English' });
    expect((languages.body.languages as Json[]).some((l) => l.code === 'osd')).toBe(false);
    const refused = await call(
      '/api/workspaces/client-one',
      json('PATCH', { ocr: { enabled: true, languages: ['eng', 'zul'] } }),
    );
    expect(refused.status).toBe(400);
    const message = (refused.body.error as { message: string }).message;
    expect(message).toContain('OCR cannot read "zul": that language is not installed on this computer');
    expect(message).toContain('English (eng)');
    expect(message).not.toMatch(/npm/);

    const spec = await call('/openapi.json');
    const paths = spec.body.paths as Record<string, Json>;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/api/folders', '/api/ocr-languages']));
    const attach = JSON.stringify(paths['/api/workspaces/{slug}/folders']?.post);
    expect(attach).toContain('"confirm"');
  });
});
