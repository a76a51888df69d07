import type { Embedder, Reranker } from '@quire/embeddings';
import type { SearchHit, VectorStore } from '@quire/index';
import type { OpenWorkspace } from './open-workspace.ts';

/** One `quire search --json` hit (a public contract: add fields, never rename or remove). */
export interface SearchResultHit {
  path: string;
  page: number;
  /** The innermost heading the passage sits under, or null. */
  heading: string | null;
  headingPath: string[];
  text: string;
  score: number;
  chunkId: string;
  documentId: string;
  /** Character offsets of `text` in the page text. */
  start: number;
  end: number;
  /** Where the page's text came from: its text layer, or OCR of its image. */
  source: 'text-layer' | 'ocr';
  /** For an OCR page: its mean recognition confidence, 0–100. */
  confidence?: number;
}

export interface SearchResult {
  hits: SearchResultHit[];
  /** `hybrid` (vectors + full text) with an embedding model, else `fulltext`. */
  retrieval: 'hybrid' | 'fulltext';
  /** Whether a reranking model re-scored the candidates (then `score` is its relevance score). */
  reranked: boolean;
}

/** Retrieves the passages of this workspace (and only this one) that best match `query`. */
/** Candidates a reranker re-scores, at least. */
const RERANK_CANDIDATES = 24;

/**
 * The `k` best passages for `query`: full text alone, or full text and vectors fused; when a reranker
 * is given, a wider set of fused candidates re-scored by it.
 */
export async function retrieveFrom(
  store: VectorStore,
  embedder: Embedder | null,
  query: string,
  k: number,
  reranker: Reranker | null = null,
): Promise<SearchHit[]> {
  if (!query.trim()) return [];
  const wanted = reranker ? Math.max(k * 3, RERANK_CANDIDATES) : k;
  let hits: SearchHit[];
  if (embedder) {
    const [vector] = await embedder.embed([query], 'query');
    hits = await store.search({ mode: 'hybrid', query, vector, k: wanted });
  } else {
    hits = await store.search({ mode: 'fulltext', query, k: wanted });
  }
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

export async function retrieve(ws: OpenWorkspace, query: string, k: number): Promise<SearchHit[]> {
  const reranker = await ws.reranker();
  return ws.withIndex((store, embedder) => retrieveFrom(store, embedder, query, k, reranker));
}

export async function searchWorkspace(ws: OpenWorkspace, query: string, k = 10): Promise<SearchResult> {
  const hits = await retrieve(ws, query, k);
  return {
    retrieval: ws.retrieval,
    reranked: (await ws.reranker()) !== null,
    hits: hits.map(({ chunk, paths, score }) => ({
      path: paths[0] ?? '',
      page: chunk.page,
      heading: chunk.headingPath.at(-1) ?? null,
      headingPath: chunk.headingPath,
      text: chunk.text,
      score,
      chunkId: chunk.id,
      documentId: chunk.documentId,
      start: chunk.start,
      end: chunk.end,
      source: chunk.source ?? 'text-layer',
      ...(chunk.confidence === undefined ? {} : { confidence: chunk.confidence }),
    })),
  };
}
