import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from '@lancedb/lancedb';
import {
  OpenWorkspace,
  searchWorkspace,
  switchEmbeddingModel,
  syncWorkspace,
  WorkspaceRegistry,
} from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDocumentFixtures } from '../fixtures/documents.ts';
import { writeTinyEmbeddingModel } from '../fixtures/tiny-models.ts';
import { quireJson } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

/** Every vector width and model name found in one index folder. */
async function vectorsIn(dir: string): Promise<{ widths: Set<number>; model: string }> {
  const meta = JSON.parse(await readFile(join(dir, 'quire-index.json'), 'utf8'));
  const db = await connect(dir);
  try {
    const chunks = await db.openTable('chunks');
    const rows = await chunks.query().select(['vector']).toArray();
    chunks.close();
    return {
      widths: new Set(rows.map((r) => Array.from(r.vector as Iterable<number>).length)),
      model: meta.embedding.name,
    };
  } finally {
    db.close();
  }
}

let tmp: { path: string; cleanup: () => Promise<void> };
let registry: WorkspaceRegistry;
let tiny: string;

beforeAll(async () => {
  tmp = await tempDir();
  registry = new WorkspaceRegistry(join(tmp.path, 'home'));
  const manifest = await writeDocumentFixtures(join(tmp.path, 'matter'));
  tiny = join(tmp.path, 'tiny-64.gguf');
  await writeTinyEmbeddingModel(tiny, 64);
  const settings = await registry.create('Switch');
  await registry.addFolder(settings, manifest.dir);
  const ws = await OpenWorkspace.open(registry, 'switch');
  try {
    await syncWorkspace(ws);
  } finally {
    await ws.close();
  }
});
afterAll(() => tmp.cleanup());

describe('switching a workspace to another embedding model', () => {
  it('re-embeds everything into a new index while the old one keeps serving, never mixing models', async () => {
    const ws = await OpenWorkspace.open(registry, 'switch');
    try {
      expect(ws.embedder?.dimension).toBe(128);
      const before = await ws.store.counts();
      const oldDir = registry.indexDir(ws.settings);
      const newDir = join(registry.dir('switch'), 'index-2');

      let searching = true;
      const searchResults: number[] = [];
      const searches = (async () => {
        while (searching) {
          const result = await searchWorkspace(ws, 'notice period for the tenant', 5);
          searchResults.push(result.hits.length);
        }
      })();

      const observed: {
        onDisk: string;
        old: { widths: number[]; model: string };
        next: { widths: number[]; model: string };
      }[] = [];
      const pending: Promise<void>[] = [];
      const report = await switchEmbeddingModel(ws, tiny, {
        batchChunks: 3,
        onProgress: () => {
          pending.push(
            (async () => {
              const settings = JSON.parse(
                await readFile(join(registry.dir('switch'), 'workspace.json'), 'utf8'),
              );
              const old = await vectorsIn(oldDir);
              const next = await vectorsIn(newDir);
              observed.push({
                onDisk: settings.indexDir,
                old: { widths: [...old.widths], model: old.model },
                next: { widths: [...next.widths], model: next.model },
              });
            })(),
          );
        },
      });
      await Promise.all(pending);
      searching = false;
      await searches;

      expect(report.chunks).toBe(before.chunks);
      expect(observed.length).toBeGreaterThan(1);
      for (const o of observed) {
        expect(o.onDisk).toBe('index');
        expect(o.old.widths).toEqual([128]);
        expect(o.next.widths.every((w) => w === 64)).toBe(true);
        expect(o.next.model).toBe('tiny-64.gguf');
      }
      expect(searchResults.length).toBeGreaterThan(0);
      expect(searchResults.every((n) => n > 0)).toBe(true);

      expect(ws.embedder?.dimension).toBe(64);
      expect(ws.settings.indexDir).toBe('index-2');
      expect(existsSync(oldDir)).toBe(false);
      expect(await ws.store.counts()).toEqual(before);
      const after = await vectorsIn(newDir);
      expect([...after.widths]).toEqual([64]);
      expect((await searchWorkspace(ws, 'notice period for the tenant', 5)).hits.length).toBeGreaterThan(0);
    } finally {
      await ws.close();
    }
  });

  it('is what a new process sees: hybrid search with the new model, no mismatch', async () => {
    const result = await quireJson<{ retrieval: string; hits: unknown[] }>(registry.home, [
      'search',
      'switch',
      'deposit',
    ]);
    expect(result.retrieval).toBe('hybrid');
    expect(result.hits.length).toBeGreaterThan(0);
  });
});
