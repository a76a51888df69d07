/**
 * How well a page's text reads, as a figure a reader can be told: the share of its words that read as
 * real words. Pure: no pdf.js, no I/O.
 */
import { isSymbolWord } from './junk-tokens.ts';
import {
  isWordShaped,
  normalizeForStatistics,
  TEXT_QUALITY_THRESHOLDS,
  textStatistics,
  unpronounceable,
} from './text-quality.ts';

/**
 * Fewer words than this and a page is not assessed: a title or a caption of a few words gives a share
 * too coarse to warn on (one odd word in four is 75%).
 */
export const PAGE_QUALITY_MIN_WORDS = 6;

/**
 * A page whose checked words are at least this share known English words is read as English: English
 * pages of both corpora score ≥ 0.76, pages in French, German, Spanish and other languages 0.1–0.54.
 */
export const ENGLISH_KNOWN_WORD_SHARE = 0.6;

/**
 * What a text's words read as: `english` (see {@link ENGLISH_KNOWN_WORD_SHARE}), `other` (another
 * language: few known English words, nearly all pronounceable) or `none` (few known words and many
 * unpronounceable ones: text decoded through a wrong letter map). Text in another script is `other`.
 */
export type TextLanguage = 'english' | 'other' | 'none';

/** The words of a text and how many of them read as real words. */
export interface ReadableWords {
  /** Tokens that are words or junk standing where words should be; numbers, codes, web addresses and marks are not counted. */
  words: number;
  /** Words that read as real words. */
  readable: number;
  language: TextLanguage;
}

