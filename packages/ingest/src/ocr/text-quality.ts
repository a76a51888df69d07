/**
 * Is a page's extracted text layer worth keeping, or should the page be read by OCR?
 *
 * Pure functions: no pdf.js, no I/O. The caller supplies the page text, a word list and optionally the
 * page's text and image areas (see `measurePageCoverage` in render.ts).
 */
import { countJunkTokens } from './junk-tokens.ts';

/** What to do with a page's text layer. Anything but `good` means: read the page by OCR. */
export type PageTextVerdict = 'good' | 'empty' | 'garbled' | 'sparse-over-image';

export interface PageTextOptions {
  /** True for a known word; called with lowercase Latin words of ≥ 3 letters (see english-words.ts). */
  isKnownWord: (word: string) => boolean;
  /**
   * `page` (the default) judges a whole page's text; `run` judges one run of it (the text of one font),
   * which needs more evidence: at least {@link TEXT_QUALITY_THRESHOLDS}`.runMinCharacters` characters and,
   * for a verdict by words, `runMinCheckedWords` words (a run of command names such as `CHGQRYA STRDBMON`
   * is no junk). A run is never `empty` (only `good` or `garbled`) and has no coverage figures.
   */
  scope?: 'page' | 'run';
  /** Area covered by the text layer's glyph boxes (any unit, the same as `pageArea`). */
  textArea?: number;
  /** Area of the page. */
  pageArea?: number;
  /** Area covered by painted images (scans, photos). */
  imageArea?: number;
  /**
   * Area of dark ink away from the text layer's boxes (see `measurePageCoverage`). When given, a page
   * is `sparse-over-image` only if its images hold ink the text layer does not explain.
   */
  inkArea?: number;
}

/** The verdict and the figures it was drawn from. Shares are in [0, 1]. */
export interface PageTextAssessment {
  verdict: PageTextVerdict;
  /** One line saying why, for logs and debugging. */
  reason: string;
  /**
   * Known words among the checked words; 1 when none was checked. Checked are Latin words of letters only
   * and ≥ 3 letters, and symbol words (glyph codes read as punctuation, see junk-tokens.ts), which count
   * as unknown and unpronounceable: a body of `! " # ! "$` under sound headings weighs against the page.
   */
  knownWordShare: number;
  /** Words checked against the word list (symbol words included). */
  checkedWords: number;
  /** Whitespace-separated tokens. */
  tokens: number;
  /** Symbol words (`!"#`, `%&%'`, `57:$%,*3`) among the tokens. */
  symbolWordShare: number;
  /** Single Latin letters standing in runs of ≥ 3 (`A l e t t e r`) among the tokens. */
  spacedLetterShare: number;
  /** Non-space characters of the text. */
  characters: number;
  /** Letters and digits among the non-space characters. */
  alphanumericShare: number;
  /** Punctuation and symbols among the non-space characters. */
  symbolShare: number;
  /** Control, private-use, unassigned and replacement characters among the non-space characters. */
  badCharShare: number;
  /** Letters among the non-space characters. */
  letterShare: number;
  /** Letters of another script than Latin among all letters. */
  nonLatinLetterShare: number;
  /** Whether the text has a symbol numbers never use: `* & # @ ! " < > = ^ ~ | \ ; ? [ ] { } _` or a backquote. */
  hasOddSymbol: boolean;
  /** Checked words whose case is irregular (an uppercase letter after a lowercase one, as in `tHe`). */
  oddCaseShare: number;
  /**
   * Checked words that are unknown, shaped like words rather than abbreviations (≥ 4 letters, not mixed
   * case like `mmHg`, not all capitals unless ≥ 5 letters), and unpronounceable in any European language: no vowel, or four consonants
   * in a row (`sch`, `ch`, `th`… counting as one). Text in other languages and medical abbreviations score
   * ≤ 0.07; English decoded through a random letter map ≥ 0.1 in 98% of cases.
   */
  implausibleShare: number;
  /** `textArea / pageArea`, when both are given. */
  textCoverage?: number;
  /** `imageArea / pageArea`, when both are given. */
  imageCoverage?: number;
  /** `inkArea / pageArea`, when both are given. */
  inkCoverage?: number;
}

