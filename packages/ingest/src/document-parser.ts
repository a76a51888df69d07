import { chunkDocument } from './chunker.ts';
import { OcrPools } from './ocr/ocr-pools.ts';
import { parseDocument } from './parse-document.ts';
import {
  type ParseFileOptions,
  type ParseLimits,
  ParsePool,
  type ParsePoolOptions,
  type ParseResult,
} from './parse-pool.ts';
import { ParsePoolError } from './parse-pool-errors.ts';
import type { ChunkOptions } from './types.ts';

/** Per-file options of {@link DocumentParser.parse}. */
export interface ParseOptions extends ParseFileOptions {
  /** How the document is cut into chunks (default: the chunker's defaults). */
  chunking?: ChunkOptions;
  /** Stops the parse: it rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/**
 * Turns one file into its parsed pages and chunks. Rejects with `DocumentParseError` for a file that
 * cannot be read (its stable code says why), `ParsePoolError` once the parser is closed (nothing about
 * the file), or the signal's reason when aborted. `close()` releases what the parser holds (worker
 * threads, OCR workers).
 */
export interface DocumentParser {
  parse(path: string, options?: ParseOptions): Promise<ParseResult>;
  /** Gets ready for a first file ahead of it (e.g. starts a worker process), if the parser has workers. */
  warm?(): void;
  close(): Promise<void>;
}

/** Options of {@link createParser}. */
export interface CreateParserOptions {
  /**
   * `workers` (default): each file in a worker thread with a time and a memory limit
   * ({@link WorkerPoolParser}); `in-process`: in this thread ({@link InProcessParser}).
   */
  isolation?: 'workers' | 'in-process';
  /** Files parsed at once by worker threads (default min(2, available parallelism)). */
  workers?: number;
  /** Limits per file; in process only `maxBytes` applies (time and memory limits need a worker). */
  limits?: ParseLimits;
  /** Tesseract workers per OCR language set of an in-process parser (default 2); each parse worker has one. */
  ocrWorkers?: number;
  /** Worker parsing only: memory budget of this process and its workers together (see `ParsePoolOptions`). */
  budgetMb?: number;
}

/**
 * Parses in this thread: no start-up cost, but a pathological file holds the event loop and has no
 * time or memory limit. Owns its OCR pools; `close()` stops them.
 */
export class InProcessParser implements DocumentParser {
  readonly #ocr: OcrPools;
  readonly #maxBytes: number | undefined;
  #closed = false;

  constructor(options: { maxBytes?: number; ocrWorkers?: number } = {}) {
    this.#ocr = new OcrPools(options.ocrWorkers ?? 2);
    this.#maxBytes = options.maxBytes;
  }

  async parse(path: string, options: ParseOptions = {}): Promise<ParseResult> {
    if (this.#closed) throw new ParsePoolError('closed', 'the parser is closed');
    options.signal?.throwIfAborted();
    const ocr = await this.#ocr.context(options.ocr);
    const document = await parseDocument(path, {
      maxBytes: this.#maxBytes,
      ocr: ocr && { ...ocr, onProgress: options.onOcrProgress },
      onPageProgress: options.onPageProgress,
    });
    options.signal?.throwIfAborted();
    return { document, chunks: chunkDocument(document, options.chunking) };
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#ocr.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * Parses in a {@link ParsePool} of worker threads, each file with a time limit and a memory limit, so
 * a pathological file fails with `timeout` or `too-large` and the event loop stays free.
 */
export class WorkerPoolParser implements DocumentParser {
  readonly #pool: ParsePool;

  constructor(options: ParsePoolOptions = {}) {
    this.#pool = new ParsePool(options);
  }

  async parse(path: string, options: ParseOptions = {}): Promise<ParseResult> {
    const { chunking, signal, ...perFile } = options;
    const { document, chunks } = await this.#pool.parse(path, chunking, signal, perFile);
    return { document, chunks };
  }

  warm(): void {
    this.#pool.warm();
  }

  close(): Promise<void> {
    return this.#pool.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** A {@link DocumentParser}: in worker threads (the default) or in this thread. */
export function createParser(options: CreateParserOptions = {}): DocumentParser {
  if (options.isolation === 'in-process') {
    return new InProcessParser({ maxBytes: options.limits?.maxBytes, ocrWorkers: options.ocrWorkers });
  }
  return new WorkerPoolParser({ size: options.workers, limits: options.limits, budgetMb: options.budgetMb });
}
