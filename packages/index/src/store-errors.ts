import type { EmbeddingInfo } from '@quire/embeddings';

/**
 * Stable codes of the index store's errors:
 * - `conflict`: the request contradicts what the index already holds (another embedding model);
 * - `invalid-input`: the caller passed data that cannot be stored or searched as given;
 * - `unsupported`: the index cannot do this (vector search in a full-text-only index);
 * - `corrupt`: the index files on disk are unreadable or inconsistent;
 * - `read-only`: a write was asked of an index opened for reading only;
 * - `index-missing`: an index opened for reading only is not there (nothing has been indexed to it yet);
 * - `storage-unreachable`: the object storage holding the index refused or did not answer.
 */
export type StoreErrorCode =
  | 'conflict'
  | 'invalid-input'
  | 'unsupported'
  | 'corrupt'
  | 'read-only'
  | 'index-missing'
  | 'storage-unreachable';

/** Any failure of a workspace index store; `code` says why in a stable word. */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

const describe = (embedding: EmbeddingInfo | null | undefined): string => {
  if (embedding === undefined) return 'an unknown embedding model';
  if (embedding === null) return 'no embedding model (full-text only)';
  return `embedding model ${embedding.name} (dimension ${embedding.dimension})`;
};

/**
 * Thrown when an index holding chunks was built with another embedding model (or none) than the one
 * asked for: vectors of different models never mix in one index. `stored` is `undefined` when the
 * index's metadata file is missing.
 */
export class EmbeddingMismatchError extends StoreError {
  override readonly name = 'EmbeddingMismatchError';
  readonly stored: EmbeddingInfo | null | undefined;
  readonly requested: EmbeddingInfo | null;

  constructor(stored: EmbeddingInfo | null | undefined, requested: EmbeddingInfo | null) {
    super(
      'conflict',
      `This workspace was indexed with ${describe(stored)}; refusing to mix it with ${describe(requested)}. ` +
        'Re-index the workspace to switch models.',
    );
    this.stored = stored;
    this.requested = requested;
  }
}

/** Thrown when records, vectors or search requests do not fit the index. */
export class InvalidStoreInputError extends StoreError {
  override readonly name = 'InvalidStoreInputError';

  constructor(message: string) {
    super('invalid-input', message);
  }
}

/** Thrown when a vector search is asked of an index built without an embedding model. */
export class VectorSearchUnavailableError extends StoreError {
  override readonly name = 'VectorSearchUnavailableError';

  constructor() {
    super(
      'unsupported',
      'This workspace was indexed without an embedding model, so it supports full-text search only.',
    );
  }
}

/** Thrown when the index files (metadata or table rows) do not have the expected shape. */
export class CorruptIndexError extends StoreError {
  override readonly name = 'CorruptIndexError';

  constructor(message: string, options?: { cause?: unknown }) {
    super('corrupt', message, options);
  }
}

/** Thrown when a write is asked of an index opened read-only (a reader of a shared index). */
export class ReadOnlyIndexError extends StoreError {
  override readonly name = 'ReadOnlyIndexError';

  constructor(what: string) {
    super('read-only', `This index is open for reading only: ${what} is done by the process that indexes it`);
  }
}

/** Thrown when an index opened read-only does not exist (yet) at its location. */
export class IndexMissingError extends StoreError {
  override readonly name = 'IndexMissingError';

  constructor(where: string) {
    super(
      'index-missing',
      `No Quire index at ${where} yet: index it first (quire sync on the indexing machine)`,
    );
  }
}

/**
 * Thrown when the object storage holding an index refuses (wrong credentials, no such bucket) or does not
 * answer: one line with the storage's own error code where it gave one, never the request's credentials.
 */
export class StorageUnreachableError extends StoreError {
  override readonly name = 'StorageUnreachableError';

  constructor(where: string, cause: unknown, doing: 'open' | 'read' = 'open') {
    super('storage-unreachable', `Could not ${doing} the index at ${where}: ${storageReason(cause)}`, {
      cause,
    });
  }
}

/** A short reason from an object-store error: the S3 error code, the HTTP status, or the connection failure. */
function storageReason(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]+)<\/Message>/.exec(text)?.[1];
  if (code) return `${code}${message ? ` (${message})` : ''}`;
  const status = /status: (\d{3})/i.exec(text)?.[1];
  if (status) return `the storage answered HTTP ${status}`;
  if (/connect|refused|dns|timed? ?out|error sending request/i.test(text))
    return 'the storage did not answer (check AWS_ENDPOINT_URL and the network)';
  return text.split('\n')[0]?.slice(0, 300) ?? 'unknown error';
}
