/** Where one document stands in ingestion. */
export type DocumentState = 'queued' | 'parsing' | 'embedding' | 'indexed' | 'failed' | 'removed';

/** A document changed state; `error` is set when it failed. */
export interface DocumentStateEvent {
  type: 'document';
  workspace: string;
  path: string;
  state: DocumentState;
  documentId?: string;
  pages?: number;
  error?: { code: string; message: string };
  /** While `parsing`: pages of this document read by OCR so far, of how many. */
  ocr?: { done: number; total: number };
  /**
   * While `parsing`: pages of this document read so far, of how many (a PDF every few pages, at most ~10
   * events a second; a Word document or an image once, when read). OCR, if some pages need it, follows.
   */
  parse?: { done: number; total: number };
  /** While `embedding`: chunks of this document embedded so far, of how many (from 0, every 64 chunks). */
  embed?: { done: number; total: number };
}

/** Progress of one sync run of a workspace. */
export interface ProgressEvent {
  type: 'progress';
  workspace: string;
  /** Files to look at in this run, and how many are done (indexed, unchanged or failed). */
  total: number;
  done: number;
  /** Pages parsed so far in this run, and an estimate of the time left (null until measurable). */
  pages: number;
  etaSeconds: number | null;
  /** True on the last event of a run. */
  finished: boolean;
}

/** Typed events that feed both the CLI progress bars and the server's event stream. */
export type IngestEvent = DocumentStateEvent | ProgressEvent;

/**
 * The built-in embedding model being generated (`quire serve` starts it at once on a new install):
 * `building` with the share done, then `ready`, or `failed` with the reason.
 */
export interface ModelBuildEvent {
  type: 'model-build';
  model: 'builtin';
  state: 'building' | 'ready' | 'failed';
  /** Share of the build done, 0 to 1. */
  share?: number;
  error?: string;
}

/** Everything the server's event stream (`GET /api/events`) sends. */
export type ServerEvent = IngestEvent | ModelBuildEvent;
