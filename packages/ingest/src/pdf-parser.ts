import { toFrame, toPage } from './columns.ts';
import { DocumentParseError } from './errors.ts';
import { judgePdfPage } from './ocr/assess-page.ts';
import { preferOcrReading } from './ocr/compare-readings.ts';
import type { OcrPagesProgress, OcrPool } from './ocr/ocr-pool.ts';
import { pageQuality } from './ocr/page-quality.ts';
import {
  loadPdfjs,
  MAX_IMAGE_PIXELS,
  oversizedImages,
  PDFJS_OPTIONS,
  type PdfDocument,
  type Pdfjs,
  type PdfPage,
} from './ocr/pdfjs.ts';
import type { PageTextAssessment, PageTextVerdict } from './ocr/text-quality.ts';
import { detectHeadings } from './pdf-headings.ts';
import { readPdfInfo, readPdfPageLabels, withLabelsAndBates } from './pdf-info.ts';
import {
  analysePage,
  assemblePage,
  marginsOf,
  type PageAnalysis,
  type PageLayout,
  type TextBox,
} from './reading-order.ts';
import { MARGIN_WINDOW, type MarginCandidate, runningMargins } from './running-margins.ts';
import type { ParsedDocument, ParsedPage, ParseProgress } from './types.ts';

/** What {@link parsePdf} needs to read scanned and garbled pages. */
export interface PdfOcr {
  pool: OcrPool;
  /** An English word list (lowercase) for telling real text from junk. */
  isKnownWord: (word: string) => boolean;
  /** Called as OCR finishes each page of this file. */
  onProgress?: (progress: OcrPagesProgress) => void;
}

// Pages whose text is read at once: pdf.js answers each request through its in-thread "fake worker"
// with waits in between; a few requests in flight fill those gaps (+15% pages/s measured; more gains
// nothing).
const PAGES_AT_ONCE = 4;
// Text turned by at most this many degrees is read as upright.
const UPRIGHT_TOLERANCE = 2;

/**
 * Extracts the text of every physical page of a PDF in reading order (columns one after the other, a
 * full-width block where it stands, tables row by row, footnotes after the body, words hyphenated across
 * lines joined) and marks large-font headings. Running heads, feet and page numbers are kept out of
 * the text, in `margins`. Each page gets the label a reader cites it by (`label`: from `/PageLabels`, else
 * the page number printed in its margins) and its Bates stamp (`bates`), when it has them; the document
 * its `date` from the info dictionary's `CreationDate` (else `ModDate`).
 * With `ocr`, each page's text layer is judged (empty, garbled, or a little text over a page that is
 * mostly image) and such pages are read by OCR instead (`source: "ocr"`, with confidence and word
 * boxes); every page of ≥ 6 words then gets its text's `quality` (share of words that read as real words).
 * `onPages` is told after every few pages how many have been read, of the page count (their
 * text layer; OCR reports its own progress). The input buffer is left untouched. Throws
 * `DocumentParseError` with code `encrypted`, `corrupt` or `no-text`.
 */
export async function parsePdf(
  data: Uint8Array,
  options: { ocr?: PdfOcr | null; onPages?: (progress: ParseProgress) => void } = {},
): Promise<ParsedDocument> {
  const { getDocument, Util } = await loadPdfjs();
  const loadingTask = getDocument({ ...PDFJS_OPTIONS, data: new Uint8Array(data) });
  try {
    const pdf = await openDocument(loadingTask.promise);
    const analyses: (PageAnalysis | null)[] = [];
    const verdicts: PageTextVerdict[] = [];
    let unreadablePages = 0;
    for (let first = 1; first <= pdf.numPages; first += PAGES_AT_ONCE) {
      const count = Math.min(PAGES_AT_ONCE, pdf.numPages - first + 1);
      const numbers = Array.from({ length: count }, (_, i) => first + i);
      const reads = await Promise.all(numbers.map((n) => readPage(pdf, n, Util, options.ocr?.isKnownWord)));
      for (const read of reads) {
        if (read === null) unreadablePages++;
        analyses.push(read?.analysis ?? null);
        verdicts.push(read?.verdict ?? 'good');
      }
      options.onPages?.({ done: analyses.length, total: pdf.numPages });
    }
    const candidates = analyses.map((analysis) => analysis?.margins ?? null);
    const layouts = analyses.map(
      (analysis, index): PageLayout =>
        analysis === null ? EMPTY_LAYOUT : assemblePage(analysis, runningMargins(candidates, index)),
    );
    const ocrPages = options.ocr
      ? await readByOcr(pdf, verdicts, layouts, options.ocr)
      : new Map<number, ParsedPage>();
    const headings = detectHeadings(
      layouts.map((layout, index) => (ocrPages.has(index + 1) ? [] : layout.lines)),
    );
    const pages = withLabelsAndBates(
      layouts.map((layout, index): ParsedPage => {
        const page = ocrPages.get(index + 1) ?? textLayerPage(index + 1, layout, headings[index] ?? []);
        return options.ocr ? withQuality(page, options.ocr.isKnownWord) : page;
      }),
      await readPdfPageLabels(pdf),
    );
    if (pages.every((page) => page.text === '')) {
      if (unreadablePages > 0 && unreadablePages === pdf.numPages) {
        throw new DocumentParseError('corrupt', 'the PDF is damaged: none of its pages could be read');
      }
      const pageCount = `${pdf.numPages} page${pdf.numPages === 1 ? '' : 's'}`;
      const [largest] = oversizedImages(data).sort((a, b) => b.width * b.height - a.width * a.height);
      if (largest !== undefined) {
        throw new DocumentParseError(
          'too-large',
          `its page images are too large to read: one is ${largest.width.toLocaleString('en')} × ` +
            `${largest.height.toLocaleString('en')} pixels (${megapixels(largest)}; Quire reads images ` +
            `up to ${Math.round(MAX_IMAGE_PIXELS / 1e6)} Mpx, an A4 or Letter page scanned at 600 DPI)`,
        );
      }
      throw new DocumentParseError(
        'no-text',
        options.ocr
          ? `no text on any of ${pageCount}, not even by OCR`
          : `no extractable text on any of ${pageCount} (scanned? OCR is off)`,
      );
    }
    return { kind: 'pdf', ...(await readPdfInfo(pdf)), pages };
  } finally {
    await loadingTask.destroy();
  }
}

