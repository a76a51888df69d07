// One loaded GGUF model per file and process (acquireGgufModel), shared by embedders, rerankers and
// generators: real node-llama-cpp, generated GGUF files and the built-in model.
import { copyFile, rename, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LlamaEmbedder, LlamaReranker } from '@quire/embeddings';
import { LlamaGenerator } from '@quire/inference';
import {
  acquireGgufModel,
  ensureBuiltinModel,
  type GgufModelHandle,
  gguf,
  ggufModelsInUse,
  ModelError,
  writeGguf,
} from '@quire/models';
import type { LlamaModel } from 'node-llama-cpp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  writeHeaderOnlyGguf,
  writeScriptedChatModel,
  writeTinyEmbeddingModel,
} from '../fixtures/tiny-models.ts';
import { writeTinyReranker } from '../fixtures/tiny-reranker.ts';
import { tempDir } from '../helpers/temp.ts';

const TEXTS = ['the tenant pays rent', 'notice of 30 days', 'lease '.repeat(300)];

let dir: { path: string; cleanup: () => Promise<void> };
let embed64: string;

beforeAll(async () => {
  dir = await tempDir('quire-shared-models-');
  embed64 = join(dir.path, 'embed-64.gguf');
  await writeTinyEmbeddingModel(embed64, 64);
});
afterAll(() => dir.cleanup());
// Every test gives back what it held: nothing stays loaded between tests.
afterEach(() => {
  expect(ggufModelsInUse()).toEqual([]);
});

/** The holders of one file (by the path it was acquired under; the temp folder has no symbolic links). */
const holders = (path: string) => ggufModelsInUse().filter((m) => m.path === path);

/** The shared model of `path`, seen through a hold released at once (the caller's holders keep it). */
async function peek(path: string): Promise<LlamaModel> {
  const handle = await acquireGgufModel(path);
  await handle.release();
  return handle.model;
}

const list = (vectors: Float32Array[]) => vectors.map((v) => Array.from(v));

/** A GGUF that passes the header and memory checks but that llama.cpp refuses (no hyperparameters). */
async function writeUnloadable(path: string): Promise<void> {
  await writeGguf(path, {
    metadata: [['general.architecture', gguf.string('llama')]],
    tensors: [{ name: 'token_embd.weight', shape: [4, 4], type: 'f32', data: new Float32Array(16) }],
  });
}

