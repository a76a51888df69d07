// The documents screen's state as pure functions: a documents snapshot from the server, brought up to date
// with the live ingestion events of its workspace, and the words the screen uses for states, progress and
// failures. Nothing here touches the DOM or the network (tested in plain Node).
import type { DocumentStatus, IngestEvent, OcrProgress, WorkspaceStatus } from './api.ts';
import { baseName } from './format.ts';
import { cleanProgress, type StepProgress } from './step-progress.ts';

export { ocrProgressText } from './step-progress.ts';

export type DocumentState = DocumentStatus['state'];
/** The states a listed document can be in (`removed` drops it from the list). */
export type RowState = Exclude<DocumentState, 'removed'>;
export type DocumentEvent = Extract<IngestEvent, { type: 'document' }>;
export type ProgressEvent = Extract<IngestEvent, { type: 'progress' }>;

/**
 * A row of the documents screen: a document of the snapshot, with what only live events say — while it
 * is `parsing`, how many of its pages have been read (`parse`) and how many of those that need OCR
 * (`ocr`); while `embedding`, how many of its chunks are embedded (`embed`); absent otherwise.
 */
export type DocumentRow = DocumentStatus & { ocr?: OcrProgress; parse?: StepProgress; embed?: StepProgress };

/** What the documents screen shows of one workspace. */
export interface IngestView {
  workspace: string;
  /** Every document, sorted by path (see {@link comparePaths}); never `removed`. */
  documents: readonly DocumentRow[];
  /** True while a sync run is going on (from the snapshot, or since a live event said so). */
  indexing: boolean;
  /** The latest progress of the current run (or of the last one, with `finished`); null if none seen. */
  progress: ProgressEvent | null;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * The order of the list: natural (`Exhibit 2` before `Exhibit 10`), case-insensitive, then by code
 * points so that two different paths never compare equal and the order never depends on arrival.
 */
export function comparePaths(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Index of `path` in `rows` (sorted by {@link comparePaths}), or `-(insertion point) - 1`. */
function search(rows: readonly DocumentStatus[], path: string): number {
  let low = 0;
  let high = rows.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const order = comparePaths((rows[middle] as DocumentStatus).path, path);
    if (order === 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return -low - 1;
}

/** The view of a `GET /api/workspaces/:slug/documents` answer. */
export function viewFromSnapshot(status: WorkspaceStatus): IngestView {
  const documents = status.documents
    .filter((row) => row.state !== 'removed')
    .sort((a, b) => comparePaths(a.path, b.path));
  const progress = status.progress;
  return {
    workspace: status.workspace,
    documents,
    indexing: status.indexing && !progress?.finished,
    progress: status.indexing ? progress : null,
  };
}

function withoutLive(row: DocumentRow | undefined): DocumentStatus | undefined {
  if (!row) return undefined;
  const { ocr: _ocr, parse: _parse, embed: _embed, ...status } = row;
  return status;
}

/** The event's progress if usable, else the row's while it stays in `state`, else undefined. */
function kept(
  event: DocumentEvent,
  previous: DocumentRow | undefined,
  state: DocumentState,
  field: 'ocr' | 'parse' | 'embed',
): StepProgress | undefined {
  if (event.state !== state) return undefined;
  return cleanProgress(event[field]) ?? (previous?.state === state ? previous[field] : undefined);
}

function applyDocumentEvent(rows: readonly DocumentRow[], event: DocumentEvent): readonly DocumentRow[] {
  const at = search(rows, event.path);
  const previous = at >= 0 ? rows[at] : undefined;
  if (event.state === 'removed') return previous ? rows.filter((_, i) => i !== at) : rows;
  const failed = event.state === 'failed';
  // Progress belongs to one step: kept while the document is in it, dropped when it moves on.
  const ocr = kept(event, previous, 'parsing', 'ocr');
  const parse = kept(event, previous, 'parsing', 'parse');
  const embed = kept(event, previous, 'embedding', 'embed');
  const row: DocumentRow = {
    ...withoutLive(previous),
    path: event.path,
    state: event.state,
    // An unchanged file is reported `indexed` without its page count: the known one still holds.
    pages: event.pages ?? (failed ? null : (previous?.pages ?? null)),
    // A failed file has no document; a queued or changing one keeps its indexed version until replaced.
    documentId: event.documentId ?? (failed ? null : (previous?.documentId ?? null)),
    error: failed
      ? (event.error ?? previous?.error ?? { code: 'unknown', message: 'The document could not be indexed.' })
      : null,
    ...(ocr ? { ocr } : {}),
    ...(parse ? { parse } : {}),
    ...(embed ? { embed } : {}),
  };
  const next = [...rows];
  if (previous) next[at] = row;
  else next.splice(-at - 1, 0, row);
  return next;
}

/** `view` with one live event applied; events of other workspaces leave it as it is (same object). */
export function applyIngestEvent(view: IngestView, event: IngestEvent): IngestView {
  if (event.workspace !== view.workspace) return view;
  if (event.type === 'progress') return { ...view, progress: event, indexing: !event.finished };
  return {
    ...view,
    documents: applyDocumentEvent(view.documents, event),
    indexing: view.indexing || isInProgress(event.state),
  };
}

export function applyIngestEvents(view: IngestView, events: Iterable<IngestEvent>): IngestView {
  let current = view;
  for (const event of events) current = applyIngestEvent(current, event);
  return current;
}

// States and steps

/** The steps a document goes through, in order. */
export const STEPS = ['queued', 'parsing', 'embedding', 'indexed'] as const;

export const STATE_LABELS: Record<RowState, string> = {
  queued: 'Queued',
  parsing: 'Parsing',
  embedding: 'Embedding',
  indexed: 'Indexed',
  failed: 'Failed',
};

/** What each state means, in plain words (tooltips and screen readers). */
export const STATE_HINTS: Record<RowState, string> = {
  queued: 'Waiting its turn to be read',
  parsing: 'Reading the text of every page',
  embedding: 'Making the passages searchable',
  indexed: 'Searchable: answers can cite it',
  failed: 'Could not be read; see the reason',
};

export function isInProgress(state: DocumentState): boolean {
  return state === 'queued' || state === 'parsing' || state === 'embedding';
}

/** The 0-based step of `state` among {@link STEPS}, or null when it failed (or was removed). */
export function stepOf(state: DocumentState): number | null {
  const step = (STEPS as readonly string[]).indexOf(state);
  return step < 0 ? null : step;
}

export interface StateCounts extends Record<RowState, number> {
  all: number;
  inProgress: number;
  pages: number;
}

export function countStates(rows: readonly DocumentStatus[]): StateCounts {
  const counts: StateCounts = {
    all: 0,
    inProgress: 0,
    pages: 0,
    queued: 0,
    parsing: 0,
    embedding: 0,
    indexed: 0,
    failed: 0,
  };
  for (const row of rows) {
    if (row.state === 'removed') continue;
    counts.all++;
    counts[row.state]++;
    if (isInProgress(row.state)) counts.inProgress++;
    if (row.state === 'indexed') counts.pages += row.pages ?? 0;
  }
  return counts;
}

// Filters

export type StateFilter = 'all' | 'in-progress' | 'failed';

/** The folder a document is in, as shown: its workspace folder's name and the folders below it. */
export function folderLabel(path: string, folders: readonly string[]): string {
  const separator = path.includes('/') ? '/' : '\\';
  const root = folders
    .filter((folder) => path.startsWith(folder.endsWith(separator) ? folder : folder + separator))
    .sort((a, b) => b.length - a.length)[0];
  const directory = path.slice(0, Math.max(0, path.length - baseName(path).length - 1));
  if (root === undefined) return directory || separator;
  const below = directory.slice(root.replace(/[\\/]+$/, '').length + 1);
  const rootName = baseName(root.replace(/[\\/]+$/, '')) || root;
  return below ? `${rootName}${separator}${below}` : rootName;
}

/** Whether a row passes the state filter and the text filter (file name or folder, any case). */
export function matchesFilter(
  row: DocumentStatus,
  filter: StateFilter,
  query: string,
  folders: readonly string[],
): boolean {
  if (filter === 'failed' && row.state !== 'failed') return false;
  if (filter === 'in-progress' && !isInProgress(row.state)) return false;
  const words = query.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = `${baseName(row.path)} ${folderLabel(row.path, folders)}`.toLocaleLowerCase();
  return words.every((word) => text.includes(word));
}

export function filterDocuments(
  rows: readonly DocumentStatus[],
  filter: StateFilter,
  query: string,
  folders: readonly string[],
): DocumentStatus[] {
  return rows.filter((row) => matchesFilter(row, filter, query, folders));
}

// Words for progress

const grouped = new Intl.NumberFormat('en');

/** `1234, 'page'` → `"1,234 pages"`. */
function count(n: number, word: string): string {
  return `${grouped.format(n)} ${n === 1 ? word : `${word}s`}`;
}

/** `null` → null; `130` → `"about 2 min left"`; `20` → `"less than a minute left"`. */
export function formatEta(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return null;
  if (seconds < 10) return 'a few seconds left';
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  return `about ${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''} left`;
}

/** `"12 of 40 files · 311 pages · about 2 min left"`. */
export function progressText(progress: ProgressEvent): string {
  const parts = [`${grouped.format(progress.done)} of ${count(progress.total, 'file')}`];
  if (progress.pages > 0) parts.push(count(progress.pages, 'page'));
  const eta = progress.finished ? null : formatEta(progress.etaSeconds);
  if (eta) parts.push(eta);
  return parts.join(' · ');
}

/**
 * Where a row's progress bar stands, in steps of {@link STEPS} (0 = queued … 3 = indexed): while OCR
 * reads its pages, `parsing` advances by the share of them read (1.3 for 3 of 10, at most 1.99). Null
 * when it failed.
 */
export function rowProgress(state: DocumentState, ocr?: OcrProgress | null): number | null {
  return stepValue(state, state === 'parsing' ? (ocr?.total ? ocr.done / ocr.total : null) : null);
}

/**
 * Where a row's progress bar stands, in steps of {@link STEPS}, with `share` (0–1) of its current step
 * done (see `liveStep`): 1.3 for parsing with 3 of 10 pages read, at most 0.99 past the step, which is
 * not over until the document moves on. Null when it failed.
 */
export function stepValue(state: DocumentState, share?: number | null): number | null {
  const step = stepOf(state);
  if (step === null) return null;
  if ((state !== 'parsing' && state !== 'embedding') || share == null || !Number.isFinite(share)) return step;
  return step + Math.round(Math.min(Math.max(share, 0), 0.99) * 100) / 100;
}

/** The sentence shown when no run is going on: `"All documents indexed · 40 documents · 1,234 pages"`. */
export function idleText(counts: StateCounts): string {
  const documents = count(counts.all, 'document');
  const pages = count(counts.pages, 'page');
  if (counts.indexed === counts.all) return `All documents indexed · ${documents} · ${pages}`;
  const parts = [`${grouped.format(counts.indexed)} of ${documents} indexed`];
  if (counts.failed > 0) parts.push(`${grouped.format(counts.failed)} could not be read`);
  if (counts.inProgress > 0) parts.push(`${grouped.format(counts.inProgress)} waiting to be indexed`);
  return parts.join(' · ');
}

// Failures

/** Why a document failed and what to do about it, in plain words. */
export interface FailureDescription {
  reason: string;
  /** The next step, or null when there is nothing specific to suggest. */
  next: string | null;
  /** The server's own message, for the curious and for support (null when it adds nothing). */
  detail: string | null;
}

const RETRY = 'Quire tries again on its own when the file changes.';

const FAILURES: Record<string, { reason: string; next: string }> = {
  encrypted: {
    reason: 'Password-protected: Quire cannot open it.',
    next: 'Save a copy without the password in the folder.',
  },
  'no-text': {
    reason:
      'No text layer (a scanned document?), and no text could be read from its images, or the file is empty.',
    next: 'Check that “Read scanned and garbled pages with OCR” is on in Settings and that its languages match the document; or make a searchable copy (“save as searchable PDF”) and put it in the folder.',
  },
  timeout: {
    reason: 'Reading it took longer than the time limit, so Quire gave up.',
    next: `Split it into smaller files, or save it again (for example with “Print to PDF”). ${RETRY}`,
  },
  'too-large': {
    reason: 'Too large to read within Quire’s size and memory limits.',
    next: `Split it into smaller files, or save a copy with compressed images. ${RETRY}`,
  },
  corrupt: {
    reason: 'Damaged or incomplete: Quire cannot read it.',
    next: `Open it in its usual program; if it opens, save a fresh copy (for example with “Print to PDF”) in the folder. ${RETRY}`,
  },
  unsupported: {
    reason:
      'Not a real PDF, Word (.docx), image (PNG, JPEG, TIFF), web page or text file, whatever its name says.',
    next: 'Save it as PDF or .docx (older .doc files too), or an image as PNG, and put that copy in the folder.',
  },
  'unsupported-type': {
    reason: 'Not read: unsupported type. Quire does not read this kind of file.',
    next: 'If it holds text you need, save a copy as PDF, Word (.docx) or text in the folder.',
  },
  unreadable: {
    reason: 'Quire is not allowed to read the file, or it was not available.',
    next: `Check that the file opens on this computer and that its permissions let you read it. ${RETRY}`,
  },
};

/** A failure's code and message in plain words; an unknown code falls back on the server's message. */
export function describeFailure(error: { code: string; message: string } | null): FailureDescription {
  const message = error?.message.trim() ?? '';
  const known = error && Object.hasOwn(FAILURES, error.code) ? FAILURES[error.code] : undefined;
  if (known) return { ...known, detail: message || null };
  return {
    reason: message || `Quire could not index it${error?.code ? ` (${error.code})` : ''}.`,
    next: null,
    detail: null,
  };
}
