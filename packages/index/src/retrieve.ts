import type { Embedder, Reranker } from '@quire/embeddings';
import { agreement, normalizedScoreFusion } from './fusion.ts';
import { InvalidStoreInputError } from './store-errors.ts';
import type { DocumentFilter, SearchHit, SearchMode, VectorStore } from './types.ts';

/** How much each list counts in hybrid fusion. */
export interface FusionWeights {
  fulltext: number;
  vector: number;
}

/**
 * Weights of the two lists in hybrid fusion (normalised scores). The vector list's weight is further
 * multiplied, per query, by how far the two lists agree on the pages that matter (see {@link hybridSearch}).
 * Chosen by leave-one-document-out validation over both question sets: see docs/retrieval.md.
 */
export const FUSION_WEIGHTS = { fulltext: 1, vector: 1 } as const satisfies FusionWeights;

/** Agreement between the lists is measured on this many distinct pages of each. */
export const AGREEMENT_DEPTH = 10;

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
  /** Only these documents (or all but these): a question's scope. Absent: the whole index. */
  filter?: DocumentFilter;
}

/**
 * The `k` passages of one workspace's index that best match `query`: the whole retrieval policy, shared
 * by search, answers and evaluation. Full text, vectors, or both fused by normalised-score fusion;
 * then, when a reranker is given, a wider set of candidates re-scored by it. A blank query finds
 * nothing.
 */
export async function retrieve(
  store: VectorStore,
  query: string,
  options: RetrieveOptions,
): Promise<SearchHit[]> {
  const { k, embedder = null, reranker = null, filter } = options;
  const mode = options.mode ?? (embedder ? 'hybrid' : 'fulltext');
  if (!query.trim()) return [];
  const wanted = reranker ? Math.max(k * 3, RERANK_CANDIDATES) : k;
  const vector =
    mode !== 'fulltext' && embedder ? representable(await embedder.embed([query], 'query')) : undefined;
  // A query the model cannot represent (no word of it known: an all-zero vector) has no vector list.
  if (mode === 'vector' && vector === undefined) return [];
  const hits =
    mode === 'hybrid'
      ? await hybridSearch(store, { query, vector, k: wanted, weights: options.weights, filter })
      : await store.search({ mode, query, vector, k: wanted, filter });
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
 * Full-text and vector hits fused by normalised scores: each list searched for `max(4k, HYBRID_CANDIDATES)`
 * candidates, the fused `k` best returned with their fused score and their rank in each list. Without a
 * `vector`, or on an index without embeddings, full text alone.
 */
export async function hybridSearch(
  store: VectorStore,
  request: {
    query: string;
    vector?: Float32Array;
    k: number;
    weights?: FusionWeights;
    filter?: DocumentFilter;
  },
): Promise<SearchHit[]> {
  const { query, vector, k, filter } = request;
  const weights = request.weights ?? FUSION_WEIGHTS;
  if (!Number.isSafeInteger(k) || k < 0)
    throw new InvalidStoreInputError(`k must be a whole number, got ${k}`);
  if (k === 0) return [];
  const wanted = Math.max(k * 4, HYBRID_CANDIDATES);
  // The two lists are searched at once: LanceDB runs each on its own threads.
  const [fulltext, vectors] = await Promise.all([
    store.search({ mode: 'fulltext', query, k: wanted, filter }),
    vector === undefined || store.embedding === null
      ? []
      : store.search({ mode: 'vector', query, vector, k: wanted, filter }),
  ]);
  // Where one list is empty the other stands alone; where both found something, the vector list counts
  // as much as it agrees with full text on this query's pages: a model that cannot read this query (a
  // weak model, words it never saw) disagrees and adds little, a model that can adds its ranking.
  const together =
    fulltext.length === 0 || vectors.length === 0
      ? 1
      : agreement(fulltext, vectors, (h) => `${h.chunk.documentId}:${h.chunk.page}`, AGREEMENT_DEPTH);
  const fused = normalizedScoreFusion<SearchHit>(
    [
      { source: 'fulltext', items: fulltext, scoreOf: (h) => h.score, weight: weights.fulltext },
      { source: 'vector', items: vectors, scoreOf: (h) => h.score, weight: weights.vector * together },
    ],
    (hit) => hit.chunk.id,
  );
  return fused.slice(0, k).map(({ item, score, ranks }) => ({ ...item, score, ranks }));
}
