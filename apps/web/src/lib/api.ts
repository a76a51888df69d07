// Every call the web UI makes to the Quire server, typed with the server's own types (type-only
// imports: nothing of the server is bundled). All requests go to the page's own origin.
import type { Citation, EmailRef } from '@quire/inference';
import type {
  CatalogueEntry,
  DiscoveredModel,
  DownloadProgress,
  HardwareReport,
  InstalledModel,
  Recommendation,
} from '@quire/models';
import type {
  AskResult,
  DocumentStatus,
  EmailView,
  ErasedAttachment,
  ErasePreview,
  EraseResult,
  EvidenceBundleInput,
  IngestEvent,
  ModelBuildEvent,
  ModelOverview,
  PageLayout,
  SearchResult,
  ThreadSummary,
  ThreadTurn,
  WorkspaceDefaults,
  WorkspaceSettings,
  WorkspaceStatus,
  WorkspaceSummary,
} from '@quire/server';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { CompareResult, MatterOverview, TimelineResult } from './matter.ts';

/** While a document is `parsing`: pages of it read by OCR so far, of how many. */
export type OcrProgress = NonNullable<Extract<IngestEvent, { type: 'document' }>['ocr']>;

/** A standalone image (PNG, JPEG, TIFF) read by OCR: one page, its size and its words' boxes in pixels. */
export type ImagePageLayout = Extract<PageLayout, { kind: 'image' }>;

/** How a workspace reads scanned and garbled pages: OCR on or off, and Tesseract language codes. */
export type OcrSettings = WorkspaceSettings['ocr'];

/** What an evidence bundle records of an answer (the server adds the workspace's name). */
export type EvidenceInput = Omit<EvidenceBundleInput, 'workspace'>;

export type {
  AskResult,
  CatalogueEntry,
  Citation,
  DiscoveredModel,
  DocumentStatus,
  DownloadProgress,
  EmailRef,
  EmailView,
  HardwareReport,
  IngestEvent,
  InstalledModel,
  ModelBuildEvent,
  ModelOverview,
  PageLayout,
  Recommendation,
  SearchResult,
  ThreadSummary,
  ThreadTurn,
  WorkspaceDefaults,
  WorkspaceSettings,
  WorkspaceStatus,
  WorkspaceSummary,
};

/** What `GET /health` answers when the server is up. */
export interface Health {
  status: 'ok';
  version: string;
}

/** A request to the Quire server that failed, with a message fit to show as is and the server's code. */
export class ApiError extends Error {
  readonly status: number | null;
  readonly code: string | null;

  constructor(
    message: string,
    status: number | null,
    code: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const UNREACHABLE = 'Cannot reach the Quire server. Is `npm start` (or `quire serve`) still running?';

async function send(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal; accept?: string } = {},
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers: {
        accept: init.accept ?? 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError(UNREACHABLE, null, null, { cause: error });
  }
  if (!response.ok) throw await errorOf(response, path);
  return response;
}

async function errorOf(response: Response, path: string): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: the status says enough
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const message =
    typeof error.message === 'string' ? error.message : `The server answered ${response.status} for ${path}.`;
  return new ApiError(message, response.status, typeof error.code === 'string' ? error.code : null);
}

async function request<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const response = await send(path, init);
  try {
    // The shapes are the server's own types (shared at compile time); the server validates what it sends.
    return (await response.json()) as T;
  } catch (error) {
    throw new ApiError(`The server sent something other than JSON for ${path}.`, response.status, null, {
      cause: error,
    });
  }
}

/** Reads a Server-Sent Events response, calling `onEvent` with each event's name and parsed data. */
async function readEvents(
  response: Response,
  onEvent: (event: string, data: unknown) => void,
): Promise<void> {
  if (!response.body) return;
  const events = response.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream());
  const reader = events.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    let data: unknown = value.data;
    try {
      data = JSON.parse(value.data);
    } catch {
      // keep the raw text
    }
    onEvent(value.event ?? 'message', data);
  }
}

