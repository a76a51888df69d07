import type { PdfPage } from './pdfjs.ts';
import { measurePageCoverage } from './render.ts';
import { assessPageText, type PageTextAssessment } from './text-quality.ts';

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
  content?: Awaited<ReturnType<PdfPage['getTextContent']>>,
): Promise<PageTextAssessment> {
  const byText = assessPageText(text, { isKnownWord });
  if (byText.verdict !== 'good') return byText;
  const coverage = await measurePageCoverage(page, { images: 'auto', ink: 'auto', content });
  return assessPageText(text, { isKnownWord, ...coverage });
}
