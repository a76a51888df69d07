// How the UI names a page (issue 17): by the number printed on it, as a professional cites it, with the
// file's own page beside it when they differ, and the Bates number stamped on it. The wording is the one
// rule every client shares (`pageRef`, `@quire/inference/page-ref`); the viewer adds the page count.
import { labelDiffers, type PageMarks, pageRef } from '@quire/inference/page-ref';

export { labelDiffers, type PageMarks };

/**
 * The page as cited, without its Bates number (the UI shows that as a label of its own): `p. 257 (PDF
 * p. 265)` when the printed number differs from the physical page, `p. 5` when they agree, `p. 265` when
 * nothing is printed. With `of` (the file's page count): `p. 257 (PDF p. 265 of 300)`, `p. 5 of 9`.
 */
export function pageText(marks: PageMarks, of?: number | null): string {
  const text = pageRef({ page: marks.page, pageLabel: marks.pageLabel, path: marks.path });
  if (!of) return text;
  return labelDiffers(marks) ? `${text.slice(0, -1)} of ${of})` : `${text} of ${of}`;
}

/** The page in a word or two: the printed number when there is one, else the physical (`257`, `iii`). */
export function pageNumberText(marks: PageMarks): string {
  return marks.pageLabel?.trim() || String(marks.page);
}

/** The page and its Bates number in a line of text: `p. 2 (PDF p. 5) · ACME-0001234`. */
export function pageAndBatesText(marks: PageMarks): string {
  return pageRef(marks);
}
