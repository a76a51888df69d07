import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  crashError,
  exitError,
  ParsePoolError,
  startupTimeoutError,
  timeoutError,
  type WorkerFailure,
} from './parse-pool-errors.ts';
import {
  deserializeError,
  isWorkerMessage,
  type ParseRequest,
  type WorkerMessage,
} from './parse-protocol.ts';
import type { Chunk, ChunkOptions, OcrSettings, ParsedDocument } from './types.ts';
import { parseWorkerUrl, prepareParseWorkerUrl, workerExecArgv } from './worker-url.ts';

/** Limits applied to every file a {@link ParsePool} parses. */
export interface ParseLimits {
  /** Wall-clock time for parsing and chunking one file, in ms (default 120 000); then `timeout`. */
  timeoutMs?: number;
  /**
   * JavaScript heap of each worker, in MB (default 1024, at least 64); exhausting it gives
   * `too-large`. ArrayBuffers (file bytes, decoded streams) are outside this limit.
   */
  maxMemoryMb?: number;
  /** Files larger than this many bytes are refused with `too-large` (default 256 MiB). */
  maxBytes?: number;
}

/** Options for {@link ParsePool}. */
export interface ParsePoolOptions {
  /** Files parsed at once, one worker thread each (default min(2, available parallelism)). */
  size?: number;
  limits?: ParseLimits;
}

/** One parsed file and its chunks. */
export interface ParseResult {
  document: ParsedDocument;
  chunks: Chunk[];
}

/** What a {@link ParsePool} is doing now. */
export interface ParsePoolStats {
  /** Live worker threads (busy or idle). */
  workers: number;
  /** Files being parsed. */
  busy: number;
  /** Files waiting for a worker. */
  queued: number;
}

/** Per-file options of {@link ParsePool.parse}. */
export interface ParseFileOptions {
  /** Read scanned and garbled pages and images with OCR (default: off). */
  ocr?: OcrSettings | null;
  /** Pages of this file read by OCR so far (each report also restarts the file's time limit). */
  onOcrProgress?: (progress: { done: number; total: number }) => void;
}

interface Task {
  id: number;
  path: string;
  chunking: ChunkOptions;
  options: ParseFileOptions;
  resolve: (result: ParseResult) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task: Task | null;
  timer: NodeJS.Timeout | undefined;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_MEMORY_MB = 1024;
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
const STARTUP_TIMEOUT_MS = 30_000;
// A worker needs ~30 MB of heap for its parsers; far below this, V8 can abort the whole process.
const MIN_MEMORY_MB = 64;

/**
 * Parses and chunks files in worker threads, so that a hanging or memory-hungry file cannot stall
 * or crash the process and the event loop stays free. Workers are reused across files; one that
 * timed out, ran out of memory or crashed is replaced. Files beyond `size` wait in FIFO order.
 * Idle workers do not keep the process alive; `close()` terminates them all.
 */
export class ParsePool {
  readonly #size: number;
  readonly #timeoutMs: number;
  readonly #maxMemoryMb: number;
  readonly #maxBytes: number;
  readonly #slots = new Set<Slot>();
  readonly #queue: Task[] = [];
  #nextId = 1;
  #closed = false;

