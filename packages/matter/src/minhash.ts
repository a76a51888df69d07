// MinHash signatures of a document's text: a fixed-size sketch whose agreement rate estimates the Jaccard
// similarity of two documents' word-shingle sets. Words are normalised (lower-case, letters and digits only,
// end-of-line hyphenation joined) so that what OCR and reflowing change — punctuation, line breaks, spacing —
// does not count as a difference.

/** Words per shingle: long enough that two unrelated texts rarely share one, short enough that one
 *  misread word spoils only a few. */
export const SHINGLE_WORDS = 5;
/** Hash functions per signature; the estimate's standard error is √(J(1−J)/128) ≤ 0.045. */
export const SIGNATURE_SIZE = 128;

/** A document's MinHash sketch. `shingles` is the number of distinct shingles it was built from (0 for a
 *  text with no words, which is similar to nothing). */
export interface Signature {
  readonly values: Uint32Array;
  readonly shingles: number;
}

/** A text's normalised words: lower-case runs of letters and digits without diacritics, a word hyphenated
 *  across a line break joined again ("agree-\nment" → "agreement"), OCR-confusable letters folded. */
export function normalisedWords(text: string): string[] {
  const joined = text.replace(/(\p{L})[-\u00AD\u2010]\s*\n\s*(\p{L})/gu, '$1$2');
  const plain = joined.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  return (plain.match(/[\p{L}\p{N}]+/gu) ?? []).map(foldConfusables);
}

/** Letters OCR commonly reads one as another, folded to one letter in both texts alike: rn/m, c/e, and in
 *  a word that has letters, the digits 0/1/5 for o/l/s. Folding can only make two texts more alike, by
 *  far less than it recovers from a scan (shingles of five folded words rarely collide by chance). */
function foldConfusables(word: string): string {
  const letters = /\p{L}/u.test(word) ? word.replace(/0/g, 'o').replace(/1/g, 'l').replace(/5/g, 's') : word;
  return letters.replace(/rn/g, 'm').replace(/c/g, 'e');
}

/** The MinHash signature of a text over its SHINGLE_WORDS-word shingles (the whole text is one shingle when
 *  it has fewer words). Deterministic: the same text gives the same signature on every run and machine. */
export function documentSignature(text: string): Signature {
  const words = normalisedWords(text);
  const shingles = new Set<number>();
  const width = Math.min(SHINGLE_WORDS, words.length);
  for (let i = 0; width > 0 && i + width <= words.length; i++) {
    shingles.add(fnv1a(words.slice(i, i + width).join(' ')));
  }
  const values = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const shingle of shingles) {
    for (let k = 0; k < SIGNATURE_SIZE; k++) {
      const h = fmix32(shingle ^ (SEEDS[k] as number));
      if (h < (values[k] as number)) values[k] = h;
    }
  }
  return { values, shingles: shingles.size };
}

/** Estimated Jaccard similarity of two signatures' shingle sets, in [0, 1]; 0 when either text is empty. */
export function similarity(a: Signature, b: Signature): number {
  if (a.shingles === 0 || b.shingles === 0) return 0;
  let same = 0;
  for (let k = 0; k < SIGNATURE_SIZE; k++) if (a.values[k] === b.values[k]) same++;
  return same / SIGNATURE_SIZE;
}

/** 32-bit FNV-1a of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's finaliser: a bijective 32-bit mix, so `fmix32(x ^ seed)` is a family of permutations. */
function fmix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The family's seeds, drawn once from a fixed-seed splitmix32 so signatures never change between runs. */
const SEEDS: Uint32Array = (() => {
  const seeds = new Uint32Array(SIGNATURE_SIZE);
  let state = 0x51_72_65_00; // "Qre\0"
  for (let k = 0; k < SIGNATURE_SIZE; k++) {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    seeds[k] = (z ^ (z >>> 15)) >>> 0;
  }
  return seeds;
})();
