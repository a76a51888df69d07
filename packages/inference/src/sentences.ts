import { isStopWord } from './query-terms.ts';

/** A sentence of some text: `input.slice(start, end) === text`, with no surrounding whitespace. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
  /** Set on a piece of an over-long run of text that was cut at a line break or a space, not at a sentence end. */
  cut?: true;
}

/** Pieces longer than this are split at line breaks, then at spaces, so unpunctuated text stays quotable. */
const MAX_SENTENCE_CHARS = 400;
/** A sentence that ends with its own punctuation is kept whole up to this length. */
const MAX_PUNCTUATED_CHARS = 1000;
const ENDS_WITH_PUNCTUATION = /[.!?…。！？؟]["'”’)\]]*$/;

/** Words that take a period without ending a sentence (lower case, no period). */
const ABBREVIATIONS = new Set(
  `mr mrs ms dr prof rev hon sr jr st mt cf ca al approx viz vs v jan feb mar apr jun jul aug sep sept
  oct nov dec`.split(/\s+/),
);

/** A title line has at most this many words and is at most this share of the length of the line below it. */
const MAX_TITLE_WORDS = 8;
const TITLE_LENGTH_RATIO = 0.6;

/** Abbreviations that only come before a number ("No. 5", "p. 12"), so "the answer is no. Then" still ends. */
const NUMBER_ABBREVIATIONS = new Set(
  'no nos art arts sec secs ch para paras fig figs vol vols pp p'.split(' '),
);

/** Words followed by a letter label, as in "Schedule B", so the letter is not a name's initial. */
const LABELLED_BY_LETTER = new Set(
  `schedule exhibit appendix annex attachment part article section clause item option plan type class
  unit building floor form grade level phase tier zone`.split(/\s+/),
);

const BULLET = /^[•·▪◦‣∙*\-–—]\s+/;
const LIST_ITEM = /^(?:[•·▪◦‣∙*\-–—]|\(?[0-9]{1,3}[.)]|\(?[a-z][.)]|\([ivx]{1,4}\))\s/i;
const SECTION_WORD = /^(?:(?:section|article|clause|schedule|part|chapter)\s+[0-9ivx]|§\s*[0-9])/i;
const SECTION_NUMBER = /^[0-9]{1,3}(?:\.[0-9]{1,3})*\.?\s+\p{Lu}/u;
const SENTENCE_END = /[.!?…]+["'”’)\]]*(?=\s|$)/g;

/**
 * Splits text into sentences with offsets into `text`. Blank lines, bullet and numbered list
 * lines, and heading-like lines (all capitals, or "Section 4"/"3.2 Rent" with no final
 * punctuation) always start a new sentence; single line breaks inside a paragraph do not.
 * A period does not end a sentence after a known abbreviation (Mr., No., e.g., U.S.), a single
 * initial, a list number at line start, or when the next word starts in lower case. Leading
 * bullet glyphs are left out of the sentence. Text with no final punctuation that grows past 400
 * characters (a punctuated sentence past 1000) is split at line breaks, then at spaces; such pieces
 * are marked `cut`.
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  for (const [blockStart, blockEnd] of blocks(text)) {
    for (const [start, end] of sentenceRanges(text, blockStart, blockEnd)) {
      const pieces = limitLength(text, start, end);
      for (const [s, e] of pieces) {
        const range = trimRange(text, s, e);
        if (range && /[\p{L}\p{N}]/u.test(text.slice(range[0], range[1]))) {
          const sentence: Sentence = { text: text.slice(range[0], range[1]), start: range[0], end: range[1] };
          sentences.push(pieces.length > 1 ? { ...sentence, cut: true } : sentence);
        }
      }
    }
  }
  return sentences;
}

type Range = [start: number, end: number];

function lineRanges(text: string): Range[] {
  const lines: Range[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      lines.push([start, i]);
      start = i + 1;
    }
  }
  return lines;
}

function isAllCaps(line: string): boolean {
  const letters = line.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/**
 * A heading line has no final punctuation, follows a paragraph start or a finished sentence, and is
 * either in capitals (with mixed-case text after it), starts with a section number or word, or is a
 * short title (at most 8 words and 60% of the length of the capitalised line below it).
 */
function isHeadingLine(line: string, previous: string | null, next: string | null): boolean {
  const trimmed = line.trim();
  if (trimmed.length > 80 || /[.!?:;,]["'”’)]*$/.test(trimmed)) return false;
  if (previous !== null && !/[.!?:]["'”’)]*$/.test(previous.trim())) return false;
  if (next !== null && /^\p{Ll}/u.test(next.trim())) return false;
  if (isAllCaps(trimmed)) return next === null || !isAllCaps(next.trim().split(/\s/)[0] ?? '');
  return SECTION_WORD.test(trimmed) || SECTION_NUMBER.test(trimmed) || isShortTitle(trimmed, next);
}

/** "Follow-up appointments" above "After your treatment, you will…": short beside the line it heads. */
function isShortTitle(line: string, next: string | null): boolean {
  const following = next?.trim() ?? '';
  return (
    /^[\p{Lu}\p{Nd}]/u.test(line) &&
    /^[\p{Lu}\p{Nd}"“‘'(]/u.test(following) &&
    line.split(/\s+/).length <= MAX_TITLE_WORDS &&
    line.length <= TITLE_LENGTH_RATIO * following.length
  );
}

/** Paragraphs, list items and heading lines: the spans no sentence crosses. */
function blocks(text: string): Range[] {
  const lines = lineRanges(text).map(([start, end]) => ({ start, end, text: text.slice(start, end) }));
  const result: Range[] = [];
  let current: Range | null = null;
  const flush = (): void => {
    if (current) result.push(current);
    current = null;
  };
  lines.forEach((line, i) => {
    if (line.text.trim().length === 0) {
      flush();
      return;
    }
    if (LIST_ITEM.test(line.text.trimStart())) flush();
    const previous = current ? (lines[i - 1]?.text ?? null) : null;
    const following = lines[i + 1]?.text;
    const next = following && following.trim().length > 0 ? following : null;
    if (isHeadingLine(line.text, previous, next)) {
      flush();
      result.push([line.start, line.end]);
      return;
    }
    if (current) current[1] = line.end;
    else current = [line.start, line.end];
  });
  flush();
  return result;
}

function wordBefore(text: string, blockStart: number, index: number): { word: string; start: number } {
  let start = index;
  while (start > blockStart && !/\s/.test(text[start - 1] ?? '')) start--;
  return { word: text.slice(start, index).replace(/^["'“‘([]+/, ''), start };
}

function nextVisibleChar(text: string, from: number, blockEnd: number): string | null {
  for (let i = from; i < blockEnd; i++) {
    const char = text[i] ?? '';
    if (!/\s/.test(char)) return char;
  }
  return null;
}

/** "J. Smith" is an initial; "Schedule B. If" and "Exhibit C. The" end sentences. */
function isInitial(text: string, blockStart: number, letterStart: number, after: number): boolean {
  const previous = wordBefore(text, blockStart, Math.max(blockStart, letterStart - 1)).word.toLowerCase();
  if (LABELLED_BY_LETTER.has(previous.replace(/[^\p{L}]/gu, ''))) return false;
  const next = /^\s*([\p{L}]+)/u.exec(text.slice(after, after + 40))?.[1]?.toLowerCase() ?? '';
  return !isStopWord(next);
}

function endsSentence(text: string, block: Range, dotIndex: number, after: number): boolean {
  if (text[dotIndex] !== '.') return true;
  const [blockStart, blockEnd] = block;
  const next = nextVisibleChar(text, after, blockEnd);
  if (next === null) return true;
  if (/\p{Ll}/u.test(next)) return false;
  const { word, start } = wordBefore(text, blockStart, dotIndex);
  const lower = word.toLowerCase();
  if (ABBREVIATIONS.has(lower)) return false;
  if (NUMBER_ABBREVIATIONS.has(lower) && /[0-9]/.test(next)) return false;
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) return false;
  if (/^\p{Lu}$/u.test(word) && isInitial(text, blockStart, start, after)) return false;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const atLineStart = text.slice(Math.max(lineStart, blockStart), start).trim().length === 0;
  return !(atLineStart && /^(?:[0-9]{1,3}(?:\.[0-9]{1,3})*|[a-z]|[ivx]{1,4})$/i.test(word));
}

function sentenceRanges(text: string, blockStart: number, blockEnd: number): Range[] {
  const block = text.slice(blockStart, blockEnd);
  const ranges: Range[] = [];
  let start = blockStart;
  for (const match of block.matchAll(SENTENCE_END)) {
    const after = blockStart + match.index + match[0].length;
    const dotIndex = blockStart + match.index + match[0].search(/[.!?…][^.!?…]*$/);
    if (endsSentence(text, [blockStart, blockEnd], dotIndex, after)) {
      ranges.push([start, after]);
      start = after;
    }
  }
  if (start < blockEnd) ranges.push([start, blockEnd]);
  return ranges;
}

function limitLength(text: string, start: number, end: number): Range[] {
  if (end - start <= MAX_SENTENCE_CHARS) return [[start, end]];
  const punctuated = ENDS_WITH_PUNCTUATION.test(text.slice(start, end).trimEnd());
  if (punctuated && end - start <= MAX_PUNCTUATED_CHARS) return [[start, end]];
  const byLine = lineRanges(text.slice(start, end)).map(([s, e]): Range => [start + s, start + e]);
  const pieces: Range[] = [];
  let packed: Range | null = null;
  for (const [s, e] of byLine) {
    if (packed && e - packed[0] <= MAX_SENTENCE_CHARS) {
      packed[1] = e;
      continue;
    }
    if (packed) pieces.push(packed);
    packed = null;
    if (e - s <= MAX_SENTENCE_CHARS) packed = [s, e];
    else pieces.push(...splitAtSpaces(text, s, e));
  }
  if (packed) pieces.push(packed);
  return pieces;
}

function splitAtSpaces(text: string, start: number, end: number): Range[] {
  const pieces: Range[] = [];
  let pieceStart = start;
  while (end - pieceStart > MAX_SENTENCE_CHARS) {
    const window = text.slice(pieceStart, pieceStart + MAX_SENTENCE_CHARS);
    const space = window.lastIndexOf(' ');
    const cut = space > 0 ? pieceStart + space : pieceStart + MAX_SENTENCE_CHARS;
    pieces.push([pieceStart, cut]);
    pieceStart = cut;
  }
  pieces.push([pieceStart, end]);
  return pieces;
}

function trimRange(text: string, start: number, end: number): Range | null {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] ?? '')) s++;
  while (e > s && /\s/.test(text[e - 1] ?? '')) e--;
  const bullet = BULLET.exec(text.slice(s, e));
  if (bullet) s += bullet[0].length;
  return s < e ? [s, e] : null;
}
