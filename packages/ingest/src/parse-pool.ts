import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  budgetError,
  crashError,
  exitError,
  memoryError,
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
  /**
   * The longest a file may go without a page read (by its text layer or by OCR), in ms (default 120 000);
   * then `timeout`. A long document that keeps reading pages is not cut off; one stuck on a page is.
   */
  timeoutMs?: number;
  /**
   * JavaScript heap of each worker process, in MB (default 1024, at least 64); exhausting it gives
   * `too-large`. ArrayBuffers (file bytes, decoded images) and native memory are outside this limit:
   * see `maxRssMb`.
   */
  maxMemoryMb?: number;
  /**
   * Resident memory of each worker process, in MB (default 768, at least 128): everything it holds,
   * JavaScript heap, ArrayBuffers, canvas renders and its Tesseract threads included. Sampled every
   * 100 ms; a worker above it is killed and its file fails with `too-large`.
   */
  maxRssMb?: number;
  /** Files larger than this many bytes are refused with `too-large` (default 256 MiB). */
  maxBytes?: number;
}

/** Options for {@link ParsePool}. */
export interface ParsePoolOptions {
  /** Files parsed at once, one worker process each (default min(2, available parallelism)). */
  size?: number;
  limits?: ParseLimits;
  /**
   * Resident memory of the whole process tree, in MB: this process (`process.memoryUsage.rss()`, its
   * threads included) and the pool's worker processes together. Unset: no budget beyond each worker's
   * `maxRssMb`. With a budget, a second file starts only while there is room for it
   * (`BUDGET_HEADROOM_MB`); idle workers are stopped when memory runs short; when the tree passes the
   * budget with two files in flight, the larger worker is stopped and its file parsed again later with
   * no other file beside it; a file that passes it alone fails with `too-large` (every file may use at
   * least `BUDGET_FLOOR_MB`, however much this process holds; at least `MIN_BUDGET_MB`).
   */
  budgetMb?: number;
}

/** One parsed file and its chunks. */
export interface ParseResult {
  document: ParsedDocument;
  chunks: Chunk[];
}

/** What a {@link ParsePool} is doing now. */
export interface ParsePoolStats {
  /** Live worker processes (busy or idle). */
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
  /**
   * Pages of this file read so far, of how many (see `parseDocument`'s `onPageProgress`): a page read
   * is progress, so each report also restarts the file's time limit.
   */
  onPageProgress?: (progress: { done: number; total: number }) => void;
}

interface Task {
  id: number;
  path: string;
  chunking: ChunkOptions;
  options: ParseFileOptions;
  resolve: (result: ParseResult) => void;
  reject: (error: unknown) => void;
  /** To run in a worker that has parsed nothing yet (a retry after the RSS watchdog, see below). */
  fresh: boolean;
  /** To run with no other file in flight (a retry after the tree passed the memory budget). */
  alone: boolean;
}

interface Slot {
  child: ChildProcess;
  ready: boolean;
  task: Task | null;
  timer: NodeJS.Timeout | undefined;
  /** Files this worker has finished. */
  parsed: number;
  /** Resident memory the worker last reported, in bytes (used where /proc cannot be read). */
  reportedRss: number;
  stderr: StderrRelay;
  /** Settles once the process has exited. */
  exited: Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_MEMORY_MB = 1024;
const DEFAULT_MAX_RSS_MB = 768;
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
const STARTUP_TIMEOUT_MS = 30_000;
// A worker needs ~30 MB of heap for its parsers; far below this, V8 can abort the whole process.
const MIN_MEMORY_MB = 64;
// A worker holds ~110 MB once its parsers are loaded (Node, pdf.js and its fake worker).
const MIN_RSS_MB = 128;
const RSS_SAMPLE_MS = 100;
// A worker left holding more than this share of maxRssMb after a file is replaced, not reused: the next
// file would start with little room. Workers keep what OCR grew (Tesseract's WebAssembly memory never
// shrinks, its workers idle for 30 s; freed pages stay with the allocator): on ../shared/corpus one
// settles at 750-900 MB, and a full GC frees almost none of it. At 0.5 a worker was replaced after
// most OCR files (16 workers for 168 files, 1.4× the time, each new one starting Node, pdf.js and
// Tesseract again); at 0.75, 3 workers and the time of one kept worker.
const RECYCLE_RSS_SHARE = 0.75;
const MB = 1024 * 1024;
/**
 * glibc's allocator settings for worker processes, unless this process's environment sets them: a fixed
 * mmap threshold (glibc otherwise raises it after the first large buffer is freed and serves page-image
 * sized buffers from heaps that fragment and are never given back: OCR's threads kept ~250 MB, ~35 MB with
 * it) and two arenas (fewer per-thread heaps for pdf.js's and Tesseract's threads). docs/ocr.md, Memory.
 */
const WORKER_MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: String(1024 * 1024), MALLOC_ARENA_MAX: '2' };
/**
 * With a memory budget: a second file starts only while the tree is at least this far below the budget.
 * A worker holds ~110 MB once started; a text PDF adds tens of MB, OCR and large images a few hundred.
 */
