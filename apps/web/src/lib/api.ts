// Every call the web UI makes to the Quire server, typed with the server's own types (type-only
// imports: nothing of the server is bundled). All requests go to the page's own origin.
import type {
  AskResult,
  SearchResult,
  ThreadSummary,
  ThreadTurn,
  WorkspaceSettings,
  WorkspaceStatus,
  WorkspaceSummary,
} from '@quire/server';

export type {
  AskResult,
  SearchResult,
  ThreadSummary,
  ThreadTurn,
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

async function request<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init?.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(init?.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init?.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (error) {
    throw new ApiError('Cannot reach the Quire server. Is `npx quire serve` running?', null, null, {
      cause: error,
    });
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw new ApiError(`The server sent something other than JSON for ${path}.`, response.status, null, {
      cause: error,
    });
  }
  if (!response.ok) {
    const error = isRecord(body) && isRecord(body.error) ? body.error : {};
    const message =
      typeof error.message === 'string' ? error.message : `The server answered ${response.status}.`;
    throw new ApiError(message, response.status, typeof error.code === 'string' ? error.code : null);
  }
  // The shapes are the server's own types (shared at compile time); the server validates what it sends.
  return body as T;
}

const ws = (slug: string) => `/api/workspaces/${encodeURIComponent(slug)}`;

/** The server's health; throws `ApiError` when it is unreachable or unwell. */
export async function getHealth(): Promise<Health> {
  const body = await request<Health>('/health');
  if (body.status !== 'ok')
    throw new ApiError('The server is running but did not report itself ready.', null);
  return body;
}

export async function listWorkspaces(): Promise<WorkspaceSummary[]> {
  return (await request<{ workspaces: WorkspaceSummary[] }>('/api/workspaces')).workspaces;
}

export async function createWorkspace(name: string, folders: string[]): Promise<WorkspaceSettings> {
  return (
    await request<{ workspace: WorkspaceSettings }>('/api/workspaces', {
      method: 'POST',
      body: { name, folders },
    })
  ).workspace;
}

export function documents(slug: string): Promise<WorkspaceStatus> {
  return request<WorkspaceStatus>(`${ws(slug)}/documents`);
}

export function search(slug: string, query: string, k = 10): Promise<SearchResult> {
  return request<SearchResult>(`${ws(slug)}/search?q=${encodeURIComponent(query)}&k=${k}`);
}

export function ask(slug: string, question: string, threadId?: string): Promise<AskResult> {
  return request<AskResult>(`${ws(slug)}/ask`, { method: 'POST', body: { question, threadId } });
}

export async function threads(slug: string): Promise<ThreadSummary[]> {
  return (await request<{ threads: ThreadSummary[] }>(`${ws(slug)}/threads`)).threads;
}
