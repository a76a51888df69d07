// The embedder's memory bounds (issue 14): texts embedded in pieces by the built-in model give the same
// vectors as whole texts, only the built-in model is embedded that way, and evaluations leave no native
// garbage behind (node-llama-cpp's per-call sampler) — real llama.cpp, the shared built-in model.
import { join } from 'node:path';
import { LlamaEmbedder, PIECE_TOKENS } from '@quire/embeddings';
import { ensureBuiltinModel, loadGgufModel } from '@quire/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveModel } from '../../apps/server/src/model-resolution.ts';
import { loadEmbedder } from '../../apps/server/src/open-workspace.ts';
import { writeTinyEmbeddingModel } from '../fixtures/tiny-models.ts';
import { tempDir } from '../helpers/temp.ts';

const cosine = (a: Float32Array, b: Float32Array) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  return dot / Math.sqrt(na * nb);
};
const maxDifference = (a: Float32Array, b: Float32Array) =>
  a.reduce((max, x, i) => Math.max(max, Math.abs(x - (b[i] ?? 0))), 0);

const WORDS = (
  'the tenant shall pay rent on the first day of each month , and the landlord keeps the deposit ' +
  'until all repairs are done . notice of termination : 30 days ( written ) ; Über café naïve 1234 ' +
  'indemnity arbitration jurisdiction subletting'
).split(' ');
/** A text of about `n` words (model tokens: most are whole words, a few split). */
const text = (n: number, shift = 0) =>
  Array.from({ length: n }, (_, i) => WORDS[(i * 7 + shift) % WORDS.length]).join(' ');
const rssMb = () => process.memoryUsage().rss / 2 ** 20;

let tmp: { path: string; cleanup: () => Promise<void> };
let modelsDir: string;
let modelPath: string;

beforeAll(async () => {
  tmp = await tempDir();
  modelsDir = process.env.QUIRE_MODELS_DIR ?? join(tmp.path, 'models');
  modelPath = await ensureBuiltinModel(modelsDir);
});
afterAll(() => tmp.cleanup());

