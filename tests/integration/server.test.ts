import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, startServer, WorkspaceRegistry, WorkspaceService } from '@quire/server';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { quireJson } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const WEB = fileURLToPath(new URL('../../apps/web', import.meta.url));
const BIN = fileURLToPath(new URL('../../apps/server/bin/quire.mjs', import.meta.url));

let tmp: { path: string; cleanup: () => Promise<void> };
let webRoot: string;

beforeAll(async () => {
  tmp = await tempDir();
  webRoot = join(tmp.path, 'web');
  await build({
    root: WEB,
    configFile: join(WEB, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir: webRoot, emptyOutDir: true },
  });
});
afterAll(() => tmp.cleanup());

describe('HTTP server', () => {
  it('answers /health and lists workspaces (in process)', async () => {
    const home = join(tmp.path, 'home-a');
    await quireJson(home, ['add', tmp.path, '--workspace', 'Matter A']);
    const registry = new WorkspaceRegistry(home);
    const service = new WorkspaceService(registry, { watch: false });
    const app = createApp({ home, registry, service, webRoot });
    const health = await app.request('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const list = await app.request('/api/workspaces');
    expect(await list.json()).toEqual({
      workspaces: [{ name: 'Matter A', slug: 'matter-a', folders: [expect.any(String)], documents: 0 }],
    });
    const missing = await app.request('/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not-found' } });
    await service.close();
  });

  it('serves the built web UI and its assets from the same origin on 127.0.0.1', async () => {
    const server = await startServer({ home: join(tmp.path, 'home-b'), port: 0, webRoot });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const page = await fetch(`${server.url}/`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<title>Quire');
      const scripts = [...html.matchAll(/(?:src|href)="([^"]+)"/g)]
        .map((m) => m[1] ?? '')
        .filter((src) => !src.startsWith('data:'));
      expect(scripts.length).toBeGreaterThan(0);
      for (const src of scripts) {
        expect(src.startsWith('/')).toBe(true);
        expect((await fetch(`${server.url}${src}`)).status).toBe(200);
      }
      const built = await readFile(join(webRoot, 'index.html'), 'utf8');
      expect(html).toBe(built);
    } finally {
      await server.close();
    }
  });

  it('watches every workspace: a file dropped into a folder becomes searchable with no sync command', async () => {
    const home = join(tmp.path, 'home-watch');
    const folder = join(tmp.path, 'watched-folder');
    await mkdir(folder);
    await quireJson(home, ['add', folder, '--workspace', 'Live']);
    const server = await startServer({ home, port: 0, webRoot });
    try {
      await writeFile(join(folder, 'dropped.pdf'), await simplePdf(['The droppedword clause.']));
      const deadline = Date.now() + 20_000;
      let documents = 0;
      while (documents === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await server.service.idle();
        const list = (await (await fetch(`${server.url}/api/workspaces`)).json()) as {
          workspaces: { documents: number }[];
        };
        documents = list.workspaces[0]?.documents ?? 0;
      }
      expect(documents).toBe(1);
      const ws = await server.service.get('live');
      const hits = await ws.store.search({ mode: 'fulltext', query: 'droppedword', k: 1 });
      expect(hits[0]?.paths).toEqual([join(folder, 'dropped.pdf')]);
    } finally {
      await server.close();
    }
  });

  it('`quire serve --port 0` prints its address and answers /health with 200', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
      env: { ...process.env, QUIRE_HOME: join(tmp.path, 'home-c') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          const m = err.match(/ready at (http:\/\/127\.0\.0\.1:\d+)/);
          if (m?.[1]) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
      });
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
