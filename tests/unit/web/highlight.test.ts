import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  locateQuote,
  mergeOnLines,
  quoteInContext,
  rectsForRange,
  splitForRange,
  type TextBox,
  textWidth,
} from '../../../apps/web/src/lib/highlight.ts';

// Two lines of text: "Hello world" (two boxes) and "second line" (one box), 10 points per character.
const TEXT = 'Hello world\nsecond line';
const BOXES: TextBox[] = [
  { start: 0, end: 5, x: 100, y: 50, width: 50, height: 12 },
  { start: 6, end: 11, x: 155, y: 50, width: 50, height: 12 },
  { start: 12, end: 23, x: 100, y: 70, width: 110, height: 12 },
];

/** How far pdf-lib's kerned widths may lie from the unkerned estimate, in points at 10 pt. */
const KERNING = 0.25;

describe('rectsForRange', () => {
  // A line drawn in Helvetica 10 pt, as pdf.js gives it: one text item, one box for all its characters.
  // pdf-lib's own Helvetica metrics say where each glyph really ends (with its kerning: within a quarter
  // of a point).
  it('covers the whole quote when it ends inside a box of wide letters (it stopped 1–2 characters short)', async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const line = 'Minimum monthly payment MWM 1,200 will be due on the first day of it.';
    const size = 10;
    const box: TextBox = {
      start: 0,
      end: line.length,
      x: 72,
      y: 100,
      width: font.widthOfTextAtSize(line, size),
      height: 12,
    };
    const quote = 'Minimum monthly payment MWM';
    const glyphsEnd = box.x + font.widthOfTextAtSize(quote, size);
    const lastGlyph = font.widthOfTextAtSize('M', size);

    // By character count (the old cut), the rectangle ended well inside the quote's last letters.
    const [byCount] = rectsForRange([box], 0, quote.length);
    expect(glyphsEnd - ((byCount?.x ?? 0) + (byCount?.width ?? 0))).toBeGreaterThan(lastGlyph);

    // By the characters' widths, it reaches the end of the quote's last glyph and no further than the
    // space after it.
    const [rect] = rectsForRange([box], 0, quote.length, line);
    const right = (rect?.x ?? 0) + (rect?.width ?? 0);
    expect(right).toBeGreaterThanOrEqual(glyphsEnd - KERNING);
    expect(right).toBeLessThanOrEqual(glyphsEnd + font.widthOfTextAtSize(' ', size) + KERNING);

    // A quote in the middle of the box: from its first glyph to its last.
    const middle = 'payment MWM 1,200';
    const from = line.indexOf(middle);
    const [inner] = rectsForRange([box], from, from + middle.length, line);
    const glyphsStart = box.x + font.widthOfTextAtSize(line.slice(0, from), size);
    expect(Math.abs((inner?.x ?? 0) - glyphsStart)).toBeLessThan(KERNING);
    expect(Math.abs((inner?.width ?? 0) - font.widthOfTextAtSize(middle, size))).toBeLessThan(KERNING);
  });

  it('estimates widths with Helvetica’s metrics, unknown characters as an average letter', () => {
    expect(textWidth('il')).toBe(444);
    expect(textWidth('mW')).toBe(833 + 944);
    expect(textWidth('é')).toBe(556);
  });

  it('covers a whole box', () => {
    expect(rectsForRange(BOXES, 0, 5)).toEqual([{ x: 100, y: 50, width: 50, height: 12 }]);
  });

  it('gives the proportional part of a box partly in the range', () => {
    // "llo" of "Hello": characters 2–5 of a 5-character box 50 points wide
    expect(rectsForRange(BOXES, 2, 5)).toEqual([{ x: 120, y: 50, width: 30, height: 12 }]);
    // "sec" of "second line"
    const [rect] = rectsForRange(BOXES, 12, 15);
    expect(rect?.x).toBeCloseTo(100);
    expect(rect?.width).toBeCloseTo(30);
  });

  it('merges neighbouring boxes on the same line across the space between words', () => {
    expect(rectsForRange(BOXES, 3, 8)).toEqual([{ x: 130, y: 50, width: 45, height: 12 }]);
  });

  it('keeps one rectangle per line for a range across lines', () => {
    const rects = rectsForRange(BOXES, TEXT.indexOf('world'), TEXT.indexOf(' line'));
    expect(rects).toHaveLength(2);
    expect(rects[0]).toEqual({ x: 155, y: 50, width: 50, height: 12 });
    expect(rects[1]?.y).toBe(70);
    expect(rects[1]?.width).toBeCloseTo(60);
  });

  it('returns nothing for an empty range or one outside every box', () => {
    expect(rectsForRange(BOXES, 4, 4)).toEqual([]);
    expect(rectsForRange(BOXES, 9, 2)).toEqual([]);
    expect(rectsForRange(BOXES, 100, 120)).toEqual([]);
    expect(rectsForRange([], 0, 5)).toEqual([]);
  });

  it('ignores empty boxes', () => {
    expect(rectsForRange([{ start: 3, end: 3, x: 0, y: 0, width: 10, height: 10 }], 0, 5)).toEqual([]);
  });

  it('does not merge boxes of separate columns on the same line', () => {
    const columns: TextBox[] = [
      { start: 0, end: 4, x: 50, y: 100, width: 40, height: 10 },
      { start: 5, end: 9, x: 320, y: 100, width: 40, height: 10 },
    ];
    expect(rectsForRange(columns, 0, 9)).toHaveLength(2);
  });
});