/**
 * Thresholds of {@link assessPageText}, chosen from measurements. The pdf.js corpus (270 pages, 161 with
 * text): every English page with ≥ 20 checked words has a known-word share ≥ 0.76; French pages score
 * 0.44–0.54; no good page is called garbled, and the 3 pages called garbled really are (they render
 * `RTWABIGP`, `ISSUE 9915`… but extract as `57:$%,*3`, `*446&`, U+FFFF). Sample pages: a medical note
 * scores 0.70, a drug list 0.21 and a lab table 0.50, French, German, Spanish, Dutch, Polish, Finnish and
 * Lorem ipsum 0.1–0.5, all pronounceable (implausible share ≤ 0.07). Junk made from three English
 * pages: 2,991 of 3,000 random letter permutations, 74 of 75 Caesar shifts and all ASCII code shifts
 * (`7KH WHQDQW` for "The tenant") are called garbled.
 */
export const TEXT_QUALITY_THRESHOLDS = {
  /** Fewer letters and digits than this: the page has no text layer to speak of. */
  minAlphanumeric: 3,
  /** At least this many checked words before the word statistics are trusted. */
  minCheckedWords: 6,
  /** Text with a known-word share below this… */
  garbledKnownWordShare: 0.4,
  /** …and at least this share of unpronounceable unknown words is junk (other languages stay good). */
  garbledImplausibleShare: 0.1,
  /** With 3–5 checked words, none known and at least this share unpronounceable is junk. */
  fewWords: 3,
  fewWordsImplausibleShare: 0.34,
  /** This share of control, private-use or unassigned characters makes the text junk. */
  garbledBadCharShare: 0.1,
  /** Text that is mostly punctuation and symbols (glyph codes read as ASCII) is junk… */
  garbledSymbolShare: 0.5,
  /** …when its known-word share is also below this. */
  symbolSoupKnownWordShare: 0.5,
  /**
   * Text without a word, with fewer letters than this share, this share of symbols and a symbol that
   * numbers never use (`*&#@!<>=…`) is junk: pdf.js corpus pages that show `RTWABIGP` and `ISSUE 9915`
   * extract as `57:$%,*3` and `*446&`, while a page of figures (`$1,200.00 (12%)`) stays good.
   */
  wordlessMaxLetterShare: 0.3,
  wordlessMinSymbolShare: 0.3,
  /**
   * Words broken into single letters (`A l e t t e r`, a scanner's OCR layer): this share of the tokens,
   * and at least `minSpacedLetters` of them, is junk. On the shared corpora the highest share of a good
   * page is 0.14 (a paper's formulas, `f : x`); the junk OCR layer of a scanned memo has 0.47.
   */
  garbledSpacedLetterShare: 0.3,
  minSpacedLetters: 20,
  /** Pages whose letters are mostly of another script are not judged by the English word list. */
  maxNonLatinLetterShareForWords: 0.5,
  /** A run of text (one font of a page) is judged only with at least this many non-space characters… */
  runMinCharacters: 40,
  /** …and by its words only with at least this many checked words. */
  runMinCheckedWords: 20,
  /** Runs judged junk holding at least this share of a page's characters make the page garbled. */
  garbledRunShare: 0.1,
  /** A page at least this much covered by images… */
  sparseMinImageCoverage: 0.5,
  /** …with text boxes covering less than this… */
  sparseMaxTextCoverage: 0.1,
  /** …and (when measured) at least this share of the page inked away from the text is a scan with a stamp. */
  sparseMinInkCoverage: 0.01,
} as const;