  constructor(options: ParsePoolOptions = {}) {
    this.#size = options.size ?? Math.min(2, availableParallelism());
    this.#timeoutMs = options.limits?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxMemoryMb = options.limits?.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
    this.#maxBytes = options.limits?.maxBytes ?? DEFAULT_MAX_BYTES;
    if (!Number.isInteger(this.#size) || this.#size < 1) {
      throw new RangeError(`size must be a positive integer, got ${this.#size}`);
    }
    if (!(this.#maxMemoryMb >= MIN_MEMORY_MB)) {
      throw new RangeError(`maxMemoryMb must be at least ${MIN_MEMORY_MB}, got ${this.#maxMemoryMb}`);
    }
    if (!(this.#timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${this.#timeoutMs}`);
  }

  /**
   * Parses and chunks one file in a worker, like `parseDocument` + `chunkDocument`. Rejects with
   * `DocumentParseError` (also `timeout`, and `too-large` when the worker's heap runs out),
   * `ParsePoolError` when the pool is closed, or `signal.reason` when `signal` aborts (a running
   * parse is stopped by terminating its worker).
   */
  parse(
    path: string,
    chunking: ChunkOptions = {},
    signal?: AbortSignal,
    options: ParseFileOptions = {},
  ): Promise<ParseResult> {
    if (this.#closed) return Promise.reject(new ParsePoolError('closed', 'the parse pool is closed'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<ParseResult>((resolve, reject) => {
      const onAbort = (): void => this.#abort(task, signal?.reason);
      const settle = (): void => signal?.removeEventListener('abort', onAbort);
      const task: Task = {
        id: this.#nextId++,
        path,
        chunking,
        options,
        resolve: (result) => {
          settle();
          resolve(result);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(task);
      this.#dispatch();
    });
  }

  /** Current workers, files in progress and files waiting. */
  stats(): ParsePoolStats {
    let busy = 0;
    for (const slot of this.#slots) if (slot.task !== null) busy++;
    return { workers: this.#slots.size, busy, queued: this.#queue.length };
  }

  /** Terminates every worker; files in progress or waiting reject with `ParsePoolError('closed')`. */
  async close(): Promise<void> {
    this.#closed = true;
    const closed = (): ParsePoolError => new ParsePoolError('closed', 'the parse pool was closed');
    for (const task of this.#queue.splice(0)) task.reject(closed());
    await Promise.all([...this.#slots].map((slot) => this.#retire(slot, closed())));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #dispatch(): void {
    const entry = parseWorkerUrl();
    if (entry === undefined) {
      // The worker bundle is being built (first run after a change of the sources): dispatch after.
      if (this.#queue.length > 0) void prepareParseWorkerUrl().then(() => this.#dispatch());
      return;
    }
    while (this.#queue.length > 0 && !this.#closed) {
      const slot = this.#idleSlot() ?? (this.#slots.size < this.#size ? this.#spawn(entry) : undefined);
      const task = slot === undefined ? undefined : this.#queue.shift();
      if (slot === undefined || task === undefined) return;
      this.#run(slot, task);
    }
  }

  #idleSlot(): Slot | undefined {
    for (const slot of this.#slots) if (slot.task === null) return slot;
    return undefined;
  }

  #spawn(entry: URL): Slot {
    const worker = new Worker(entry, {
      execArgv: workerExecArgv(),
      resourceLimits: { maxOldGenerationSizeMb: this.#maxMemoryMb },
    });
    const slot: Slot = { worker, ready: false, task: null, timer: undefined };
    slot.timer = setTimeout(
      () => void this.#retire(slot, startupTimeoutError(STARTUP_TIMEOUT_MS)),
      STARTUP_TIMEOUT_MS,
    );
    worker.on('message', (message: unknown) => this.#onMessage(slot, message));
    worker.on('error', (error) => void this.#retire(slot, crashError(error, this.#failure(slot))));
    worker.on('exit', (exitCode) => void this.#retire(slot, exitError(exitCode, this.#failure(slot))));
    // Only after adding listeners (adding one refs the worker again); #run refs it while busy.
    worker.unref();
    this.#slots.add(slot);
    return slot;
  }

  #run(slot: Slot, task: Task): void {
    slot.task = task;
    slot.worker.ref();
    if (slot.ready) this.#startTimeLimit(slot);
    slot.worker.postMessage({
      id: task.id,
      path: task.path,
      chunking: task.chunking,
      maxBytes: this.#maxBytes,
      ocr: task.options.ocr ?? null,
    } satisfies ParseRequest);
  }

  #startTimeLimit(slot: Slot): void {
    slot.timer = setTimeout(() => void this.#retire(slot, timeoutError(this.#timeoutMs)), this.#timeoutMs);
  }

  #onMessage(slot: Slot, message: unknown): void {
    if (!isWorkerMessage(message)) return;
    if (message.type === 'ready') {
      slot.ready = true;
      clearTimeout(slot.timer);
      if (slot.task !== null) this.#startTimeLimit(slot);
      return;
    }
    const task = slot.task;
    if (task === null || task.id !== message.id) return;
    if (message.type === 'progress') {
      // A file read page by page by OCR may take long in all: its time limit applies per page.
      clearTimeout(slot.timer);
      this.#startTimeLimit(slot);
      task.options.onOcrProgress?.(message.ocr);
      return;
    }
    clearTimeout(slot.timer);
    slot.task = null;
    slot.worker.unref();
    settleTask(task, message);
    this.#dispatch();
  }

  #abort(task: Task, reason: unknown): void {
    const queued = this.#queue.indexOf(task);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      task.reject(reason);
      return;
    }
    for (const slot of this.#slots) if (slot.task === task) void this.#retire(slot, reason);
  }

  #failure(slot: Slot): WorkerFailure {
    return { ready: slot.ready, maxMemoryMb: this.#maxMemoryMb };
  }

  async #retire(slot: Slot, error: unknown): Promise<void> {
    if (!this.#slots.delete(slot)) return;
    clearTimeout(slot.timer);
    const task = slot.task;
    slot.task = null;
    task?.reject(error);
    this.#dispatch();
    await slot.worker.terminate();
  }
}

function settleTask(task: Task, message: Extract<WorkerMessage, { type: 'done' | 'failed' }>): void {
  if (message.type === 'done') task.resolve({ document: message.document, chunks: message.chunks });
  else task.reject(deserializeError(message.error));
}
