// How a document's chunks are shown to a chat model that summarises them: cut into sections that each
// fit its context, and each section's chunks kept as far as its token budget allows.
import type { Source } from '@quire/inference';
import { type Numbered, renderNumbered } from './summary-prompt.ts';

/** The sources numbered 1, 2, … in order. */
export function renumber(sources: readonly Source[]): Source[] {
  return sources.map((source, i) => ({ ...source, n: i + 1 }));
}

function tokensOf(source: Numbered, count: (text: string) => number): number {
  return count(renderNumbered(source)) + 2;
}

/**
 * The sources, in order, that fit `budget` tokens as the model sees them. The first is always kept, cut
 * short when it alone is over the budget (the start of a chunk is still a verbatim slice of its page).
 */
export function withinBudget<T extends Numbered>(
  sources: readonly T[],
  budget: number,
  count: (text: string) => number,
): T[] {
  const kept: T[] = [];
  let used = 0;
  for (const source of sources) {
    const tokens = tokensOf(source, count);
    if (kept.length === 0 && tokens > budget) return [shortened(source, budget, count)];
    if (used + tokens > budget) break;
    kept.push(source);
    used += tokens;
  }
  return kept;
}

function shortened<T extends Numbered>(source: T, budget: number, count: (text: string) => number): T {
  let text = source.text;
  while (text.length > 0 && tokensOf({ ...source, text }, count) > budget) {
    text = text.slice(0, Math.floor(text.length * 0.8));
  }
  return { ...source, text };
}

/**
 * Consecutive chunks packed into sections of at most `budget` tokens, a new section starting at a change
 * of top heading when the next run does not fit. More than `maxSections` sections: `maxSections` runs of
 * equal chunk counts instead (each later read from its start as far as the budget allows).
 */
export function sectionsOf(
  sources: readonly Source[],
  budget: number,
  maxSections: number,
  count: (text: string) => number,
): Source[][] {
  const runs: Source[][] = [];
  for (const source of sources) {
    const run = runs.at(-1);
    const heading = source.headingPath[0] ?? '';
    if (run && (run[0]?.headingPath[0] ?? '') === heading) run.push(source);
    else runs.push([source]);
  }
  const sections: { sources: Source[]; tokens: number }[] = [];
  for (const run of runs) {
    let current = sections.at(-1);
    const runTokens = run.reduce((sum, s) => sum + tokensOf(s, count), 0);
    if (current && current.tokens + runTokens <= budget) {
      current.sources.push(...run);
      current.tokens += runTokens;
      continue;
    }
    current = undefined;
    for (const source of run) {
      const tokens = tokensOf(source, count);
      if (!current || current.tokens + tokens > budget) {
        current = { sources: [], tokens: 0 };
        sections.push(current);
      }
      current.sources.push(source);
      current.tokens += tokens;
    }
  }
  if (sections.length <= maxSections) return sections.map((s) => s.sources);
  const size = Math.ceil(sources.length / maxSections);
  return Array.from({ length: Math.ceil(sources.length / size) }, (_, i) =>
    sources.slice(i * size, (i + 1) * size),
  );
}
