import { mkdir, readFile, realpath, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OpenWorkspace, syncWorkspace, WorkspaceRegistry, WorkspaceService } from '@quire/server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAccessToken } from '../../apps/server/src/api/access-token.ts';
import { fileRoutes } from '../../apps/server/src/api/file-routes.ts';
import { resolveInsideFolders } from '../../apps/server/src/api/path-guard.ts';
import {
  bodyLimitJson,
  checkBindAddress,
  requireBearer,
  requireLoopbackHost,
  uiCors,
} from '../../apps/server/src/api/security.ts';
import { errorCode } from '../../apps/server/src/errors.ts';
import { writeDocumentFixtures } from '../fixtures/documents.ts';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { tempDir } from '../helpers/temp.ts';

// The lead's code → status map, plus the 413 entry this issue asks for.
const STATUS: Record<string, 400 | 401 | 403 | 404 | 409 | 413 | 422 | 500> = {
  'not-found': 404,
  'invalid-request': 400,
  unauthorized: 401,
  'forbidden-path': 403,
  conflict: 409,
  'payload-too-large': 413,
};

function withErrors(app: Hono): Hono {
  app.onError((error, c) => {
    const code = errorCode(error) ?? 'internal';
    return c.json({ error: { code, message: error.message } }, STATUS[code] ?? 500);
  });
  return app;
}

interface ErrorBody {
  error?: { code?: string; message?: string };
}
async function errorOf(res: Response): Promise<string | undefined> {
  const body: ErrorBody = await res.json();
  return body.error?.code;
}

let tmp: { path: string; cleanup: () => Promise<void> };
let service: WorkspaceService;
let app: Hono;
let data: string;
let matter: string;
let other: string;

beforeAll(async () => {
  tmp = await tempDir();
  data = join(await realpath(tmp.path), 'data');
  matter = join(data, 'matter');
  other = join(data, 'other');
  const outside = join(data, 'outside');
  await writeDocumentFixtures(matter);
  await mkdir(join(matter, 'subdir'), { recursive: true });
  await mkdir(join(matter, 'dir.pdf'));
  await writeFile(join(matter, 'subdir', 'inner.pdf'), await simplePdf(['Inner file']));
  await writeFile(join(matter, '100%.pdf'), await simplePdf(['Percent file']));
  await writeFile(join(matter, 'a%20b.pdf'), await simplePdf(['Encoded-looking name']));
  await writeFile(join(matter, '.hidden.pdf'), await simplePdf(['Hidden file']));
  await writeFile(join(matter, 'setup.exe'), 'MZ not a document\n');
  await mkdir(outside, { recursive: true });
  await writeFile(join(outside, 'secret.pdf'), await simplePdf(['Outside secret']));
  await mkdir(join(data, 'matter-evil'), { recursive: true });
  await writeFile(join(data, 'matter-evil', 'evil.pdf'), await simplePdf(['Sibling folder']));
  await mkdir(other, { recursive: true });
  await writeFile(join(other, 'other.pdf'), await simplePdf(['Only in the other workspace']));

  const home = join(tmp.path, 'home');
  const registry = new WorkspaceRegistry(home);
  for (const [name, folder] of [
    ['Matter', matter],
    ['Other', other],
  ] as const) {
    const created = await registry.create(name);
    const settings = await registry.update(created, { embeddingModel: null });
    await registry.addFolder(settings, folder);
    const ws = await OpenWorkspace.open(registry, name);
    try {
      await syncWorkspace(ws);
    } finally {
      await ws.close();
    }
  }
  // Symbolic links are made after indexing: they are attacks on the file route, not index content.
  await symlink(join(outside, 'secret.pdf'), join(matter, 'link-out.pdf'));
  await symlink(outside, join(matter, 'linkdir'));
  await symlink(join(matter, 'contract.pdf'), join(matter, 'link-in.pdf'));
  await symlink(matter, join(data, 'alias'));
  service = new WorkspaceService(registry, { watch: false });
  app = withErrors(new Hono());
  app.route('/api', fileRoutes({ home, registry, service }));
});
afterAll(async () => {
  await service.close();
  await tmp.cleanup();
});

const q = (value: string) => encodeURIComponent(value);

