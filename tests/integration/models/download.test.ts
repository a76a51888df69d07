import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DownloadProgress } from '@quire/models';
import { downloadModel, fileSha256, ModelManager } from '@quire/models';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyEmbeddingModel } from '../../fixtures/tiny-models.ts';
import { type LoopbackHub, startLoopbackHub } from '../../helpers/loopback-hub.ts';
import { tempDir } from '../../helpers/temp.ts';

let dir: { path: string; cleanup: () => Promise<void> };
let fixture: Buffer;
let fixtureSha: string;
let hub: LoopbackHub | undefined;
let n = 0;

beforeAll(async () => {
  dir = await tempDir();
  const path = join(dir.path, 'tiny-embed.gguf');
  await writeTinyEmbeddingModel(path, 128);
  fixture = await readFile(path);
  fixtureSha = createHash('sha256').update(fixture).digest('hex');
});
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});
afterAll(() => dir.cleanup());

function freshModelsDir(): string {
  n += 1;
  return join(dir.path, `models-${n}`);
}

function fileUrl(h: LoopbackHub): string {
  return `${h.origin}/quire/tiny/resolve/main/tiny-embed.gguf`;
}

describe('downloadModel over a loopback HTTP server', () => {
  it('reports monotonic progress with a known total, at most ~10 times a second', async () => {
    hub = await startLoopbackHub({ body: fixture, linkedEtag: fixtureSha, chunkBytes: 32_768, delayMs: 25 });
    const events: { at: number; progress: DownloadProgress }[] = [];
    const started = performance.now();
    const result = await downloadModel(fileUrl(hub), freshModelsDir(), {
      onProgress: (progress) => events.push({ at: performance.now(), progress }),
    });
    const elapsed = performance.now() - started;
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    for (let i = 1; i < events.length; i++) {
      expect(events[i]?.progress.receivedBytes).toBeGreaterThanOrEqual(
        events[i - 1]?.progress.receivedBytes ?? 0,
      );
    }
    for (const { progress } of events) expect(progress.totalBytes).toBe(fixture.length);
    const last = events.at(-1)?.progress;
    expect(last?.receivedBytes).toBe(fixture.length);
    expect(last?.bytesPerSecond).toBeGreaterThan(0);
    expect(last?.etaSeconds).toBe(0);
    expect(result).toMatchObject({ sizeBytes: fixture.length, sha256: fixtureSha, sha256Verified: true });
    expect(await fileSha256(result.file)).toBe(fixtureSha);
  });

  it('follows the hub redirect and verifies against its X-Linked-Etag', async () => {
    hub = await startLoopbackHub({ body: fixture, linkedEtag: fixtureSha, redirect: true });
    const result = await downloadModel(fileUrl(hub), freshModelsDir());
    expect(hub.requests.map((r) => r.status)).toEqual([302, 200]);
    expect(result.sha256Verified).toBe(true);
  });
});

