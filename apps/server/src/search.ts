import type { Embedder, SearchHit, VectorStore } from '@quire/embeddings';
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
}

export interface SearchResult {
  hits: SearchResultHit[];
  /** `hybrid` (vectors + full text) with an embedding model, else `fulltext`. */
  retrieval: 'hybrid' | 'fulltext';
}

/** Retrieves the passages of this workspace (and only this one) that best match `query`. */
export async function retrieveFrom(
  store: VectorStore,
  embedder: Embedder | null,
  query: string,
  k: number,
): Promise<SearchHit[]> {
  if (!query.trim()) return [];
  if (!embedder) return store.search({ mode: 'fulltext', query, k });
  const [vector] = await embedder.embed([query], 'query');
  return store.search({ mode: 'hybrid', query, vector, k });
}

export function retrieve(ws: OpenWorkspace, query: string, k: number): Promise<SearchHit[]> {
  return ws.withIndex((store, embedder) => retrieveFrom(store, embedder, query, k));
}

export async function searchWorkspace(ws: OpenWorkspace, query: string, k = 10): Promise<SearchResult> {
  const hits = await retrieve(ws, query, k);
  return {
    retrieval: ws.retrieval,
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
    })),
  };
}
