import { DocumentParseError } from './errors.ts';
import { assessPdfPage } from './ocr/assess-page.ts';
import type { OcrPagesProgress, OcrPool } from './ocr/ocr-pool.ts';
import { loadPdfjs, PDFJS_OPTIONS, type PdfDocument, type Pdfjs, type PdfPage } from './ocr/pdfjs.ts';
import { assessPageText, type PageTextVerdict } from './ocr/text-quality.ts';
import { detectHeadings } from './pdf-headings.ts';
import { type LaidOutLine, layOutPage, type TextBox } from './reading-order.ts';
import type { ParsedDocument, ParsedPage } from './types.ts';

/** What {@link parsePdf} needs to read scanned and garbled pages. */
export interface PdfOcr {
  pool: OcrPool;
  /** An English word list (lowercase) for telling real text from junk. */
  isKnownWord: (word: string) => boolean;
  /** Called as OCR finishes each page of this file. */
  onProgress?: (progress: OcrPagesProgress) => void;
}

// A little real text over a page that is mostly image (a scan with a stamped header, a photo with a
// caption) is replaced by OCR only when OCR reads at least twice as many words with this confidence.
const OCR_CONFIDENCE_TO_REPLACE = 60;
// Pages whose text is read at once: pdf.js answers each request through its in-thread "fake worker"
// with waits in between; a few requests in flight fill those gaps (+15% pages/s measured; more gains
// nothing).
const PAGES_AT_ONCE = 4;
// Twice the text coverage below which a page may be "sparse over image" (10%): boxes overlap little.
const ROUGH_TEXT_SHARE_TO_MEASURE = 0.2;

/**
 * Extracts the text of every physical page of a PDF in reading order (two-column pages are read
 * column by column, words hyphenated across lines are joined) and marks large-font headings.
 * With `ocr`, each page's text layer is judged (empty, garbled, or a little text over a page that is
 * mostly image) and such pages are read by OCR instead (`source: "ocr"`, with confidence and word
 * boxes). The input buffer is left untouched. Throws `DocumentParseError` with code `encrypted`,
 * `corrupt` or `no-text`.
 */
export async function parsePdf(
  data: Uint8Array,
  options: { ocr?: PdfOcr | null } = {},
): Promise<ParsedDocument> {
  const { getDocument, Util } = await loadPdfjs();
  const loadingTask = getDocument({ ...PDFJS_OPTIONS, data: new Uint8Array(data) });
  try {
    const pdf = await openDocument(loadingTask.promise);
    const layouts: { text: string; lines: LaidOutLine[] }[] = [];
    const verdicts: PageTextVerdict[] = [];
    let unreadablePages = 0;
    for (let first = 1; first <= pdf.numPages; first += PAGES_AT_ONCE) {
      const count = Math.min(PAGES_AT_ONCE, pdf.numPages - first + 1);
      const numbers = Array.from({ length: count }, (_, i) => first + i);
      const reads = await Promise.all(numbers.map((n) => readPage(pdf, n, Util, options.ocr?.isKnownWord)));
      for (const read of reads) {
        if (read === null) unreadablePages++;
        layouts.push(read?.layout ?? { text: '', lines: [] });
        verdicts.push(read?.verdict ?? 'good');
      }
    }
    const ocrPages = options.ocr
      ? await readByOcr(pdf, verdicts, layouts, options.ocr)
      : new Map<number, ParsedPage>();
    const headings = detectHeadings(
      layouts.map((layout, index) => (ocrPages.has(index + 1) ? [] : layout.lines)),
    );
    const pages = layouts.map(
      (layout, index): ParsedPage =>
        ocrPages.get(index + 1) ?? { page: index + 1, text: layout.text, headings: headings[index] ?? [] },
    );
    if (pages.every((page) => page.text === '')) {
      if (unreadablePages > 0 && unreadablePages === pdf.numPages) {
        throw new DocumentParseError('corrupt', 'the PDF is damaged: none of its pages could be read');
      }
      const pageCount = `${pdf.numPages} page${pdf.numPages === 1 ? '' : 's'}`;
      throw new DocumentParseError(
        'no-text',
        options.ocr
          ? `no text on any of ${pageCount}, not even by OCR`
          : `no extractable text on any of ${pageCount} (scanned? OCR is off)`,
      );
    }
    return { kind: 'pdf', title: await readTitle(pdf), pages };
  } finally {
    await loadingTask.destroy();
  }
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
    const verdict = verdicts[result.page - 1];
    if (result.text.trim() === '') continue;
    if (verdict === 'sparse-over-image') {
      const layerWords = (layouts[result.page - 1]?.text ?? '').split(/\s+/).filter(Boolean).length;
      if (result.confidence < OCR_CONFIDENCE_TO_REPLACE || result.words.length < 2 * layerWords) continue;
    }
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
      const layout = layOutPage(textBoxes(page, Util, await page.getTextContent()));
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
  isKnownWord: ((word: string) => boolean) | undefined,
): Promise<{ layout: { text: string; lines: LaidOutLine[] }; verdict: PageTextVerdict } | null> {
  let page: PdfPage | null = null;
  try {
    page = await pdf.getPage(pageNumber);
    const content = await page.getTextContent();
    const boxes = textBoxes(page, util, content);
    const layout = layOutPage(boxes);
    let verdict: PageTextVerdict = 'good';
    if (isKnownWord) {
      verdict = assessPageText(layout.text, { isKnownWord }).verdict;
      // Text filling a good part of the page cannot be a stamp over a scan: only a page with little
      // text (by the boxes' rough area) is measured for images.
      const { width, height } = page.getViewport({ scale: 1 });
      const roughShare = boxes.reduce((sum, box) => sum + box.width * box.height, 0) / (width * height || 1);
      if (verdict === 'good' && roughShare < ROUGH_TEXT_SHARE_TO_MEASURE) {
        verdict = (await assessPdfPage(page, layout.text, isKnownWord, content)).verdict;
      }
    }
    return { layout, verdict };
  } catch {
    return null;
  } finally {
    page?.cleanup();
  }
}

function textBoxes(
  page: PdfPage,
  util: Pdfjs['Util'],
  content: Awaited<ReturnType<PdfPage['getTextContent']>>,
): TextBox[] {
  const viewport = page.getViewport({ scale: 1 });
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
