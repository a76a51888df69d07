import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { attachedToText, pageRef } from '@quire/inference';
import { Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import { type AskResult, askWorkspace, NO_ANSWER_CONFIRMED } from '../answer.ts';
import type { WorkspaceSettings } from '../workspace-registry.ts';
import type { ApiDeps } from './deps.ts';
import { askedByOf, type Caller, callerOf, canSee } from './named-tokens.ts';
import {
  ChatCompletionRequest,
  conversation,
  MAX_ANSWER_TOKENS,
  MODEL_PREFIX,
  openAiErrorBody,
  slugOfModel,
  UnknownModelError,
} from './openai-schemas.ts';
import { documentRoute } from './openapi.ts';
import { validate } from './validate.ts';

/** The `quire` extension field of a chat completion (and of the final chunk of a stream). */
export type QuireCompletionExtension = Pick<
  AskResult,
  | 'mode'
  | 'support'
  | 'citations'
  | 'retrieval'
  | 'evidence'
  | 'passages'
  | 'standaloneQuery'
  | 'threadId'
  | 'scope'
  | 'scopeDocuments'
>;

const NO_USAGE = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };

const unixSeconds = (time: number | string = Date.now()) => Math.floor(new Date(time).getTime() / 1000);

const modelEntry = (settings: WorkspaceSettings) => ({
  id: `${MODEL_PREFIX}${settings.slug}`,
  object: 'model',
  created: unixSeconds(settings.createdAt),
  owned_by: 'quire',
});

const extension = (result: AskResult): QuireCompletionExtension => ({
  mode: result.mode,
  support: result.support,
  citations: result.citations,
  retrieval: result.retrieval,
  evidence: result.evidence,
  passages: result.passages,
  standaloneQuery: result.standaloneQuery,
  threadId: result.threadId,
  scope: result.scope,
  scopeDocuments: result.scopeDocuments,
});

const PASSAGE_CHARS = 300;

/**
 * What the completion's message says: the answer, or when no answer was confirmed (`support: "closest"`)
 * that plain fact and the closest passages to read, each with its source, so a client that shows only
 * the content never presents unconfirmed text as an answer.
 */
export function completionContent(result: AskResult): string {
  if (result.support !== 'closest') return result.answer;
  const passages = result.passages.map((p) => {
    const text = p.text.replace(/\s+/g, ' ').trim();
    const shown = text.length > PASSAGE_CHARS ? `${text.slice(0, PASSAGE_CHARS).trimEnd()}…` : text;
    const attached = attachedToText(p.attachedTo);
    return `[${p.n}] ${basename(p.path)}, ${pageRef(p, 'page')}${attached ? ` (${attached})` : ''}: "${shown}"`;
  });
  return [NO_ANSWER_CONFIRMED, '', 'The closest passages, to read:', ...passages].join('\n');
}

/**
 * Errors under `/v1` keep the status the app's error handler chose but take OpenAI's body shape
 * (`{ error: { message, type, param, code } }`), so OpenAI clients surface them.
 */
const openAiErrors: MiddlewareHandler = async (c, next) => {
  await next();
  if (!c.error) return;
  const status = c.error instanceof HTTPException ? c.error.status : c.res.status;
  c.res = Response.json(openAiErrorBody(c.error, status), { status });
};

interface Completion {
  id: string;
  created: number;
  model: string;
}

function chunk(completion: Completion, delta: { role?: 'assistant'; content?: string }, done: boolean) {
  return {
    ...completion,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: done ? 'stop' : null }],
  };
}

