/**
 * Stable codes for model-manager problems that are not about a model file's content (those are
 * `ModelError` from `@quire/embeddings`: `model-missing`, `model-invalid`, `model-too-large`).
 *
 * - `model-not-found`: no installed model and no catalogue entry has this id.
 * - `bad-model-reference`: a `pull` reference that is not a catalogue id, `hf:` URI or https URL.
 * - `model-id-taken`: `register` with an id already used by another file.
 * - `download-failed`: the server answered with an error status or the connection broke (a kept
 *   `.partial` file lets the same pull resume).
 * - `download-aborted`: the caller's `AbortSignal` fired; the `.partial` file is kept for a resume.
 * - `models-file-corrupt`: `models.json` is not valid JSON or does not match its schema.
 */
export type ModelManagerErrorCode =
  | 'model-not-found'
  | 'bad-model-reference'
  | 'model-id-taken'
  | 'download-failed'
  | 'download-aborted'
  | 'models-file-corrupt';

/** A model-manager failure with a stable {@link ModelManagerErrorCode}; `status` is the HTTP status of a failed download. */
export class ModelManagerError extends Error {
  override readonly name = 'ModelManagerError';
  readonly code: ModelManagerErrorCode;
  readonly status: number | undefined;

  constructor(code: ModelManagerErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options?.status;
  }
}
