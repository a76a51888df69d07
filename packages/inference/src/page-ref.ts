/** What names a cited page: its physical number, and when known the label printed on it and its Bates number. */
export interface PageMarks {
  /** The physical page (1-based), as the PDF viewer counts. */
  page: number;
  /** The page number printed on the page; null or absent: none found. */
  pageLabel?: string | null;
  /** The Bates number stamped on the page; null or absent: none. */
  bates?: string | null;
  /**
   * The file (or attachment) path: a word-processor document is one page of text in Quire, so its
   * physical page says nothing and only the label Word laid out is given.
   */
  path?: string;
}

/** Formats read as one page of text, whose printed pages come from Word's layout (see `labelMarks`). */
const ONE_PAGE_FORMATS = /\.(?:docx|docm|dotx|dotm|doc|odt|rtf)$/i;

/**
 * A page as professionals cite it (issue 17): the printed number first, the physical page after it when
 * they differ — `p. 257 (PDF p. 265)` — `p. 5` when they agree, `p. 265` when nothing is printed; then
 * the Bates number when the page has one: `p. 3 (PDF p. 5) · ACME-0001234`. `word` spells "page" out
 * (`page 257 (PDF page 265)`) for prose such as the evidence bundle. A Word document's page is its label
 * alone (`p. 3`): Quire reads it as one page of text. Browser-safe: the web UI, the CLI,
 * the OpenAI endpoint and the evidence bundle all use it.
 */
export function pageRef(marks: PageMarks, word: 'p.' | 'page' = 'p.'): string {
  const { page, pageLabel, bates } = marks;
  const label = pageLabel?.trim();
  const main = labelDiffers(marks) ? `${word} ${label} (PDF ${word} ${page})` : `${word} ${label || page}`;
  return bates ? `${main} · ${bates}` : main;
}

/**
 * Whether a page is cited by a printed number other than its place in the file (`257` on the 265th
 * page), so that the physical page is worth giving too. Never for a word-processor document.
 */
export function labelDiffers(marks: PageMarks): boolean {
  const label = marks.pageLabel?.trim();
  return Boolean(label) && label !== String(marks.page) && !(marks.path && ONE_PAGE_FORMATS.test(marks.path));
}
