const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being
  below between both but by can could did do does doing done down during each either else ever every
  few for from further get gets got had has have having he her here hers herself him himself his how
  i if in into is it its itself just many may me might more most much must my myself no nor not now of off on
  once only or other our ours ourselves out over own please same shall she should so some such than
  that the their theirs them themselves then there these they this those through to too under until
  up upon very was we were what whatever when where whether which while who whom whose why will with
  within without would yes yet you your yours yourself yourselves tell say says said according document
  documents`.split(/\s+/),
);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const VOWEL = /[aeiouy]/;
const KEEP_DOUBLE = /[lsz]/;

/** Lower-cased words of `text` in order, with possessive 's removed; stop words included. */
export function words(text: string): string[] {
  const result: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    result.push(match[0].replace(/['’]s$/, '').replace(/['’]/g, ''));
  }
  return result;
}

/** Whether `word` (lower case) is one of the built-in English stop words. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/**
 * The content words of a question: lower-cased, stop words removed, duplicates removed, in order
 * of first appearance. Words are returned unstemmed; match them with `stem`.
 */
export function queryTerms(q: string): string[] {
  return [...new Set(words(q).filter((word) => !STOP_WORDS.has(word)))];
}

/** Stems of the content words of `text`, in order, repeats kept (for term frequencies and bigrams). */
export function contentStems(text: string): string[] {
  return words(text)
    .filter((word) => !STOP_WORDS.has(word))
    .map(stem);
}

function undouble(word: string): string {
  const last = word.at(-1) ?? '';
  return word.length > 3 && last === word.at(-2) && !KEEP_DOUBLE.test(last) && !VOWEL.test(last)
    ? word.slice(0, -1)
    : word;
}

function stripPlural(word: string): string {
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}i`;
  if (/(?:sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/[sui]s$/.test(word)) return word.slice(0, -1);
  return word;
}

function stripVerbOrAdverb(word: string): string {
  if (word.endsWith('eed')) return word.slice(0, -1);
  for (const suffix of ['ing', 'ed']) {
    const base = word.slice(0, -suffix.length);
    if (word.endsWith(suffix) && base.length >= 3 && VOWEL.test(base)) return undouble(base);
  }
  if (word.endsWith('ly') && !/(?:pl|il)y$/.test(word) && word.length - 2 >= 4) return word.slice(0, -2);
  return word;
}

/**
 * A light English stemmer so that "leases", "leased", "leasing" and "lease" meet: removes plural
 * -s/-es/-ies, then -ing/-ed (undoubling "permitted" to "permit") or adverbial -ly, then turns a
 * final consonant+y into i ("policy" and "policies" both give "polici") and drops a final e.
 * Words of three letters or fewer, and numbers, are left alone. Chosen over Porter for being
 * short, predictable and good enough for matching sentences against a question.
 */
export function stem(word: string): string {
  const lower = word.toLowerCase();
  if (lower.length <= 3 || /\d/.test(lower)) return lower;
  let result = stripVerbOrAdverb(stripPlural(lower));
  if (/[^aeiou]y$/.test(result) && result.length > 3) result = `${result.slice(0, -1)}i`;
  if (result.endsWith('e') && result.length > 4) result = result.slice(0, -1);
  return result;
}