describe('ModelManager.pull over a loopback HTTP server', () => {
  it('resumes an interrupted transfer with a Range request', async () => {
    const cut = 60_000;
    hub = await startLoopbackHub({ body: fixture, linkedEtag: fixtureSha, cutAfterBytes: cut });
    const modelsDir = freshModelsDir();
    const manager = new ModelManager(modelsDir);
    await expect(manager.pull(fileUrl(hub))).rejects.toMatchObject({ code: 'download-failed' });
    const partialSize = (await stat(join(modelsDir, 'tiny-embed.gguf.partial'))).size;
    expect(partialSize).toBe(cut);
    expect(await manager.list()).toEqual([]);

    const model = await manager.pull(fileUrl(hub));
    expect(hub.requests).toHaveLength(2);
    expect(hub.requests[0]?.range).toBeUndefined();
    expect(hub.requests[1]).toMatchObject({ range: `bytes=${partialSize}-`, status: 206 });
    expect(model).toMatchObject({ id: 'tiny-embed', source: 'download', managed: true, sha256: fixtureSha });
    expect(model.file).toBe(join(modelsDir, 'tiny-embed.gguf'));
    expect(await fileSha256(model.file)).toBe(fixtureSha);
    expect(await readdir(modelsDir)).not.toContain('tiny-embed.gguf.partial');
    expect((await manager.list()).map((m) => m.id)).toEqual(['tiny-embed']);
  });

  it('restarts from zero when the server ignores Range (200)', async () => {
    hub = await startLoopbackHub({
      body: fixture,
      linkedEtag: fixtureSha,
      cutAfterBytes: 50_000,
      honourRange: false,
    });
    const modelsDir = freshModelsDir();
    const manager = new ModelManager(modelsDir);
    await expect(manager.pull(fileUrl(hub))).rejects.toMatchObject({ code: 'download-failed' });
    const model = await manager.pull(fileUrl(hub));
    expect(hub.requests[1]).toMatchObject({ range: 'bytes=50000-', status: 200 });
    expect(model.sizeBytes).toBe(fixture.length);
    expect(await fileSha256(model.file)).toBe(fixtureSha);
  });

  it('rejects bytes that do not match the hub sha256 and leaves nothing behind', async () => {
    const corrupted = Buffer.from(fixture);
    for (let i = 40_000; i < 40_100; i++) corrupted[i] = (corrupted[i] ?? 0) ^ 0xff;
    hub = await startLoopbackHub({ body: corrupted, linkedEtag: fixtureSha, redirect: true });
    const modelsDir = freshModelsDir();
    const manager = new ModelManager(modelsDir);
    const error = await manager.pull(fileUrl(hub)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'model-invalid',
      message: expect.stringMatching(/Checksum mismatch/),
    });
    const left = await readdir(modelsDir);
    expect(left.filter((f) => f.includes('.gguf'))).toEqual([]);
    expect(await manager.list()).toEqual([]);
  });

  it('turns a 404 into a clear error with the status', async () => {
    hub = await startLoopbackHub({ body: fixture, status: 404 });
    const manager = new ModelManager(freshModelsDir());
    const error = await manager.pull(fileUrl(hub)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'download-failed',
      status: 404,
      message: expect.stringMatching(/HTTP 404/),
    });
  });

  it('stops on abort, keeps the .partial, and a later pull resumes from it', async () => {
    hub = await startLoopbackHub({ body: fixture, linkedEtag: fixtureSha, chunkBytes: 16_384, delayMs: 30 });
    const modelsDir = freshModelsDir();
    const manager = new ModelManager(modelsDir);
    const controller = new AbortController();
    const pulling = manager.pull(fileUrl(hub), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.receivedBytes >= 32_768) controller.abort();
      },
    });
    await expect(pulling).rejects.toMatchObject({ code: 'download-aborted' });
    const partialSize = (await stat(join(modelsDir, 'tiny-embed.gguf.partial'))).size;
    expect(partialSize).toBeGreaterThan(0);
    expect(partialSize).toBeLessThan(fixture.length);

    hub.behaviour.delayMs = 0;
    const model = await manager.pull(fileUrl(hub));
    expect(hub.requests.at(-1)).toMatchObject({ range: `bytes=${partialSize}-`, status: 206 });
    expect(model.sha256).toBe(fixtureSha);
  });

  it('pulls a catalogue id through an injected fetch, with the catalogue role and prefixes', async () => {
    hub = await startLoopbackHub({ body: fixture, linkedEtag: fixtureSha });
    const origin = hub.origin;
    const seen: string[] = [];
    const loopbackFetch: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      seen.push(url.href);
      return fetch(`${origin}${url.pathname}`, init);
    };
    const modelsDir = freshModelsDir();
    const manager = new ModelManager(modelsDir, { fetch: loopbackFetch });
    const model = await manager.pull('bge-small-en-v1.5');
    expect(seen).toEqual([
      'https://huggingface.co/CompendiumLabs/bge-small-en-v1.5-gguf/resolve/main/bge-small-en-v1.5-q8_0.gguf',
    ]);
    expect(model).toMatchObject({
      id: 'bge-small-en-v1.5',
      catalogueId: 'bge-small-en-v1.5',
      role: 'embedding',
      dimension: 128,
      queryPrefix: 'Represent this sentence for searching relevant passages: ',
      documentPrefix: '',
    });
    expect(await manager.pull('bge-small-en-v1.5')).toEqual(model);
    expect(seen).toHaveLength(1);

    const removed = await manager.remove('bge-small-en-v1.5');
    expect(removed.fileDeleted).toBe(true);
    await expect(stat(model.file)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
