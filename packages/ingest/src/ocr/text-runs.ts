import { assessPageText, type PageTextAssessment, TEXT_QUALITY_THRESHOLDS } from './text-quality.ts';

/** A piece of a pdf.js page's text content (the fields read here). */
export interface TextContentItem {
  str: string;
  fontName: string;
  /** Text matrix: `[a, b, c, d, e, f]`, the run's origin at `(e, f)`. */
  transform: number[];
  width: number;
  hasEOL?: boolean;
}

/** The text one font draws on a page, in content order. */
export interface TextRun {
  font: string;
  text: string;
  /** Non-space characters. */
  characters: number;
}

/** A run judged junk, and why. */
export interface JunkRun {
  font: string;
  characters: number;
  assessment: PageTextAssessment;
}

/** The runs of a page judged junk, and their share of the page's characters. */
export interface RunsAssessment {
  /** Non-space characters of junk runs over those of the whole page (0 when the page has none). */
  junkShare: number;
  junkRuns: JunkRun[];
}

// Pieces of one font this close on one baseline (in font sizes) are parts of one word.
const JOIN_GAP = 0.15;

/**
 * Splits a page's text content into one run per font. Broken text layers are often broken per font: a
 * body font whose glyphs map to punctuation or control characters under headings in a sound font, a
 * sidebar in a font without a usable encoding. Pieces of a font follow each other with a space, a line
 * break after a line's end, and nothing between pieces of one word.
 */
export function textRunsOf(items: readonly (TextContentItem | object)[]): TextRun[] {
  const runs = new Map<string, { text: string; last: TextContentItem | null }>();
  for (const item of items) {
    if (!isTextItem(item) || item.str === '') continue;
    const run = runs.get(item.fontName) ?? { text: '', last: null };
    runs.set(item.fontName, run);
    if (run.last !== null) run.text += joiner(run.last, item);
    run.text += item.str;
    run.last = item;
  }
  return [...runs].map(([font, run]) => ({
    font,
    text: run.text,
    characters: run.text.replace(/\s/g, '').length,
  }));
}

/**
 * Judges each font's run of a page's text on its own (see `assessPageText`'s `run` scope) and returns
 * those judged junk with their share of the page's characters. The page is garbled when that share is
 * at least `TEXT_QUALITY_THRESHOLDS.garbledRunShare`.
 */
export function assessTextRuns(
  items: readonly (TextContentItem | object)[],
  isKnownWord: (word: string) => boolean,
): RunsAssessment {
  const runs = textRunsOf(items);
  const total = runs.reduce((sum, run) => sum + run.characters, 0);
  const junkRuns: JunkRun[] = [];
  for (const run of runs) {
    if (run.characters < TEXT_QUALITY_THRESHOLDS.runMinCharacters) continue;
    const assessment = assessPageText(run.text, { isKnownWord, scope: 'run' });
    if (assessment.verdict === 'garbled')
      junkRuns.push({ font: run.font, characters: run.characters, assessment });
  }
  const junk = junkRuns.reduce((sum, run) => sum + run.characters, 0);
  return { junkShare: total === 0 ? 0 : junk / total, junkRuns };
}

function isTextItem(item: TextContentItem | object): item is TextContentItem {
  return 'str' in item && 'fontName' in item && 'transform' in item;
}

function joiner(previous: TextContentItem, next: TextContentItem): string {
  if (previous.hasEOL) return '\n';
  if (/\s$/.test(previous.str) || /^\s/.test(next.str)) return '';
  const [a = 0, b = 0, c = 0, d = 0, x0 = 0, y0 = 0] = previous.transform;
  const [, , , , x1 = 0, y1 = 0] = next.transform;
  const size = Math.hypot(c, d) || Math.hypot(a, b) || 1;
  const along = Math.hypot(a, b) || 1;
  // Where the previous piece ends along its baseline, and how far the next one starts from there.
  const endX = x0 + (a / along) * previous.width;
  const endY = y0 + (b / along) * previous.width;
  const gap = Math.hypot(x1 - endX, y1 - endY);
  return gap <= JOIN_GAP * size ? '' : ' ';
}
