import { createHash } from 'node:crypto';
import { ModelError } from './model-errors.ts';

/**
 * Remote inference: a model served over the OpenAI HTTP protocol (`/v1/embeddings`,
 * `/v1/chat/completions`) by llama.cpp's server, vLLM, LM Studio, Ollama or a hosted service. Named by a
 * reference `openai-compatible:<base-url>#<model>`; used only when a workspace names one explicitly,
 * since every text embedded or asked about is then sent to that server (docs/privacy.md).
 */
export const REMOTE_PREFIX = 'openai-compatible:';

/**
 * The environment variable holding the bearer token sent to the server, if it needs one. Read on each
 * request, never stored in settings, never logged or put in an error message.
 */
export const REMOTE_API_KEY_ENV = 'QUIRE_REMOTE_API_KEY';

/** A parsed `openai-compatible:` reference. */
export interface RemoteModelRef {
  /** The canonical reference, as stored in workspace settings. */
  ref: string;
  /** `http(s)://host[:port][/path]`, without a trailing slash or `/v1`. */
  baseUrl: string;
  /** The model name sent in each request. */
  model: string;
}

/** Whether `ref` names a remote model (without checking it further). */
export function isRemoteRef(ref: string | null | undefined): ref is string {
  return typeof ref === 'string' && ref.startsWith(REMOTE_PREFIX);
}

/**
 * Parses `openai-compatible:<base-url>#<model>`: the base URL must be http(s) and carry no credentials
 * (the token comes from {@link REMOTE_API_KEY_ENV}), the model name must be given. A trailing `/` or
 * `/v1` is dropped, so both spellings name the same model (and the same index).
 */
