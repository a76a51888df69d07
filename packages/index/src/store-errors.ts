import type { EmbeddingInfo } from '@quire/embeddings';

/**
 * Stable codes of the index store's errors:
 * - `conflict`: the request contradicts what the index already holds (another embedding model);
 * - `invalid-input`: the caller passed data that cannot be stored or searched as given;
 * - `unsupported`: the index cannot do this (vector search in a full-text-only index);
 * - `corrupt`: the index files on disk are unreadable or inconsistent.
 */
export type StoreErrorCode = 'conflict' | 'invalid-input' | 'unsupported' | 'corrupt';

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
