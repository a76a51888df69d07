import { basename } from 'node:path';
import { acquireGgufModel, fileSha256, type GgufModelHandle } from '@quire/models';
import { type ChatHistoryItem, LlamaChatSession, type LlamaContext } from 'node-llama-cpp';
import type { ChatMessage, GenerateOptions, Generator } from './types.ts';

export interface LlamaGeneratorOptions {
  /** Context window in tokens. Default: the model's training context, at most 8192. */
  contextSize?: number;
  name?: string;
}

/**
 * A {@link Generator} backed by a GGUF chat model run by llama.cpp. Prompts are rendered with the
 * model's own chat template (from its GGUF metadata), and tokens stream through `onToken`.
 * One generation at a time per generator; concurrent calls wait their turn. The model is shared with
 * every other holder of the same file in this process (`acquireGgufModel`); the context is its own.
 */
export class LlamaGenerator implements Generator {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly modelId: string,
    readonly name: string,
    readonly contextSize: number,
    private readonly held: GgufModelHandle,
    private readonly context: LlamaContext,
  ) {}

  static async load(modelPath: string, options: LlamaGeneratorOptions = {}): Promise<LlamaGenerator> {
    const held = await acquireGgufModel(modelPath);
    const model = held.model;
    try {
      const modelId = await fileSha256(modelPath);
      const context = await model.createContext({
        contextSize: options.contextSize ?? { max: Math.min(model.trainContextSize, 8192) },
      });
      return new LlamaGenerator(
        modelId,
        options.name ?? basename(modelPath),
        context.contextSize,
        held,
        context,
      );
    } catch (error) {
      await held.release();
      throw error;
    }
  }

  /** Number of tokens `text` takes for this model. */
  countTokens(text: string): number {
    return this.held.model.tokenize(text).length;
  }

  generate(messages: readonly ChatMessage[], options: GenerateOptions = {}): Promise<string> {
    const run = this.queue.then(() => this.run(messages, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(messages: readonly ChatMessage[], options: GenerateOptions): Promise<string> {
    const last = messages.at(-1);
    if (last?.role !== 'user') throw new TypeError('the last message must be from the user');
    const systemPrompt = messages.find((m) => m.role === 'system')?.content;
    const sequence = this.context.getSequence();
    const session = new LlamaChatSession({
      contextSequence: sequence,
      systemPrompt,
      autoDisposeSequence: false,
    });
    try {
      const history: ChatHistoryItem[] = session.getChatHistory();
      for (const m of messages.slice(0, -1)) {
        if (m.role === 'user') history.push({ type: 'user', text: m.content });
        else if (m.role === 'assistant') history.push({ type: 'model', response: [m.content] });
      }
      session.setChatHistory(history);
      return await session.prompt(last.content, {
        maxTokens: options.maxTokens ?? 512,
        temperature: options.temperature ?? 0,
        signal: options.signal,
        stopOnAbortSignal: true,
        onTextChunk: options.onToken,
      });
    } finally {
      session.dispose({ disposeSequence: false });
      sequence.dispose();
    }
  }

  /** Waits for the generation in progress, disposes the context and releases the hold on the model. */
  async close(): Promise<void> {
    await this.queue;
    await this.context.dispose();
    await this.held.release();
  }
}
