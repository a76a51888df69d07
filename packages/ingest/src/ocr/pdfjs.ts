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

const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
/** The same options as pdf-parser.ts: no eval, no font faces (glyphs are drawn as paths), local font and CMap data. */
export const PDFJS_OPTIONS = {
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