const BAD_CHAR = /[\p{Cc}\p{Co}\p{Cn}\p{Cs}\uFFFD]/u;
const LETTER = /\p{L}/u;
const SINGLE_LATIN_LETTER = /^\p{Script=Latin}$/u;
const EDGE_MARKS = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;
const CONTRACTION = /(?:'s|'d|'ll|'re|'ve|'m|n't)$/i;
/**
 * Marks that join or abbreviate words, or join names and values in code and formulas: `well-known`,
 * `and/or`, `U.S`, `O'Brien`, `word(s)`, `a,b`, `TAX_ID`, `r0=25`, `x+y`, `<fn,x>`, `%28detail%29`.
 */
const WORD_JOINERS = /[-/.'’,:;()[\]{}_=+<>%\u2010-\u2014]+/u;
const LETTERS = /^[\p{L}\p{M}]+$/u;
const LATIN = /^[\p{Script=Latin}\p{M}]+$/u;
/** Letters and digits only: a code, a reference or a unit (`p21`, `H2O`, `5mm`, `mjgl0226`). */
const CODE = /^[\p{L}\p{M}\p{N}]+$/u;
/** Letters with a mark that belongs to them: `R&D`, `AT&T`, `C++`, `C#`. */
const MARKED_NAME = /^(?:\p{Lu}+&\p{Lu}+|\p{L}+(?:\+\+|#))$/u;
/** A web or mail address: `https://…`, `www.…`, `name@host.org`, `healthdirect.gov.au`. */
const ADDRESS = /:\/\/|^www\.|^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$|^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/u;
const DIACRITICS = /\p{M}/gu;
const MIN_SPACED_RUN = 3;

type Reading = 'readable' | 'junk' | 'neutral';

/**
 * One piece of a token between joining marks, without the marks at its ends (`*ALLOWED`). A Latin word
 * of ≥ 3 letters reads as a word when it is known, or else pronounceable and either capitalised (a name)
 * or in a text of another language: in English an unknown lowercase word is a misreading (`lebter`,
 * `nembership`), and so it is in a text that reads as no language. Shorter words and words of other scripts always read as words;
 * letters mixed with stray symbols (`Calif&rr`, `H^uid`) are junk; numbers and codes count neither way.
 */
function readPart(piece: string, isKnownWord: (word: string) => boolean, language: TextLanguage): Reading {
  const part = piece.replace(EDGE_MARKS, '');
  if (!LETTER.test(part)) return 'neutral';
  if (LETTERS.test(part)) {
    if (!LATIN.test(part) || part.length < 3) return 'readable';
    const lower = part.toLowerCase();
    if (isKnownWord(lower) || isKnownWord(lower.normalize('NFD').replace(DIACRITICS, ''))) return 'readable';
    if (language !== 'other' && part === lower) return 'junk';
    return isWordShaped(part) && unpronounceable(lower) ? 'junk' : 'readable';
  }
  if (CODE.test(part)) return 'neutral';
  return MARKED_NAME.test(part) ? 'readable' : 'junk';
}

function readToken(token: string, isKnownWord: (word: string) => boolean, language: TextLanguage): Reading {
  if (BAD_CHAR.test(token) || isSymbolWord(token)) return 'junk';
  const core = token.replace(EDGE_MARKS, '').replace(CONTRACTION, '');
  if (ADDRESS.test(core)) return 'neutral';
  let reading: Reading = 'neutral';
  for (const part of core.split(WORD_JOINERS)) {
    const read = readPart(part, isKnownWord, language);
    if (read === 'junk') return 'junk';
    if (read === 'readable') reading = 'readable';
  }
  return reading;
}

/**
 * Counts the words of a text and those that read as real words. Junk: symbol words (`!"#`), tokens with
 * control, private-use or unassigned characters, single letters standing in runs of three or more (a
 * word broken into letters, `A l e t t e r`), letters mixed with stray symbols (`Calif&rr-.la.`),
 * unpronounceable unknown words (`Tkqzrvw`) and, unless the text is in another language, unknown
 * lowercase words (`froas`). Names, and every pronounceable word of a text in another language, read as
 * words; so do words of other scripts than Latin.
 */
export function readableWords(text: string, isKnownWord: (word: string) => boolean): ReadableWords {
  const language = languageOf(textStatistics(text, isKnownWord));
  const tokens = normalizeForStatistics(text).split(/\s+/).filter(Boolean);
  const spaced = new Set<number>();
  let runStart = 0;
  for (let i = 0; i <= tokens.length; i++) {
    if (i < tokens.length && SINGLE_LATIN_LETTER.test(tokens[i] ?? '')) continue;
    if (i - runStart >= MIN_SPACED_RUN) for (let j = runStart; j < i; j++) spaced.add(j);
    runStart = i + 1;
  }
  let words = 0;
  let readable = 0;
  tokens.forEach((token, index) => {
    const reading = spaced.has(index) ? 'junk' : readToken(token, isKnownWord, language);
    if (reading === 'neutral') return;
    words++;
    if (reading === 'readable') readable++;
  });
  return { words, readable, language };
}

function languageOf(stats: ReturnType<typeof textStatistics>): TextLanguage {
  const t = TEXT_QUALITY_THRESHOLDS;
  if (stats.nonLatinLetterShare >= t.maxNonLatinLetterShareForWords || stats.checkedWords < t.minCheckedWords)
    return 'other';
  if (stats.knownWordShare >= ENGLISH_KNOWN_WORD_SHARE) return 'english';
  return stats.implausibleShare >= t.garbledImplausibleShare ? 'none' : 'other';
}

/**
 * The quality of a page's text: the share (0–1) of its words that read as real words (see
 * {@link readableWords}), or undefined for a page of fewer than {@link PAGE_QUALITY_MIN_WORDS} words
 * (not assessed). Sound text layers of the shared corpora score ≥ 0.78, in any language; the junk OCR
 * layer of a scanned memo 0.38 (see docs/ocr.md).
 */
export function pageQuality(text: string, isKnownWord: (word: string) => boolean): number | undefined {
  const { words, readable } = readableWords(text, isKnownWord);
  return words < PAGE_QUALITY_MIN_WORDS ? undefined : readable / words;
}
