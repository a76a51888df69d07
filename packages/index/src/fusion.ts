/** The retrieval lists that can be fused; the same names as `SearchHit.ranks`. */
export type RankSource = 'fulltext' | 'vector';

/** One ranked list, best first. */
export interface RankedList<T> {
  source: RankSource;
  items: readonly T[];
  /** Multiplies this list's contributions. Default 1. */
  weight?: number;
}

/** One fused item: its RRF score and its 1-based rank in each list that held it. */
export interface FusedItem<T> {
  item: T;
  score: number;
  ranks: Partial<Record<RankSource, number>>;
}

/** The usual RRF constant: it damps the weight of the very first ranks (Cormack et al., 2009). */
export const RRF_K = 60;

/**
 * Reciprocal-rank fusion: each item scores the sum over the lists holding it of `weight / (k + rank)`,
 * rank 1-based. Items are matched across lists by `keyOf`; within a list only an item's first
 * occurrence counts. Sorted by score (highest first), then by best rank, then by key, so the
 * order is deterministic. The item kept is the one from the first list that held it.
 */
export function reciprocalRankFusion<T>(
  lists: readonly RankedList<T>[],
  keyOf: (item: T) => string,
  k: number = RRF_K,
): FusedItem<T>[] {
  if (!(k >= 0)) throw new RangeError(`RRF constant must be a non-negative number, got ${k}`);
  const fused = new Map<string, FusedItem<T> & { key: string; bestRank: number }>();
  for (const list of lists) {
    const seen = new Set<string>();
    list.items.forEach((item, index) => {
      const key = keyOf(item);
      if (seen.has(key)) return;
      seen.add(key);
      const rank = index + 1;
      const entry = fused.get(key) ?? { item, key, score: 0, ranks: {}, bestRank: rank };
      entry.score += (list.weight ?? 1) / (k + rank);
      entry.ranks[list.source] = rank;
      entry.bestRank = Math.min(entry.bestRank, rank);
      fused.set(key, entry);
    });
  }
  return [...fused.values()]
    .sort(
      (a, b) => b.score - a.score || a.bestRank - b.bestRank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    )
    .map(({ item, score, ranks }) => ({ item, score, ranks }));
}