const BAD_CHAR = /[\p{Cc}\p{Co}\p{Cn}\p{Cs}\uFFFD]/u;
const LETTER = /\p{L}/u;
const LATIN = /\p{Script=Latin}/u;
const ALPHANUMERIC = /[\p{L}\p{N}]/u;
const SYMBOL = /[\p{P}\p{S}]/u;
const EDGE_PUNCTUATION = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;
const LETTERS_ONLY = /^\p{L}+$/u;
const LATIN_ONLY = /^\p{Script=Latin}+$/u;
const ODD_CASE = /\p{Ll}\p{Lu}/u;
const ODD_SYMBOL = /[*&#@!"<>=^~|\\;?[\]{}_`]/;
const CONTRACTION = /(?:'s|'d|'ll|'re|'ve|'m|n't|')$/;
const DIACRITICS = /\p{M}/gu;
const VOWELS = /[aeiouyàáâãäåæèéêëìíîïòóôõöøœùúûüýÿąęįųėő]+/u;
const DIGRAPHS = /sch|ch|ck|ph|sh|th|gh|ng|qu/g;
const LEADER = /([\p{P}\p{S}])\1{2,}/gu;

/**
 * True for a word long enough to judge by its letters and not shaped like an abbreviation: ≥ 4 letters,
 * not mixed case (`mmHg`, `eGFR`), and not all capitals unless ≥ 5 letters (`HTML`, `BUN`, `ALT`).
 */
export function isWordShaped(word: string): boolean {
  if (word.length < 4 || ODD_CASE.test(word)) return false;
  return word !== word.toUpperCase() || word.length >= 5;
}

/** True for a word with no vowel or with four consonants in a row (digraphs such as `sch` count as one). */
export function unpronounceable(lowerWord: string): boolean {
  const runs = lowerWord.replace(DIGRAPHS, 'c').split(VOWELS);
  return runs.length === 1 || runs.some((run) => [...run].length >= 4);
}

/**
 * A text as its statistics see it: NFKC, typographic apostrophes as `'`, and leaders and rules
 * (`.........48`, `-----`, `=====`) as spaces, since they are layout, not text.
 */
export function normalizeForStatistics(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(LEADER, ' ');
}

/** Character-class counts and word statistics of a text (the part of the assessment that needs no verdict). */
export function textStatistics(
  text: string,
  isKnownWord: (word: string) => boolean,
): Omit<PageTextAssessment, 'verdict' | 'reason' | 'textCoverage' | 'imageCoverage' | 'inkCoverage'> {
  const normalized = normalizeForStatistics(text);
  let characters = 0;
  let alphanumeric = 0;
  let symbols = 0;
  let bad = 0;
  let letters = 0;
  let nonLatin = 0;
  for (const char of normalized) {
    if (/\s/.test(char)) continue;
    characters++;
    if (BAD_CHAR.test(char)) bad++;
    else if (ALPHANUMERIC.test(char)) {
      alphanumeric++;
      if (LETTER.test(char)) {
        letters++;
        if (!LATIN.test(char)) nonLatin++;
      }
    } else if (SYMBOL.test(char)) symbols++;
  }
  const junk = countJunkTokens(normalized);
  let checkedWords = junk.symbolWords;
  let knownWords = 0;
  let oddCase = 0;
  let implausible = junk.symbolWords;
  for (const token of normalized.split(/\s+/)) {
    for (const part of token.replace(EDGE_PUNCTUATION, '').split(/[-/\u2010-\u2014]/)) {
      const word = part.replace(CONTRACTION, '');
      if (word.length < 3 || !LETTERS_ONLY.test(word) || !LATIN_ONLY.test(word)) continue;
      checkedWords++;
      if (ODD_CASE.test(word)) oddCase++;
      const lower = word.toLowerCase();
      if (isKnownWord(lower) || isKnownWord(lower.normalize('NFD').replace(DIACRITICS, ''))) knownWords++;
      else if (isWordShaped(word) && unpronounceable(lower)) implausible++;
    }
  }
  const share = (count: number, total: number): number => (total === 0 ? 0 : count / total);
  return {
    knownWordShare: checkedWords === 0 ? 1 : knownWords / checkedWords,
    checkedWords,
    tokens: junk.tokens,
    symbolWordShare: share(junk.symbolWords, junk.tokens),
    spacedLetterShare: share(junk.spacedLetters, junk.tokens),
    characters,
    alphanumericShare: share(alphanumeric, characters),
    symbolShare: share(symbols, characters),
    badCharShare: share(bad, characters),
    letterShare: share(letters, characters),
    nonLatinLetterShare: share(nonLatin, letters),
    hasOddSymbol: ODD_SYMBOL.test(normalized),
    oddCaseShare: share(oddCase, checkedWords),
    implausibleShare: share(implausible, checkedWords),
  };
}

/**
 * Judges one page's extracted text: `good` (keep it), `empty` (no text layer), `garbled` (a text layer
 * of junk, e.g. a font whose ToUnicode map is wrong) or `sparse-over-image` (a scanned page with a
 * little real text on top, such as a stamped header). Text in another script than Latin is judged by
 * its characters only, never by the English word list.
 */
export function assessPageText(text: string, options: PageTextOptions): PageTextAssessment {
  const t = TEXT_QUALITY_THRESHOLDS;
  const stats = textStatistics(text, options.isKnownWord);
  const coverage: Pick<PageTextAssessment, 'textCoverage' | 'imageCoverage' | 'inkCoverage'> = {};
  const { pageArea } = options;
  if (pageArea !== undefined && pageArea > 0) {
    if (options.textArea !== undefined) coverage.textCoverage = Math.min(1, options.textArea / pageArea);
    if (options.imageArea !== undefined) coverage.imageCoverage = Math.min(1, options.imageArea / pageArea);
    if (options.inkArea !== undefined) coverage.inkCoverage = Math.min(1, options.inkArea / pageArea);
  }
  const result = (verdict: PageTextVerdict, reason: string): PageTextAssessment => ({
    verdict,
    reason,
    ...stats,
    ...coverage,
  });
  const percent = (share: number): string => `${Math.round(share * 100)}%`;

  const run = options.scope === 'run';
  const alphanumeric = Math.round(stats.alphanumericShare * stats.characters);
  if (run && stats.characters < t.runMinCharacters)
    return result('good', `a run of ${stats.characters} characters`);
  if (stats.characters >= t.minAlphanumeric && stats.badCharShare >= t.garbledBadCharShare) {
    return result('garbled', `${percent(stats.badCharShare)} control, private-use or unassigned characters`);
  }
  if (alphanumeric < t.minAlphanumeric) {
    return run
      ? result('good', `${alphanumeric} letters or digits`)
      : result('empty', `${alphanumeric} letters or digits`);
  }
  const judgedByWords = stats.nonLatinLetterShare < t.maxNonLatinLetterShareForWords;
  if (judgedByWords) {
    const words = `${percent(stats.knownWordShare)} of ${stats.checkedWords} words known, ${percent(stats.implausibleShare)} unpronounceable`;
    const minCheckedWords = run ? t.runMinCheckedWords : t.minCheckedWords;
    if (
      stats.checkedWords >= minCheckedWords &&
      stats.knownWordShare < t.garbledKnownWordShare &&
      stats.implausibleShare >= t.garbledImplausibleShare
    ) {
      return result('garbled', words);
    }
    if (
      !run &&
      stats.checkedWords >= t.fewWords &&
      stats.checkedWords < t.minCheckedWords &&
      stats.knownWordShare === 0 &&
      stats.implausibleShare >= t.fewWordsImplausibleShare
    ) {
      return result('garbled', words);
    }
    if (
      stats.checkedWords > 0 &&
      stats.symbolShare >= t.garbledSymbolShare &&
      stats.knownWordShare < t.symbolSoupKnownWordShare
    ) {
      return result('garbled', `${percent(stats.symbolShare)} punctuation and symbols, ${words}`);
    }
    if (
      stats.checkedWords === 0 &&
      stats.hasOddSymbol &&
      stats.letterShare < t.wordlessMaxLetterShare &&
      stats.symbolShare >= t.wordlessMinSymbolShare
    ) {
      return result('garbled', `no word, ${percent(stats.symbolShare)} symbols`);
    }
    // Not within one run: a font of formulas sets variables as single letters (`f : x`).
    const spaced = Math.round(stats.spacedLetterShare * stats.tokens);
    if (!run && stats.spacedLetterShare >= t.garbledSpacedLetterShare && spaced >= t.minSpacedLetters) {
      return result('garbled', `${percent(stats.spacedLetterShare)} of the words broken into single letters`);
    }
  }
  if (run) return result('good', `${percent(stats.knownWordShare)} of ${stats.checkedWords} words are known`);
  const { textCoverage, imageCoverage, inkCoverage } = coverage;
  if (
    imageCoverage !== undefined &&
    textCoverage !== undefined &&
    imageCoverage >= t.sparseMinImageCoverage &&
    textCoverage < t.sparseMaxTextCoverage &&
    (inkCoverage === undefined || inkCoverage >= t.sparseMinInkCoverage)
  ) {
    const ink = inkCoverage === undefined ? '' : `, ink away from the text ${percent(inkCoverage)}`;
    return result(
      'sparse-over-image',
      `images cover ${percent(imageCoverage)} of the page, text ${percent(textCoverage)}${ink}`,
    );
  }
  return result('good', `${percent(stats.knownWordShare)} of ${stats.checkedWords} words are known`);
}
