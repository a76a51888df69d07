/** Stable codes of OCR failures. */
export type OcrErrorCode =
  /** The PDF cannot be opened (damaged or password-protected). */
  | 'unreadable-pdf'
  /** The page number is not a page of the PDF. */
  | 'bad-page'
  /** pdf.js could not render the page. */
  | 'render-failed'
  /** The bytes are not an image format OCR reads (PNG, JPEG, TIFF, BMP, WebP, PNM). */
  | 'unsupported-image'
  /** Tesseract could not decode the image or failed while reading it. */
  | 'recognize-failed'
  /** A Tesseract worker could not start (e.g. the language data is missing). */
  | 'worker-failed'
  /** The pool was terminated before the job ran, or the job was aborted. */
  | 'terminated';

/** Thrown by the OCR functions; `code` says why in a stable word. */
export class OcrError extends Error {
  override readonly name = 'OcrError';
  readonly code: OcrErrorCode;

  constructor(code: OcrErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
