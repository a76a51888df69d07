import { StoreError, type StoreErrorCode } from '@quire/index';
import { type DocumentErrorCode, DocumentParseError } from '@quire/ingest';
import {
  ModelError,
  type ModelErrorCode,
  ModelManagerError,
  type ModelManagerErrorCode,
} from '@quire/models';

/** Stable request-level error codes, shared by the CLI, the API and the UI. */
export type QuireErrorCode =
  | 'not-found'
  | 'invalid-request'
  | 'unauthorized'
  | 'forbidden-path'
  | 'forbidden'
  | 'model-missing'
  | 'model-invalid'
  | 'model-too-large'
  | 'conflict'
  | 'payload-too-large'
  | 'invalid-qa-set'
  | 'read-only';

/** Every stable code a Quire error can carry, from any package: what the CLI prints and the API answers. */
export type ErrorCode =
  | QuireErrorCode
  | StoreErrorCode
  | ModelErrorCode
  | ModelManagerErrorCode
  | DocumentErrorCode;

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

/**
 * The stable code of one of Quire's own errors (from any package); null for anything else, such as
 * Node's `ENOENT`, which callers report as `internal`.
 */
export function errorCode(error: unknown): ErrorCode | null {
  if (
    error instanceof QuireError ||
    error instanceof StoreError ||
    error instanceof ModelError ||
    error instanceof ModelManagerError ||
    error instanceof DocumentParseError
  ) {
    return error.code;
  }
  return null;
}