export function parseRemoteRef(ref: string): RemoteModelRef {
  const body = ref.slice(REMOTE_PREFIX.length);
  const hash = body.lastIndexOf('#');
  const model = hash < 0 ? '' : body.slice(hash + 1).trim();
  const invalid = (why: string) =>
    new ModelError('model-invalid', `Bad remote model reference "${ref}": ${why}`);
  if (!ref.startsWith(REMOTE_PREFIX) || !model)
    throw invalid('expected openai-compatible:<base-url>#<model>');
  let url: URL;
  try {
    url = new URL(body.slice(0, hash));
  } catch {
    throw invalid('the base URL is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('the base URL must be http(s)');
  if (url.username || url.password)
    throw invalid(`put no credentials in the URL; set ${REMOTE_API_KEY_ENV} instead`);
  if (url.search) throw invalid('the base URL takes no query');
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  const baseUrl = `${url.protocol}//${url.host}${path}`;
  return { ref: `${REMOTE_PREFIX}${baseUrl}#${model}`, baseUrl, model };
}

/** The stable identity of a remote model: vectors of another server or model never mix with its own. */
export function remoteModelId(remote: RemoteModelRef): string {
  return createHash('sha256').update(remote.ref).digest('hex');
}

export interface RemoteClientOptions {
  /** Longest wait for a response (and, for a stream, between two pieces of it), per try. Default 60 s. */
  timeoutMs?: number;
  /** Tries per request, the first included. Default 3. */
  tries?: number;
  /** Wait before the second try; doubled before each next one. Default 500 ms. */
  backoffMs?: number;
  /** What the server is to the user, for messages ("embedding" or "chat"). */
  role: 'embedding' | 'chat';
}

/** Statuses worth another try: rate limited, or the server (or a proxy before it) briefly unavailable. */
const RETRY_STATUS = new Set([429, 502, 503, 504]);

/** Why a try failed, kept to decide whether to try again and to word the final error. */
class TryFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/**
 * A small client for one OpenAI-compatible server: POSTs JSON with a per-try timeout, tries again with
 * exponential backoff on 429/502/503/504, timeouts and refused or reset connections, and fails with a
 * {@link ModelError} (`model-unreachable`) naming the server and the cause, never the token.
 */
export class RemoteClient {
  readonly timeoutMs: number;
  private readonly tries: number;
  private readonly backoffMs: number;

  constructor(
    readonly remote: RemoteModelRef,
    private readonly options: RemoteClientOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.tries = Math.max(1, options.tries ?? 3);
    this.backoffMs = options.backoffMs ?? 500;
  }

  /** POSTs `body` to `<base>/v1/<path>` and returns the JSON answer. */
  async json<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    return this.withTries(path, body, signal, async (response, timer) => {
      try {
        return (await response.json()) as T;
      } catch (error) {
        if (timer.expired) throw new TryFailure(`no answer within ${this.timeoutMs} ms`, true);
        throw new TryFailure(`the answer is not JSON (${(error as Error).message})`, false);
      } finally {
        timer.stop();
      }
    });
  }

  /**
   * POSTs `body` and hands the open response to `read` (a stream being read: the timeout then bounds
   * the wait between two pieces, restarted by `timer.touch()`). A try is repeated only while `read` has
   * not yet consumed anything it could not take back, so it must throw before it streams out text.
   */
  async stream<T>(
    path: string,
    body: unknown,
    signal: AbortSignal | undefined,
    read: (response: Response, timer: TryTimer) => Promise<T>,
  ): Promise<T> {
    return this.withTries(path, body, signal, async (response, timer) => {
      try {
        return await read(response, timer);
      } catch (error) {
        if (timer.expired) throw new TryFailure(`no answer within ${this.timeoutMs} ms`, false);
        throw error;
      } finally {
        timer.stop();
      }
    });
  }

  private async withTries<T>(
    path: string,
    body: unknown,
    signal: AbortSignal | undefined,
    read: (response: Response, timer: TryTimer) => Promise<T>,
  ): Promise<T> {
    const url = `${this.remote.baseUrl}/v1/${path}`;
    let last: TryFailure | undefined;
    for (let attempt = 0; attempt < this.tries; attempt++) {
      if (attempt > 0) await sleep(this.backoffMs * 2 ** (attempt - 1), signal);
      const timer = new TryTimer(this.timeoutMs, signal);
      try {
        const response = await this.send(url, body, timer);
        return await read(response, timer);
      } catch (error) {
        timer.stop();
        if (signal?.aborted) throw signal.reason ?? error;
        if (!(error instanceof TryFailure)) throw error;
        last = error;
        if (!error.retryable) break;
      }
    }
    const server = `the ${this.options.role} server at ${this.remote.baseUrl}`;
    throw new ModelError('model-unreachable', `Cannot reach ${server}: ${last?.message ?? 'no answer'}`);
  }

  private async send(url: string, body: unknown, timer: TryTimer): Promise<Response> {
    const key = process.env[REMOTE_API_KEY_ENV];
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(key ? { authorization: `Bearer ${key}` } : {}),
        },
        body: JSON.stringify(body),
        signal: timer.signal,
      });
    } catch (error) {
      if (timer.expired) throw new TryFailure(`no answer within ${this.timeoutMs} ms`, true);
      throw new TryFailure(connectionCause(error), true);
    }
    if (response.ok) return response;
    const detail = (await response.text().catch(() => '')).replace(/\s+/g, ' ').trim().slice(0, 200);
    const said = `${url} answered ${response.status}${detail ? `: ${detail}` : ''}`;
    throw new TryFailure(said, RETRY_STATUS.has(response.status));
  }
}

/** The per-try deadline: aborts the request when no answer (or no next piece of a stream) comes in time. */
export class TryTimer {
  readonly signal: AbortSignal;
  expired = false;
  private readonly controller = new AbortController();
  private handle: NodeJS.Timeout | undefined;

  constructor(
    private readonly ms: number,
    outer?: AbortSignal,
  ) {
    this.signal = outer ? AbortSignal.any([outer, this.controller.signal]) : this.controller.signal;
    this.touch();
  }

  /** Restarts the deadline (a piece of the stream came). */
  touch(): void {
    clearTimeout(this.handle);
    this.handle = setTimeout(() => {
      this.expired = true;
      this.controller.abort(new Error('timed out'));
    }, this.ms);
  }

  stop(): void {
    clearTimeout(this.handle);
  }
}

/** "connection refused" and the like, from the error `fetch` throws (its cause holds the socket's code). */
function connectionCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  return cause?.message ?? (error as Error).message;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const handle = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(handle);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
