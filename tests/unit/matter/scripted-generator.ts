import type { ChatMessage, GenerateOptions, Generator } from '@quire/inference';

/** What a scripted model replies to one call: a fixed text, or a text made from the messages it was given. */
export type Script = string | ((messages: readonly ChatMessage[]) => string);

/**
 * A chat model stand-in for unit tests: replies with the scripts in turn (the last one again once they
 * run out), counts tokens as characters / 4, and records every call.
 */
export class ScriptedGenerator implements Generator {
  readonly modelId = 's'.repeat(64);
  readonly name = 'scripted-chat';
  readonly calls: { messages: readonly ChatMessage[]; options: GenerateOptions | undefined }[] = [];

  constructor(
    private readonly scripts: readonly Script[],
    readonly contextSize = 4096,
  ) {}

  countTokens(text: string): number {
    return Math.ceil(text.length / 4);
  }

  async generate(messages: readonly ChatMessage[], options?: GenerateOptions): Promise<string> {
    this.calls.push({ messages, options });
    const script = this.scripts[Math.min(this.calls.length - 1, this.scripts.length - 1)];
    if (script === undefined) throw new Error('no script');
    return typeof script === 'string' ? script : script(messages);
  }

  async close(): Promise<void> {}
}

/** The user message of a call (the numbered sources and the request). */
export function userMessage(messages: readonly ChatMessage[]): string {
  return messages.find((m) => m.role === 'user')?.content ?? '';
}
