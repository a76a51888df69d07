/** Stable request-level error codes, shared by the CLI, the API and the UI. */
export type QuireErrorCode =
  | 'not-found'
  | 'invalid-request'
  | 'unauthorized'
  | 'forbidden-path'
  | 'model-missing'
  | 'model-invalid'
  | 'model-too-large'
  | 'conflict';

/** An error a user can act on: a stable `code` and a one-line message. */
export class QuireError extends Error {
  override readonly name: string = 'QuireError';
  readonly code: QuireErrorCode;

  constructor(code: QuireErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export class WorkspaceNotFoundError extends QuireError {
  override readonly name = 'WorkspaceNotFoundError';

  constructor(name: string) {
    super(
      'not-found',
      `No workspace named "${name}". Create it with: quire add <folder> --workspace "${name}"`,
    );
  }
}

/** Whether `error` carries one of Quire's stable codes (from any package). */
export function errorCode(error: unknown): string | null {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return null;
}
