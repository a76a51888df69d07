import type { PriorTurn } from '@quire/inference';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { errorCode, QuireError } from '../errors.ts';
import { ScopeSchema } from '../scope.ts';

/** Model ids are `quire:<workspace-slug>`. */
export const MODEL_PREFIX = 'quire:';

/** Answers never exceed this many tokens; `max_tokens` can only lower it (sources keep their room). */
export const MAX_ANSWER_TOKENS = 512;

const TextPart = z.object({ type: z.literal('text'), text: z.string() });

const Message = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z
    .union([z.string(), z.array(TextPart, { error: 'only text content parts are supported' })])
    .nullish(),
});

type ChatMessage = z.infer<typeof Message>;

/**
 * The body of `POST /v1/chat/completions`. Fields OpenAI defines that are not listed here
 * (`temperature`, `top_p`, `stop`, `seed`, `user`, `tools`, …) are accepted and ignored.
 */
export const ChatCompletionRequest = z
  .object({
    model: z.string().min(1),
    messages: z.array(Message).min(1),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
    max_tokens: z.number().int().positive().nullish(),
    max_completion_tokens: z.number().int().positive().nullish(),
    n: z.literal(1, { error: 'only n = 1 is supported' }).nullish(),
    /** Quire's own request fields: the part of the workspace to ask (issue 17). */
    quire: z.object({ scope: ScopeSchema.nullish() }).strict().nullish(),
  })
  .refine((body) => body.messages.some((m) => m.role === 'user' && textOf(m).trim() !== ''), {
    message: 'messages must contain a user message with text',
    path: ['messages'],
  });

export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

function textOf(message: ChatMessage): string {
  const { content } = message;
  if (content == null) return '';
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

/**
 * The question (the last user message) and the conversation before it as question/answer turns (each
 * user message paired with the assistant messages that follow it). System, developer and tool messages
 * are ignored: Quire's own instructions decide how answers are written.
 */
export function conversation(messages: readonly ChatMessage[]): {
  question: string;
  history: PriorTurn[];
} {
  const last = messages.findLastIndex((m) => m.role === 'user');
  const history: PriorTurn[] = [];
  for (const message of messages.slice(0, Math.max(last, 0))) {
    const text = textOf(message).trim();
    const turn = history.at(-1);
    if (message.role === 'user') history.push({ question: text, answer: '' });
    else if (message.role === 'assistant' && turn && text) {
      turn.answer = turn.answer ? `${turn.answer}\n${text}` : text;
    }
  }
  const lastMessage = messages[last];
  return { question: lastMessage ? textOf(lastMessage).trim() : '', history };
}

/** A `model` that names no workspace: OpenAI's `model_not_found` (404). */
export class UnknownModelError extends QuireError {
  override readonly name = 'UnknownModelError';
  readonly openAiCode = 'model_not_found';

  constructor(model: string) {
    super(
      'not-found',
      `The model "${model}" does not exist. Models are quire:<workspace-slug>; GET /v1/models lists them.`,
    );
  }
}

/** The workspace slug a model id names, or throws `UnknownModelError`. */
export function slugOfModel(model: string): string {
  const slug = model.startsWith(MODEL_PREFIX) ? model.slice(MODEL_PREFIX.length).trim() : '';
  if (!slug) throw new UnknownModelError(model);
  return slug;
}

/** OpenAI's error `type` for an HTTP status. */
function errorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

/** OpenAI's error body `{ error: { message, type, param, code } }` for an error answered with `status`. */
export function openAiErrorBody(error: Error, status: number) {
  const code =
    error instanceof UnknownModelError
      ? error.openAiCode
      : (errorCode(error) ?? (error instanceof HTTPException ? null : 'internal'));
  return { error: { message: error.message, type: errorType(status), param: null, code } };
}
