// Pure helpers for showing where a quote lies: rectangles over a rendered PDF page, the pieces of a
// Word block's text to wrap in <mark>, and a quote with the text around it. No DOM, no fetching.

/** A run of page text drawn at `x`,`y` (top left, PDF points): characters `start`–`end` of the page text. */
export interface TextBox {
  start: number;
  end: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A rectangle in the same units as the boxes it came from (top-left origin). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Two rectangles share a line when they overlap vertically by at least this share of the shorter one. */
const SAME_LINE_OVERLAP = 0.5;
/** Rectangles on a line are joined across a gap of at most this many times their height (a word space). */
const JOIN_GAP = 0.8;

/**
 * Relative advance widths (per 1000 em) of the printable ASCII characters, space to `~`, in Helvetica (its
 * standard font metrics). A box holds a run of text drawn at one width; where a range starts or ends
 * inside it, its part is cut by these widths rather than by counting characters: cut by count, a range
 * ending after wide letters (`m`, `w`, capitals) stopped a character or two short of its last glyphs,
 * and one after narrow letters (`i`, `l`, spaces) ran on. Other fonts differ in detail but share the
 * pattern (narrow `i l t f r` and space, wide `m w M W`); characters outside the table count as
 * {@link OTHER_WIDTH}.
 */
// biome-ignore format: one row per 16 characters keeps the table readable
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
/** The width of a character the table does not hold (accented letters, other scripts): an average letter. */
const OTHER_WIDTH = 556;

/** The estimated width of `text` drawn in one font, in thousandths of an em (see {@link ASCII_WIDTHS}). */
export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    width += ASCII_WIDTHS[code - 32] ?? OTHER_WIDTH;
  }
  return width;
}

/**
 * Rectangles covering characters `start`–`end` (end exclusive) of a page's text, from the layout boxes
 * of that page. A box only partly in the range gives its part of the width: by the estimated widths of
 * its characters when the page text is given (see {@link ASCII_WIDTHS}), else by characters.
 * Neighbouring rectangles on the same line (in the boxes' order) are merged into one, so the spaces
 * between words are covered too; rectangles of separate lines or columns stay apart.
 */
export function rectsForRange(
  boxes: readonly TextBox[],
  start: number,
  end: number,
  pageText?: string,
): Rect[] {
  if (!(end > start)) return [];
  const pieces: Rect[] = [];
  for (const box of boxes) {
    const length = box.end - box.start;
    if (length <= 0 || box.end <= start || box.start >= end) continue;
    const from = Math.max(start, box.start) - box.start;
    const to = Math.min(end, box.end) - box.start;
    const [left, right] = shares(box, from, to, pageText);
    const width = box.width * (right - left);
    if (!(width > 0) || !(box.height > 0)) continue;
    pieces.push({ x: box.x + box.width * left, y: box.y, width, height: box.height });
  }
  return mergeOnLines(pieces);
}

/** Where characters `from`–`to` of a box begin and end, as shares (0–1) of its width. */
function shares(box: TextBox, from: number, to: number, pageText: string | undefined): [number, number] {
  const length = box.end - box.start;
  const text = pageText?.slice(box.start, box.end);
  if (text === undefined || text.length !== length || (from === 0 && to === length)) {
    return [from / length, to / length];
  }
  const whole = textWidth(text);
  if (!(whole > 0)) return [from / length, to / length];
  return [textWidth(text.slice(0, from)) / whole, textWidth(text.slice(0, to)) / whole];
}

function sameLine(a: Rect, b: Rect): boolean {
  const overlap = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return overlap >= SAME_LINE_OVERLAP * Math.min(a.height, b.height);
}

function adjacent(a: Rect, b: Rect): boolean {
  const gap = b.x - (a.x + a.width);
  const tolerance = JOIN_GAP * Math.max(a.height, b.height);
  // b starts at most a word space after a ends, and not before a starts (that would be another column or line)
  return gap <= tolerance && b.x + b.width >= a.x && b.x >= a.x - tolerance;
}

/** Joins each rectangle with the previous one when they are neighbours on the same line. */
export function mergeOnLines(rects: readonly Rect[]): Rect[] {
  const merged: Rect[] = [];
  for (const rect of rects) {
    const last = merged.at(-1);
    if (last && sameLine(last, rect) && adjacent(last, rect)) {
      const x = Math.min(last.x, rect.x);
      const y = Math.min(last.y, rect.y);
      const right = Math.max(last.x + last.width, rect.x + rect.width);
      const bottom = Math.max(last.y + last.height, rect.y + rect.height);
      merged[merged.length - 1] = { x, y, width: right - x, height: bottom - y };
    } else {
      merged.push({ ...rect });
    }
  }
  return merged;
}

/**
 * A block's (or table cell's) text split around the characters `start`–`end` of the page text, the
 * block beginning at `offset` in that text: `[before, marked, after]`. `marked` is empty when the range
 * does not touch the block; their concatenation is always `text`.
 */
export function splitForRange(
  text: string,
  offset: number,
  start: number,
  end: number,
): [before: string, marked: string, after: string] {
  const from = Math.min(Math.max(start - offset, 0), text.length);
  const to = Math.min(Math.max(end - offset, from), text.length);
  if (to <= from) return [text, '', ''];
  return [text.slice(0, from), text.slice(from, to), text.slice(to)];
}

/**
 * Where `quote` lies in `pageText`: at `start`–`end` when it is there (the usual case), else at its
 * first occurrence (the page text moved a little), else null.
 */
export function locateQuote(
  pageText: string,
  quote: string,
  start: number,
  end: number,
): { start: number; end: number } | null {
  if (quote === '') return null;
  if (pageText.slice(start, end) === quote) return { start, end };
  const found = pageText.indexOf(quote);
  return found < 0 ? null : { start: found, end: found + quote.length };
}

/** A quote with up to `radius` characters of its page's text on either side (whitespace collapsed). */
export interface QuoteContext {
  before: string;
  quote: string;
  after: string;
}

const collapse = (text: string) => text.replace(/\s+/g, ' ');

/**
 * The quote found in the page text (see {@link locateQuote}) with up to `radius` characters around
 * it, cut at word boundaries and marked with `…` where the page goes on. Null when the quote is not in
 * the page text (the file changed since it was indexed).
 */
export function quoteInContext(
  pageText: string,
  quote: string,
  start: number,
  end: number,
  radius = 200,
): QuoteContext | null {
  if (quote.trim() === '') return null;
  const found = locateQuote(pageText, quote, start, end);
  if (!found) return null;
  const { start: from, end: to } = found;
  let beforeStart = Math.max(0, from - radius);
  let afterEnd = Math.min(pageText.length, to + radius);
  if (beforeStart > 0) {
    // begin at the next word, so the context does not start mid-word
    const space = pageText.slice(beforeStart, from).search(/\s/);
    if (space >= 0) beforeStart += space + 1;
  }
  if (afterEnd < pageText.length) {
    // end after the last whole word
    const tail = pageText.slice(to, afterEnd);
    const space = tail.search(/\s\S*$/);
    if (space > 0) afterEnd = to + space;
  }
  const before = collapse(pageText.slice(beforeStart, from)).trimStart();
  const after = collapse(pageText.slice(to, afterEnd)).trimEnd();
  return {
    before: (beforeStart > 0 ? '…' : '') + before,
    quote: collapse(quote),
    after: after + (afterEnd < pageText.length ? '…' : ''),
  };
}