/** An `error` event of a stream turned into an {@link ApiError}. */
function streamError(data: unknown): ApiError {
  const error = isRecord(data) && isRecord(data.error) ? data.error : isRecord(data) ? data : {};
  const message = typeof error.message === 'string' ? error.message : 'The server reported an error.';
  return new ApiError(message, null, typeof error.code === 'string' ? error.code : null);
}

const ws = (slug: string) => `/api/workspaces/${encodeURIComponent(slug)}`;

/** The server's health; throws `ApiError` when it is unreachable or unwell. */
export async function getHealth(): Promise<Health> {
  const body = await request<Health>('/health');
  if (body.status !== 'ok')
    throw new ApiError('The server is running but did not report itself ready.', null);
  return body;
}

// Workspaces

export async function listWorkspaces(): Promise<WorkspaceSummary[]> {
  return (await request<{ workspaces: WorkspaceSummary[] }>('/api/workspaces')).workspaces;
}

export async function getWorkspace(slug: string): Promise<WorkspaceSettings> {
  return (await request<{ workspace: WorkspaceSettings }>(ws(slug))).workspace;
}

/** The settings a new workspace starts with: what the settings screen's "Restore defaults" restores. */
export function workspaceDefaults(): Promise<WorkspaceDefaults> {
  return request<WorkspaceDefaults>('/api/workspace-defaults');
}

/** The settings a workspace's settings screen may change. */
export interface WorkspacePatch {
  name?: string;
  chatModel?: string | null;
  rerankModel?: string | null;
  retrieval?: { passages: number; refusalThreshold: number; answerThreshold?: number };
  chunking?: { maxTokens: number; overlap: number };
  ocr?: OcrSettings;
}

export async function updateWorkspace(slug: string, patch: WorkspacePatch): Promise<WorkspaceSettings> {
  return (await request<{ workspace: WorkspaceSettings }>(ws(slug), { method: 'PATCH', body: patch }))
    .workspace;
}

export async function deleteWorkspace(slug: string): Promise<void> {
  await request(ws(slug), { method: 'DELETE' });
}

export async function removeFolder(slug: string, path: string): Promise<WorkspaceSettings> {
  return (
    await request<{ workspace: WorkspaceSettings }>(`${ws(slug)}/folders`, {
      method: 'DELETE',
      body: { path },
    })
  ).workspace;
}

// Documents

export function documents(slug: string): Promise<WorkspaceStatus> {
  return request<WorkspaceStatus>(`${ws(slug)}/documents`);
}

export async function reindex(slug: string, documentId: string): Promise<void> {
  await request(`${ws(slug)}/documents/reindex`, { method: 'POST', body: { documentId } });
}

/** Where a document's original file is served (PDF bytes for pdf.js, an image's own bytes). */
export function fileUrl(slug: string, documentId: string): string {
  return `${ws(slug)}/files/${encodeURIComponent(documentId)}`;
}

/** The text of one page as indexed and where it is drawn, for the viewer's highlight. */
export function pageLayout(slug: string, documentId: string, page: number): Promise<PageLayout> {
  return request<PageLayout>(`${ws(slug)}/documents/${encodeURIComponent(documentId)}/layout?page=${page}`);
}

/** An email's header card, attachments and thread; 404 (`ApiError`) when the document is not an email. */
export function emailOf(slug: string, documentId: string): Promise<EmailView> {
  return request<EmailView>(`${ws(slug)}/documents/${encodeURIComponent(documentId)}/email`);
}

/** The `k` passages of a workspace that best match `query` (with their documents and headings). */
export function searchPassages(slug: string, query: string, k: number): Promise<SearchResult> {
  return request<SearchResult>(`${ws(slug)}/search?q=${encodeURIComponent(query)}&k=${k}`);
}

/** The base URL of pdf.js's fonts and character maps on this server. */
export const PDFJS_DATA = '/api/pdfjs';

// Answers

export interface AskStreamOptions {
  threadId?: string;
  newThread?: boolean;
  /**
   * The part of the workspace to ask (`Scope` of `apps/server/src/scope.ts`); null: all of it; absent:
   * the thread's (its last turn's).
   */
  scope?: AskResult['scope'];
  signal?: AbortSignal;
  /** Each piece of the answer as the model writes it. */
  onToken?: (text: string) => void;
}

