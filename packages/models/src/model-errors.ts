/** Stable codes for model problems, shared by the CLI, the API and the UI. */
export type ModelErrorCode = 'model-missing' | 'model-invalid' | 'model-too-large' | 'model-unreachable';

/**
 * A model file that is absent, not a usable GGUF, or too large for this machine; or a remote model
 * server that cannot be reached (`model-unreachable`).
 */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  readonly code: ModelErrorCode;

  constructor(code: ModelErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