export const BUDGET_HEADROOM_MB = 200;
/**
 * With a memory budget: what one file may use at least (its worker's RSS), however much this process
 * already holds: a process holding much (a chat model loaded by `quire serve`, a test runner serving in
 * process) cannot make files fail that need less; a scanned page read by OCR takes a worker to ~300–450 MB.
 */
export const BUDGET_FLOOR_MB = 512;
/** The smallest memory budget accepted, in MB. */
export const MIN_BUDGET_MB = 256;
/**
 * With a memory budget: the pool stops workers this far below it, for what grows between two samples
 * (100 ms) and while a killed worker exits.
 */
const BUDGET_MARGIN_MB = 32;
/** With a memory budget: an idle worker holding more than this is stopped when a file needs room. */
const REPLACE_IDLE_ABOVE_MB = 224;

/**
 * Parses and chunks files in worker processes (`child_process.fork` of `parse-worker`), so that a
 * hanging or memory-hungry file cannot stall or crash the process and the event loop stays free. Each
 * file has a time limit, a JavaScript heap limit and a resident memory limit (the whole worker
 * process, native memory and threads included, sampled every 100 ms); a worker that passes one is
 * killed and its file fails. Workers are reused across files; one that timed out, ran out of memory or
 * crashed is replaced. Files beyond `size` wait in FIFO order. Idle workers do not keep the process
 * alive; `close()` kills them all, and they exit by themselves when this process exits or dies.
 */
export class ParsePool {
  readonly #size: number;
  readonly #timeoutMs: number;
  readonly #maxMemoryMb: number;
  readonly #maxRssMb: number;
  readonly #maxBytes: number;
  readonly #budget: number | undefined;
  readonly #slots = new Set<Slot>();
  /** Workers killed and not yet exited. */
  readonly #exiting = new Set<Promise<void>>();
  /** Process ids of killed workers not yet exited: their memory still counts against the budget. */
  readonly #dying = new Set<number>();
  readonly #queue: Task[] = [];
  #watchdog: NodeJS.Timeout | undefined;
  #nextId = 1;
  #closed = false;

