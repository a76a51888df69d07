/**
 * Inverse document frequency of every term in `documents` (each a list of stems), in the
 * smoothed BM25 form ln(1 + (N - df + 0.5) / (df + 0.5)), so it is always positive.
 */
export function inverseDocumentFrequency(documents: readonly (readonly string[])[]): Map<string, number> {
  const documentFrequency = new Map<string, number>();
  for (const document of documents) {
    for (const term of new Set(document)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const n = documents.length;
  const idf = new Map<string, number>();
  for (const [term, df] of documentFrequency) idf.set(term, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  return idf;
}

/** Token-set Jaccard similarity of two word lists: |A ∩ B| / |A ∪ B|, 0 for two empty lists. */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  const setA = new Set(a);
  const setB = new Set(b);
  let shared = 0;
  for (const token of setA) if (setB.has(token)) shared++;
  const union = setA.size + setB.size - shared;
  return union === 0 ? 0 : shared / union;
}
