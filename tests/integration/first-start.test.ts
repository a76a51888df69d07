// A new install: `quire serve` on a fresh data home whose models folder has no built-in model. The
// server generates the model at once, with no workspace yet; the first file dropped into a watched
// folder then becomes searchable without waiting for (or triggering) a build, and so does the second;
// the model is loaded once, by the warm-up, and the workspace shares that load.
import { mkdir, readdir, realpath, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILTIN_MODEL_FILE, ggufModelsInUse } from '@quire/models';
import { type ModelBuildEvent, type ServerEvent, startServer } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { tempDir } from '../helpers/temp.ts';

type Server = Awaited<ReturnType<typeof startServer>>;

/**
 * The server's event stream (`GET /api/events`) read as it comes; `next` waits for an event that matches,
 * the first one from `seen[from]` on.
 */
function openEvents(url: string) {
  const controller = new AbortController();
  const seen: ServerEvent[] = [];
  const waiters: { match: (e: ServerEvent) => boolean; resolve: (e: ServerEvent) => void }[] = [];
  const offer = (event: ServerEvent) => {
    seen.push(event);
    for (const w of [...waiters]) {
      if (!w.match(event)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(event);
    }
  };
  const reading = (async () => {
    const res = await fetch(`${url}/api/events`, { signal: controller.signal });
    const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader();
    if (!reader) throw new Error('no event stream');
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
        buffer = buffer.slice(end + 2);
        const event = data ? (JSON.parse(data) as Partial<ServerEvent>) : {};
        if (event.type) offer(event as ServerEvent);
      }
    }
  })().catch(() => undefined);
  return {
    seen,
    next: (match: (e: ServerEvent) => boolean, from = 0) =>
      new Promise<ServerEvent>((resolve) => {
        const already = seen.slice(from).find(match);
        if (already) resolve(already);
        else waiters.push({ match, resolve });
      }),
    close: async () => {
      controller.abort();
      await reading;
    },
  };
}

const isBuild = (e: ServerEvent): e is ModelBuildEvent => e.type === 'model-build';

let tmp: { path: string; cleanup: () => Promise<void> };
let server: Server;
let serverClosed = false;
let events: ReturnType<typeof openEvents>;
const builds: ModelBuildEvent[] = [];
const sharedModels = process.env.QUIRE_MODELS_DIR;
let models: string;
let inbox: string;

beforeAll(async () => {
  tmp = await tempDir('quire-first-start-');
  // A fresh install: no shared models folder, so the models live in `<home>/models`, empty.
  delete process.env.QUIRE_MODELS_DIR;
  const home = join(tmp.path, 'home');
  models = join(home, 'models');
  inbox = join(tmp.path, 'Inbox');
  await mkdir(inbox);
  server = await startServer({
    home,
    port: 0,
    webRoot: join(tmp.path, 'no-web'),
    warmBuiltin: true,
    onModelBuild: (event) => builds.push(event),
  });
  events = openEvents(server.url);
});

afterAll(async () => {
  process.env.QUIRE_MODELS_DIR = sharedModels;
  await events?.close();
  if (!serverClosed) await server?.close();
  await tmp.cleanup();
});

/**
 * Drops a PDF into the watched folder; resolves with its `indexed` (or `failed`) event once the sync run
 * that read it has finished (its index written: searchable).
 */
async function drop(name: string, text: string): Promise<ServerEvent> {
  const from = events.seen.length;
  const settled = events.next(
    (e) => e.type === 'document' && e.path.endsWith(name) && (e.state === 'indexed' || e.state === 'failed'),
    from,
  );
  await writeFile(join(inbox, name), await simplePdf([text]));
  const event = await settled;
  await events.next((e) => e.type === 'progress' && e.finished, events.seen.indexOf(event));
  return event;
}

async function search(q: string): Promise<{ retrieval: string; hits: { path: string }[] }> {
  const res = await fetch(`${server.url}/api/workspaces/inbox/search?q=${encodeURIComponent(q)}&k=3`);
  expect(res.status).toBe(200);
  return (await res.json()) as { retrieval: string; hits: { path: string }[] };
}

describe('first start of a new install (quire serve, fresh data home)', () => {
  it('generates the built-in model at start, with no workspace, and says so on the event stream', async () => {
    const workspaces = (await (await fetch(`${server.url}/api/workspaces`)).json()) as { workspaces: [] };
    expect(workspaces.workspaces).toEqual([]);
    const ready = await events.next((e) => isBuild(e) && e.state !== 'building');
    expect(ready).toMatchObject({ type: 'model-build', model: 'builtin', state: 'ready', share: 1 });
    await server.modelBuild.start();
    // One build, reported as it went: it started (share 0), progressed, and was ready.
    expect(builds.filter((e) => e.state === 'building' && e.share === 0)).toHaveLength(1);
    expect(builds.at(-1)).toMatchObject({ state: 'ready', share: 1 });
    const shares = builds.map((e) => e.share ?? 0);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    expect(await readdir(models)).toEqual([BUILTIN_MODEL_FILE]);
    const overview = (await (await fetch(`${server.url}/api/models`)).json()) as {
      builtin: { built: boolean; building: boolean };
    };
    expect(overview.builtin).toMatchObject({ built: true, building: false });
    // Loaded too (llama.cpp initialised), and held by the warm-up for the server's life.
    const path = await realpath(join(models, BUILTIN_MODEL_FILE));
    expect(ggufModelsInUse()).toEqual([{ path, holders: 1 }]);
  });

  it('indexes the first file dropped into a new watched folder without building the model again, then the second', async () => {
    const model = await stat(join(models, BUILTIN_MODEL_FILE));
    const buildEvents = builds.length;
    const created = await fetch(`${server.url}/api/workspaces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Inbox', folders: [inbox] }),
    });
    expect(created.status).toBe(201);

    const first = await drop('first.pdf', 'The tenant must give ninety days written notice.');
    expect(first).toMatchObject({ state: 'indexed' });
    const one = await search('how much notice must the tenant give');
    expect(one.retrieval).toBe('hybrid');
    expect(one.hits[0]?.path).toBe(join(inbox, 'first.pdf'));

    const second = await drop('second.pdf', 'The landlord repairs the boiler every winter.');
    expect(second).toMatchObject({ state: 'indexed' });
    const two = await search('who repairs the boiler');
    expect(two.hits[0]?.path).toBe(join(inbox, 'second.pdf'));

    // Neither file built the model: no build event since, and the file is the one the warm-up wrote.
    expect(builds).toHaveLength(buildEvents);
    const after = await stat(join(models, BUILTIN_MODEL_FILE));
    expect({ ino: after.ino, mtimeMs: after.mtimeMs }).toEqual({ ino: model.ino, mtimeMs: model.mtimeMs });
    expect(await readdir(models)).toEqual([BUILTIN_MODEL_FILE]);
    // One load of the model in the process: the workspace's embedder shares the warm-up's.
    expect(ggufModelsInUse()).toEqual([
      { path: await realpath(join(models, BUILTIN_MODEL_FILE)), holders: 2 },
    ]);
  });

  it('releases the model when the server closes', async () => {
    await events.close();
    await server.close();
    serverClosed = true;
    expect(ggufModelsInUse()).toEqual([]);
  });
});
