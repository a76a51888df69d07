import { createRequire } from 'node:module';
import path from 'node:path';
import { DocumentParseError } from './errors.ts';
import { detectHeadings } from './pdf-headings.ts';
import { type LaidOutLine, layOutPage, type TextBox } from './reading-order.ts';
import type { ParsedDocument, ParsedPage } from './types.ts';

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDocument = Awaited<ReturnType<Pdfjs['getDocument']>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

// pdfjs is loaded on first use, not with this module: a process that parses in worker threads (the
// server, `quire sync`) never needs it on its main thread, where under tsx it would cost ~170 MB.
let pdfjs: Promise<Pdfjs> | undefined;
const loadPdfjs = (): Promise<Pdfjs> => {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
};

const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const PDFJS_OPTIONS = {
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

/**
 * Extracts the text of every physical page of a PDF in reading order (two-column pages are read
 * column by column, words hyphenated across lines are joined) and marks large-font headings.
 * The input buffer is left untouched. Throws `DocumentParseError` with code `encrypted`,
 * `corrupt` or `no-text`.
 */
export async function parsePdf(data: Uint8Array): Promise<ParsedDocument> {
  const { getDocument, Util } = await loadPdfjs();
  const loadingTask = getDocument({ ...PDFJS_OPTIONS, data: new Uint8Array(data) });
  try {
    const pdf = await openDocument(loadingTask.promise);
    const layouts: { text: string; lines: LaidOutLine[] }[] = [];
    let unreadablePages = 0;
    for (let index = 0; index < pdf.numPages; index++) {
      const layout = await readPage(pdf, index + 1, Util);
      if (layout === null) unreadablePages++;
      layouts.push(layout ?? { text: '', lines: [] });
    }
    if (layouts.every((layout) => layout.text === '')) {
      if (unreadablePages > 0 && unreadablePages === pdf.numPages) {
        throw new DocumentParseError('corrupt', 'the PDF is damaged: none of its pages could be read');
      }
      const pageCount = `${pdf.numPages} page${pdf.numPages === 1 ? '' : 's'}`;
      throw new DocumentParseError('no-text', `no extractable text on any of ${pageCount} (scanned?)`);
    }
    const headings = detectHeadings(layouts.map((layout) => layout.lines));
    const pages = layouts.map(
      (layout, index): ParsedPage => ({
        page: index + 1,
        text: layout.text,
        headings: headings[index] ?? [],
      }),
    );
    return { kind: 'pdf', title: await readTitle(pdf), pages };
  } finally {
    await loadingTask.destroy();
  }
}

/** A box of page text: characters `start`–`end` of the page text, drawn at `x`,`y` (top left), in PDF points. */
export interface TextSpanBox {
  start: number;
  end: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One page's size (PDF points, rotation applied), its text exactly as indexed, and where that text is drawn. */
export interface PdfPageLayout {
  page: number;
  width: number;
  height: number;
  text: string;
  boxes: TextSpanBox[];
}

/**
 * The layout of page `pageNumber` (1-based) of a PDF: the same text {@link parsePdf} extracts for it,
 * with a box per run of text giving its character range and position, so a quote found at offsets in
 * the page text can be highlighted on the rendered page. Throws `DocumentParseError` like `parsePdf`,
 * and `not-found`-style `RangeError` for a page the PDF does not have.
 */
export async function pdfPageLayout(data: Uint8Array, pageNumber: number): Promise<PdfPageLayout> {
  const { getDocument, Util } = await loadPdfjs();
  const loadingTask = getDocument({ ...PDFJS_OPTIONS, data: new Uint8Array(data) });
  try {
    const pdf = await openDocument(loadingTask.promise);
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pdf.numPages) {
      throw new RangeError(`the PDF has ${pdf.numPages} page(s), not a page ${pageNumber}`);
    }
    const page = await pdf.getPage(pageNumber);
    try {
      const viewport = page.getViewport({ scale: 1 });
      const layout = layOutPage(await textBoxes(page, Util));
      const boxes: TextSpanBox[] = [];
      for (const line of layout.lines) {
        for (const span of line.spans) {
          const { box } = span;
          const start = line.offset + span.start;
          const end = Math.min(line.offset + span.end, layout.text.length);
          if (end <= start) continue;
          // Ascent and descent of a typical font, as shares of the font size.
          boxes.push({
            start,
            end,
            x: box.x,
            y: box.baseline - 0.85 * box.height,
            width: box.width,
            height: 1.1 * box.height,
          });
        }
      }
      return { page: pageNumber, width: viewport.width, height: viewport.height, text: layout.text, boxes };
    } finally {
      page.cleanup();
    }
  } finally {
    await loadingTask.destroy();
  }
}

async function openDocument(opening: Promise<PdfDocument>): Promise<PdfDocument> {
  try {
    return await opening;
  } catch (error) {
    if (error instanceof Error && error.name === 'PasswordException') {
      throw new DocumentParseError('encrypted', 'the PDF is password-protected', { cause: error });
    }
    throw new DocumentParseError('corrupt', 'the PDF is damaged or incomplete and cannot be read', {
      cause: error,
    });
  }
}

async function readPage(
  pdf: PdfDocument,
  pageNumber: number,
  util: Pdfjs['Util'],
): Promise<{ text: string; lines: LaidOutLine[] } | null> {
  let page: PdfPage | null = null;
  try {
    page = await pdf.getPage(pageNumber);
    return layOutPage(await textBoxes(page, util));
  } catch {
    return null;
  } finally {
    page?.cleanup();
  }
}

async function textBoxes(page: PdfPage, util: Pdfjs['Util']): Promise<TextBox[]> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const boxes: TextBox[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = util.transform(viewport.transform, item.transform);
    if (![a, b, c, d, x, y].every(Number.isFinite)) continue;
    const horizontal = Math.abs(a) + Math.abs(b) > 0 ? Math.abs(a) / Math.hypot(a, b) : 1;
    boxes.push({
      text: item.str,
      x,
      baseline: y,
      width: item.width * horizontal,
      height: Math.hypot(c, d) || item.height,
    });
  }
  return boxes;
}

async function readTitle(pdf: PdfDocument): Promise<string | null> {
  let info: unknown;
  try {
    info = (await pdf.getMetadata()).info;
  } catch {
    return null;
  }
  if (typeof info !== 'object' || info === null || !('Title' in info)) return null;
  const title = info.Title;
  return typeof title === 'string' && title.trim() !== '' ? title.trim() : null;
}
