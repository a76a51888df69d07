/** The retrieval lists that can be fused; the same names as `SearchHit.ranks`. */
export type RankSource = 'fulltext' | 'vector';

/** One list of scored items, best first. */
export interface ScoredList<T> {
  source: RankSource;
  items: readonly T[];
  /** The item's score in this list: higher is better, on the list's own scale. */
  scoreOf: (item: T) => number;
  /** Multiplies this list's contributions. Default 1. */
  weight?: number;
}

/** One fused item: its fused score and its 1-based rank in each list that held it. */
export interface FusedItem<T> {
  item: T;
  score: number;
  ranks: Partial<Record<RankSource, number>>;
}

/**
 * Normalised-score fusion: each list's scores are put on 0–1 (min–max over the list: its best item 1,
 * its worst 0; a list whose scores are all equal counts 1 for each), and an item scores the weighted
 * sum over the lists holding it. Unlike rank fusion, a list that is sure of its first item (a wide gap
 * to the rest, as full text has for an exact keyword) keeps that item first, and a list whose scores are
 * nearly flat adds little. Items are matched across lists by `keyOf`; within a list only an item's first
 * occurrence counts. Sorted by score, then best rank, then key, so the order is deterministic; the item
 * kept is the one from the first list that held it.
 */
export function normalizedScoreFusion<T>(
  lists: readonly ScoredList<T>[],
  keyOf: (item: T) => string,
): FusedItem<T>[] {
  const fused = new Map<string, FusedItem<T> & { key: string; bestRank: number }>();
  for (const list of lists) {
    const scores = list.items.map(list.scoreOf);
    const max = Math.max(...scores);
    const min = Math.min(...scores);
    const weight = list.weight ?? 1;
    const seen = new Set<string>();
    list.items.forEach((item, index) => {
      const key = keyOf(item);
      if (seen.has(key)) return;
      seen.add(key);
      const rank = index + 1;
      const normalised = max > min ? ((scores[index] ?? min) - min) / (max - min) : 1;
      const entry = fused.get(key) ?? { item, key, score: 0, ranks: {}, bestRank: rank };
      entry.score += weight * normalised;
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

/**
 * How far two lists agree on where the answer is, 0–1: how many of the first `depth` distinct places
 * (pages) of one are among the first `depth` of the other, out of `depth` (or out of the longer list's
 * places when the lists hold fewer, as in a small index).
 */
export function agreement<T>(
  a: readonly T[],
  b: readonly T[],
  placeOf: (item: T) => string,
  depth: number,
): number {
  const firstPlaces = (items: readonly T[]) => {
    const places = new Set<string>();
    for (const item of items) {
      if (places.size >= depth) break;
      places.add(placeOf(item));
    }
    return places;
  };
  const inA = firstPlaces(a);
  const inB = firstPlaces(b);
  let shared = 0;
  for (const place of inB) if (inA.has(place)) shared++;
  const out = Math.max(inA.size, inB.size);
  return out > 0 ? shared / out : 0;
}
