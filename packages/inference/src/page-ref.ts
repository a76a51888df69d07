/** What names a cited page: its physical number, and when known the label printed on it and its Bates number. */
export interface PageMarks {
  /** The physical page (1-based), as the PDF viewer counts. */
  page: number;
  /** The page number printed on the page; null or absent: none found. */
  pageLabel?: string | null;
  /** The Bates number stamped on the page; null or absent: none. */
  bates?: string | null;
}

/**
 * A page as professionals cite it (issue 17): the printed number first, the physical page after it when
 * they differ — `p. 257 (PDF p. 265)` — `p. 5` when they agree, `p. 265` when nothing is printed; then
 * the Bates number when the page has one: `p. 3 (PDF p. 5) · ACME-0001234`. `word` spells "page" out
 * (`page 257 (PDF page 265)`) for prose such as the evidence bundle. Browser-safe: the web UI, the CLI,
 * the OpenAI endpoint and the evidence bundle all use it.
 */
export function pageRef(marks: PageMarks, word: 'p.' | 'page' = 'p.'): string {
  const { page, pageLabel, bates } = marks;
  const label = pageLabel?.trim();
  const main =
    !label || label === String(page) ? `${word} ${label || page}` : `${word} ${label} (PDF ${word} ${page})`;
  return bates ? `${main} · ${bates}` : main;
}
