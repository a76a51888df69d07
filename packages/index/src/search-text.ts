// What the full-text index sees of a text beyond its words. LanceDB's tokenizer splits on spaces and
// punctuation and stems English, which is right for languages that put spaces between words. It is not
// for the scripts that do not (Chinese, Japanese, Thai…) or that attach particles to a word (Korean
// "빅포인트는" / "빅포인트의" / "빅포인트를" are one word), nor for Arabic, which joins the article and
// some prepositions to the word ("المكتبة", "بالمكتبة" for "مكتبة"). For those, the indexed text and
// every query carry extra terms: overlapping character pairs of an unspaced run, and the light stem of
// an Arabic word. Both sides get the same terms, so a query matches the forms a reader would.

/**
 * The version of these rules. An index whose searchable text was written under an older version has it
 * rewritten when opened (see `LanceVectorStore.open`). 1: words only; 2: character pairs and Arabic stems.
 */
export const SEARCH_TEXT_VERSION = 2;

/** Runs of letters of the scripts written without spaces between words, or with particles joined to them. */
const UNSPACED_RUN =
  /[\p{scx=Hangul}\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}\p{scx=Tibetan}]+/gu;
/** What splits such a run into letter runs: the punctuation those scripts share (、。「」…). */
const NOT_LETTER = /[^\p{L}\p{M}]+/u;

/** An Arabic-script word, with its diacritics and tatweel (removed before stemming). */
const ARABIC_WORD = /[\p{Script=Arabic}\p{Mn}]+/gu;
const ARABIC_MARKS = /[\p{Mn}\u0640]/gu;

/** Light10 (Larkey, Ballesteros & Connell, 2002): the prefixes and suffixes a light Arabic stemmer strips. */
const ARABIC_PREFIXES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
const ARABIC_SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ية', 'ه', 'ة', 'ي'];

/** Alef forms, alef maqsura and ta marbuta written one way, as Arabic search engines do. */
function normaliseArabic(word: string): string {
  return word.replace(ARABIC_MARKS, '').replace(/[أإآ]/g, 'ا').replace(/ى/g, 'ي').replace(/ة/g, 'ه');
}

/** Whether a word is written in Arabic script. */
export const isArabic = (word: string): boolean => /\p{Script=Arabic}/u.test(word);

/** The light stem of an Arabic word (normalised), or the normalised word when nothing can be stripped. */
export function arabicStem(word: string): string {
  let stem = normaliseArabic(word);
  if (stem.length > 3 && stem.startsWith('و')) stem = stem.slice(1);
  for (const prefix of ARABIC_PREFIXES) {
    if (stem.startsWith(prefix) && stem.length - prefix.length >= 2) {
      stem = stem.slice(prefix.length);
      break;
    }
  }
  for (const suffix of ARABIC_SUFFIXES.map(normaliseArabic)) {
    if (stem.length - suffix.length >= 2 && stem.endsWith(suffix)) stem = stem.slice(0, -suffix.length);
  }
  return stem;
}

/** Overlapping pairs of characters of one unspaced run (a lone character stands for itself). */
function characterPairs(run: string): string[] {
  const chars = [...run];
  if (chars.length < 2) return chars;
  const pairs: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) pairs.push(`${chars[i]}${chars[i + 1]}`);
  return pairs;
}

/**
 * The terms one word of running text stands for when matching words: its character pairs when it is
 * written in a script that does not space its words, else the word itself.
 */
export function wordTerms(word: string): string[] {
  const runs = [...word.matchAll(UNSPACED_RUN)];
  if (runs.length === 0) return [word];
  const terms: string[] = [];
  let at = 0;
  for (const run of runs) {
    // Other characters joined to the run ("5년으로") stay a term of their own.
    if (run.index > at) terms.push(word.slice(at, run.index));
    for (const part of run[0].split(NOT_LETTER)) if (part !== '') terms.push(...characterPairs(part));
    at = run.index + run[0].length;
  }
  if (at < word.length) terms.push(word.slice(at));
  return terms;
}

/**
 * The extra search terms of `text`, space-separated: character pairs of unspaced runs and light stems of
 * Arabic words (only where the stem differs from the word as written). Empty for text in other scripts.
 */
export function extraSearchTerms(text: string): string {
  const terms: string[] = [];
  for (const run of [...text.matchAll(UNSPACED_RUN)].flatMap(([m]) => m.split(NOT_LETTER))) {
    if (run === '') continue;
    const pairs = characterPairs(run);
    // A run that is one pair already is a token of its own; its pairs would only repeat it.
    if (pairs.length > 1 || pairs[0] !== run) terms.push(...pairs);
  }
  for (const [word] of text.matchAll(ARABIC_WORD)) {
    const stem = arabicStem(word);
    if (stem !== word && stem.length > 0) terms.push(stem);
  }
  return terms.join(' ');
}

/** `text` followed by its extra search terms: what is indexed for a chunk, and what a query asks. */
export function withSearchTerms(text: string): string {
  const extra = extraSearchTerms(text);
  return extra === '' ? text : `${text}\n${extra}`;
}
