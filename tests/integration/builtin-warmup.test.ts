// The server's warm-up of the built-in model: once the model is in place it is loaded (llama.cpp
// initialised) and held until close, so a workspace opened afterwards shares that load; with the warm-up
// off nothing is preloaded. Real node-llama-cpp and the built-in model (from the shared test models folder).
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { LlamaEmbedder } from '@quire/embeddings';
import { ensureBuiltinModel, ggufModelsInUse } from '@quire/models';
import { BuiltinWarmup, startServer } from '@quire/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let modelsDir: string;
let modelPath: string;

beforeAll(async () => {
  tmp = await tempDir('quire-warmup-');
  modelsDir = process.env.QUIRE_MODELS_DIR ?? join(tmp.path, 'models');
  modelPath = await realpath(await ensureBuiltinModel(modelsDir));
});
afterAll(() => tmp.cleanup());
afterEach(() => {
  expect(ggufModelsInUse()).toEqual([]);
});

describe('BuiltinWarmup preloading the built-in model', () => {
  it('holds the model once it is in place; an embedder loaded then shares it; close() lets it go', async () => {
    const warmup = new BuiltinWarmup(modelsDir);
    await warmup.start();
    expect(warmup.state).toBeNull(); // the model was already there: no build, no build events
    expect(ggufModelsInUse()).toEqual([{ path: modelPath, holders: 1 }]);
    const embedder = await LlamaEmbedder.load(modelPath, { piecewiseTokens: 64 });
    try {
      expect(ggufModelsInUse()).toEqual([{ path: modelPath, holders: 2 }]);
      await warmup.close();
      expect(ggufModelsInUse()).toEqual([{ path: modelPath, holders: 1 }]);
      const [vector] = await embedder.embed(['notice period'], 'query');
      expect(vector).toHaveLength(embedder.dimension);
    } finally {
      await embedder.close();
      await warmup.close();
    }
  });

  it('after a build, says ready only once the model is loaded (a first start shows progress until then)', async () => {
    const fresh = join(tmp.path, 'fresh-models');
    const warmup = new BuiltinWarmup(fresh);
    const seen: { state: string; share?: number; held: number }[] = [];
    warmup.events.on('model-build', (event) => {
      const held = ggufModelsInUse().find((m) => m.path.startsWith(fresh))?.holders ?? 0;
      seen.push({ state: event.state, share: event.share, held });
    });
    try {
      await warmup.start();
      expect(seen[0]).toMatchObject({ state: 'building', share: 0 });
      expect(seen.filter((e) => e.state === 'building').length).toBeGreaterThan(10);
      expect(seen.at(-1)).toEqual({ state: 'ready', share: 1, held: 1 });
      expect(seen.slice(0, -1).every((e) => e.state === 'building' && e.held === 0)).toBe(true);
    } finally {
      await warmup.close();
    }
  });

  it('preloads nothing with preload: false, nor when closed before the model is in place', async () => {
    const off = new BuiltinWarmup(modelsDir, { preload: false });
    await off.start();
    expect(ggufModelsInUse()).toEqual([]);
    await off.close();

    const closedEarly = new BuiltinWarmup(modelsDir);
    const started = closedEarly.start();
    await closedEarly.close();
    await started;
    expect(ggufModelsInUse()).toEqual([]);
  });

  it('quire serve preloads with the warm-up on, and not with warmBuiltin: false or QUIRE_NO_WARMUP=1', async () => {
    const serve = (name: string, warmBuiltin?: boolean) =>
      startServer({ home: join(tmp.path, name), port: 0, webRoot: join(tmp.path, 'no-web'), warmBuiltin });
    const saved = process.env.QUIRE_NO_WARMUP;
    try {
      const warm = await serve('warm');
      await warm.modelBuild.start();
      expect(ggufModelsInUse()).toEqual([{ path: modelPath, holders: 1 }]);
      await warm.close();
      expect(ggufModelsInUse()).toEqual([]);

      const off = await serve('off', false);
      await off.service.idle();
      expect(ggufModelsInUse()).toEqual([]);
      await off.modelBuild.start(); // a build asked for explicitly still preloads nothing
      expect(ggufModelsInUse()).toEqual([]);
      await off.close();

      process.env.QUIRE_NO_WARMUP = '1';
      const env = await serve('env');
      await env.service.idle();
      expect(ggufModelsInUse()).toEqual([]);
      await env.close();
    } finally {
      if (saved === undefined) delete process.env.QUIRE_NO_WARMUP;
      else process.env.QUIRE_NO_WARMUP = saved;
    }
  });
});