async function streamAnswer(
  stream: SSEStreamingApi,
  completion: Completion,
  ask: (onToken: (text: string) => void, signal: AbortSignal) => Promise<AskResult>,
  options: { signal: AbortSignal; includeUsage: boolean },
): Promise<void> {
  const controller = new AbortController();
  stream.onAbort(() => controller.abort());
  const signal = AbortSignal.any([controller.signal, options.signal]);
  const send = (data: object) => stream.writeSSE({ data: JSON.stringify(data) });
  let streamed = false;
  let writing = send(chunk(completion, { role: 'assistant', content: '' }, false));
  const onToken = (text: string) => {
    streamed = true;
    writing = writing.then(() => send(chunk(completion, { content: text }, false)));
  };
  try {
    const result = await ask(onToken, signal);
    await writing;
    // A streamed answer that turned out unconfirmed is followed by the plain statement and the passages.
    const content = streamed
      ? result.support === 'closest'
        ? `\n\n${completionContent(result)}`
        : ''
      : completionContent(result);
    if (content) await send(chunk(completion, { content }, false));
    await send({ ...chunk(completion, {}, true), quire: extension(result) });
    if (options.includeUsage)
      await send({ ...completion, object: 'chat.completion.chunk', choices: [], usage: NO_USAGE });
  } catch (error) {
    await writing.catch(() => undefined);
    if (signal.aborted) return;
    await send(openAiErrorBody(error instanceof Error ? error : new Error(String(error)), 500));
  }
  await stream.writeSSE({ data: '[DONE]' });
}

/**
 * The OpenAI-compatible API, mounted at the root: `GET /v1/models` (each workspace is a model
 * `quire:<slug>`), `GET /v1/models/:model` and `POST /v1/chat/completions` (streaming or not). The last
 * user message is the question, earlier user/assistant messages are the conversation that shapes a
 * follow-up. Citations travel in the extension field `quire` (docs/openai-api.md).
 */
export function openAiRoutes(deps: ApiDeps): Hono {
  const app = new Hono();
  app.use('/v1/*', openAiErrors);

  // A named token's other workspaces are unknown models, as if they did not exist.
  const workspaceOf = async (model: string, caller: Caller) => {
    const slug = slugOfModel(model);
    const settings = (await deps.registry.list()).find((w) => w.slug === slug);
    if (!settings || !canSee(caller, settings.slug)) throw new UnknownModelError(model);
    return settings;
  };

  documentRoute({
    method: 'get',
    path: '/v1/models',
    summary: 'OpenAI-compatible: every workspace as a model quire:<slug>',
  });
  documentRoute({
    method: 'get',
    path: '/v1/models/{model}',
    summary: 'OpenAI-compatible: one workspace as a model',
  });
  documentRoute({
    method: 'post',
    path: '/v1/chat/completions',
    summary: 'OpenAI-compatible chat (stream or not); citations in the "quire" extension field',
    body: ChatCompletionRequest,
  });
  app.get('/v1/models', async (c) =>
    c.json({
      object: 'list',
      data: (await deps.registry.list()).filter((w) => canSee(callerOf(c), w.slug)).map(modelEntry),
    }),
  );

  app.get('/v1/models/:model', async (c) =>
    c.json(modelEntry(await workspaceOf(c.req.param('model'), callerOf(c)))),
  );

  app.post('/v1/chat/completions', validate('json', ChatCompletionRequest), async (c) => {
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const settings = await workspaceOf(body.model, caller);
    const ws = await deps.service.get(settings.slug);
    const { question, history } = conversation(body.messages);
    const maxAnswerTokens = Math.min(
      body.max_completion_tokens ?? body.max_tokens ?? MAX_ANSWER_TOKENS,
      MAX_ANSWER_TOKENS,
    );
    const completion: Completion = {
      id: `chatcmpl-${randomUUID().replaceAll('-', '')}`,
      created: unixSeconds(),
      model: modelEntry(settings).id,
    };
    const ask = (signal: AbortSignal, onToken?: (text: string) => void) =>
      askWorkspace(ws, question, {
        history,
        onToken,
        signal,
        maxAnswerTokens,
        record: true,
        scope: body.quire?.scope ?? null,
        askedBy: askedByOf(caller),
      });

    if (!body.stream) {
      const result = await ask(c.req.raw.signal);
      return c.json({
        ...completion,
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: completionContent(result) },
            finish_reason: 'stop',
          },
        ],
        usage: NO_USAGE,
        quire: extension(result),
      });
    }
    await ws.generator(); // a chat model that cannot load is an HTTP error, not one mid-stream
    return streamSSE(c, (stream) =>
      streamAnswer(stream, completion, (onToken, signal) => ask(signal, onToken), {
        signal: c.req.raw.signal,
        includeUsage: body.stream_options?.include_usage === true,
      }),
    );
  });
  return app;
}