describe('acquireGgufModel: one LlamaModel per file in a process', () => {
  it('gives two embedders of one file the same model and the same vectors; the last close disposes it', async () => {
    const a = await LlamaEmbedder.load(embed64);
    const b = await LlamaEmbedder.load(embed64);
    let model: LlamaModel | undefined;
    try {
      expect(holders(embed64)).toEqual([{ path: embed64, holders: 2 }]);
      model = await peek(embed64);
      expect(holders(embed64)).toEqual([{ path: embed64, holders: 2 }]);
      const fromA = list(await a.embed(TEXTS, 'document'));
      expect(list(await b.embed(TEXTS, 'document'))).toEqual(fromA);

      await a.close();
      expect(holders(embed64)).toEqual([{ path: embed64, holders: 1 }]);
      expect(model.disposed).toBe(false);
      expect(list(await b.embed(TEXTS, 'document'))).toEqual(fromA);
      await a.close(); // a second close gives nothing more up
      expect(holders(embed64)).toEqual([{ path: embed64, holders: 1 }]);
    } finally {
      await a.close();
      await b.close();
    }
    expect(model?.disposed).toBe(true);
    expect(holders(embed64)).toEqual([]);
  });

  it('loads a file once for concurrent loads, and anew after the last holder let it go', async () => {
    const [a, b] = await Promise.all([LlamaEmbedder.load(embed64), LlamaEmbedder.load(embed64)]);
    const first = await peek(embed64);
    const vectors = list(await a.embed(TEXTS, 'query'));
    await Promise.all([a.close(), b.close()]);
    expect(first.disposed).toBe(true);

    const c = await LlamaEmbedder.load(embed64);
    try {
      const second = await peek(embed64);
      expect(second).not.toBe(first);
      expect(list(await c.embed(TEXTS, 'query'))).toEqual(vectors);
    } finally {
      await c.close();
    }
  });

  it('shares a model reached through a symbolic link, and not a copy of the file', async () => {
    const link = join(dir.path, 'link.gguf');
    const copy = join(dir.path, 'copy.gguf');
    await symlink(embed64, link);
    await copyFile(embed64, copy);
    const direct = await acquireGgufModel(embed64);
    const linked = await acquireGgufModel(link);
    const copied = await acquireGgufModel(copy);
    try {
      expect(linked.model).toBe(direct.model);
      expect(copied.model).not.toBe(direct.model);
      expect(holders(embed64)).toEqual([{ path: embed64, holders: 2 }]);
      expect(holders(copy)).toEqual([{ path: copy, holders: 1 }]);
    } finally {
      await Promise.all([direct.release(), linked.release(), copied.release()]);
    }
  });

  it('loads a replaced file anew; the old model stays with its holders until they release it', async () => {
    const path = join(dir.path, 'replaced.gguf');
    await writeTinyEmbeddingModel(path, 64);
    const old = await LlamaEmbedder.load(path);
    const oldModel = await peek(path);
    const before = list(await old.embed(TEXTS, 'document'));
    let replaced: LlamaEmbedder | undefined;
    try {
      // Replaced as a download or a build does it (a new file renamed over the old), with another width.
      await writeTinyEmbeddingModel(`${path}.tmp`, 128, 11);
      await rename(`${path}.tmp`, path);
      replaced = await LlamaEmbedder.load(path);
      expect(replaced.dimension).toBe(128);
      expect(replaced.modelId).not.toBe(old.modelId);
      expect(await peek(path)).not.toBe(oldModel);
      expect(
        holders(path)
          .map((m) => m.holders)
          .sort(),
      ).toEqual([1, 1]);
      expect(list(await old.embed(TEXTS, 'document'))).toEqual(before);
      await old.close();
      expect(oldModel.disposed).toBe(true);
      expect((await replaced.embed(TEXTS, 'document'))[0]).toHaveLength(128);

      // Rewritten in place (same inode, new size and modification time): loaded anew too. The held
      // 128-wide model is not run after this (its mapped file changed under it), only closed.
      await writeTinyEmbeddingModel(path, 64, 3);
      const rewritten = await LlamaEmbedder.load(path);
      try {
        expect(rewritten.dimension).toBe(64);
        expect(replaced.dimension).toBe(128);
      } finally {
        await rewritten.close();
      }
    } finally {
      await old.close();
      await replaced?.close();
    }
  });
});

