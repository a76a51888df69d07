import { basename } from 'node:path';
import type { LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import { fileSha256, loadGgufModel } from './llama-runtime.ts';
import type { Embedder, EmbedKind } from './types.ts';

export interface LlamaEmbedderOptions {
  /** Tokens per text; longer texts are truncated. Default: the model's training context, at most 4096. */
  contextSize?: number;
  /** CPU threads for the embedding context. Default 1: faster than 2 for small models on 2 cores. */
  threads?: number;
  /** Prepended to search queries (e.g. "query: "), as the model family expects. Default none. */
  queryPrefix?: string;
  /** Prepended to stored passages. Default none. */
  documentPrefix?: string;
  name?: string;
}

/** An {@link Embedder} backed by a GGUF model run by llama.cpp through node-llama-cpp. */
export class LlamaEmbedder implements Embedder {
  private constructor(
    readonly modelId: string,
    readonly name: string,
    readonly dimension: number,
    private readonly model: LlamaModel,
    private readonly context: LlamaEmbeddingContext,
    private readonly maxTokens: number,
    private readonly prefixes: Record<EmbedKind, string>,
  ) {}

  static async load(modelPath: string, options: LlamaEmbedderOptions = {}): Promise<LlamaEmbedder> {
    const model = await loadGgufModel(modelPath);
    try {
      const modelId = await fileSha256(modelPath);
      const contextSize = options.contextSize ?? Math.min(model.trainContextSize, 4096);
      const context = await model.createEmbeddingContext({ contextSize, threads: options.threads ?? 1 });
      return new LlamaEmbedder(
        modelId,
        options.name ?? basename(modelPath),
        model.embeddingVectorSize,
        model,
        context,
        // getEmbeddingFor adds BOS/EOS tokens and needs one free slot.
        contextSize - 8,
        { query: options.queryPrefix ?? '', document: options.documentPrefix ?? '' },
      );
    } catch (error) {
      await model.dispose();
      throw error;
    }
  }

  async embed(texts: readonly string[], kind: EmbedKind): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (const text of texts) {
      const tokens = this.model.tokenize(this.prefixes[kind] + text);
      if (tokens.length === 0) {
        out.push(new Float32Array(this.dimension));
        continue;
      }
      const input = tokens.length > this.maxTokens ? tokens.slice(0, this.maxTokens) : tokens;
      const embedding = await this.context.getEmbeddingFor(input);
      out.push(Float32Array.from(embedding.vector));
    }
    return out;
  }

  async close(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
  }
}