  constructor(options: ParsePoolOptions = {}) {
    this.#size = options.size ?? Math.min(2, availableParallelism());
    this.#timeoutMs = options.limits?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxMemoryMb = options.limits?.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
    this.#maxRssMb = options.limits?.maxRssMb ?? DEFAULT_MAX_RSS_MB;
    this.#maxBytes = options.limits?.maxBytes ?? DEFAULT_MAX_BYTES;
    this.#budget = options.budgetMb === undefined ? undefined : options.budgetMb * MB;
    if (options.budgetMb !== undefined && !(options.budgetMb >= MIN_BUDGET_MB)) {
      throw new RangeError(`budgetMb must be at least ${MIN_BUDGET_MB}, got ${options.budgetMb}`);
    }
    if (!Number.isInteger(this.#size) || this.#size < 1) {
      throw new RangeError(`size must be a positive integer, got ${this.#size}`);
    }
    if (!(this.#maxMemoryMb >= MIN_MEMORY_MB)) {
      throw new RangeError(`maxMemoryMb must be at least ${MIN_MEMORY_MB}, got ${this.#maxMemoryMb}`);
    }
    if (!(this.#maxRssMb >= MIN_RSS_MB)) {
      throw new RangeError(`maxRssMb must be at least ${MIN_RSS_MB}, got ${this.#maxRssMb}`);
    }
    if (!(this.#timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${this.#timeoutMs}`);
  }

  /**
   * Parses and chunks one file in a worker, like `parseDocument` + `chunkDocument`. Rejects with
   * `DocumentParseError` (also `timeout`, and `too-large` when the worker passes its heap or resident
   * memory limit), `ParsePoolError` when the pool is closed, or `signal.reason` when `signal` aborts (a
   * running parse is stopped by killing its worker).
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
        fresh: false,
        alone: false,
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

  /**
   * Starts worker processes ahead of any file, up to `count` (default 1) live ones, so that the first
   * file does not wait for a worker to start (~0.5–1 s: Node, pdf.js). Idle workers do not keep this
   * process alive; under a memory budget they are the first to be stopped.
   */
  warm(count = 1): void {
    if (this.#closed) return;
    const entry = parseWorkerUrl();
    if (entry === undefined) {
      void prepareParseWorkerUrl().then(() => this.warm(count));
      return;
    }
    while (this.#slots.size < Math.min(count, this.#size)) this.#spawn(entry);
  }

  /** The process ids of the live workers (busy or idle), e.g. to measure their memory. */
  processIds(): number[] {
    return [...this.#slots].flatMap((slot) => (slot.child.pid === undefined ? [] : [slot.child.pid]));
  }

  /**
   * Kills every worker and resolves once they have exited; files in progress or waiting reject with
   * `ParsePoolError('closed')`.
   */
  async close(): Promise<void> {
    this.#closed = true;
    const closed = (): ParsePoolError => new ParsePoolError('closed', 'the parse pool was closed');
    for (const task of this.#queue.splice(0)) task.reject(closed());
    for (const slot of [...this.#slots]) this.#retire(slot, closed());
    await Promise.all(this.#exiting);
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
    for (let next = this.#queue[0]; next !== undefined && !this.#closed; next = this.#queue[0]) {
      if (!this.#roomFor(next)) return;
      let slot = this.#idleSlot(next.fresh);
      if (slot === undefined && next.fresh && this.#slots.size >= this.#size) {
        // A file to retry in a new worker, and no room for one: replace an idle worker, if any.
        const idle = this.#idleSlot(false);
        if (idle !== undefined) this.#stop(idle);
      }
      if (slot === undefined && this.#slots.size < this.#size) slot = this.#spawn(entry);
      if (slot === undefined) return;
      this.#queue.shift();
      this.#run(slot, next);
    }
  }

  /**
   * Whether `task` may start now under the memory budget: always when no file is in flight (stopping
   * idle workers first when the tree is short of room); beside another file only when neither needs to
   * be alone and the tree has `BUDGET_HEADROOM_MB` to spare (idle workers are stopped to make it).
   */
  #roomFor(task: Task): boolean {
    if (this.#budget === undefined) return true;
    const busy = [...this.#slots].filter((slot) => slot.task !== null);
    if (busy.length > 0 && (task.alone || busy.some((slot) => slot.task?.alone))) return false;
    if (task.alone) {
      // It runs in a new worker with the budget to itself: idle workers would only take from it.
      for (const slot of [...this.#slots]) if (slot.task === null && slot.parsed > 0) this.#stop(slot);
    }
    const headroom = BUDGET_HEADROOM_MB * MB;
    const fits = () => this.#treeMemory() + headroom <= (this.#budget as number);
    // Beside a file in flight: only when there is room. No worker is replaced to make it: a start costs
    // ~1.5 s of CPU (Node, pdf.js, Tesseract), more than waiting for the file in flight on two cores.
    if (busy.length > 0) return fits();
    for (const slot of [...this.#slots]) {
      if (fits()) break;
      // An idle worker holding what it grew on earlier files (OCR, images): a new one holds ~110 MB. One
      // near that size is kept: replacing it would cost a start and free little.
      if (slot.task === null && this.#residentMemory(slot) > REPLACE_IDLE_ABOVE_MB * MB) this.#stop(slot);
    }
    return true;
  }

  /** Resident memory of this process and its workers (those killed and not yet gone too), in bytes. */
  #treeMemory({ dying = true }: { dying?: boolean } = {}): number {
    let total = process.memoryUsage.rss();
    for (const slot of this.#slots) total += this.#residentMemory(slot);
    if (dying) for (const pid of this.#dying) total += procRss(pid) ?? 0;
    return total;
  }

  #idleSlot(fresh: boolean): Slot | undefined {
    for (const slot of this.#slots) if (slot.task === null && (!fresh || slot.parsed === 0)) return slot;
    return undefined;
  }

  #spawn(entry: URL): Slot {
    const child = fork(fileURLToPath(entry), [], {
      // The heap limit as a flag: a later one overrides any --max-old-space-size of this process.
      execArgv: [...workerExecArgv(), `--max-old-space-size=${this.#maxMemoryMb}`],
      serialization: 'advanced',
      env: { ...WORKER_MALLOC_ENV, ...process.env },
      // stdout carries the CLI's --json output: the worker's goes to stderr. Its stderr is relayed.
      stdio: ['ignore', 2, 'pipe', 'ipc'],
    });
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      // A process that could not be spawned never exits.
      child.once('error', () => child.pid === undefined && resolve());
    });
    superviseChild(child, exited);
    const slot: Slot = {
      child,
      ready: false,
      task: null,
      timer: undefined,
      parsed: 0,
      reportedRss: 0,
      stderr: new StderrRelay(),
      exited,
    };
    slot.timer = setTimeout(
      () => this.#retire(slot, startupTimeoutError(STARTUP_TIMEOUT_MS)),
      STARTUP_TIMEOUT_MS,
    );
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => slot.stderr.write(text));
    child.on('message', (message: unknown) => this.#onMessage(slot, message));
    child.on('error', (error) => this.#retire(slot, crashError(error, this.#failure(slot))));
    // `close`, not `exit`: V8's report of an exhausted heap may still be in the stderr pipe at `exit`.
    child.on('close', (code, signal) => {
      slot.stderr.end();
      this.#retire(slot, exitError(code, signal, this.#failure(slot)));
    });
    // Only the process handle keeps this process alive, and only while a file is parsed (#run refs it).
    child.channel?.unref();
    (child.stderr as Socket | null)?.unref();
    child.unref();
    this.#slots.add(slot);
    this.#watchdog ??= setInterval(() => this.#watchMemory(), RSS_SAMPLE_MS).unref();
    return slot;
  }

  #run(slot: Slot, task: Task): void {
    slot.task = task;
    slot.child.ref();
    if (slot.ready) this.#send(slot, task);
  }

  /**
   * Sends the file to a ready worker and starts its time limit. Never before `ready`: a message that
   * arrives before the worker listens (while its modules load) may be lost.
   */
  #send(slot: Slot, task: Task): void {
    this.#startTimeLimit(slot);
    const request: ParseRequest = {
      id: task.id,
      path: task.path,
      chunking: task.chunking,
      maxBytes: this.#maxBytes,
      ocr: task.options.ocr ?? null,
    };
    slot.child.send(request, (error) => {
      if (error) this.#retire(slot, crashError(error, this.#failure(slot)));
    });
  }

  #startTimeLimit(slot: Slot): void {
    slot.timer = setTimeout(() => this.#retire(slot, timeoutError(this.#timeoutMs)), this.#timeoutMs);
  }

  #onMessage(slot: Slot, message: unknown): void {
    if (!isWorkerMessage(message)) return;
    if (message.type === 'memory') {
      slot.reportedRss = message.rss;
      return;
    }
    if (message.type === 'ready') {
      slot.ready = true;
      clearTimeout(slot.timer);
      if (slot.task !== null) this.#send(slot, slot.task);
      return;
    }
    const task = slot.task;
    if (task === null || task.id !== message.id) return;
    if (message.type === 'progress') {
      // A long file, or one read page by page by OCR, may take long in all: its time limit is the
      // longest it may go without reading a page.
      clearTimeout(slot.timer);
      this.#startTimeLimit(slot);
      if (message.ocr) task.options.onOcrProgress?.(message.ocr);
      if (message.pages) task.options.onPageProgress?.(message.pages);
      return;
    }
    clearTimeout(slot.timer);
    slot.task = null;
    slot.parsed++;
    slot.child.unref();
    settleTask(task, message);
    // Under a memory budget this is not tightened: an idle worker is stopped when a file needs its room
    // (#roomFor, #watchBudget), and a new one costs ~1.5 s of CPU (Node, pdf.js, Tesseract) per file.
    if (this.#residentMemory(slot) > this.#maxRssMb * MB * RECYCLE_RSS_SHARE) this.#stop(slot);
    this.#dispatch();
  }

  /**
   * The RSS watchdog: kills a busy worker whose resident memory passed the limit. Its file fails with
   * `too-large`, unless the worker had parsed other files before (what it still held from them counts
   * too): then the file is parsed again, first in line, in a new worker. Then the memory budget.
   */
  #watchMemory(): void {
    for (const slot of this.#slots) {
      const task = slot.task;
      if (task === null || this.#residentMemory(slot) <= this.#maxRssMb * MB) continue;
      if (slot.parsed === 0) this.#retire(slot, memoryError(this.#maxRssMb));
      else this.#retry(slot, task);
    }
    if (this.#budget !== undefined) this.#watchBudget(this.#budget);
  }

  /**
   * Holds the tree within the budget: stops idle workers first; with files in flight beside each other,
   * stops the worker holding most and parses its file again later, alone, in a new worker; a file in
   * flight alone whose worker passes what the budget leaves it (at least `BUDGET_FLOOR_MB`) fails with
   * `too-large`, or, if its worker had parsed other files before, is tried once more in a new one.
   */
  #watchBudget(budget: number): void {
    // Acting a little below the budget: memory still grows between two samples and while a worker dies.
    const limit = budget - BUDGET_MARGIN_MB * MB;
    if (this.#treeMemory() <= limit) {
      if (this.#queue.length > 0) this.#dispatch();
      return;
    }
    for (const slot of [...this.#slots]) if (slot.task === null) this.#stop(slot);
    const busy = [...this.#slots].filter((slot) => slot.task !== null);
    // Workers already killed are on their way out: stopping another would not make them go faster.
    const tree = this.#treeMemory({ dying: false });
    if (busy.length === 0 || tree <= limit) return;
    if (busy.length > 1) {
      // The worker holding most: its file is what takes the memory (stopping the other, e.g. a long text
      // PDF well under way, lost its work and freed too little while the large one kept growing).
      const sized = busy.map((slot) => ({ slot, rss: this.#residentMemory(slot) }));
      const victim = sized.reduce((a, b) => (b.rss > a.rss ? b : a)).slot;
      const task = victim.task as Task;
      task.alone = true;
      this.#retry(victim, task);
      return;
    }
    const [largest] = busy as [Slot];
    const task = largest.task as Task;
    const allowed = Math.max(limit - process.memoryUsage.rss(), BUDGET_FLOOR_MB * MB);
    if (this.#residentMemory(largest) <= allowed) return;
    if (largest.parsed > 0 && !task.fresh) {
      task.alone = true;
      this.#retry(largest, task);
      return;
    }
    this.#retire(largest, budgetError(budget / MB, allowed / MB));
  }

  /** Kills the worker and puts its file first in line again, for a worker that has parsed nothing yet. */
  #retry(slot: Slot, task: Task): void {
    slot.task = null;
    task.fresh = true;
    this.#queue.unshift(task);
    this.#retire(slot, null);
  }

  /** The worker's resident memory in bytes: VmRSS (its threads included) where /proc has it. */
  #residentMemory(slot: Slot): number {
    return (slot.child.pid === undefined ? undefined : procRss(slot.child.pid)) ?? slot.reportedRss;
  }

  #abort(task: Task, reason: unknown): void {
    const queued = this.#queue.indexOf(task);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      task.reject(reason);
      return;
    }
    for (const slot of this.#slots) if (slot.task === task) this.#retire(slot, reason);
  }

  #failure(slot: Slot): WorkerFailure {
    return { ready: slot.ready, maxMemoryMb: this.#maxMemoryMb, heapExhausted: slot.stderr.heapExhausted };
  }

  /** Kills the worker (once), fails its file, if any, with `error`, and starts the next file. */
  #retire(slot: Slot, error: unknown): void {
    if (!this.#slots.has(slot)) return;
    const task = slot.task;
    slot.task = null;
    this.#stop(slot);
    task?.reject(error);
    this.#dispatch();
  }

  /** Kills the worker (once); its file, if any, is left unsettled. */
  #stop(slot: Slot): void {
    if (!this.#slots.delete(slot)) return;
    clearTimeout(slot.timer);
    // Referenced until it has exited, so that close() can wait for that.
    slot.child.ref();
    slot.child.kill('SIGKILL');
    const pid = slot.child.pid;
    if (pid !== undefined) this.#dying.add(pid);
    const exiting = slot.exited.then(() => {
      this.#exiting.delete(exiting);
      if (pid !== undefined) this.#dying.delete(pid);
    });
    this.#exiting.add(exiting);
    if (this.#slots.size === 0) {
      clearInterval(this.#watchdog);
      this.#watchdog = undefined;
    }
  }
}

function settleTask(task: Task, message: Extract<WorkerMessage, { type: 'done' | 'failed' }>): void {
  if (message.type === 'done') task.resolve({ document: message.document, chunks: message.chunks });
  else task.reject(deserializeError(message.error));
}

const PROC_STATUS = process.platform === 'linux' && existsSync('/proc/self/status');

/** VmRSS of a process in bytes, from /proc (Linux); undefined elsewhere or once it has exited. */
function procRss(pid: number): number | undefined {
  if (!PROC_STATUS) return undefined;
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

// Workers of every pool of this process, killed when it exits. A process that dies without exiting
// (SIGKILL, a crash) closes their IPC channels instead, and each worker exits on its `disconnect`.
const liveChildren = new Set<ChildProcess>();
let killedOnExit = false;

function superviseChild(child: ChildProcess, exited: Promise<void>): void {
  if (!killedOnExit) process.on('exit', killLiveChildren);
  killedOnExit = true;
  liveChildren.add(child);
  void exited.then(() => liveChildren.delete(child));
}

function killLiveChildren(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
}

// V8's report of a fatal out-of-memory error, on the worker's stderr as it aborts: where it starts, and
// what says that the heap (or V8's own memory) ran out.
const FATAL_REPORT_START = /<--- Last few GCs --->|FATAL ERROR:|# Fatal process out of memory/;
const HEAP_EXHAUSTED = /JavaScript heap out of memory|Reached heap limit|Fatal process out of memory/;

/**
 * Relays a worker's stderr to this process's stderr, except V8's fatal out-of-memory report (a page of
 * GC trace and native stack, for a file that fails `too-large` anyway): from the start of such a report
 * it holds the text, and at the end drops it if it says the heap ran out, else relays it.
 */
class StderrRelay {
  heapExhausted = false;
  #held: string | undefined;

  write(text: string): void {
    let report = text;
    if (this.#held === undefined) {
      const start = text.search(FATAL_REPORT_START);
      if (start < 0) {
        process.stderr.write(text);
        return;
      }
      if (start > 0) process.stderr.write(text.slice(0, start));
      report = text.slice(start);
      this.#held = '';
    }
    this.#held += report;
    if (HEAP_EXHAUSTED.test(this.#held)) this.heapExhausted = true;
  }

  end(): void {
    if (this.#held !== undefined && !this.heapExhausted) process.stderr.write(this.#held);
    this.#held = undefined;
  }
}