describe('acquireGgufModel: failed loads', () => {
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error,
    );

  it('fails an invalid file with its ModelError code and caches nothing: the valid file then loads', async () => {
    const path = join(dir.path, 'fixed-later.gguf');
    await writeFile(path, 'this is not a model');
    expect(await failure(LlamaEmbedder.load(path))).toMatchObject({ code: 'model-invalid' });
    expect(holders(path)).toEqual([]);

    await copyFile(embed64, path);
    await truncate(path, 50_000);
    const truncated = await failure(LlamaEmbedder.load(path));
    expect(truncated).toBeInstanceOf(ModelError);
    expect(truncated).toMatchObject({ code: 'model-invalid', message: expect.stringMatching(/truncated/) });

    await copyFile(embed64, path);
    const embedder = await LlamaEmbedder.load(path);
    try {
      expect(embedder.dimension).toBe(64);
    } finally {
      await embedder.close();
    }
  });

  it('fails every concurrent load of a file llama.cpp refuses, then loads the file once it is valid', async () => {
    const path = join(dir.path, 'unloadable.gguf');
    await writeUnloadable(path);
    const errors = await Promise.all([failure(acquireGgufModel(path)), failure(LlamaEmbedder.load(path))]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ModelError);
      expect(error).toMatchObject({ code: 'model-invalid', message: expect.stringMatching(/Cannot load/) });
    }
    expect(holders(path)).toEqual([]);
    // The same file, unchanged, is tried again (and fails again) rather than answered from a cache.
    expect(await failure(acquireGgufModel(path))).toMatchObject({ code: 'model-invalid' });

    await copyFile(embed64, path);
    const handle: GgufModelHandle = await acquireGgufModel(path);
    try {
      expect(handle.model.embeddingVectorSize).toBe(64);
    } finally {
      await handle.release();
    }
  });

  it('refuses a model too large for this machine, then loads a valid one at the same path', async () => {
    const path = join(dir.path, 'huge.gguf');
    await writeHeaderOnlyGguf(path, 10_000_000);
    expect(await failure(LlamaGenerator.load(path))).toMatchObject({ code: 'model-too-large' });
    expect(await failure(LlamaEmbedder.load(path))).toMatchObject({ code: 'model-too-large' });
    await copyFile(embed64, path);
    const embedder = await LlamaEmbedder.load(path);
    await embedder.close();
  });

  it('releases the hold when a holder fails after the load (a reranker on a model without a ranking head)', async () => {
    const other = await acquireGgufModel(embed64);
    try {
      expect(await failure(LlamaReranker.load(embed64))).toMatchObject({ code: 'model-invalid' });
      expect(holders(embed64)).toEqual([{ path: embed64, holders: 1 }]);
      expect(other.model.disposed).toBe(false);
    } finally {
      await other.release();
    }
  });
});

describe('shared models across the llama.cpp holders', () => {
  it('a generator and an embedder of one chat model share it; rerankers share theirs; closes release', async () => {
    const chat = join(dir.path, 'chat.gguf');
    const rerank = join(dir.path, 'rerank.gguf');
    await writeScriptedChatModel(chat);
    await writeTinyReranker(rerank);
    const generator = await LlamaGenerator.load(chat, { contextSize: 1024 });
    const embedder = await LlamaEmbedder.load(chat, { contextSize: 256 });
    const r1 = await LlamaReranker.load(rerank);
    const r2 = await LlamaReranker.load(rerank);
    try {
      expect(holders(chat)).toEqual([{ path: chat, holders: 2 }]);
      expect(holders(rerank)).toEqual([{ path: rerank, holders: 2 }]);
      const documents = ['the tenant pays rent', 'the weather is fine'];
      expect(await r2.rerank('tenant rent', documents)).toEqual(await r1.rerank('tenant rent', documents));
      await r1.close();
      expect((await r2.rerank('tenant rent', documents)).length).toBe(2);
      await embedder.close();
      expect(generator.countTokens('the answer')).toBeGreaterThan(0);
      expect(await generator.generate([{ role: 'user', content: 'Tell me.' }])).toMatch(/sources \[1\]/);
    } finally {
      await generator.close();
      await embedder.close();
      await r1.close();
      await r2.close();
    }
  });

  it('two embedders of the built-in model share its one load and embed alike', async () => {
    const models = process.env.QUIRE_MODELS_DIR ?? join(dir.path, 'models');
    const path = await ensureBuiltinModel(models);
    const options = { piecewiseTokens: 64 };
    const a = await LlamaEmbedder.load(path, options);
    const b = await LlamaEmbedder.load(path, options);
    try {
      expect(ggufModelsInUse().map((m) => m.holders)).toEqual([2]);
      const texts = ['How much notice must the tenant give?', 'notice '.repeat(200)];
      expect(list(await b.embed(texts, 'document'))).toEqual(list(await a.embed(texts, 'document')));
      await a.close();
      expect(list(await b.embed(texts, 'query'))[0]).toHaveLength(b.dimension);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
