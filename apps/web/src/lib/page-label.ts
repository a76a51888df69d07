// How the UI names a page (issue 17): by the number printed on it, as a professional cites it, with the
// file's own page beside it when they differ, and the Bates number stamped on it as a label of its own.

/** What a hit, citation or passage says of its page: `page` is physical, `pageLabel` printed. */
export interface PageMarks {
  path: string;
  page: number;
  pageLabel?: string | null;
  bates?: string | null;
}

/** Whether the page prints a number other than its place in the file (`257` on the 265th page). */
export function labelDiffers(marks: PageMarks): boolean {
  return typeof marks.pageLabel === 'string' && marks.pageLabel !== String(marks.page);
}

/** What the file's own page is called: `PDF p.` in a PDF, `file p.` in anything else. */
export function physicalName(path: string): string {
  return /\.pdf$/i.test(path) ? 'PDF p.' : 'file p.';
}

/**
 * The page as cited: `p. 257 (PDF p. 265)` when the printed number differs from the physical page
 * (`(file p. 3)` for a file other than a PDF), `p. 5` when they agree, `p. 265` when nothing is printed.
 * With `of` (the file's page count): `p. 257 (PDF p. 265 of 300)`, `p. 5 of 9`.
 */
export function pageText(marks: PageMarks, of?: number | null): string {
  const count = of ? ` of ${of}` : '';
  if (!labelDiffers(marks)) return `p. ${marks.page}${count}`;
  return `p. ${marks.pageLabel} (${physicalName(marks.path)} ${marks.page}${count})`;
}

/** The page in a word or two: the printed number when there is one, else the physical (`257`, `iii`). */
export function pageNumberText(marks: PageMarks): string {
  return typeof marks.pageLabel === 'string' ? marks.pageLabel : String(marks.page);
}

/** The page and its Bates number in a line of text: `p. 2 (PDF p. 5), ACME-0001234`. */
export function pageAndBatesText(marks: PageMarks): string {
  return marks.bates ? `${pageText(marks)}, ${marks.bates}` : pageText(marks);
}
