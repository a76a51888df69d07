import { copyFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LlamaEmbedder } from '@quire/embeddings';
import { LlamaGenerator } from '@quire/inference';
import { ModelError } from '@quire/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SCRIPTED_REPLY_TEXT,
  writeHeaderOnlyGguf,
  writeScriptedChatModel,
  writeTinyEmbeddingModel,
} from '../fixtures/tiny-models.ts';
import { tempDir } from '../helpers/temp.ts';

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir();
  await writeScriptedChatModel(join(dir.path, 'chat.gguf'));
  await writeTinyEmbeddingModel(join(dir.path, 'embed-64.gguf'), 64);
  await writeTinyEmbeddingModel(join(dir.path, 'embed-128.gguf'), 128);
});
afterAll(() => dir.cleanup());

describe('LlamaEmbedder (real node-llama-cpp, generated GGUF)', () => {
  it('embeds a batch with the model dimension, deterministically', async () => {
    const embedder = await LlamaEmbedder.load(join(dir.path, 'embed-64.gguf'));
    try {
      expect(embedder.dimension).toBe(64);
      expect(embedder.modelId).toMatch(/^[0-9a-f]{64}$/);
      const texts = ['the tenant pays rent', 'notice of 30 days', 'the tenant pays rent', ''];
      const vectors = await embedder.embed(texts, 'document');
      expect(vectors).toHaveLength(4);
      for (const v of vectors) expect(v).toHaveLength(64);
      expect(Array.from(vectors[0] ?? [])).toEqual(Array.from(vectors[2] ?? []));
      expect(Array.from(vectors[0] ?? [])).not.toEqual(Array.from(vectors[1] ?? []));
      const long = 'lease '.repeat(20_000);
      const [truncated] = await embedder.embed([long], 'query');
      expect(truncated).toHaveLength(64);
    } finally {
      await embedder.close();
    }
  });

  it('reports each model width and gives equal files equal ids', async () => {
    await copyFile(join(dir.path, 'embed-128.gguf'), join(dir.path, 'copy-128.gguf'));
    const a = await LlamaEmbedder.load(join(dir.path, 'embed-128.gguf'));
    const b = await LlamaEmbedder.load(join(dir.path, 'copy-128.gguf'));
    try {
      expect(a.dimension).toBe(128);
      expect(a.modelId).toBe(b.modelId);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('model file errors', () => {
  it('refuses a file that is not a GGUF', async () => {
    const path = join(dir.path, 'notes.gguf');
    await writeFile(path, 'this is not a model');
    await expect(LlamaEmbedder.load(path)).rejects.toMatchObject({ code: 'model-invalid' });
  });

  it('refuses a truncated GGUF', async () => {
    const path = join(dir.path, 'truncated.gguf');
    await copyFile(join(dir.path, 'embed-64.gguf'), path);
    await truncate(path, 50_000);
    const error = await LlamaGenerator.load(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ code: 'model-invalid' });
  });

  it('refuses a model that needs more memory than this machine has, before loading it', async () => {
    const path = join(dir.path, 'huge.gguf');
    await writeHeaderOnlyGguf(path, 10_000_000);
    const error = await LlamaGenerator.load(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model-too-large' });
    expect(String((error as Error).message)).toMatch(/needs about \d+\.\d GB of memory; this machine has/);
  });

  it('says a short file is truncated', async () => {
    const path = join(dir.path, 'short.gguf');
    await writeHeaderOnlyGguf(path, 1000);
    await expect(LlamaEmbedder.load(path)).rejects.toThrow(/truncated/);
  });

  it('refuses a missing file', async () => {
    await expect(LlamaEmbedder.load(join(dir.path, 'absent.gguf'))).rejects.toMatchObject({
      code: 'model-missing',
    });
  });
});

describe('LlamaGenerator (real node-llama-cpp, scripted GGUF)', () => {
  it('uses the model chat template and streams tokens', async () => {
    const generator = await LlamaGenerator.load(join(dir.path, 'chat.gguf'), { contextSize: 2048 });
    try {
      const pieces: string[] = [];
      const text = await generator.generate(
        [
          { role: 'system', content: 'Answer from the sources.' },
          { role: 'user', content: 'How long is the notice period?' },
        ],
        { onToken: (t) => pieces.push(t) },
      );
      expect(text).toBe(SCRIPTED_REPLY_TEXT);
      expect(pieces.length).toBeGreaterThan(3);
      expect(pieces.join('')).toBe(text);
    } finally {
      await generator.close();
    }
  });

  it('stops midway when the signal aborts', async () => {
    const generator = await LlamaGenerator.load(join(dir.path, 'chat.gguf'), { contextSize: 2048 });
    try {
      const controller = new AbortController();
      const pieces: string[] = [];
      const text = await generator.generate([{ role: 'user', content: 'Tell me.' }], {
        signal: controller.signal,
        onToken: (t) => {
          pieces.push(t);
          if (pieces.length === 2) controller.abort();
        },
      });
      expect(text.length).toBeGreaterThan(0);
      expect(text.length).toBeLessThan(SCRIPTED_REPLY_TEXT.length);
      const again = await generator.generate([{ role: 'user', content: 'Again.' }]);
      expect(again).toBe(SCRIPTED_REPLY_TEXT);
    } finally {
      await generator.close();
    }
  });
});
