/** What `GET /health` answers when the server is up. */
export interface Health {
  status: 'ok';
  version: string;
}

/** A workspace as listed by `GET /api/workspaces`. */
export interface WorkspaceSummary {
  name: string;
  slug: string;
  folders: string[];
  documents: number;
}

/** A request to the Quire server that failed, with a message fit to show as is. */
export class ApiError extends Error {
  readonly status: number | null;

  constructor(message: string, status: number | null, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiError';
    this.status = status;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isHealth(value: unknown): value is Health {
  return isRecord(value) && value.status === 'ok' && typeof value.version === 'string';
}

function isWorkspace(value: unknown): value is WorkspaceSummary {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    typeof value.slug === 'string' &&
    Array.isArray(value.folders) &&
    value.folders.every((folder) => typeof folder === 'string') &&
    typeof value.documents === 'number'
  );
}

async function getJson(path: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' } });
  } catch (error) {
    throw new ApiError('Cannot reach the Quire server. Is `npx quire serve` running?', null, {
      cause: error,
    });
  }
  if (!response.ok) {
    throw new ApiError(
      `The server answered ${response.status} ${response.statusText} for ${path}.`,
      response.status,
    );
  }
  try {
    return await response.json();
  } catch (error) {
    throw new ApiError(`The server sent something other than JSON for ${path}.`, response.status, {
      cause: error,
    });
  }
}

/** The server's health; throws `ApiError` when it is unreachable or unwell. */
export async function getHealth(): Promise<Health> {
  const body = await getJson('/health');
  if (!isHealth(body)) throw new ApiError('The server is running but did not report itself ready.', null);
  return body;
}

/** Every workspace the server knows, in the server's order. */
export async function listWorkspaces(): Promise<WorkspaceSummary[]> {
  const body = await getJson('/api/workspaces');
  const workspaces = isRecord(body) ? body.workspaces : undefined;
  if (!Array.isArray(workspaces) || !workspaces.every(isWorkspace)) {
    throw new ApiError('The server sent a workspace list in an unexpected shape.', null);
  }
  return workspaces;
}
