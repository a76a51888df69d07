import { retrieve, type SearchHit, type SearchMode } from '@quire/index';
import type { EmailRef } from '@quire/inference';
import { EmailFamilies } from './email-family.ts';
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
  /** For an email attachment: every email it came with (`path` is then `<email>::<n>/<name>`). */
  attachedTo?: EmailRef[];
}

export interface SearchResult {
  hits: SearchResultHit[];
  /** `hybrid` (vectors + full text) with an embedding model, else `fulltext`. */
  retrieval: 'hybrid' | 'fulltext';
  /** Whether a reranking model re-scored the candidates (then `score` is its relevance score). */
  reranked: boolean;
}

/**
 * The `k` passages of this workspace (and only this one) that best match `query`, through its reranker
 * when it has one. `mode` defaults to hybrid with an embedding model, else full text.
 */
export async function retrieveIn(
  ws: OpenWorkspace,
  query: string,
  k: number,
  mode?: SearchMode,
): Promise<SearchHit[]> {
  const reranker = await ws.reranker();
  return ws.withIndex((store, embedder) => retrieve(store, query, { k, mode, embedder, reranker }));
}

/** Retrieves the passages of this workspace (and only this one) that best match `query`. */
export async function searchWorkspace(ws: OpenWorkspace, query: string, k = 10): Promise<SearchResult> {
  const hits = await retrieveIn(ws, query, k);
  const families = await ws.withIndex((store) => EmailFamilies.readFor(store, hits));
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
      ...families.field(chunk.documentId),
    })),
  };
}
