/** Stable codes for model problems, shared by the CLI, the API and the UI. */
export type ModelErrorCode = 'model-missing' | 'model-invalid' | 'model-too-large';

/** A model file that is absent, not a usable GGUF, or too large for this machine. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  readonly code: ModelErrorCode;

  constructor(code: ModelErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
