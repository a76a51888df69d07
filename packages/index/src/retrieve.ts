import type { Embedder, Reranker } from '@quire/embeddings';
import { reciprocalRankFusion } from './fusion.ts';
import { InvalidStoreInputError } from './store-errors.ts';
import type { SearchHit, SearchMode, VectorStore } from './types.ts';

/** How much each list counts in hybrid fusion. */
export interface FusionWeights {
  fulltext: number;
  vector: number;
}

/**
 * Weights of the two lists in hybrid fusion. Full text weighs more: an exact keyword match found only by
 * full text must beat a passage that only the (possibly weak) embedding model ranks first, while
 * agreement of both lists still lifts a passage. See docs/retrieval.md for how they were chosen.
 */
export const FUSION_WEIGHTS = { fulltext: 1, vector: 0.5 } as const satisfies FusionWeights;

/** Hybrid search fetches this many candidates per list (at least), before fusion. */
export const HYBRID_CANDIDATES = 50;

/** A reranker re-scores this many candidates (at least), three times the passages asked for. */
export const RERANK_CANDIDATES = 24;

/** Options of {@link retrieve}. */
export interface RetrieveOptions {
  /** How many passages to return, best first. */
  k: number;
  /**
   * Which lists to search. Default: `hybrid` when an `embedder` is given, else `fulltext`. `vector`
   * needs an embedder; `hybrid` without one (or on a full-text-only index) is full text alone.
   */
  mode?: SearchMode;
  /** Embeds the query for `vector` and `hybrid`; null or absent: no vectors. */
  embedder?: Embedder | null;
  /**
   * Re-scores a wider set of candidates (`max(3k, RERANK_CANDIDATES)`) and keeps the best `k`; each
   * hit's `score` is then the reranker's. Null or absent: the search order and scores stand.
   */
  reranker?: Reranker | null;
  /** Hybrid fusion weights. Default {@link FUSION_WEIGHTS}. */
  weights?: FusionWeights;
}

/**
 * The `k` passages of one workspace's index that best match `query`: the whole retrieval policy, shared
 * by search, answers and evaluation. Full text, vectors, or both fused by weighted reciprocal-rank
 * fusion; then, when a reranker is given, a wider set of candidates re-scored by it. A blank query finds
 * nothing.
 */
export async function retrieve(
  store: VectorStore,
  query: string,
  options: RetrieveOptions,
): Promise<SearchHit[]> {
  const { k, embedder = null, reranker = null } = options;
  const mode = options.mode ?? (embedder ? 'hybrid' : 'fulltext');
  if (!query.trim()) return [];
  const wanted = reranker ? Math.max(k * 3, RERANK_CANDIDATES) : k;
  const vector =
    mode !== 'fulltext' && embedder ? representable(await embedder.embed([query], 'query')) : undefined;
  // A query the model cannot represent (no word of it known: an all-zero vector) has no vector list.
  if (mode === 'vector' && vector === undefined) return [];
  const hits =
    mode === 'hybrid'
      ? await hybridSearch(store, { query, vector, k: wanted, weights: options.weights })
      : await store.search({ mode, query, vector, k: wanted });
  if (!reranker || hits.length === 0) return hits;
  const scores = await reranker.rerank(
    query,
    hits.map((h) => [...h.chunk.headingPath, h.chunk.text].join('\n')),
  );
  return hits
    .map((hit, i) => ({ ...hit, score: scores[i] ?? 0 }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

/** The query's vector, unless it is all zeros (the model knew none of its words). */
function representable([vector]: Float32Array[]): Float32Array | undefined {
  return vector?.some((x) => x !== 0) ? vector : undefined;
}

/**
 * Full-text and vector hits fused by weighted RRF: each list searched for `max(4k, HYBRID_CANDIDATES)`
 * candidates, the fused `k` best returned with their RRF score and their rank in each list. Without a
 * `vector`, or on an index without embeddings, full text alone.
 */
export async function hybridSearch(
  store: VectorStore,
  request: { query: string; vector?: Float32Array; k: number; weights?: FusionWeights },
): Promise<SearchHit[]> {
  const { query, vector, k } = request;
  const weights = request.weights ?? FUSION_WEIGHTS;
  if (!Number.isSafeInteger(k) || k < 0)
    throw new InvalidStoreInputError(`k must be a whole number, got ${k}`);
  if (k === 0) return [];
  const wanted = Math.max(k * 4, HYBRID_CANDIDATES);
  const fulltext = await store.search({ mode: 'fulltext', query, k: wanted });
  const vectors =
    vector === undefined || store.embedding === null
      ? []
      : await store.search({ mode: 'vector', query, vector, k: wanted });
  const fused = reciprocalRankFusion(
    [
      { source: 'fulltext', items: fulltext, weight: weights.fulltext },
      { source: 'vector', items: vectors, weight: weights.vector },
    ],
    (hit) => hit.chunk.id,
  );
  return fused.slice(0, k).map(({ item, score, ranks }) => ({ ...item, score, ranks }));
}
