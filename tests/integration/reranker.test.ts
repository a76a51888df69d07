import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LlamaReranker } from '@quire/embeddings';
import { ModelError } from '@quire/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeScriptedChatModel } from '../fixtures/tiny-models.ts';
import { writeNotARanker, writeTinyReranker } from '../fixtures/tiny-reranker.ts';
import { tempDir } from '../helpers/temp.ts';

let dir: { path: string; cleanup: () => Promise<void> };
let reranker: LlamaReranker;

beforeAll(async () => {
  dir = await tempDir();
  await writeTinyReranker(join(dir.path, 'reranker.gguf'));
  reranker = await LlamaReranker.load(join(dir.path, 'reranker.gguf'), { contextSize: 1024, contexts: 2 });
});
afterAll(async () => {
  await reranker?.close();
  await dir.cleanup();
});

const QUERY = 'tenant rent notice deposit lease';

describe('LlamaReranker (real node-llama-cpp, generated reranker GGUF)', () => {
  it('identifies the model by file hash and name', () => {
    expect(reranker.modelId).toMatch(/^[0-9a-f]{64}$/);
    expect(reranker.name).toBe('reranker.gguf');
  });

  it('orders documents by how many query words they share', async () => {
    const documents = [
      'weather sunny today',
      'the tenant must pay rent and notice',
      'tenant river',
      'tenant rent notice deposit lease',
      'tenant rent garden',
    ];
    const scores = await reranker.rerank(QUERY, documents);
    expect(scores).toHaveLength(documents.length);
    const [none, three, one, five, two] = scores.map((s) => s ?? Number.NaN);
    expect(five).toBeGreaterThan(three ?? 0);
    expect(three).toBeGreaterThan(two ?? 0);
    expect(two).toBeGreaterThan(one ?? 0);
    expect(one).toBeGreaterThan(none ?? 0);
    expect(five).toBeGreaterThan(0.9);
    expect(none).toBeLessThan(0.05);
  });

  it('scores a batch of 25 in input order, finite and deterministic', async () => {
    const words = ['tenant', 'rent', 'notice', 'deposit', 'lease'];
    const fillers = ['garden', 'river', 'music', 'oven', 'train'];
    const documents = Array.from({ length: 25 }, (_, i) => {
      const shared = words.slice(0, i % 6);
      return [...shared, ...fillers.slice(0, 5 - shared.length)].join(' ');
    });
    const first = await reranker.rerank(QUERY, documents);
    const second = await reranker.rerank(QUERY, [...documents]);
    expect(first).toHaveLength(25);
    for (const score of first) expect(Number.isFinite(score)).toBe(true);
    expect(second).toEqual(first);
    for (let i = 0; i < 25; i++) {
      const ahead = first[i + 1];
      if (ahead !== undefined && (i + 1) % 6 !== 0) expect(ahead).toBeGreaterThan(first[i] ?? 1);
    }
    const single = await reranker.rerank(QUERY, [documents[4] ?? '']);
    expect(single[0]).toBeCloseTo(first[4] ?? 0, 6);
    const serial = await LlamaReranker.load(join(dir.path, 'reranker.gguf'), {
      contextSize: 1024,
      contexts: 1,
    });
    try {
      expect(await serial.rerank(QUERY, documents)).toEqual(first);
    } finally {
      await serial.close();
    }
  });

  it('scores a pair longer than a default batch (512 tokens) as one input', async () => {
    const padding = 'unknown '.repeat(700);
    const [head, tail, short] = await reranker.rerank(QUERY, [
      `tenant rent notice ${padding}`,
      `${padding} tenant rent notice`,
      'tenant rent notice',
    ]);
    expect(head).toBeCloseTo(tail ?? 0, 6);
    expect(head).toBeGreaterThan(0.5);
    expect(head).toBeCloseTo(short ?? 0, 1);
  });

  it('truncates a document longer than the context to its beginning instead of failing', async () => {
    const padding = 'unknown '.repeat(3_000);
    const [kept, cut, plain] = await reranker.rerank(QUERY, [
      `tenant rent notice ${padding}`,
      `${padding} tenant rent notice`,
      'weather',
    ]);
    for (const score of [kept, cut, plain]) expect(Number.isFinite(score)).toBe(true);
    expect(kept).toBeGreaterThan(0.5);
    expect(cut).toBeLessThan(0.05);
    expect(plain).toBeLessThan(0.05);
  });

  it('truncates an over-long query too', async () => {
    const [score] = await reranker.rerank('tenant '.repeat(5_000), ['tenant']);
    expect(Number.isFinite(score)).toBe(true);
  });

  it('handles empty input', async () => {
    expect(await reranker.rerank(QUERY, [])).toEqual([]);
    const [empty] = await reranker.rerank('', ['']);
    expect(Number.isFinite(empty)).toBe(true);
  });
});

describe('LlamaReranker model errors', () => {
  it('refuses a chat model: not a reranking model', async () => {
    const path = join(dir.path, 'chat.gguf');
    await writeScriptedChatModel(path);
    const error = await LlamaReranker.load(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({
      code: 'model-invalid',
      message: expect.stringMatching(/not a reranking model/),
    });
  });

  it('refuses a bert embedding model without a classification head', async () => {
    const path = join(dir.path, 'embedder.gguf');
    await writeNotARanker(path);
    await expect(LlamaReranker.load(path)).rejects.toMatchObject({
      code: 'model-invalid',
      message: expect.stringMatching(/embedder\.gguf is not a reranking model/),
    });
  });

  it('reports a missing file', async () => {
    await expect(LlamaReranker.load(join(dir.path, 'absent.gguf'))).rejects.toMatchObject({
      code: 'model-missing',
    });
  });

  it('refuses a file that is not a GGUF', async () => {
    const path = join(dir.path, 'notes.gguf');
    await writeFile(path, 'this is not a model');
    await expect(LlamaReranker.load(path)).rejects.toMatchObject({ code: 'model-invalid' });
  });
});