const megapixels = ({ width, height }: { width: number; height: number }): string =>
  `${Math.round((width * height) / 1e6).toLocaleString('en')} Mpx`;

const EMPTY_LAYOUT: PageLayout = { text: '', lines: [], margins: { header: null, footer: null } };

function textLayerPage(page: number, layout: PageLayout, headings: ParsedPage['headings']): ParsedPage {
  const { header, footer } = layout.margins;
  return header === null && footer === null
    ? { page, text: layout.text, headings }
    : { page, text: layout.text, headings, margins: { header, footer } };
}

/**
 * The page with its text's {@link pageQuality} (kept text layer or OCR reading alike), so that a quote
 * from a page that reads poorly (a junk layer OCR could not replace) can say so.
 */
function withQuality(page: ParsedPage, isKnownWord: (word: string) => boolean): ParsedPage {
  const quality = pageQuality(page.text, isKnownWord);
  return quality === undefined ? page : { ...page, quality };
}

/**
 * OCR of the pages whose text layer is not good, keyed by page number. An empty or garbled layer is
 * replaced; a little text over a mostly-image page only when OCR reads clearly more. A page OCR cannot
 * read keeps its text layer (or stays empty).
 */
async function readByOcr(
  pdf: PdfDocument,
  verdicts: readonly PageTextVerdict[],
  layouts: readonly { text: string }[],
  ocr: PdfOcr,
): Promise<Map<number, ParsedPage>> {
  const wanted = verdicts.flatMap((verdict, index) => (verdict === 'good' ? [] : [index + 1]));
  const pages = new Map<number, ParsedPage>();
  if (wanted.length === 0) return pages;
  const results = await ocr.pool.ocrPdfPages(pdf, wanted, { dpi: 'auto', onProgress: ocr.onProgress });
  for (const result of results) {
    if ('error' in result) continue;
    const layerText = layouts[result.page - 1]?.text ?? '';
    if (!preferOcrReading(verdicts[result.page - 1] ?? 'good', layerText, result, ocr.isKnownWord)) continue;
    pages.set(result.page, {
      page: result.page,
      text: result.text,
      headings: [],
      source: 'ocr',
      ocr: {
        confidence: result.confidence,
        words: result.words.map((w) => ({
          start: w.start,
          end: w.end,
          x: w.box.x,
          y: w.box.y,
          width: w.box.width,
          height: w.box.height,
          confidence: w.confidence,
        })),
      },
    });
  }
  return pages;
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
 * How {@link parsePdf} with OCR judges each page's text layer (see `judgePdfPage`), without reading any
 * page by OCR: one assessment per page (null for a page pdf.js cannot read). For measuring the verdicts
 * on real documents. Throws `DocumentParseError` like `parsePdf`.
 */
export async function judgePdfPages(
  data: Uint8Array,
  isKnownWord: (word: string) => boolean,
): Promise<(PageTextAssessment | null)[]> {
  const { getDocument, Util } = await loadPdfjs();
  const loadingTask = getDocument({ ...PDFJS_OPTIONS, data: new Uint8Array(data) });
  try {
    const pdf = await openDocument(loadingTask.promise);
    const assessments: (PageTextAssessment | null)[] = [];
    for (let first = 1; first <= pdf.numPages; first += PAGES_AT_ONCE) {
      const numbers = Array.from(
        { length: Math.min(PAGES_AT_ONCE, pdf.numPages - first + 1) },
        (_, i) => first + i,
      );
      const reads = await Promise.all(numbers.map((n) => readPage(pdf, n, Util, isKnownWord)));
      assessments.push(...reads.map((read) => read?.assessment ?? null));
    }
    return assessments;
  } finally {
    await loadingTask.destroy();
  }
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
    // Running heads are judged against the pages around this one, as parsePdf judges them.
    const from = Math.max(1, pageNumber - MARGIN_WINDOW);
    const to = Math.min(pdf.numPages, pageNumber + MARGIN_WINDOW);
    const candidates: (MarginCandidate[] | null)[] = Array.from({ length: to - from + 1 }, () => null);
    let analysis: PageAnalysis | null = null;
    let size = { width: 0, height: 0 };
    for (let n = from; n <= to; n++) {
      const page = await pdf.getPage(n).catch(() => null);
      if (page === null) continue;
      try {
        const viewport = page.getViewport({ scale: 1 });
        const boxes = textBoxes(page, Util, await page.getTextContent());
        if (n === pageNumber) {
          size = { width: viewport.width, height: viewport.height };
          analysis = analysePage(boxes, viewport.height);
          candidates[n - from] = analysis.margins;
        } else {
          candidates[n - from] = marginsOf(boxes, viewport.height);
        }
      } catch {
        candidates[n - from] = null;
      } finally {
        page.cleanup();
      }
    }
    const layout =
      analysis === null
        ? EMPTY_LAYOUT
        : assemblePage(analysis, runningMargins(candidates, pageNumber - from));
    const boxes: TextSpanBox[] = [];
    for (const line of layout.lines) {
      for (const span of line.spans) {
        const start = line.offset + span.start;
        const end = Math.min(line.offset + span.end, layout.text.length);
        if (end > start) boxes.push({ start, end, ...pageRectangle(span.box) });
      }
    }
    return { page: pageNumber, ...size, text: layout.text, boxes };
  } finally {
    await loadingTask.destroy();
  }
}

