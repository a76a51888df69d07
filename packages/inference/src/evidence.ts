import { contentStems } from './query-terms.ts';
import { jaccard } from './term-stats.ts';
import type { Citation, Source } from './types.ts';

/**
 * How well the retrieved passages cover the question, from 0 (none of its content words) to 1 (every
 * content word, after stemming, is in one passage): the best single passage's coverage. Used to refuse
 * instead of guessing when the documents do not contain the answer.
 */
export function evidenceScore(question: string, sources: readonly Source[]): number {
  const wanted = new Set(contentStems(question));
  if (wanted.size === 0 || sources.length === 0) return sources.length > 0 ? 1 : 0;
  let best = 0;
  for (const source of sources) {
    const present = new Set(contentStems(`${source.headingPath.join(' ')} ${source.text}`));
    let found = 0;
    for (const stem of wanted) if (present.has(stem)) found++;
    best = Math.max(best, found / wanted.size);
  }
  return best;
}

/**
 * How much of the question an extractive answer's leading quote holds: the share of the question's
 * content words (after stemming) found in the first citation's quote and its heading; 0 without one.
 * Unlike `evidenceScore` (the best passage), this judges the sentence shown first as the answer.
 */
export function leadCoverage(question: string, citations: readonly Citation[]): number {
  const [lead] = citations;
  if (!lead) return 0;
  const wanted = new Set(contentStems(question));
  if (wanted.size === 0) return 1;
  const present = new Set(contentStems(`${lead.heading ?? ''} ${lead.quote}`));
  let found = 0;
  for (const stem of wanted) if (present.has(stem)) found++;
  return found / wanted.size;
}

/**
 * Drops passages that repeat a better-ranked one (identical boilerplate in several files, or a
 * re-indexed copy): word-set Jaccard similarity above `threshold` (default 0.8). Order is kept.
 */
export function removeNearDuplicates(sources: readonly Source[], threshold = 0.8): Source[] {
  const kept: { source: Source; words: string[] }[] = [];
  for (const source of sources) {
    const words = source.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    if (kept.some((k) => jaccard(k.words, words) > threshold)) continue;
    kept.push({ source, words });
  }
  return kept.map((k) => k.source);
}
