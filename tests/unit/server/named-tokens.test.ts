// The named-token store (tokens.json: only sha256 hashes, mode 0600, slug names) and the two middlewares
// that identify a caller and limit what a named token may do, on a remote and on a loopback server.
import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addToken,
  askedByOf,
  callerOf,
  findToken,
  identifyCaller,
  limitNamedTokens,
  listTokens,
  removeToken,
  tokensPath,
} from '../../../apps/server/src/api/named-tokens.ts';
import { errorCode } from '../../../apps/server/src/errors.ts';
import { ERROR_STATUS } from '../../../apps/server/src/server.ts';
import { tempDir } from '../../helpers/temp.ts';

const OWNER_TOKEN = 'f'.repeat(64);
let tmp: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  tmp = await tempDir();
});
afterEach(() => tmp.cleanup());

describe('token store', () => {
  it('keeps only the sha256 of each token, in a file of mode 0600', async () => {
    const { token, entry } = await addToken(tmp.path, 'alice', ['alpha', 'bravo']);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(entry).toEqual({
      name: 'alice',
      workspaces: ['alpha', 'bravo'],
      created: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      sha256: createHash('sha256').update(token).digest('hex'),
    });
    const text = await readFile(tokensPath(tmp.path), 'utf8');
    expect(text).not.toContain(token);
    if (process.platform !== 'win32') expect((await stat(tokensPath(tmp.path))).mode & 0o777).toBe(0o600);
    expect(await findToken(tmp.path, token)).toEqual(entry);
    expect(await findToken(tmp.path, 'a'.repeat(64))).toBeNull();
    expect(await findToken(tmp.path, '')).toBeNull();
  });

  it('gives each token its own secret, lists them, and removes one', async () => {
    const a = await addToken(tmp.path, 'alice', ['alpha']);
    const b = await addToken(tmp.path, 'bob-2', '*');
    expect(a.token).not.toBe(b.token);
    expect((await listTokens(tmp.path)).map((t) => t.name)).toEqual(['alice', 'bob-2']);
    expect((await findToken(tmp.path, b.token))?.workspaces).toBe('*');
    expect((await removeToken(tmp.path, 'alice')).name).toBe('alice');
    expect(await findToken(tmp.path, a.token)).toBeNull();
    expect((await listTokens(tmp.path)).map((t) => t.name)).toEqual(['bob-2']);
    await expect(removeToken(tmp.path, 'alice')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('refuses bad, reserved and taken names, and an empty workspace list', async () => {
    for (const name of ['Alice', 'a b', '-a', '', 'x'.repeat(33), 'owner', '../etc']) {
      await expect(addToken(tmp.path, name, ['alpha']), name).rejects.toMatchObject({
        code: 'invalid-request',
      });
    }
    await addToken(tmp.path, 'alice', ['alpha']);
    await expect(addToken(tmp.path, 'alice', ['bravo'])).rejects.toMatchObject({ code: 'conflict' });
    await expect(addToken(tmp.path, 'carol', [])).rejects.toMatchObject({ code: 'invalid-request' });
    expect(await listTokens(tmp.path)).toHaveLength(1);
  });

  it('has no tokens before the first, and refuses a tokens.json that is not its shape', async () => {
    expect(await listTokens(tmp.path)).toEqual([]);
    await writeFile(tokensPath(tmp.path), '{ nope');
    await expect(listTokens(tmp.path)).rejects.toMatchObject({ code: 'invalid-request' });
    await writeFile(tokensPath(tmp.path), '[]');
    await expect(listTokens(tmp.path)).rejects.toMatchObject({ code: 'invalid-request' });
  });
});

describe('caller middlewares', () => {
  const appOf = (remote: boolean) => {
    const app = new Hono();
    app.onError((error, c) => {
      const code = errorCode(error);
      return c.json({ error: { code } }, code ? ERROR_STATUS[code] : 500);
    });
    app.use('*', identifyCaller({ home: tmp.path, token: OWNER_TOKEN, remote }));
    app.use('/api/*', limitNamedTokens());
    const who = (c: Parameters<typeof callerOf>[0]) => c.json({ askedBy: askedByOf(callerOf(c)) });
    app.get('/api/workspaces', who);
    app.post('/api/workspaces', who);
    app.get('/api/workspaces/:slug/documents', who);
    app.post('/api/workspaces/:slug/ask', who);
    app.delete('/api/workspaces/:slug/threads/:id', who);
    app.get('/api/folders', who);
    app.get('/v1/models', who);
    return app;
  };
  const request = (app: Hono, method: string, path: string, token?: string) =>
    app.request(path, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('on a remote server: owner, named or refused', async () => {
    const { token } = await addToken(tmp.path, 'alice', ['alpha']);
    const app = appOf(true);
    expect((await request(app, 'GET', '/api/workspaces')).status).toBe(401);
    expect((await request(app, 'GET', '/api/workspaces', 'b'.repeat(64))).status).toBe(401);
    const owner = await request(app, 'POST', '/api/workspaces', OWNER_TOKEN);
    expect(await owner.json()).toEqual({ askedBy: 'owner' });
    const named = await request(app, 'POST', '/api/workspaces/alpha/ask', token);
    expect(await named.json()).toEqual({ askedBy: 'alice' });
    const cookie = await app.request('/api/workspaces/alpha/documents', {
      headers: { cookie: `quire_token=${token}` },
    });
    expect(await cookie.json()).toEqual({ askedBy: 'alice' });
  });

  it('limits a named token: other workspaces 404 (whatever the method), owner routes 403', async () => {
    const { token } = await addToken(tmp.path, 'alice', ['alpha']);
    const app = appOf(true);
    const cases: [string, string, number][] = [
      ['GET', '/api/workspaces', 200],
      ['GET', '/api/workspaces/alpha/documents', 200],
      ['GET', '/api/workspaces/Alpha/documents', 200],
      ['POST', '/api/workspaces/alpha/ask', 200],
      ['GET', '/v1/models', 200],
      ['GET', '/api/workspaces/bravo/documents', 404],
      ['POST', '/api/workspaces/bravo/ask', 404],
      ['DELETE', '/api/workspaces/bravo/threads/t1', 404],
      // Percent-encoded names are decoded before the check, as the routes decode them.
      ['GET', '/api/workspaces/%61lpha/documents', 200],
      ['GET', '/api/workspaces/%62ravo/documents', 404],
      ['GET', '/api/workspaces/%E0/documents', 404],
      ['POST', '/api/workspaces', 403],
      ['DELETE', '/api/workspaces/alpha/threads/t1', 403],
      ['GET', '/api/folders', 403],
    ];
    for (const [method, path, status] of cases) {
      const res = await request(app, method, path, token);
      expect(res.status, `${method} ${path}`).toBe(status);
    }
    expect(await (await request(app, 'GET', '/api/folders', token)).json()).toEqual({
      error: { code: 'forbidden' },
    });
  });

  it('on loopback: no token is needed, an unknown one is ignored, a named one still limits', async () => {
    const { token } = await addToken(tmp.path, 'alice', ['alpha']);
    const app = appOf(false);
    expect(await (await request(app, 'POST', '/api/workspaces')).json()).toEqual({ askedBy: null });
    // An OpenAI client's placeholder key.
    const placeholder = await request(app, 'GET', '/api/workspaces/bravo/documents', 'sk-unused');
    expect(await placeholder.json()).toEqual({ askedBy: null });
    expect((await request(app, 'GET', '/api/workspaces/bravo/documents', token)).status).toBe(404);
    expect((await request(app, 'POST', '/api/workspaces', token)).status).toBe(403);
    expect(await (await request(app, 'GET', '/api/workspaces', OWNER_TOKEN)).json()).toEqual({
      askedBy: 'owner',
    });
  });
});
