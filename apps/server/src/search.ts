import { type DocumentFilter, retrieve, type SearchHit, type SearchMode } from '@quire/index';
import type { EmailRef } from '@quire/inference';
import { EmailFamilies } from './email-family.ts';
import type { OpenWorkspace } from './open-workspace.ts';
import { normalizeScope, resolveScope, type Scope } from './scope.ts';

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
  /**
   * The page number printed on the page (its PDF label, running footer, Word's layout or slide number),
   * `257` where `page` is the physical 265; null when the page has none.
   */
  pageLabel: string | null;
  /** The Bates number stamped on the page, as printed; null when none is. */
  bates: string | null;
}

export interface SearchResult {
  hits: SearchResultHit[];
  /** `hybrid` (vectors + full text) with an embedding model, else `fulltext`. */
  retrieval: 'hybrid' | 'fulltext';
  /** Whether a reranking model re-scored the candidates (then `score` is its relevance score). */
  reranked: boolean;
  /** The scope searched (its empty fields dropped); null: the whole workspace. */
  scope: Scope | null;
  /** How many documents the scope holds; null without a scope. */
  scopeDocuments: number | null;
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
  filter?: DocumentFilter,
): Promise<SearchHit[]> {
  const reranker = await ws.reranker();
  return ws.withIndex((store, embedder) => retrieve(store, query, { k, mode, embedder, reranker, filter }));
}

/** A scope resolved against this workspace's index (null: the whole workspace). */
export async function scopeFilter(
  ws: OpenWorkspace,
  scope: Scope | null | undefined,
): Promise<{ filter: DocumentFilter; documents: number } | null> {
  return ws.withIndex((store) => resolveScope(store, scope, ws.settings.folders));
}

/**
 * Retrieves the passages of this workspace (and only this one) that best match `query`, from the
 * documents in `scope` when one is given.
 */
export async function searchWorkspace(
  ws: OpenWorkspace,
  query: string,
  k = 10,
  scope?: Scope | null,
): Promise<SearchResult> {
  const resolved = await scopeFilter(ws, scope);
  const hits = await retrieveIn(ws, query, k, undefined, resolved?.filter);
  const families = await ws.withIndex((store) => EmailFamilies.readFor(store, hits));
  return {
    retrieval: ws.retrieval,
    reranked: (await ws.reranker()) !== null,
    scope: resolved ? normalizeScope(scope) : null,
    scopeDocuments: resolved?.documents ?? null,
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
      pageLabel: chunk.pageLabel ?? null,
      bates: chunk.bates ?? null,
    })),
  };
}