/** Where a box is drawn on the page (top left, points), from its baseline, with a typical font's ascent and descent. */
function pageRectangle(box: TextBox): { x: number; y: number; width: number; height: number } {
  const { x: u, baseline: v, width: w, height: h } = box;
  const top = v - 0.85 * h;
  const bottom = v + 0.25 * h;
  const rotation = box.rotation ?? 0;
  if (rotation === 0) return { x: u, y: top, width: w, height: bottom - top };
  const corners = [
    toPage(u, top, rotation),
    toPage(u + w, top, rotation),
    toPage(u, bottom, rotation),
    toPage(u + w, bottom, rotation),
  ];
  const xs = corners.map(([x]) => x);
  const ys = corners.map(([, y]) => y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
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
  isKnownWord: ((word: string) => boolean) | undefined,
): Promise<{ analysis: PageAnalysis; verdict: PageTextVerdict; assessment?: PageTextAssessment } | null> {
  let page: PdfPage | null = null;
  try {
    page = await pdf.getPage(pageNumber);
    const content = await page.getTextContent();
    const boxes = textBoxes(page, util, content);
    const analysis = analysePage(boxes, page.getViewport({ scale: 1 }).height);
    if (!isKnownWord) return { analysis, verdict: 'good' };
    // Judged with its running heads and feet: they are part of the text layer.
    const { text } = assemblePage(analysis, new Set());
    const assessment = await judgePdfPage(page, text, isKnownWord, content);
    return { analysis, verdict: assessment.verdict, assessment };
  } catch {
    return null;
  } finally {
    page?.cleanup();
  }
}

/**
 * The page's text items as boxes in the layout frame of their direction (see {@link TextBox}): upright
 * text in page coordinates (top left origin, rotation applied), turned text in a frame turned with it.
 */
function textBoxes(
  page: PdfPage,
  util: Pdfjs['Util'],
  content: Awaited<ReturnType<PdfPage['getTextContent']>>,
): TextBox[] {
  const viewport = page.getViewport({ scale: 1 });
  const boxes: TextBox[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str === '') continue;
    if (item.str.trim() === '') {
      // A space drawn as its own item (often narrower than a gap that reads as a space) belongs to the text before it.
      const previous = boxes[boxes.length - 1];
      if (previous !== undefined && !/\s$/.test(previous.text)) previous.text += ' ';
      continue;
    }
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = util.transform(viewport.transform, item.transform);
    if (![a, b, c, d, x, y].every(Number.isFinite)) continue;
    const height = Math.hypot(c, d) || item.height;
    const rotation = directionOf(a, b);
    if (rotation === 0) {
      const horizontal = Math.abs(a) + Math.abs(b) > 0 ? Math.abs(a) / Math.hypot(a, b) : 1;
      boxes.push({ text: item.str, x, baseline: y, width: item.width * horizontal, height });
    } else {
      const [u, v] = toFrame(x, y, rotation);
      boxes.push({ text: item.str, x: u, baseline: v, width: item.width, height, rotation });
    }
  }
  return boxes;
}

/** The direction of text whose advance is (a, b) on the page, in whole degrees clockwise; 0 within 2° of upright. */
function directionOf(a: number, b: number): number {
  if (b === 0 && a >= 0) return 0;
  const degrees = Math.round((Math.atan2(b, a) * 180) / Math.PI);
  const rotation = ((degrees % 360) + 360) % 360;
  return rotation <= UPRIGHT_TOLERANCE || rotation >= 360 - UPRIGHT_TOLERANCE ? 0 : rotation;
}