/** Asks with a streamed answer: tokens as they come, then the full cited result. */
export async function askStream(slug: string, question: string, options: AskStreamOptions = {}) {
  const response = await send(`${ws(slug)}/ask`, {
    method: 'POST',
    body: {
      question,
      threadId: options.threadId,
      newThread: options.newThread,
      scope: options.scope,
      stream: true,
    },
    signal: options.signal,
    accept: 'text/event-stream',
  });
  let result: AskResult | null = null;
  let failure: ApiError | null = null;
  await readEvents(response, (event, data) => {
    if (event === 'token' && isRecord(data) && typeof data.text === 'string') options.onToken?.(data.text);
    else if (event === 'answer') result = data as AskResult;
    else if (event === 'error') failure = streamError(data);
  });
  if (failure) throw failure;
  if (!result) throw new ApiError('The answer stopped before it was complete.', null);
  return result as AskResult;
}

/** The evidence bundle (Markdown) for an answer (an `AskResult` will do: only these fields are sent). */
export async function exportBundle(slug: string, answer: EvidenceInput): Promise<string> {
  const response = await send(`${ws(slug)}/export`, {
    method: 'POST',
    body: {
      question: answer.question,
      standaloneQuery: answer.standaloneQuery,
      answer: answer.answer,
      mode: answer.mode,
      support: answer.support,
      time: answer.time,
      threadId: answer.threadId,
      scope: answer.scope,
      scopeDocuments: answer.scopeDocuments,
      models: answer.models,
      citations: answer.citations,
    },
    accept: 'text/markdown',
  });
  return response.text();
}

// Threads

export async function threads(slug: string): Promise<ThreadSummary[]> {
  return (await request<{ threads: ThreadSummary[] }>(`${ws(slug)}/threads`)).threads;
}

export async function threadTurns(slug: string, id: string): Promise<ThreadTurn[]> {
  return (await request<{ turns: ThreadTurn[] }>(`${ws(slug)}/threads/${encodeURIComponent(id)}`)).turns;
}

