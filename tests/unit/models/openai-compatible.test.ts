import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ModelError, parseRemoteRef, REMOTE_API_KEY_ENV, RemoteClient, remoteModelId } from '@quire/models';
import { afterEach, describe, expect, it } from 'vitest';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A loopback server answering each request with the next handler (the last one repeats). */
async function serve(...handlers: Handler[]): Promise<{ url: string; server: Server; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const handler = handlers[Math.min(bodies.length, handlers.length - 1)];
      bodies.push(body);
      handler?.(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, bodies };
}

const open: Server[] = [];
afterEach(async () => {
  for (const server of open.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  delete process.env[REMOTE_API_KEY_ENV];
});

const ok: Handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":1}');
const unavailable: Handler = (_req, res) => res.writeHead(503).end('warming up');

describe('openai-compatible model references', () => {
  it('parse into a base URL and a model name, one canonical spelling per server and model', () => {
    const a = parseRemoteRef('openai-compatible:http://127.0.0.1:8080/v1/#nomic-embed');
    const b = parseRemoteRef('openai-compatible:http://127.0.0.1:8080#nomic-embed');
    expect(a).toEqual({
      ref: 'openai-compatible:http://127.0.0.1:8080#nomic-embed',
      baseUrl: 'http://127.0.0.1:8080',
      model: 'nomic-embed',
    });
    expect(remoteModelId(a)).toBe(remoteModelId(b));
    expect(remoteModelId(a)).not.toBe(
      remoteModelId(parseRemoteRef('openai-compatible:http://127.0.0.1:8080#other')),
    );
    expect(parseRemoteRef('openai-compatible:https://api.example.com/openai#m').baseUrl).toBe(
      'https://api.example.com/openai',
    );
  });

  it('refuse a reference without a model, a non-http URL, or credentials in the URL', () => {
    for (const bad of [
      'openai-compatible:http://127.0.0.1:8080',
      'openai-compatible:ftp://127.0.0.1#m',
      'openai-compatible:not a url#m',
      'openai-compatible:http://user:secret@127.0.0.1#m',
    ]) {
      expect(() => parseRemoteRef(bad)).toThrow(ModelError);
    }
    expect(() => parseRemoteRef('openai-compatible:http://user:secret@127.0.0.1#m')).toThrow(
      /QUIRE_REMOTE_API_KEY/,
    );
  });
});

describe('the remote client', () => {
  it('sends the token from the environment as a bearer token and posts JSON to <base>/v1/<path>', async () => {
    let seen: { url?: string; auth?: string; type?: string } = {};
    const { url, bodies } = await serve((req, res) => {
      seen = { url: req.url, auth: req.headers.authorization, type: req.headers['content-type'] };
      ok(req, res, '');
    });
    process.env[REMOTE_API_KEY_ENV] = 'sk-test-token';
    const client = new RemoteClient(parseRemoteRef(`openai-compatible:${url}#m`), { role: 'embedding' });
    expect(await client.json('embeddings', { input: ['a'] })).toEqual({ ok: 1 });
    expect(seen).toEqual({ url: '/v1/embeddings', auth: 'Bearer sk-test-token', type: 'application/json' });
    expect(JSON.parse(bodies[0] ?? '')).toEqual({ input: ['a'] });
  });

  it('tries again after a 503 and succeeds, with backoff between tries', async () => {
    const { url, bodies } = await serve(unavailable, ok);
    const client = new RemoteClient(parseRemoteRef(`openai-compatible:${url}#m`), {
      role: 'embedding',
      backoffMs: 10,
    });
    expect(await client.json('embeddings', {})).toEqual({ ok: 1 });
    expect(bodies).toHaveLength(2);
  });

  it('gives up after its tries with the last status, and does not retry a 400', async () => {
    const busy = await serve(unavailable);
    const client = new RemoteClient(parseRemoteRef(`openai-compatible:${busy.url}#m`), {
      role: 'chat',
      tries: 3,
      backoffMs: 5,
    });
    await expect(client.json('chat/completions', {})).rejects.toThrow(
      new RegExp(`Cannot reach the chat server at ${busy.url}: .*answered 503: warming up`),
    );
    expect(busy.bodies).toHaveLength(3);

    const bad = await serve((_req, res) => res.writeHead(400).end('unknown model'));
    const once = new RemoteClient(parseRemoteRef(`openai-compatible:${bad.url}#m`), { role: 'chat' });
    await expect(once.json('chat/completions', {})).rejects.toThrow(/answered 400: unknown model/);
    expect(bad.bodies).toHaveLength(1);
  });

  it('abandons a try that takes longer than the timeout and tries again', async () => {
    const { url, bodies } = await serve(() => {}, ok);
    const client = new RemoteClient(parseRemoteRef(`openai-compatible:${url}#m`), {
      role: 'embedding',
      timeoutMs: 200,
      backoffMs: 5,
    });
    expect(await client.json('embeddings', {})).toEqual({ ok: 1 });
    expect(bodies).toHaveLength(2);
  });

  it('says clearly that the server is down, without the token', async () => {
    const { url, server } = await serve(ok);
    server.close();
    process.env[REMOTE_API_KEY_ENV] = 'sk-never-shown';
    const client = new RemoteClient(parseRemoteRef(`openai-compatible:${url}#m`), {
      role: 'embedding',
      backoffMs: 5,
    });
    const error = await client.json('embeddings', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('model-unreachable');
    expect((error as Error).message).toBe(`Cannot reach the embedding server at ${url}: connection refused`);
    expect(JSON.stringify(error)).not.toContain('sk-never-shown');
  });
});