describe('GET /api/workspaces/:slug/file?path= refuses every way out of the folders', () => {
  // `query` is the raw query value as sent on the wire (already URL-encoded).
  const cases: [name: string, status: number, code: string, query: () => string][] = [
    ['relative ../ chain', 403, 'forbidden-path', () => q('../../../etc/passwd')],
    ['../ chain from inside the folder', 403, 'forbidden-path', () => q(`${matter}/../../../etc/passwd`)],
    ['.. that would stay inside', 403, 'forbidden-path', () => q(`${matter}/subdir/../contract.pdf`)],
    ['encoded %2e%2e%2f (relative)', 403, 'forbidden-path', () => '%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
    [
      'encoded %2e%2e%2f after the folder',
      403,
      'forbidden-path',
      () => `${q(matter)}%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd`,
    ],
    [
      'double-encoded %252e%252e',
      403,
      'forbidden-path',
      () => `${q(matter)}%2f%252e%252e%252f%252e%252e%252fetc%252fpasswd`,
    ],
    ['triple-encoded %25252e', 403, 'forbidden-path', () => `${q(matter)}%2f%25252e%25252e%25252fx.pdf`],
    ['absolute /etc/passwd', 403, 'forbidden-path', () => q('/etc/passwd')],
    ['missing file outside (no existence oracle)', 403, 'forbidden-path', () => q('/nonexistent/x.pdf')],
    [
      'sibling folder with a shared prefix',
      403,
      'forbidden-path',
      () => q(join(data, 'matter-evil', 'evil.pdf')),
    ],
    ['file of another workspace', 403, 'forbidden-path', () => q(join(other, 'other.pdf'))],
    ['symlink inside pointing outside', 403, 'forbidden-path', () => q(join(matter, 'link-out.pdf'))],
    [
      'symlinked folder pointing outside',
      403,
      'forbidden-path',
      () => q(join(matter, 'linkdir', 'secret.pdf')),
    ],
    ['symlinked alias of the folder', 403, 'forbidden-path', () => q(join(data, 'alias', 'contract.pdf'))],
    ['Windows ..\\..\\ (relative)', 403, 'forbidden-path', () => q('..\\..\\etc\\passwd')],
    ['Windows ..\\ after the folder', 403, 'forbidden-path', () => q(`${matter}\\..\\outside\\secret.pdf`)],
    ['Windows drive C:\\Windows\\win.ini', 403, 'forbidden-path', () => q('C:\\Windows\\win.ini')],
    ['UNC \\\\server\\share', 403, 'forbidden-path', () => q('\\\\server\\share\\file.pdf')],
    ['NUL byte', 403, 'forbidden-path', () => `${q(join(matter, 'contract.pdf'))}%00.txt`],
    ['double-encoded NUL byte', 403, 'forbidden-path', () => `${q(join(matter, 'contract.pdf'))}%2500.txt`],
    ['relative path', 403, 'forbidden-path', () => q('contract.pdf')],
    ['a directory', 403, 'forbidden-path', () => q(join(matter, 'subdir'))],
    ['a directory named like a PDF', 404, 'not-found', () => q(join(matter, 'dir.pdf'))],
    [
      'a file of a kind Quire does not read (.exe)',
      403,
      'forbidden-path',
      () => q(join(matter, 'setup.exe')),
    ],
    ['hidden file inside the folder', 403, 'forbidden-path', () => q(join(matter, '.hidden.pdf'))],
    ['missing file inside the folder', 404, 'not-found', () => q(join(matter, 'missing.pdf'))],
    ['empty path', 400, 'invalid-request', () => ''],
  ];

  it.each(cases)('%s → %i %s', async (_name, status, code, query) => {
    const res = await app.request(`/api/workspaces/matter/file?path=${query()}`);
    expect(res.status).toBe(status);
    expect(await errorOf(res)).toBe(code);
  });

  const allowed: [name: string, path: () => string, expected: () => string][] = [
    ['a PDF in the folder', () => join(matter, 'contract.pdf'), () => join(matter, 'contract.pdf')],
    [
      '/./ segments that stay inside',
      () => `${matter}/./subdir/./inner.pdf`,
      () => join(matter, 'subdir', 'inner.pdf'),
    ],
    ['a doubled separator', () => `${matter}//notes.docx`, () => join(matter, 'notes.docx')],
    ['a literal % in the name', () => join(matter, '100%.pdf'), () => join(matter, '100%.pdf')],
    ['a literal %20 in the name', () => join(matter, 'a%20b.pdf'), () => join(matter, 'a%20b.pdf')],
    ['a symlink pointing inside', () => join(matter, 'link-in.pdf'), () => join(matter, 'contract.pdf')],
  ];

  it.each(allowed)('allows %s', async (_name, path, expected) => {
    const res = await app.request(`/api/workspaces/matter/file?path=${q(path())}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(await readFile(expected()));
  });

  it('answers 404 for an unknown workspace', async () => {
    const res = await app.request(`/api/workspaces/nope/file?path=${q(join(matter, 'contract.pdf'))}`);
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toBe('not-found');
  });

  it('refuses the same paths when called directly, decoded or raw', async () => {
    await expect(resolveInsideFolders(`${matter}/%2e%2e/outside/secret.pdf`, [matter])).rejects.toMatchObject(
      {
        code: 'forbidden-path',
      },
    );
    await expect(resolveInsideFolders(`${matter}/contract.pdf`, [`${matter}/`])).resolves.toBe(
      join(matter, 'contract.pdf'),
    );
  });
});

describe('GET /api/workspaces/:slug/files/:documentId', () => {
  async function documentIdOf(slug: string, path: string): Promise<string> {
    const rows = await (await service.get(slug)).store.listPaths();
    const id = rows.find((row) => row.path === path)?.documentId;
    if (!id) throw new Error(`no document for ${path}`);
    return id;
  }

  it('serves the original file with its content type', async () => {
    const id = await documentIdOf('matter', join(matter, 'notes.docx'));
    const res = await app.request(`/api/workspaces/matter/files/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(await readFile(join(matter, 'notes.docx')));
  });

  it('answers a byte range with 206 and Content-Range', async () => {
    const file = join(other, 'other.pdf');
    const id = await documentIdOf('other', file);
    const { size } = await stat(file);
    const res = await app.request(`/api/workspaces/other/files/${id}`, { headers: { range: 'bytes=0-99' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-range')).toBe(`bytes 0-99/${size}`);
    expect(res.headers.get('content-length')).toBe('100');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body).toEqual((await readFile(file)).subarray(0, 100));

    const tail = await app.request(`/api/workspaces/other/files/${id}`, { headers: { range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    expect((await tail.arrayBuffer()).byteLength).toBe(10);

    const beyond = await app.request(`/api/workspaces/other/files/${id}`, {
      headers: { range: `bytes=${size}-` },
    });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${size}`);
  });

  it('answers 404 for an unknown document and for a document of another workspace', async () => {
    const unknown = await app.request(`/api/workspaces/matter/files/${'0'.repeat(64)}`);
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toBe('not-found');
    const foreign = await documentIdOf('other', join(other, 'other.pdf'));
    const res = await app.request(`/api/workspaces/matter/files/${foreign}`);
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toBe('not-found');
    const malformed = await app.request('/api/workspaces/matter/files/..%2f..%2fetc%2fpasswd');
    expect(malformed.status).toBe(400);
  });
});

describe('security middleware', () => {
  const token = 'a'.repeat(64);
  const guarded = () => {
    const api = withErrors(new Hono());
    api.use('*', uiCors('http://127.0.0.1:4477'));
    api.use('*', requireBearer(token));
    api.get('/api/ping', (c) => c.json({ ok: true }));
    return api;
  };

  it('needs the bearer token (header or cookie) on every request', async () => {
    const api = guarded();
    const none = await api.request('/api/ping');
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const wrong = await api.request('/api/ping', { headers: { authorization: `Bearer ${'b'.repeat(64)}` } });
    expect(wrong.status).toBe(401);
    expect(await errorOf(wrong)).toBe('unauthorized');
    const short = await api.request('/api/ping', { headers: { authorization: 'Bearer a' } });
    expect(short.status).toBe(401);
    const basic = await api.request('/api/ping', { headers: { authorization: `Basic ${token}` } });
    expect(basic.status).toBe(401);
    const right = await api.request('/api/ping', { headers: { authorization: `Bearer ${token}` } });
    expect(right.status).toBe(200);
    const cookie = await api.request('/api/ping', { headers: { cookie: `quire_token=${token}` } });
    expect(cookie.status).toBe(200);
    const badCookie = await api.request('/api/ping', { headers: { cookie: 'quire_token=nope' } });
    expect(badCookie.status).toBe(401);
  });

  it('allows CORS for the UI origin only, and answers preflights before asking for the token', async () => {
    const api = guarded();
    const preflight = await api.request('/api/ping', {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:4477', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4477');
    const foreign = await api.request('/api/ping', {
      headers: { origin: 'https://evil.example', authorization: `Bearer ${token}` },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a body over the limit with 413 payload-too-large', async () => {
    const api = withErrors(new Hono());
    api.use('*', bodyLimitJson(1024));
    api.post('/echo', async (c) => c.json({ size: JSON.stringify(await c.req.json()).length }));
    const post = (body: BodyInit, headers: Record<string, string> = {}) =>
      api.request('/echo', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const small = await post(JSON.stringify({ text: 'x'.repeat(100) }));
    expect(small.status).toBe(200);
    const large = await post(JSON.stringify({ text: 'x'.repeat(5000) }));
    expect(large.status).toBe(413);
    expect(await errorOf(large)).toBe('payload-too-large');
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(500)));
        controller.close();
      },
    });
    const chunked = await api.request('/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('refuses a Host header that is not loopback (DNS rebinding)', async () => {
    const api = withErrors(new Hono());
    api.use('*', requireLoopbackHost());
    api.get('/x', (c) => c.text('ok'));
    expect((await api.request('http://127.0.0.1:4477/x')).status).toBe(200);
    expect((await api.request('http://localhost:4477/x')).status).toBe(200);
    expect((await api.request('http://[::1]:4477/x')).status).toBe(200);
    const rebound = await api.request('http://evil.example:4477/x');
    expect(rebound.status).toBe(400);
    expect(await errorOf(rebound)).toBe('invalid-request');
  });
});

describe('checkBindAddress', () => {
  it('accepts loopback addresses without --allow-remote', () => {
    for (const host of [
      '127.0.0.1',
      '127.1.2.3',
      'localhost',
      'LOCALHOST',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
    ]) {
      expect(checkBindAddress(host, false)).toBe(false);
    }
  });

  it('refuses any other address without --allow-remote', () => {
    for (const host of [
      '0.0.0.0',
      '::',
      '192.168.1.10',
      'example.com',
      '128.0.0.1',
      '127.0.0.1.evil.example',
    ]) {
      expect(() => checkBindAddress(host, false)).toThrow(/--allow-remote/);
    }
  });

  it('allows a remote bind with --allow-remote, but not without a token', () => {
    expect(checkBindAddress('0.0.0.0', true)).toBe(true);
    expect(checkBindAddress('0.0.0.0', true, 'f'.repeat(64))).toBe(true);
    expect(() => checkBindAddress('0.0.0.0', true, null)).toThrow(/access token/);
    expect(() => checkBindAddress('0.0.0.0', true, '')).toThrow(/access token/);
  });
});

describe('ensureAccessToken', () => {
  it('creates a 64-hex token with mode 0600, keeps it, and keeps other keys', async () => {
    const home = join(tmp.path, 'token-home');
    await mkdir(home, { recursive: true });
    await writeFile(join(home, 'quire.json'), JSON.stringify({ theme: 'dark' }), { mode: 0o644 });
    const [first, concurrent] = await Promise.all([ensureAccessToken(home), ensureAccessToken(home)]);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(concurrent).toBe(first);
    expect(await ensureAccessToken(home)).toBe(first);
    const file = join(home, 'quire.json');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ theme: 'dark', accessToken: first });
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('creates the home and the file on first start', async () => {
    const home = join(tmp.path, 'fresh-home', 'nested');
    const token = await ensureAccessToken(home);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(await ensureAccessToken(home)).toBe(token);
    expect(await ensureAccessToken(join(tmp.path, 'other-home'))).not.toBe(token);
  });

  it('refuses to overwrite a quire.json that is not JSON', async () => {
    const home = join(tmp.path, 'broken-home');
    await mkdir(home, { recursive: true });
    await writeFile(join(home, 'quire.json'), '{ not json');
    await expect(ensureAccessToken(home)).rejects.toMatchObject({ code: 'invalid-request' });
    expect(await readFile(join(home, 'quire.json'), 'utf8')).toBe('{ not json');
  });
});
