import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { startServer } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir();
});
afterAll(() => tmp.cleanup());

describe('binding beyond loopback (real ports)', () => {
  it('refuses a non-loopback address without --allow-remote', async () => {
    await expect(
      startServer({ home: join(tmp.path, 'a'), host: '0.0.0.0', port: 0, watch: false }),
    ).rejects.toThrow(/--allow-remote/);
  });

  it('with --allow-remote, every request needs the access token from quire.json', async () => {
    const home = join(tmp.path, 'b');
    const server = await startServer({ home, host: '0.0.0.0', allowRemote: true, port: 0, watch: false });
    try {
      const { accessToken } = JSON.parse(await readFile(join(home, 'quire.json'), 'utf8')) as {
        accessToken: string;
      };
      expect(accessToken).toMatch(/^[0-9a-f]{64}$/);
      const url = `http://127.0.0.1:${server.port}`;
      for (const path of ['/health', '/api/workspaces', '/openapi.json', '/v1/models', '/']) {
        const denied = await fetch(`${url}${path}`);
        expect(denied.status, path).toBe(401);
        expect(await denied.json()).toMatchObject({ error: { code: 'unauthorized' } });
      }
      expect(
        (await fetch(`${url}/api/workspaces`, { headers: { authorization: 'Bearer wrong' } })).status,
      ).toBe(401);
      const allowed = await fetch(`${url}/api/workspaces`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(allowed.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('on loopback, refuses requests that name another host (DNS rebinding)', async () => {
    const server = await startServer({ home: join(tmp.path, 'c'), port: 0, watch: false });
    try {
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      // fetch cannot set Host; a plain HTTP request can (as a rebinding page's browser would send it).
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: server.port,
            path: '/api/workspaces',
            headers: { host: 'evil.example' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(400);
    } finally {
      await server.close();
    }
  });
});
