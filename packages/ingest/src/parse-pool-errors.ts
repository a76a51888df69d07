import { DocumentParseError } from './errors.ts';

/** Stable codes of {@link ParsePoolError}. */
export type ParsePoolErrorCode = 'closed' | 'worker-failed';

/**
 * A failure of the pool itself, not of a file: `closed` (the pool was closed before the file was
 * parsed) or `worker-failed` (a worker could not start). Never record it as the file's error.
 */
export class ParsePoolError extends Error {
  override readonly name = 'ParsePoolError';
  readonly code: ParsePoolErrorCode;

  constructor(code: ParsePoolErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** What the pool knew about a worker when it stopped, to word the error its file receives. */
export interface WorkerFailure {
  /** The worker had loaded its parsers: a failure now belongs to the file. */
  ready: boolean;
  maxMemoryMb: number;
}

export function timeoutError(timeoutMs: number): DocumentParseError {
  return new DocumentParseError(
    'timeout',
    `Gave up after ${timeoutMs / 1000} s: parsing took longer than the time limit`,
  );
}

export function startupTimeoutError(timeoutMs: number): ParsePoolError {
  return new ParsePoolError('worker-failed', `the parse worker did not start within ${timeoutMs / 1000} s`);
}

export function crashError(error: unknown, failure: WorkerFailure): Error {
  const reason = error instanceof Error ? error.message : String(error);
  if (!failure.ready) {
    return new ParsePoolError('worker-failed', `the parse worker could not start: ${reason}`, {
      cause: error,
    });
  }
  if (error instanceof Error && 'code' in error && error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    const limit = `${failure.maxMemoryMb} MB`;
    return new DocumentParseError('too-large', `parsing needs more than the ${limit} memory limit`, {
      cause: error,
    });
  }
  return new DocumentParseError('corrupt', `the parser crashed: ${reason}`, { cause: error });
}

export function exitError(exitCode: number, failure: WorkerFailure): Error {
  const message = `the parse worker exited unexpectedly (exit code ${exitCode})`;
  return failure.ready
    ? new DocumentParseError('corrupt', message)
    : new ParsePoolError('worker-failed', message);
}
