// The web UI's calls about folders and new workspaces that need more than `api.ts` gives: the folder
// picker's listing, the installed OCR languages, and creating or attaching with the server's check for
// folders another workspace reads (its 409 names them; the user may then confirm).
import type { FolderEntry, FolderListing, FolderOwner, OcrLanguage, WorkspaceSettings } from '@quire/server';
import { ApiError } from './api.ts';

export type { FolderEntry, FolderListing, FolderOwner, OcrLanguage };

/** The server refused a folder that another workspace already reads; `owners` names each overlap. */
export class FolderInUseError extends ApiError {
  readonly owners: FolderOwner[];

  constructor(message: string, owners: FolderOwner[]) {
    super(message, 409, 'conflict');
    this.name = 'FolderInUseError';
    this.owners = owners;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

async function request<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (error) {
    throw new ApiError('Cannot reach the Quire server. Is it still running?', null, null, { cause: error });
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: the status says enough
  }
  if (response.ok) {
    // The shapes are the server's own types (shared at compile time); the server validates what it sends.
    return body as T;
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const message =
    typeof error.message === 'string' ? error.message : `The server answered ${response.status} for ${path}.`;
  if (Array.isArray(error.owners)) throw new FolderInUseError(message, error.owners as FolderOwner[]);
  throw new ApiError(message, response.status, typeof error.code === 'string' ? error.code : null);
}

/** The subfolders of `path` (default: the user's home folder), for the folder picker. */
export function browseFolders(path?: string): Promise<FolderListing> {
  return request<FolderListing>(
    path === undefined ? '/api/folders' : `/api/folders?${new URLSearchParams({ path })}`,
  );
}

/** The OCR languages installed on the server's computer. */
export async function ocrLanguages(): Promise<OcrLanguage[]> {
  return (await request<{ languages: OcrLanguage[] }>('/api/ocr-languages')).languages;
}

/**
 * Creates a workspace. A taken name is refused (`ApiError` 409); folders another workspace reads are
 * refused with a {@link FolderInUseError} unless `confirm` is set.
 */
export async function createNewWorkspace(
  name: string,
  folders: string[],
  options: { confirm?: boolean } = {},
): Promise<WorkspaceSettings> {
  const body = { name, folders, ...(options.confirm ? { confirm: true } : {}) };
  return (await request<{ workspace: WorkspaceSettings }>('/api/workspaces', { method: 'POST', body }))
    .workspace;
}

/** Attaches a folder to a workspace; one another workspace reads is refused ({@link FolderInUseError}) unless `confirm`. */
export async function attachFolder(
  slug: string,
  path: string,
  options: { confirm?: boolean } = {},
): Promise<WorkspaceSettings> {
  const body = { path, ...(options.confirm ? { confirm: true } : {}) };
  return (
    await request<{ workspace: WorkspaceSettings }>(`/api/workspaces/${encodeURIComponent(slug)}/folders`, {
      method: 'POST',
      body,
    })
  ).workspace;
}

/** Each overlap in plain words: “/a/b is inside /a, a folder of the workspace “Acme”.” */
export function describeFolderOwners(owners: readonly FolderOwner[]): string[] {
  return owners.map((owner) => {
    const ws = `the workspace “${owner.workspace.name}”`;
    if (owner.relation === 'same') return `${owner.path} is already a folder of ${ws}.`;
    if (owner.relation === 'parent') return `${owner.path} is inside ${owner.folder}, a folder of ${ws}.`;
    return `${owner.path} contains ${owner.folder}, a folder of ${ws}.`;
  });
}
