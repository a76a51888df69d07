import { isBatesStamp } from './bates.ts';
import type { Piece, Row } from './columns.ts';

/** A piece of text at the top or bottom edge of a page that may be a running header, footer or page number. */
export interface MarginCandidate {
  band: 'top' | 'bottom';
  /** Index of its row on the page: a row is a running head or foot as a whole or not at all. */
  row: number;
  piece: Piece;
  /** Lower-case text with whitespace collapsed and every run of digits as `#`. */
  signature: string;
  /** A page number or a Bates stamp standing alone: a running head or foot whether or not it recurs. */
  numbering: boolean;
}

// The top and bottom bands of the page, as shares of its height, where running heads and feet live.
const BAND_SHARE = 0.12;
// Pages before and after a page (each way) where a running head must recur, at about the same height.
export const MARGIN_WINDOW = 4;
const SAME_PLACE = 0.5;
const PAGE_NUMBER =
  /^(?:(?:page|p\.|seite|pag\.?)\s*)?[-–—(]?\s*(?:\d{1,4}|[ivxlc]{1,7})\s*[-–—)]?(?:\s*(?:of|\/|de|von)\s*\d{1,4})?$/i;
const LOWER_ROMAN = /^[ivxlc]+$/;
// Running heads and feet are short (a title, a chapter, a date, a page number); a longer line is text.
const MAX_MARGIN_CHARS = 100;

/**
 * The rows nearest the top and bottom edges of a page, within the outer 12% of its height, nearest
 * first and stopping at the first row further in: rows `[0, top)` and `[bottom, rows.length)`.
 */
export function marginBands(rows: readonly Row[], pageHeight: number): { top: number; bottom: number } {
  if (!(pageHeight > 0)) return { top: 0, bottom: rows.length };
  let top = 0;
  while (top < rows.length && edgeOf(rows[top], pageHeight) === 'top') top++;
  let bottom = rows.length;
  while (bottom > top && edgeOf(rows[bottom - 1], pageHeight) === 'bottom') bottom--;
  return { top, bottom };
}

function edgeOf(row: Row | undefined, pageHeight: number): 'top' | 'bottom' | null {
  if (row === undefined) return null;
  if (row.baseline + 0.2 * row.height <= BAND_SHARE * pageHeight) return 'top';
  if (row.baseline - 0.8 * row.height >= (1 - BAND_SHARE) * pageHeight) return 'bottom';
  return null;
}

/**
 * What running heads, feet and page numbers look like: the short pieces of the rows in the page's edge
 * bands.
 */
export function marginCandidates(
  pieces: readonly (readonly Piece[])[],
  bands: { top: number; bottom: number },
  textOf: (piece: Piece) => string,
): MarginCandidate[] {
  const candidates: MarginCandidate[] = [];
  // A page whose every row is at an edge holds nothing else: its text is its content, never furniture.
  pieces.forEach((row, index) => {
    const band = index < bands.top ? 'top' : index >= bands.bottom ? 'bottom' : null;
    if (band === null) return;
    for (const piece of row) {
      const text = textOf(piece);
      if (text.length > MAX_MARGIN_CHARS) continue;
      candidates.push({
        band,
        row: index,
        piece,
        signature: signatureOf(text),
        numbering: isPageNumber(text) || isBatesStamp(text),
      });
    }
  });
  return candidates;
}

/**
 * For each page, the candidates that are running heads or feet: page numbers and Bates stamps standing
 * alone, and text that recurs (digits aside) at about the same height on another page within
 * {@link MARGIN_WINDOW} pages, when every piece of its row is one. `pages[i]` are page i's candidates
 * (`null` for a page not read); each page's answer depends
 * only on the pages within the window, so one page can be judged by reading just those.
 */
export function runningMargins(
  pages: readonly (readonly MarginCandidate[] | null)[],
  index: number,
): Set<Piece> {
  const own = pages[index];
  const found = new Set<Piece>();
  if (!own) return found;
  const keptRows = new Set<number>();
  for (const candidate of own) {
    if (candidate.numbering || recurs(pages, index, candidate)) found.add(candidate.piece);
    else keptRows.add(candidate.row);
  }
  // A label that recurs beside a title that does not (a category on an entry's heading row) is text.
  for (const candidate of own) if (keptRows.has(candidate.row)) found.delete(candidate.piece);
  return found;
}

function recurs(
  pages: readonly (readonly MarginCandidate[] | null)[],
  index: number,
  candidate: MarginCandidate,
): boolean {
  const from = Math.max(0, index - MARGIN_WINDOW);
  const to = Math.min(pages.length - 1, index + MARGIN_WINDOW);
  const tolerance = SAME_PLACE * candidate.piece.height + 1;
  for (let other = from; other <= to; other++) {
    if (other === index) continue;
    for (const match of pages[other] ?? []) {
      if (
        match.band === candidate.band &&
        match.signature === candidate.signature &&
        Math.abs(match.piece.baseline - candidate.piece.baseline) <= tolerance
      ) {
        return true;
      }
    }
  }
  return false;
}

function signatureOf(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

function isPageNumber(text: string): boolean {
  const trimmed = text.trim();
  if (!PAGE_NUMBER.test(trimmed)) return false;
  const letters = trimmed.replace(/^(?:page|p\.|seite|pag\.?)\s*/i, '').replace(/[^a-z]/gi, '');
  // Roman page numbers are written in lower case; a lone capital "I" or "C" is more likely a word.
  return letters === '' || LOWER_ROMAN.test(letters) || /^(?:of|de|von)$/i.test(letters);
}
