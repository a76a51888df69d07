import { type DocumentErrorCode, DocumentParseError } from './errors.ts';
import type { Chunk, ChunkOptions, OcrSettings, ParsedDocument, ParseProgress } from './types.ts';

/** One file to parse and chunk, sent from the pool to a worker (a child process). */
export interface ParseRequest {
  id: number;
  path: string;
  chunking: ChunkOptions;
  maxBytes: number;
  /** Read scanned and garbled pages and images with OCR (null: off). */
  ocr: OcrSettings | null;
}

/** An error flattened to plain data: class instances do not survive serialization to the worker. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: SerializedError;
}

/**
 * A worker's messages: `ready` once its parsers are loaded, then one reply per request (and `progress`
 * while it reads the file's pages, `pages`, or OCR reads some of them, `ocr`: one of the two per
 * message); `memory`, its resident memory in bytes, every ~200 ms whatever it is doing (the pool's RSS
 * watchdog uses it where it cannot read `/proc/<pid>/status`).
 */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'memory'; rss: number }
  | { type: 'progress'; id: number; ocr?: ParseProgress; pages?: ParseProgress }
  | { type: 'done'; id: number; document: ParsedDocument; chunks: Chunk[] }
  | { type: 'failed'; id: number; error: SerializedError };

const DOCUMENT_ERROR_CODES: readonly DocumentErrorCode[] = [
  'encrypted',
  'corrupt',
  'no-text',
  'unsupported',
  'too-large',
  'unreadable',
  'timeout',
  'ocr-unavailable',
];
const MAX_CAUSE_DEPTH = 3;

export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const serialized: SerializedError = { name: error.name, message: error.message };
  if (error.stack !== undefined) serialized.stack = error.stack;
  if ('code' in error && typeof error.code === 'string') serialized.code = error.code;
  if (error.cause !== undefined && depth < MAX_CAUSE_DEPTH) {
    serialized.cause = serializeError(error.cause, depth + 1);
  }
  return serialized;
}

/**
 * Rebuilds an error thrown in a worker: a `DocumentParseError` keeps its class, code and message;
 * `RangeError`/`TypeError` (bad options) keep their class; anything else becomes an `Error` with the
 * original name. The worker's stack is kept.
 */
export function deserializeError(serialized: SerializedError): Error {
  const options = serialized.cause === undefined ? {} : { cause: deserializeError(serialized.cause) };
  const code = DOCUMENT_ERROR_CODES.find((known) => known === serialized.code);
  let error: Error;
  if (serialized.name === 'DocumentParseError' && code !== undefined) {
    error = new DocumentParseError(code, serialized.message, options);
  } else if (serialized.name === 'RangeError') {
    error = new RangeError(serialized.message, options);
  } else if (serialized.name === 'TypeError') {
    error = new TypeError(serialized.message, options);
  } else {
    error = new Error(serialized.message, options);
    error.name = serialized.name;
  }
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  return error;
}

export function isParseRequest(value: unknown): value is ParseRequest {
  return (
    typeof value === 'object' &&
    value !== null &&
    'id' in value &&
    typeof value.id === 'number' &&
    'path' in value &&
    typeof value.path === 'string' &&
    'maxBytes' in value &&
    typeof value.maxBytes === 'number' &&
    'chunking' in value &&
    typeof value.chunking === 'object'
  );
}

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  if (typeof value !== 'object' || value === null || !('type' in value)) return false;
  if (value.type === 'ready') return true;
  if (value.type === 'memory') return 'rss' in value && typeof value.rss === 'number';
  if (!('id' in value) || typeof value.id !== 'number') return false;
  if (value.type === 'done') return 'document' in value && 'chunks' in value && Array.isArray(value.chunks);
  if (value.type === 'progress') {
    return (
      isProgress('ocr' in value ? value.ocr : undefined) ||
      isProgress('pages' in value ? value.pages : undefined)
    );
  }
  return value.type === 'failed' && 'error' in value && typeof value.error === 'object';
}

function isProgress(value: unknown): value is ParseProgress {
  return (
    typeof value === 'object' &&
    value !== null &&
    'done' in value &&
    typeof value.done === 'number' &&
    'total' in value &&
    typeof value.total === 'number'
  );
}
