import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { acquireGgufModel, fileSha256, type GgufModelHandle } from '@quire/models';
import type { LlamaEmbeddingContext, Token } from 'node-llama-cpp';
import type { Embedder, EmbedKind } from './types.ts';

/**
 * A piece length for {@link LlamaEmbedderOptions.piecewiseTokens}: llama.cpp's output buffer then stays at
 * 25 MB per context for the built-in model, and pieces of this size evaluate as fast as whole texts
 * (shorter ones start to cost more per token: 16 tokens, ~1.6× — docs/ingestion.md).
 */
export const PIECE_TOKENS = 64;

export interface LlamaEmbedderOptions {
  /** Tokens per text; longer texts are truncated. Default: the model's training context, at most 1024. */
  contextSize?: number;
  /**
   * Embedding contexts working in parallel, each on its own sequence. Default: 2 on machines with two
   * or more cores, else 1. Texts of one `embed` call are spread over them.
   */
  contexts?: number;
  /** CPU threads per context. Default 1: for small models, one thread per context beats shared threads. */
  threads?: number;
  /** Prepended to search queries (e.g. "query: "), as the model family expects. Default none. */
  queryPrefix?: string;
  /** Prepended to stored passages. Default none. */
  documentPrefix?: string;
  name?: string;
  /**
   * Evaluate each text in pieces of at most this many tokens and combine the pieces' pooled means,
   * weighted by their lengths, into the text's mean. Exact only for a mean-pooled model in which every
   * token's output depends on that token alone (no attention, zero position embeddings), such as Quire's
   * built-in model: set it for such a model only. It caps llama.cpp's output buffer, which each context
   * sizes by the longest evaluation it has seen (4 bytes × vocabulary × tokens); the buffer is sized for a
   * full piece at load. Ignored (with the whole text evaluated) for a model that is not mean-pooled.
   * Default: none, whole texts.
   */
  piecewiseTokens?: number;
}

/** The pooled mean of exactly these tokens, evaluated by one context (no tokens added). */
type Evaluate = (tokens: Token[]) => Promise<ArrayLike<number>>;

/** The node-llama-cpp 3.x internals the sampler-free evaluation uses (checked at load). */
interface EmbeddingContextInternals {
  _llamaContext?: { _ctx?: { getEmbedding?: (inputTokens: number) => ArrayLike<number> } };
  _sequence?: {
    nextTokenIndex: number;
    eraseContextTokenRanges(ranges: { start: number; end: number }[]): Promise<void>;
    _tokenMeter?: unknown;
    _decodeTokens?: (
      tokens: Token[],
      logits: boolean[],
      evaluationPriority: undefined,
      tokenMeter: unknown,
      contextShift: { size: number; strategy: 'eraseBeginning' },
      logitDataMapper: () => null,
      afterBatchAction: undefined,
    ) => Promise<unknown>;
  };
  _prepareInput?: (tokens: Token[]) => void;
}

/**
 * Evaluates tokens as `getEmbeddingFor` does (erase the sequence, decode, read the sequence's pooled
 * embedding) without its per-call `LlamaSampler`: that native object holds a vocabulary-sized candidates
 * array (12 bytes × vocabulary, 1.2 MB for the built-in model) until V8 collects its small JS wrapper,
 * which only a full GC does. Evaluations of one context run one at a time, as `getEmbeddingFor`'s lock
 * makes them (concurrent `embed` calls, e.g. a search during a sync, share the contexts). Null when this
 * node-llama-cpp lacks the internals.
 */
function samplerFreeEvaluate(context: LlamaEmbeddingContext): Evaluate | null {
  const internals = context as unknown as EmbeddingContextInternals;
  const native = internals._llamaContext?._ctx;
  const sequence = internals._sequence;
  const decode = sequence?._decodeTokens;
  if (!native?.getEmbedding || !sequence || !decode || !('_tokenMeter' in sequence)) return null;
  const contextShift = { size: 1, strategy: 'eraseBeginning' as const };
  const noSampling = () => null;
  const evaluate: Evaluate = async (tokens) => {
    if (sequence.nextTokenIndex > 0)
      await sequence.eraseContextTokenRanges([{ start: 0, end: sequence.nextTokenIndex }]);
    const logits: boolean[] = [];
    logits[tokens.length - 1] = true;
    await decode.call(
      sequence,
      tokens,
      logits,
      undefined,
      sequence._tokenMeter,
      contextShift,
      noSampling,
      undefined,
    );
    return native.getEmbedding?.(tokens.length) ?? [];
  };
  let queue: Promise<unknown> = Promise.resolve();
  return (tokens) => {
    const result = queue.then(() => evaluate(tokens));
    queue = result.catch(() => undefined);
    return result;
  };
}

/** `getEmbeddingFor`'s own additions: the model's beginning and end tokens (CLS and SEP for BERT). */
function prepared(context: LlamaEmbeddingContext, tokens: readonly Token[]): Token[] {
  const out = tokens.slice();
  (context as unknown as EmbeddingContextInternals)._prepareInput?.(out);
  return out;
}

/**
 * An {@link Embedder} backed by a GGUF model run by llama.cpp through node-llama-cpp. A batch of texts
 * is tokenized once and spread over a small pool of embedding contexts; results keep the input order.
 * The model itself is shared with every other holder of the same file in this process
 * (`acquireGgufModel`); the contexts are this embedder's own.
 */
