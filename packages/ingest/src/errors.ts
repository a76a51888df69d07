/** Stable per-document error codes, shared by the CLI, the API and the UI. */
export type DocumentErrorCode =
  | 'encrypted'
  | 'corrupt'
  | 'no-text'
  | 'unsupported'
  | 'too-large'
  | 'unreadable'
  | 'timeout'
  /** OCR was needed but cannot run (e.g. the language data of a configured language is missing). */
  | 'ocr-unavailable'
  /** A file in a folder whose kind Quire does not read (`.ppt`, audio, …): listed, never parsed. */
  | 'unsupported-type';

/** Thrown when one file cannot be turned into text; `code` says why in a stable word. */
export class DocumentParseError extends Error {
  override readonly name = 'DocumentParseError';
  readonly code: DocumentErrorCode;

  constructor(code: DocumentErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
