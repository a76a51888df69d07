import type { PdfPage } from './pdfjs.ts';
import { measurePageCoverage } from './render.ts';
import { assessPageText, type PageTextAssessment, TEXT_QUALITY_THRESHOLDS } from './text-quality.ts';
import { assessTextRuns } from './text-runs.ts';

type TextContent = Awaited<ReturnType<PdfPage['getTextContent']>>;

// Twice the text coverage below which a page may be "sparse over image" (10%): boxes overlap little.
const ROUGH_TEXT_SHARE_TO_MEASURE = 0.2;

/**
 * Judges one pdf.js page whose extracted text is `text` (as pdf-parser lays it out): by the text as a
 * whole, then by each font's run of it (a body font of junk under sound headings, a sidebar of control
 * characters), then, only when the text's boxes cover little of the page, by its coverage (text boxes,
 * images from the operator list, ink away from the text) to catch a scan with a little real text on top.
 * A page with a good text layer filling the page costs no more than its `getTextContent`.
 */
export async function judgePdfPage(
  page: PdfPage,
  text: string,
  isKnownWord: (word: string) => boolean,
  content?: TextContent,
): Promise<PageTextAssessment> {
  const byText = assessPageText(text, { isKnownWord });
  if (byText.verdict !== 'good') return byText;
  const items = (content ?? (await page.getTextContent())).items;
  const runs = assessTextRuns(items, isKnownWord);
  if (runs.junkShare >= TEXT_QUALITY_THRESHOLDS.garbledRunShare) {
    const reasons = runs.junkRuns.map(
      (run) => `font ${run.font} (${run.characters} characters): ${run.assessment.reason}`,
    );
    return {
      ...byText,
      verdict: 'garbled',
      reason: `${Math.round(runs.junkShare * 100)}% of the text in runs of junk; ${reasons.join('; ')}`,
    };
  }
  const { width, height } = page.getViewport({ scale: 1 });
  let boxArea = 0;
  for (const item of items) {
    if ('str' in item && item.str.trim() !== '') boxArea += Math.abs(item.width * item.height);
  }
  if (boxArea / (width * height || 1) >= ROUGH_TEXT_SHARE_TO_MEASURE) return byText;
  return assessPdfPage(page, text, isKnownWord, content);
}

/**
 * Judges one pdf.js page whose extracted text is `text` (as pdf-parser lays it out): first by the text
 * alone; a page whose text looks good is then measured (text boxes, and only if they cover < 10% of the
 * page, images from the operator list, and only if images cover ≥ 50%, ink away from the text) to catch
 * a scan with a little real text on top. A page with a good text layer filling the page costs one
 * `getTextContent`; a page of a few lines without images adds one operator list.
 */
export async function assessPdfPage(
  page: PdfPage,
  text: string,
  isKnownWord: (word: string) => boolean,
  content?: TextContent,
): Promise<PageTextAssessment> {
  const byText = assessPageText(text, { isKnownWord });
  if (byText.verdict !== 'good') return byText;
  const coverage = await measurePageCoverage(page, { images: 'auto', ink: 'auto', content });
  return assessPageText(text, { isKnownWord, ...coverage });
}