export async function deleteThread(slug: string, id: string): Promise<void> {
  await request(`${ws(slug)}/threads/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

// Models

export function models(): Promise<ModelOverview> {
  return request<ModelOverview>('/api/models');
}

/** This machine's RAM, CPUs and GPU, and the catalogue models that fit it. */
export interface Machine {
  report: HardwareReport;
  recommendation: Recommendation;
}

export function hardware(): Promise<Machine> {
  return request('/api/models/hardware');
}

/** GGUF files already on this machine in Ollama and LM Studio stores (import them to use them). */
export async function discoverModels(): Promise<DiscoveredModel[]> {
  return (await request<{ models: DiscoveredModel[] }>('/api/models/discover')).models;
}

/** Downloads a catalogue model (`ref`: its id, an `hf:` URI or a URL), reporting progress. */
export async function pullModel(
  ref: string,
  options: { signal?: AbortSignal; onProgress?: (progress: DownloadProgress) => void } = {},
): Promise<InstalledModel> {
  const response = await send('/api/models/pull', {
    method: 'POST',
    body: { ref },
    signal: options.signal,
    accept: 'text/event-stream',
  });
  let model: InstalledModel | null = null;
  let failure: ApiError | null = null;
  await readEvents(response, (event, data) => {
    if (event === 'progress') options.onProgress?.(data as DownloadProgress);
    else if (event === 'done' && isRecord(data)) model = data.model as InstalledModel;
    else if (event === 'error') failure = streamError(data);
  });
  if (failure) throw failure;
  if (!model) throw new ApiError('The download stopped before it finished.', null);
  return model as InstalledModel;
}

export async function importModel(path: string, copy = false): Promise<InstalledModel> {
  return (
    await request<{ model: InstalledModel }>('/api/models/import', { method: 'POST', body: { path, copy } })
  ).model;
}

export async function removeModel(id: string): Promise<void> {
  await request(`/api/models/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export type ModelRole = 'embedding' | 'chat' | 'rerank';

/** Sets a workspace's model for a role (`null`: none; a new embedding model re-embeds the workspace). */
export async function assignModel(
  slug: string,
  role: ModelRole,
  model: string | null,
): Promise<{ workspace: WorkspaceSettings; reembedded: number }> {
  return request(`${ws(slug)}/models`, { method: 'POST', body: { role, model } });
}

// Live ingestion

/**
 * Subscribes to ingestion events of every workspace (and, with `onModelBuild`, to the generation of the
 * built-in model); returns the function that unsubscribes.
 */
export function subscribeIngest(
  onEvent: (event: IngestEvent) => void,
  onOpen?: () => void,
  onModelBuild?: (event: ModelBuildEvent) => void,
): () => void {
  const source = new EventSource('/api/events');
  const handle = (message: MessageEvent<string>) => {
    try {
      onEvent(JSON.parse(message.data) as IngestEvent);
    } catch {
      // a malformed event is skipped; the next snapshot from the documents list corrects the view
    }
  };
  source.addEventListener('document', handle);
  source.addEventListener('progress', handle);
  if (onOpen) source.addEventListener('ready', onOpen);
  if (onModelBuild) {
    source.addEventListener('model-build', (message: MessageEvent<string>) => {
      try {
        onModelBuild(JSON.parse(message.data) as ModelBuildEvent);
      } catch {
        // a malformed event is skipped; the next one says where the build stands
      }
    });
  }
  return () => source.close();
}

// The whole matter (issue 18): timeline, overview, versions and compare

/** What a timeline is read of: events' own dates kept (`YYYY[-MM[-DD]]`) and the documents' scope. */
export interface TimelineQuery {
  since?: string;
  until?: string;
  /** The documents the events are read from (its document dates are not sent: the route has none). */
  scope?: NonNullable<AskResult['scope']> | null;
}

function timelineParams(query: TimelineQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.since) params.set('since', query.since);
  if (query.until) params.set('until', query.until);
  const scope = query.scope;
  for (const glob of scope?.in ?? []) params.append('in', glob);
  for (const glob of scope?.notIn ?? []) params.append('notIn', glob);
  if (scope?.kinds?.length) params.set('kind', scope.kinds.join(','));
  for (const party of scope?.from ?? []) params.append('from', party);
  for (const party of scope?.to ?? []) params.append('to', party);
  return params;
}

/** The workspace's dated events, sorted by date, each with its citations. */
export function timeline(slug: string, query: TimelineQuery = {}): Promise<TimelineResult> {
  const params = timelineParams(query).toString();
  return request<TimelineResult>(`${ws(slug)}/timeline${params ? `?${params}` : ''}`);
}

/** Where the same timeline downloads as a CSV or Markdown file. */
export function timelineExportUrl(slug: string, query: TimelineQuery, format: 'csv' | 'markdown'): string {
  const params = timelineParams(query);
  params.set('format', format);
  return `${ws(slug)}/timeline?${params}`;
}

/** Every indexed document with its kind, date, parties, summary and versions, grouped by kind. */
export function matterOverview(slug: string): Promise<MatterOverview> {
  return request<MatterOverview>(`${ws(slug)}/overview`);
}

/** Two documents compared page by page, their differences as spans of each page's text. */
export function compareDocuments(slug: string, a: string, b: string): Promise<CompareResult> {
  return request<CompareResult>(`${ws(slug)}/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
}

// Erasing a document (issue 19)

// The shapes are the erase routes' own (`apps/server/src/erase.ts`): what would go, and what went.
export type { ErasedAttachment, ErasePreview, EraseResult };

/** What erasing a document would remove (nothing is removed). */
export function erasePreview(slug: string, documentId: string): Promise<ErasePreview> {
  return request<ErasePreview>(`${ws(slug)}/documents/${encodeURIComponent(documentId)}/erase-preview`);
}

/** Erases a document from Quire (index and its old versions, quotes, logs); the file stays in its folder. */
export function eraseDocument(slug: string, documentId: string): Promise<EraseResult> {
  return request<EraseResult>(`${ws(slug)}/documents/erase`, { method: 'POST', body: { documentId } });
}
