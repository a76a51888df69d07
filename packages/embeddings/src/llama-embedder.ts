import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { fileSha256, loadGgufModel } from '@quire/models';
import type { LlamaEmbeddingContext, LlamaModel, Token } from 'node-llama-cpp';
import type { Embedder, EmbedKind } from './types.ts';

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
}

/**
 * An {@link Embedder} backed by a GGUF model run by llama.cpp through node-llama-cpp. A batch of texts
 * is tokenized once and spread over a small pool of embedding contexts; results keep the input order.
 */
export class LlamaEmbedder implements Embedder {
  private constructor(
    readonly modelId: string,
    readonly name: string,
    readonly dimension: number,
    private readonly model: LlamaModel,
    private readonly contexts: LlamaEmbeddingContext[],
    private readonly maxTokens: number,
    private readonly prefixes: Record<EmbedKind, string>,
  ) {}

  static async load(modelPath: string, options: LlamaEmbedderOptions = {}): Promise<LlamaEmbedder> {
    const model = await loadGgufModel(modelPath);
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
      return new LlamaEmbedder(
        modelId,
        options.name ?? basename(modelPath),
        model.embeddingVectorSize,
        model,
        contexts,
        // getEmbeddingFor adds BOS/EOS tokens and needs one free slot.
        contextSize - 8,
        { query: options.queryPrefix ?? '', document: options.documentPrefix ?? '' },
      );
    } catch (error) {
      for (const context of contexts) await context.dispose();
      await model.dispose();
      throw error;
    }
  }

  async embed(texts: readonly string[], kind: EmbedKind): Promise<Float32Array[]> {
    const out = new Array<Float32Array>(texts.length);
    const inputs: Token[][] = texts.map((text) => {
      const tokens = this.model.tokenize(this.prefixes[kind] + text);
      return tokens.length > this.maxTokens ? tokens.slice(0, this.maxTokens) : tokens;
    });
    let next = 0;
    const work = async (context: LlamaEmbeddingContext) => {
      for (let i = next++; i < inputs.length; i = next++) {
        const input = inputs[i] ?? [];
        out[i] =
          input.length === 0
            ? new Float32Array(this.dimension)
            : Float32Array.from((await context.getEmbeddingFor(input)).vector);
      }
    };
    await Promise.all(this.contexts.map(work));
    return out;
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.dispose();
    await this.model.dispose();
  }
}
