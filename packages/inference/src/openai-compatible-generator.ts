import {
  ModelError,
  parseRemoteRef,
  RemoteClient,
  type RemoteClientOptions,
  type RemoteModelRef,
  remoteModelId,
  type TryTimer,
} from '@quire/models';
import { estimateTokens } from './rag-prompt.ts';
import type { ChatMessage, GenerateOptions, Generator } from './types.ts';

export interface OpenAiCompatibleGeneratorOptions extends Omit<RemoteClientOptions, 'role'> {
  /** The context window prompts are fitted into, in tokens. Default 4096, which nearly every chat model has. */
  contextSize?: number;
}

interface ChatChunk {
  choices?: { delta?: { content?: string | null }; message?: { content?: string | null } }[];
}

/**
 * A {@link Generator} backed by an OpenAI-compatible server (`POST /v1/chat/completions`). It asks for
 * a stream (server-sent events) so that `onToken` sees the answer as it comes, and reads a plain JSON
 * answer too, from servers that do not stream. There is no tokenizer at hand: `countTokens` estimates
 * four characters per token, and `contextSize` is a setting rather than read from the model.
 */
export class OpenAiCompatibleGenerator implements Generator {
  readonly contextSize: number;

  private constructor(
    readonly modelId: string,
    readonly name: string,
    private readonly client: RemoteClient,
    options: OpenAiCompatibleGeneratorOptions,
  ) {
    this.contextSize = options.contextSize ?? 4096;
  }

  /** Nothing is requested until the first `generate`. */
  static connect(
    ref: string | RemoteModelRef,
    options: OpenAiCompatibleGeneratorOptions = {},
  ): OpenAiCompatibleGenerator {
    const remote = typeof ref === 'string' ? parseRemoteRef(ref) : ref;
    const client = new RemoteClient(remote, { ...options, role: 'chat' });
    return new OpenAiCompatibleGenerator(remoteModelId(remote), remote.ref, client, options);
  }

  countTokens(text: string): number {
    return estimateTokens(text);
  }

  generate(messages: readonly ChatMessage[], options: GenerateOptions = {}): Promise<string> {
    const body = {
      model: this.client.remote.model,
      messages: messages.map(({ role, content }) => ({ role, content })),
      max_tokens: options.maxTokens ?? 512,
      temperature: options.temperature ?? 0,
      stream: true,
    };
    return this.client.stream('chat/completions', body, options.signal, (response, timer) =>
      (response.headers.get('content-type') ?? '').includes('text/event-stream')
        ? readEvents(response, timer, options.onToken)
        : readWhole(response, this.client.remote, options.onToken),
    );
  }

  /** Nothing is held open between requests. */
  async close(): Promise<void> {}
}

/** Reads a server-sent event stream of `chat.completion.chunk`s up to `data: [DONE]` (or its end). */
async function readEvents(
  response: Response,
  timer: TryTimer,
  onToken: ((text: string) => void) | undefined,
): Promise<string> {
  if (!response.body) return '';
  const decoder = new TextDecoder();
  let pending = '';
  let text = '';
  for await (const bytes of response.body) {
    timer.touch();
    pending += decoder.decode(bytes, { stream: true });
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trim();
      if (data === '[DONE]') return text;
      const piece = (JSON.parse(data) as ChatChunk).choices?.[0]?.delta?.content;
      if (piece) {
        text += piece;
        onToken?.(piece);
      }
    }
  }
  return text;
}

/** Reads a whole `chat.completion` answer, from a server that ignored `stream: true`. */
async function readWhole(
  response: Response,
  remote: RemoteModelRef,
  onToken: ((text: string) => void) | undefined,
): Promise<string> {
  const answer = (await response.json()) as ChatChunk;
  const text = answer.choices?.[0]?.message?.content;
  if (typeof text !== 'string')
    throw new ModelError('model-invalid', `The chat server at ${remote.baseUrl} answered without a message`);
  if (text) onToken?.(text);
  return text;
}
