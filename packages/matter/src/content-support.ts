import { queryTerms, stem } from '@quire/inference';

/**
 * Share (0–1) of `claim`'s distinct content words, stemmed as search stems them, that occur in `text`:
 * how the citation checker measures a quote's support for a claim. 0 for a claim without content words.
 */
export function contentSupport(claim: string, text: string): number {
  const wanted = new Set(queryTerms(claim).map(stem));
  if (wanted.size === 0) return 0;
  const present = new Set(queryTerms(text).map(stem));
  let found = 0;
  for (const term of wanted) if (present.has(term)) found++;
  return found / wanted.size;
}
