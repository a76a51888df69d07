// Per-person access (issue 20): a named token, made with `quire tokens add`, sees only its workspaces
// over the HTTP API, the event stream and the OpenAI endpoint of a real remote server, and its name is
// in the audit log of what it asked. The owner's token keeps full access; a removed token is refused.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OpenWorkspace, startServer, syncWorkspace, WorkspaceRegistry } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../apps/server/src/audit-log.ts';
import { quireJsonInProcess, runQuireInProcess } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const FACTS: Record<string, string> = {
  Alpha: 'The security deposit for the Alpha lease is two thousand dollars, paid on signing.',
  Bravo: 'The Bravo supplier delivers the turbines within ninety days of the order.',
  Charlie: 'The Charlie settlement pays the plaintiff four hundred thousand dollars.',
};

let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;
let server: Awaited<ReturnType<typeof startServer>>;
let base: string;
let ownerToken: string;
let readerToken: string;

const call = (token: string, path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
const post = (token: string, path: string, body: unknown) =>
  call(token, path, { method: 'POST', body: JSON.stringify(body) });
const codeOf = async (res: Response) => ((await res.json()) as { error?: { code?: string } }).error?.code;

beforeAll(async () => {
  tmp = await tempDir();
  home = join(tmp.path, 'home');
  const registry = new WorkspaceRegistry(home);
  for (const [name, text] of Object.entries(FACTS)) {
    const folder = join(tmp.path, name);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, `${name.toLowerCase()}-notes.txt`), `${text}\n`);
    let settings = await registry.create(name);
    settings = await registry.addFolder(settings, folder);
    // Full text only: no embedding model to build, the answers are extractive.
    await registry.update(settings, { embeddingModel: null });
    const ws = await OpenWorkspace.open(registry, settings.slug);
    try {
      await syncWorkspace(ws);
    } finally {
      await ws.close();
    }
  }
  const added = await quireJsonInProcess<{ name: string; workspaces: string[]; token: string }>(home, [
    'tokens',
    'add',
    'ab-reader',
    '--workspaces',
    'Alpha,bravo',
  ]);
  expect(added).toMatchObject({ name: 'ab-reader', workspaces: ['alpha', 'bravo'] });
  readerToken = added.token;
  server = await startServer({
    home,
    host: '0.0.0.0',
    allowRemote: true,
    port: 0,
    watch: false,
    warmBuiltin: false,
  });
  base = `http://127.0.0.1:${server.port}`;
  ownerToken = (JSON.parse(await readFile(join(home, 'quire.json'), 'utf8')) as { accessToken: string })
    .accessToken;
});

afterAll(async () => {
  await server?.close();
  await tmp.cleanup();
});