export class LlamaEmbedder implements Embedder {
  private constructor(
    readonly modelId: string,
    readonly name: string,
    readonly dimension: number,
    private readonly held: GgufModelHandle,
    private readonly contexts: LlamaEmbeddingContext[],
    private readonly maxTokens: number,
    private readonly prefixes: Record<EmbedKind, string>,
    /** One per context, without node-llama-cpp's per-call sampler; null: `getEmbeddingFor`, whole texts. */
    private readonly evaluators: Evaluate[] | null,
    /** Longest evaluation in tokens when texts are embedded piecewise; null: whole texts. */
    readonly pieceTokens: number | null,
  ) {}

  static async load(modelPath: string, options: LlamaEmbedderOptions = {}): Promise<LlamaEmbedder> {
    const held = await acquireGgufModel(modelPath);
    const model = held.model;
    const contexts: LlamaEmbeddingContext[] = [];
    try {
      const modelId = await fileSha256(modelPath);
      const contextSize = options.contextSize ?? Math.min(model.trainContextSize, 1024);
      const count = Math.max(1, options.contexts ?? Math.min(2, availableParallelism()));
      for (let i = 0; i < count; i++) {
        contexts.push(
          await model.createEmbeddingContext({
            contextSize,
            batchSize: contextSize,
            threads: options.threads ?? 1,
          }),
        );
      }
      const found = contexts.map(samplerFreeEvaluate);
      const evaluators = found.every((e) => e !== null) ? (found as Evaluate[]) : null;
      const meanPooled =
        (model.fileInfo.architectureMetadata as { pooling_type?: number }).pooling_type === 1;
      const asked = options.piecewiseTokens;
      // The longest prepared text (maxTokens plus the two tokens getEmbeddingFor adds) is one piece at most.
      const piece =
        evaluators && meanPooled && asked !== undefined && asked >= 2
          ? Math.min(Math.floor(asked), contextSize - 6)
          : null;
      if (piece !== null) {
        // Size each context's output buffer for a full piece now: llama.cpp reallocates it (~1 ms of page
        // faults per token for the built-in model) every time an evaluation is longer than any before.
        const filler = model.tokens.bos ?? (0 as Token);
        for (const evaluate of evaluators ?? []) await evaluate(Array.from({ length: piece }, () => filler));
      }
      return new LlamaEmbedder(
        modelId,
        options.name ?? basename(modelPath),
        model.embeddingVectorSize,
        held,
        contexts,
        // getEmbeddingFor adds BOS/EOS tokens and needs one free slot.
        contextSize - 8,
        { query: options.queryPrefix ?? '', document: options.documentPrefix ?? '' },
        evaluators,
        piece,
      );
    } catch (error) {
      for (const context of contexts) await context.dispose();
      await held.release();
      throw error;
    }
  }

  async embed(texts: readonly string[], kind: EmbedKind): Promise<Float32Array[]> {
    const out = new Array<Float32Array>(texts.length);
    const inputs: Token[][] = texts.map((text) => {
      const tokens = this.held.model.tokenize(this.prefixes[kind] + text);
      return tokens.length > this.maxTokens ? tokens.slice(0, this.maxTokens) : tokens;
    });
    let next = 0;
    const work = async (context: LlamaEmbeddingContext, c: number) => {
      const evaluate = this.evaluators?.[c];
      for (let i = next++; i < inputs.length; i = next++) {
        const input = inputs[i] ?? [];
        if (input.length === 0) out[i] = new Float32Array(this.dimension);
        else if (evaluate) out[i] = await this.embedTokens(prepared(context, input), evaluate);
        else out[i] = Float32Array.from((await context.getEmbeddingFor(input)).vector);
      }
    };
    await Promise.all(this.contexts.map(work));
    return out;
  }

  /**
   * The pooled mean of `tokens`: one evaluation, or pieces of at most {@link pieceTokens} tokens of near
   * equal length whose means are combined as Σ length·mean / total.
   */
  private async embedTokens(tokens: Token[], evaluate: Evaluate): Promise<Float32Array> {
    const limit = this.pieceTokens;
    if (limit === null || tokens.length <= limit) return Float32Array.from(await evaluate(tokens));
    const pieces = Math.ceil(tokens.length / limit);
    const size = Math.ceil(tokens.length / pieces);
    const sum = new Float64Array(this.dimension);
    for (let start = 0; start < tokens.length; start += size) {
      const piece = tokens.slice(start, start + size);
      const mean = await evaluate(piece);
      for (let d = 0; d < sum.length; d++) sum[d] = (sum[d] ?? 0) + piece.length * (mean[d] ?? 0);
    }
    for (let d = 0; d < sum.length; d++) sum[d] = (sum[d] ?? 0) / tokens.length;
    return Float32Array.from(sum);
  }

  /** Whether evaluations avoid node-llama-cpp's per-call sampler (false: `getEmbeddingFor`, whole texts). */
  get samplerFree(): boolean {
    return this.evaluators !== null;
  }

  /** Disposes this embedder's contexts and releases its hold on the model. */
  async close(): Promise<void> {
    for (const context of this.contexts) await context.dispose();
    await this.held.release();
  }
}
