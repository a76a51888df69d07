import { createRequire } from 'node:module';
import path from 'node:path';
import { OcrError } from './ocr-error.ts';

/** The pdf.js legacy build (the one that runs in Node). */
export type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
/** An open pdf.js document. */
export type PdfDocument = Awaited<ReturnType<Pdfjs['getDocument']>['promise']>;
/** One page of an open pdf.js document. */
export type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

let pdfjs: Promise<Pdfjs> | undefined;
/**
 * pdf.js, imported on first use (it costs ~30 MB, ~170 MB under tsx) together with its "fake worker"
 * (pdf.js runs its parser in the same thread in Node; loading it here keeps that cost out of the first
 * file's time limit).
 *
 * The legacy build bundles core-js, which on Node 20 replaces `Array.prototype.push` with a JavaScript
 * version (for an edge case of arrays longer than 2³² − 1 elements): every `push` in the process then
 * runs ~10× slower, which cost ~15% of text extraction. The native `push` is put back once pdf.js is
 * loaded; the other things core-js adds (e.g. `Promise.withResolvers`) are missing in Node 20 and stay.
 */
export const loadPdfjs = (): Promise<Pdfjs> => {
  pdfjs ??= (async () => {
    const push = Object.getOwnPropertyDescriptor(Array.prototype, 'push');
    const loaded = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // Sets globalThis.pdfjsWorker, which pdf.js then uses instead of loading it on the first document.
    await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    if (push) Object.defineProperty(Array.prototype, 'push', push);
    return loaded;
  })();
  return pdfjs;
};

/**
 * Largest image pdf.js decodes, in pixels: an A4 or US Letter page scanned at 600 DPI (~35 Mpx) fits.
 * pdf.js decodes an image whole before drawing it scaled (no downsampled decoding): a 20,000 × 20,000
 * scan took ~5 GB to render for OCR, although the render itself is capped at 10 Mpx. Larger images
 * are left out of the page (pdf.js's `maxImageSize`): a page that was nothing but such an image has
 * no text, and the file fails `too-large` (see `oversizedImages`).
 */
export const MAX_IMAGE_PIXELS = 36_000_000;

const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
/**
 * The same options as pdf-parser.ts: no eval, no font faces (glyphs are drawn as paths), local font and
 * CMap data, no image over {@link MAX_IMAGE_PIXELS}.
 */
export const PDFJS_OPTIONS = {
  maxImageSize: MAX_IMAGE_PIXELS,
  isEvalSupported: false,
  useWorkerFetch: false,
  disableFontFace: true,
  useSystemFonts: false,
  isOffscreenCanvasSupported: false,
  isImageDecoderSupported: false,
  standardFontDataUrl: `${path.join(pdfjsRoot, 'standard_fonts')}${path.sep}`,
  cMapUrl: `${path.join(pdfjsRoot, 'cmaps')}${path.sep}`,
  cMapPacked: true,
  verbosity: 0,
};

/** An open PDF and the way to release it (always call `close`). */
export interface OpenPdf {
  pdf: PdfDocument;
  close(): Promise<void>;
}

/**
 * Opens PDF bytes with pdf.js (the bytes are copied, the input is left untouched). Throws `OcrError`
 * with code `unreadable-pdf` for a damaged or password-protected file.
 */
export async function openPdf(data: Uint8Array): Promise<OpenPdf> {
  const { getDocument } = await loadPdfjs();
  const task = getDocument({ ...PDFJS_OPTIONS, data: new Uint8Array(data) });
  try {
    const pdf = await task.promise;
    return { pdf, close: () => task.destroy() };
  } catch (error) {
    await task.destroy();
    const encrypted = error instanceof Error && error.name === 'PasswordException';
    throw new OcrError(
      'unreadable-pdf',
      encrypted ? 'the PDF is password-protected' : 'the PDF is damaged and cannot be read',
      { cause: error },
    );
  }
}

/** Page `pageNumber` (1-based) of `pdf`; `OcrError` `bad-page` when the PDF has no such page. */
export async function getPdfPage(pdf: PdfDocument, pageNumber: number): Promise<PdfPage> {
  if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pdf.numPages) {
    throw new OcrError('bad-page', `the PDF has ${pdf.numPages} page(s), not a page ${pageNumber}`);
  }
  try {
    return await pdf.getPage(pageNumber);
  } catch (error) {
    throw new OcrError('render-failed', `page ${pageNumber} cannot be read`, { cause: error });
  }
}

/** An image a PDF holds, by its declared size. */
export interface DeclaredImage {
  width: number;
  height: number;
}

/**
 * The images of a PDF over `maxPixels` (default {@link MAX_IMAGE_PIXELS}), read from their stream
 * dictionaries in the file's bytes without decoding anything (an image is a stream, and a stream's
 * dictionary is never compressed into an object stream). Sizes given by reference are not resolved.
 */
export function oversizedImages(data: Uint8Array, maxPixels = MAX_IMAGE_PIXELS): DeclaredImage[] {
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
  const found: DeclaredImage[] = [];
  for (const match of text.matchAll(/\/Subtype\s*\/Image\b/g)) {
    const from = Math.max(text.lastIndexOf('obj', match.index), match.index - 4096);
    const streamAt = text.indexOf('stream', match.index);
    const to = streamAt < 0 ? match.index + 4096 : Math.min(streamAt, match.index + 4096);
    const dict = text.slice(from, to);
    const width = Number(/\/Width\s+(\d+)(?!\s+\d+\s+R)/.exec(dict)?.[1] ?? 0);
    const height = Number(/\/Height\s+(\d+)(?!\s+\d+\s+R)/.exec(dict)?.[1] ?? 0);
    if (width * height > maxPixels) found.push({ width, height });
  }
  return found;
}
