import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { acquireGgufModel, fileSha256, type GgufModelHandle, ModelError } from '@quire/models';
import type { LlamaModel, LlamaRankingContext, Token } from 'node-llama-cpp';

/** Re-scores retrieved passages against a query with a cross-encoder. */
export interface Reranker {
  /** sha256 of the model file. */
  readonly modelId: string;
  readonly name: string;
  /** One score per document, in input order; higher means more relevant. Empty input gives `[]`. */
  rerank(query: string, documents: readonly string[]): Promise<number[]>;
  close(): Promise<void>;
}

export interface LlamaRerankerOptions {
  /**
   * Tokens per query + document pair; longer documents are truncated to fit (queries to half of it).
   * Default: the model's training context, at most 1024.
   */
  contextSize?: number;
  /**
   * Ranking contexts working in parallel. Default: 2 on machines with two or more cores, else 1. The
   * documents of one `rerank` call are spread over them.
   */
  contexts?: number;
  /** CPU threads per context. Default 1: with small models, one thread per context beats shared threads. */
  threads?: number;
  /** Display name. Default: the file name. */
  name?: string;
}

const DEFAULT_MAX_CONTEXT = 1024;

function isNotRankingError(message: string): boolean {
  return /rankings is not supported|template is invalid|encoder-decoder/i.test(message);
}

function notARanker(path: string, cause?: unknown): ModelError {
  return new ModelError(
    'model-invalid',
    `${basename(path)} is not a reranking model (no classification head, or no separator token to join ` +
      'query and document); choose a reranker GGUF such as bge-reranker-v2-m3',
    { cause },
  );
}

async function createRankingContext(
  model: LlamaModel,
  path: string,
  contextSize: number,
  threads: number,
): Promise<LlamaRankingContext> {
  try {
    return await model.createRankingContext({ contextSize, batchSize: contextSize, threads });
  } catch (cause) {
    const text = String(cause instanceof Error ? cause.message : cause);
    if (isNotRankingError(text)) throw notARanker(path, cause);
    if (/memory|vram|too large/i.test(text)) {
      throw new ModelError('model-too-large', `Not enough memory to rerank with ${basename(path)}: ${text}`, {
        cause,
      });
    }
    throw new ModelError('model-invalid', `Cannot rerank with ${basename(path)}: ${text}`, { cause });
  }
}

/**
 * A {@link Reranker} backed by a GGUF cross-encoder (e.g. bge-reranker-v2-m3) through node-llama-cpp's
 * ranking context. Scores are probabilities in [0, 1]. node-llama-cpp evaluates one pair at a time per
 * context (its `rankAll` does not batch documents together), so documents are spread over a small pool
 * of contexts instead; results keep the input order. Each context takes a whole pair in one batch
 * (batch size = context size): llama.cpp scores a pair split across batches from its last batch alone.
 * Over-long documents are truncated to their first tokens rather than split. The model is shared with
 * every other holder of the same file in this process (`acquireGgufModel`); the contexts are its own.
 */
export class LlamaReranker implements Reranker {
  private constructor(
    readonly modelId: string,
    readonly name: string,
    private readonly held: GgufModelHandle,
    private readonly contexts: readonly LlamaRankingContext[],
    private readonly contextSize: number,
  ) {}

  /** Loads a reranker; a GGUF without a ranking head fails with {@link ModelError} `model-invalid`. */
  static async load(modelPath: string, options: LlamaRerankerOptions = {}): Promise<LlamaReranker> {
    const held = await acquireGgufModel(modelPath);
    const model = held.model;
    const contexts: LlamaRankingContext[] = [];
    try {
      if (!model.fileInsights.supportsRanking) throw notARanker(modelPath);
      const modelId = await fileSha256(modelPath);
      const contextSize = options.contextSize ?? Math.min(model.trainContextSize, DEFAULT_MAX_CONTEXT);
      const count = Math.max(1, options.contexts ?? Math.min(2, availableParallelism()));
      for (let i = 0; i < count; i++) {
        contexts.push(await createRankingContext(model, modelPath, contextSize, options.threads ?? 1));
      }
      return new LlamaReranker(modelId, options.name ?? basename(modelPath), held, contexts, contextSize);
    } catch (error) {
      for (const context of contexts) await context.dispose();
      await held.release();
      throw error;
    }
  }

  async rerank(query: string, documents: readonly string[]): Promise<number[]> {
    if (documents.length === 0) return [];
    const limit = this.contextSize - 1;
    const queryTokens = this.tokenize(query).slice(0, Math.floor(limit / 2));
    const inputs = documents.map((document) => this.fit(queryTokens, this.tokenize(document), limit));
    const scores = new Array<number>(inputs.length).fill(0);
    let next = 0;
    const work = async (context: LlamaRankingContext) => {
      for (let i = next++; i < inputs.length; i = next++) {
        scores[i] = await context.rank(queryTokens, inputs[i] ?? []);
      }
    };
    await Promise.all(this.contexts.map(work));
    return scores;
  }

  /** Disposes this reranker's contexts and releases its hold on the model. */
  async close(): Promise<void> {
    for (const context of this.contexts) await context.dispose();
    await this.held.release();
  }

  private tokenize(text: string): Token[] {
    return this.held.model.tokenize(text, false, 'trimLeadingSpace');
  }

  private fit(query: Token[], document: Token[], limit: number): Token[] {
    let kept = document;
    const measure = this.contexts[0];
    if (!measure) return kept;
    let length = measure.calculateInputLength(query, kept);
    while (length > limit && kept.length > 0) {
      kept = kept.slice(0, Math.max(0, kept.length - (length - limit)));
      length = measure.calculateInputLength(query, kept);
    }
    return kept;
  }
}