describe('embedding the built-in model in pieces', () => {
  it('gives the vectors of whole texts, and whole texts the vectors of getEmbeddingFor', async () => {
    const texts = [1, 2, 5, 63, 64, 65, 126, 127, 128, 129, 300, 607, 1015, 1016, 2500].map(text);
    texts.push('');
    const model = await loadGgufModel(modelPath);
    const context = await model.createEmbeddingContext({ contextSize: 1024, batchSize: 1024, threads: 1 });
    const whole = await LlamaEmbedder.load(modelPath);
    try {
      expect(whole.samplerFree).toBe(true); // node-llama-cpp's internals are still there
      expect(whole.pieceTokens).toBeNull();
      const wholeVectors = await whole.embed(texts, 'document');
      // Whole texts: bit for bit what node-llama-cpp's own getEmbeddingFor returns (truncated as before).
      for (const [i, t] of texts.entries()) {
        const tokens = model.tokenize(t).slice(0, 1016);
        const expected =
          tokens.length === 0
            ? new Float32Array(128)
            : Float32Array.from((await context.getEmbeddingFor(tokens)).vector);
        expect(Array.from(wholeVectors[i] ?? []), `text ${i}`).toEqual(Array.from(expected));
      }
      for (const piece of [7, PIECE_TOKENS]) {
        const piecewise = await LlamaEmbedder.load(modelPath, { piecewiseTokens: piece });
        try {
          expect(piecewise.pieceTokens).toBe(piece);
          const vectors = await piecewise.embed(texts, 'document');
          for (const [i, v] of vectors.entries()) {
            const w = wholeVectors[i] ?? new Float32Array();
            if (texts[i] === '') expect(Array.from(v)).toEqual(Array.from(w));
            else expect(cosine(v, w), `piece ${piece}, text ${i}`).toBeGreaterThan(0.99999);
            expect(maxDifference(v, w), `piece ${piece}, text ${i}`).toBeLessThan(1e-6);
          }
          const [query] = await piecewise.embed([text(700, 3)], 'query');
          const [wholeQuery] = await whole.embed([text(700, 3)], 'query');
          expect(cosine(query ?? new Float32Array(), wholeQuery ?? new Float32Array())).toBeGreaterThan(
            0.99999,
          );
        } finally {
          await piecewise.close();
        }
      }
    } finally {
      await whole.close();
      await context.dispose();
      await model.dispose();
    }
  });

  it('is applied to the built-in model only', async () => {
    expect((await resolveModel(modelsDir, 'builtin'))?.piecewiseTokens).toBe(PIECE_TOKENS);
    const tiny = join(tmp.path, 'tiny-embed-64.gguf');
    await writeTinyEmbeddingModel(tiny, 64);
    expect((await resolveModel(modelsDir, tiny))?.piecewiseTokens).toBeUndefined();

    const builtin = (await loadEmbedder(modelsDir, 'builtin')) as LlamaEmbedder;
    const other = (await loadEmbedder(modelsDir, tiny)) as LlamaEmbedder;
    // Asked for, but ignored: the tiny model is a causal decoder, not mean-pooled.
    const asked = await LlamaEmbedder.load(tiny, { piecewiseTokens: 16 });
    // A piece never exceeds the longest text (1,016 tokens, plus CLS and SEP).
    const huge = await LlamaEmbedder.load(modelPath, { piecewiseTokens: 5000 });
    expect(huge.pieceTokens).toBe(1018);
    await huge.close();
    try {
      expect(builtin.pieceTokens).toBe(PIECE_TOKENS);
      expect(other.pieceTokens).toBeNull();
      expect(asked.pieceTokens).toBeNull();
      const texts = [text(40), text(200, 1)];
      const a = await other.embed(texts, 'document');
      const b = await asked.embed(texts, 'document');
      expect(a.map((v) => Array.from(v))).toEqual(b.map((v) => Array.from(v)));
    } finally {
      await builtin.close();
      await other.close();
      await asked.close();
    }
  });

  it('gives the same vectors to concurrent embed calls (a search during a sync) as to one at a time', async () => {
    for (const options of [{}, { piecewiseTokens: PIECE_TOKENS }]) {
      const embedder = await LlamaEmbedder.load(modelPath, options);
      try {
        const a = Array.from({ length: 20 }, (_, i) => text(40 + i * 11, i));
        const b = Array.from({ length: 20 }, (_, i) => text(5 + i * 7, i + 3));
        const alone = [await embedder.embed(a, 'document'), await embedder.embed(b, 'query')];
        const together = await Promise.all([embedder.embed(a, 'document'), embedder.embed(b, 'query')]);
        expect(together.map((vs) => vs.map((v) => Array.from(v)))).toEqual(
          alone.map((vs) => vs.map((v) => Array.from(v))),
        );
      } finally {
        await embedder.close();
      }
    }
  });

  it('bounds llama.cpp buffers by the piece length and leaves no per-text garbage', async () => {
    const embedder = await LlamaEmbedder.load(modelPath, { piecewiseTokens: PIECE_TOKENS });
    try {
      await embedder.embed([text(20), text(20, 1)], 'document');
      const loaded = rssMb();
      // Inputs at the 1,016-token limit: whole, each context would reserve ~400 MB (0.39 MB a token).
      const texts = Array.from({ length: 400 }, (_, i) => text(i < 4 ? 1200 : 400, i));
      await embedder.embed(texts.slice(0, 4), 'document');
      const sized = rssMb();
      // Sized for a full piece at load (two contexts × 64 tokens × 0.39 MB ≈ 50 MB): no growth.
      expect(sized - loaded).toBeLessThan(60);
      await embedder.embed(texts, 'document');
      // 400 texts in ~1,300 evaluations: node-llama-cpp's getEmbeddingFor left ~1.2 MB each until a full GC.
      expect(rssMb() - sized).toBeLessThan(60);
    } finally {
      await embedder.close();
    }
  });
});
