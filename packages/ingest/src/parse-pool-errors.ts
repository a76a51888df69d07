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
  /** The worker reported that its JavaScript heap ran out (V8's fatal out-of-memory report). */
  heapExhausted: boolean;
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

/**
 * The memory budget stopped the worker: parsing the file alone took the process tree past `budgetMb`,
 * its worker past the `allowedMb` the budget left it.
 */
export function budgetError(budgetMb: number, allowedMb: number): DocumentParseError {
  return new DocumentParseError(
    'too-large',
    `parsing needed more than ${Math.round(allowedMb)} MB of memory (Quire's memory budget is ${Math.round(budgetMb)} MB)`,
  );
}

/** The RSS watchdog stopped the worker: its resident memory passed `maxRssMb`. */
export function memoryError(maxRssMb: number): DocumentParseError {
  return new DocumentParseError('too-large', `parsing needed more than ${maxRssMb} MB of memory`);
}

/** The worker process could not be started or reached (a `ChildProcess` `error` event). */
export function crashError(error: unknown, failure: WorkerFailure): Error {
  const reason = error instanceof Error ? error.message : String(error);
  if (!failure.ready) {
    return new ParsePoolError('worker-failed', `the parse worker could not start: ${reason}`, {
      cause: error,
    });
  }
  return new DocumentParseError('corrupt', `the parser crashed: ${reason}`, { cause: error });
}

/** The worker process exited when the pool did not stop it. */
export function exitError(exitCode: number | null, signal: string | null, failure: WorkerFailure): Error {
  if (failure.ready && failure.heapExhausted) {
    return new DocumentParseError(
      'too-large',
      `parsing needs more than the ${failure.maxMemoryMb} MB memory limit of the JavaScript heap`,
    );
  }
  const how = signal === null ? `exited unexpectedly (exit code ${exitCode})` : `was killed (${signal})`;
  const message = `the parse worker ${how}`;
  return failure.ready
    ? new DocumentParseError('corrupt', message)
    : new ParsePoolError('worker-failed', message);
}