describe('mergeOnLines', () => {
  it('joins overlapping rectangles of slightly different heights into their bounding box', () => {
    expect(
      mergeOnLines([
        { x: 0, y: 10, width: 20, height: 10 },
        { x: 22, y: 9, width: 20, height: 12 },
      ]),
    ).toEqual([{ x: 0, y: 9, width: 42, height: 12 }]);
  });

  it('keeps rectangles of different lines apart', () => {
    const rects = [
      { x: 0, y: 10, width: 20, height: 10 },
      { x: 0, y: 30, width: 20, height: 10 },
    ];
    expect(mergeOnLines(rects)).toEqual(rects);
  });
});

describe('splitForRange', () => {
  it('splits a block around the part of the range inside it', () => {
    // a block "The rent is due monthly." starting at offset 100 of the page text
    expect(splitForRange('The rent is due monthly.', 100, 104, 108)).toEqual([
      'The ',
      'rent',
      ' is due monthly.',
    ]);
  });

  it('marks only the part of a block that a longer range covers', () => {
    expect(splitForRange('second block', 20, 10, 26)).toEqual(['', 'second', ' block']);
    expect(splitForRange('first block', 0, 6, 30)).toEqual(['first ', 'block', '']);
    expect(splitForRange('middle', 10, 0, 100)).toEqual(['', 'middle', '']);
  });

  it('marks nothing when the range does not touch the block', () => {
    expect(splitForRange('elsewhere', 50, 0, 50)).toEqual(['elsewhere', '', '']);
    expect(splitForRange('elsewhere', 50, 59, 80)).toEqual(['elsewhere', '', '']);
    expect(splitForRange('elsewhere', 50, 55, 55)).toEqual(['elsewhere', '', '']);
  });

  it('always gives back the whole text', () => {
    for (const [start, end] of [
      [0, 3],
      [5, 9],
      [8, 40],
      [-4, 2],
    ] as const) {
      expect(splitForRange('a cell of a table', 5, start, end).join('')).toBe('a cell of a table');
    }
  });
});

describe('locateQuote', () => {
  it('keeps the given offsets when the quote is there', () => {
    expect(locateQuote('one two three', 'two', 4, 7)).toEqual({ start: 4, end: 7 });
  });

  it('finds the quote again when the text moved', () => {
    expect(locateQuote('zero one two three', 'two', 4, 7)).toEqual({ start: 9, end: 12 });
  });

  it('gives null when the quote is not in the text', () => {
    expect(locateQuote('one two three', 'four', 0, 4)).toBeNull();
    expect(locateQuote('one', '', 0, 0)).toBeNull();
  });
});

describe('quoteInContext', () => {
  it('shows the whole page around a quote on a short page', () => {
    const page = 'The tenant pays rent monthly.\nThe deposit is two months of rent.';
    const start = page.indexOf('The deposit');
    expect(quoteInContext(page, 'The deposit is two months', start, start + 25)).toEqual({
      before: 'The tenant pays rent monthly. ',
      quote: 'The deposit is two months',
      after: ' of rent.',
    });
  });

  it('cuts long context at word boundaries and marks the cuts', () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    const start = words.indexOf('word100');
    const context = quoteInContext(words, 'word100 word101', start, start + 15, 40);
    expect(context?.quote).toBe('word100 word101');
    expect(context?.before.startsWith('…word')).toBe(true);
    expect(context?.before.endsWith('word99 ')).toBe(true);
    expect(context?.before.length).toBeLessThanOrEqual(41);
    expect(context?.after.startsWith(' word102')).toBe(true);
    expect(context?.after.endsWith('…')).toBe(true);
    expect(context?.after).toMatch(/ word\d+…$/);
  });

  it('collapses whitespace and finds a quote whose offsets are off', () => {
    const page = 'Intro.\n\nThe  quote\nhere. End.';
    expect(quoteInContext(page, 'The  quote\nhere.', 0, 3)).toEqual({
      before: 'Intro. ',
      quote: 'The quote here.',
      after: ' End.',
    });
  });

  it('gives null when the quote is not on the page', () => {
    expect(quoteInContext('something else', 'missing words', 0, 13)).toBeNull();
  });
});