describe('a named token over a remote server', () => {
  it('lists only its workspaces; the owner sees all', async () => {
    const slugs = async (token: string) =>
      ((await (await call(token, '/api/workspaces')).json()) as { workspaces: { slug: string }[] }).workspaces
        .map((w) => w.slug)
        .sort();
    expect(await slugs(readerToken)).toEqual(['alpha', 'bravo']);
    expect(await slugs(ownerToken)).toEqual(['alpha', 'bravo', 'charlie']);
  });

  it('reads and asks its workspaces, and gets 404 for every route of another one', async () => {
    expect((await call(readerToken, '/api/workspaces/alpha/documents')).status).toBe(200);
    const search = await call(readerToken, '/api/workspaces/bravo/search?q=turbines');
    expect(search.status).toBe(200);
    expect(JSON.stringify(await search.json())).toContain('bravo-notes.txt');

    const other: [string, RequestInit?][] = [
      ['/api/workspaces/charlie'],
      ['/api/workspaces/Charlie/documents'],
      ['/api/workspaces/charlie/search?q=settlement'],
      ['/api/workspaces/charlie/timeline'],
      ['/api/workspaces/charlie/audit'],
      ['/api/workspaces/charlie/ask', { method: 'POST', body: JSON.stringify({ question: 'How much?' }) }],
      ['/api/workspaces/charlie', { method: 'DELETE' }],
    ];
    for (const [path, init] of other) {
      const res = await call(readerToken, path, init);
      expect(res.status, path).toBe(404);
      const body = await res.text();
      expect(body, path).toContain('not-found');
      // Not a word of what the workspace holds.
      expect(body, path).not.toContain('settlement');
    }
    // The owner reaches the same workspace.
    expect((await call(ownerToken, '/api/workspaces/charlie/documents')).status).toBe(200);
  });

  it('is refused (403 forbidden) what only the owner may do', async () => {
    const owners: [string, string, unknown?][] = [
      ['POST', '/api/workspaces', { name: 'Delta' }],
      ['PATCH', '/api/workspaces/alpha', { name: 'Renamed' }],
      ['DELETE', '/api/workspaces/alpha'],
      ['POST', '/api/workspaces/alpha/folders', { path: tmp.path }],
      ['POST', '/api/workspaces/alpha/documents/reindex', { documentId: '0'.repeat(64) }],
      ['POST', '/api/workspaces/alpha/documents/erase', { documentId: '0'.repeat(64) }],
      ['POST', '/api/workspaces/alpha/models', { role: 'chat', model: null }],
      ['GET', `/api/folders?path=${encodeURIComponent(tmp.path)}`],
      ['POST', '/api/models/pull', { model: 'x' }],
      ['GET', '/api/models/hardware'],
    ];
    for (const [method, path, body] of owners) {
      const res = await call(readerToken, path, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(await codeOf(res), `${method} ${path}`).toBe('forbidden');
    }
    // Nothing changed: alpha is still there under its name.
    const alpha = (await (await call(ownerToken, '/api/workspaces/alpha')).json()) as {
      workspace: { name: string };
    };
    expect(alpha.workspace.name).toBe('Alpha');
  });

  it('sees only its workspaces as /v1 models and cannot chat with another', async () => {
    const models = (await (await call(readerToken, '/v1/models')).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id).sort()).toEqual(['quire:alpha', 'quire:bravo']);
    expect((await call(readerToken, '/v1/models/quire:charlie')).status).toBe(404);
    const ownerModels = (await (await call(ownerToken, '/v1/models')).json()) as { data: unknown[] };
    expect(ownerModels.data).toHaveLength(3);

    const chat = (model: string, token = readerToken) =>
      post(token, '/v1/chat/completions', {
        model,
        messages: [{ role: 'user', content: 'How much is the security deposit?' }],
      });
    const refused = await chat('quire:charlie');
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain('model_not_found');
    const answered = await chat('quire:alpha');
    expect(answered.status).toBe(200);
    const body = (await answered.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content).toContain('two thousand dollars');
  });

  it("records the token's name as askedBy in the audit log (and owner for the owner's token)", async () => {
    const asked = await post(readerToken, '/api/workspaces/alpha/ask', {
      question: 'How much is the security deposit?',
    });
    expect(asked.status).toBe(200);
    expect((await asked.json()) as { answer: string }).toMatchObject({
      answer: expect.stringContaining('two thousand'),
    });
    const byOwner = await post(ownerToken, '/api/workspaces/charlie/ask', {
      question: 'What does the settlement pay?',
    });
    expect(byOwner.status).toBe(200);

    const alpha = await new AuditLog(join(home, 'alpha')).entries();
    const mine = alpha.filter((e) => e.askedBy === 'ab-reader');
    // The chat completion of the test above and this ask.
    expect(mine.map((e) => e.question)).toEqual([
      'How much is the security deposit?',
      'How much is the security deposit?',
    ]);
    expect(alpha.every((e) => e.askedBy === 'ab-reader')).toBe(true);
    const charlie = await new AuditLog(join(home, 'charlie')).entries();
    expect(charlie.map((e) => e.askedBy)).toEqual(['owner']);
    // Over the API too, for the token's own workspace.
    const entries = (await (await call(readerToken, '/api/workspaces/alpha/audit')).json()) as {
      entries: { askedBy?: string }[];
    };
    expect(entries.entries.at(-1)?.askedBy).toBe('ab-reader');
  });

  it("streams only its workspaces' ingest events", async () => {
    const events = await call(readerToken, '/api/events');
    expect(events.status).toBe(200);
    const reader = events.body?.getReader();
    if (!reader) throw new Error('no event stream');
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: ready')) text += decoder.decode((await reader.read()).value);
    // Charlie is synced first, then Alpha: a leak of Charlie's events would be read before Alpha's.
    await server.service.sync('charlie', { paths: [join(tmp.path, 'Charlie', 'charlie-notes.txt')] });
    await server.service.sync('alpha', { paths: [join(tmp.path, 'Alpha', 'alpha-notes.txt')] });
    while (!/"workspace":"alpha"[^\n]*"finished":true/.test(text))
      text += decoder.decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toContain('"workspace":"alpha"');
    expect(text).not.toContain('charlie');
  });

  it('is refused (401) once removed, and lists never show a token', async () => {
    const listed = await quireJsonInProcess<{ tokens: Record<string, unknown>[] }>(home, ['tokens', 'list']);
    expect(listed.tokens).toEqual([
      { name: 'ab-reader', workspaces: ['alpha', 'bravo'], created: expect.any(String) },
    ]);
    expect(JSON.stringify(listed)).not.toContain(readerToken);
    expect(await readFile(join(home, 'tokens.json'), 'utf8')).not.toContain(readerToken);

    const removed = await quireJsonInProcess<{ removed: { name: string } }>(home, [
      'tokens',
      'rm',
      'ab-reader',
    ]);
    expect(removed.removed.name).toBe('ab-reader');
    const refused = await call(readerToken, '/api/workspaces');
    expect(refused.status).toBe(401);
    expect(await codeOf(refused)).toBe('unauthorized');
    expect((await call(readerToken, '/v1/models')).status).toBe(401);
    expect((await call(ownerToken, '/api/workspaces')).status).toBe(200);
  });

  it('refuses a token for a workspace that does not exist, and a bad name', async () => {
    const missing = await runQuireInProcess(home, ['tokens', 'add', 'zed', '--workspaces', 'nowhere']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('[not-found]');
    const badName = await runQuireInProcess(home, ['tokens', 'add', 'Bad Name', '--all']);
    expect(badName.code).toBe(1);
    expect(badName.stderr).toContain('[invalid-request]');
    const all = await quireJsonInProcess<{ workspaces: string }>(home, [
      'tokens',
      'add',
      'everyone',
      '--all',
    ]);
    expect(all.workspaces).toBe('*');
  });
});
