import { batesNumbers } from './bates.ts';
import type { PdfDocument } from './ocr/pdfjs.ts';
import { pageLabels } from './page-labels.ts';
import { pdfDate } from './pdf-date.ts';
import type { DocumentDate, ParsedPage } from './types.ts';

/** What a PDF says of itself besides its pages' text: its title and date from its info dictionary. */
export async function readPdfInfo(pdf: PdfDocument): Promise<{ title: string | null; date?: DocumentDate }> {
  let info: unknown;
  try {
    info = (await pdf.getMetadata()).info;
  } catch {
    return { title: null };
  }
  const date = pdfDate(info);
  return date === undefined ? { title: titleOf(info) } : { title: titleOf(info), date };
}

function titleOf(info: unknown): string | null {
  if (typeof info !== 'object' || info === null || !('Title' in info)) return null;
  const title = info.Title;
  return typeof title === 'string' && title.trim() !== '' ? title.trim() : null;
}

/** The PDF's `/PageLabels`, one per page (pdf.js `getPageLabels`); null when it has none or they cannot be read. */
export async function readPdfPageLabels(pdf: PdfDocument): Promise<string[] | null> {
  try {
    return await pdf.getPageLabels();
  } catch {
    return null;
  }
}

/**
 * The pages with their label (see {@link pageLabels}) and Bates number (see {@link batesNumbers}), both
 * judged over the running heads and feet of all the document's pages.
 */
export function withLabelsAndBates(
  pages: readonly ParsedPage[],
  pdfLabels: readonly string[] | null,
): ParsedPage[] {
  const margins = pages.map((page) => page.margins ?? null);
  const labels = pageLabels(margins, pdfLabels);
  const bates = batesNumbers(margins);
  return pages.map((page, index) => {
    const label = labels[index];
    const stamp = bates[index];
    return {
      ...page,
      ...(label ? { label: label.label, labelSource: label.source } : {}),
      ...(stamp ? { bates: stamp } : {}),
    };
  });
}
