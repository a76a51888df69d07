import { arabicStem, isArabic, wordTerms } from '@quire/index';
import porter2 from 'wink-porter2-stemmer';

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

/** Lower-cased words of `text` in order, with possessive 's removed; stop words included. */
export function words(text: string): string[] {
  const result: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    // A word of a script that does not space its words counts as its character pairs, as in search.
    result.push(...wordTerms(match[0].replace(/['’]s$/, '').replace(/['’]/g, '')));
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

/**
 * The English stem of a word: Porter2 (Snowball English), the stemmer of the workspace's full-text
 * index (LanceDB's `stem: true` with `language: 'English'`), so that refusal, extractive answers and
 * search agree on when two words are the same word ("leases", "leased", "leasing" and "lease" meet).
 * Arabic words get the light stem the full-text index adds for them.
 */
export function stem(word: string): string {
  return isArabic(word) ? arabicStem(word) : porter2(word.toLowerCase());
}
