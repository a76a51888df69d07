import { type DocumentFilter, retrieve, type SearchHit, type SearchMode } from '@quire/index';
import type { EmailRef } from '@quire/inference';
import { EmailFamilies } from './email-family.ts';
import { versionMap } from './matter.ts';
import type { DocumentVersionRef } from './matter-types.ts';
import type { OpenWorkspace } from './open-workspace.ts';
import { normalizeScope, resolveScope, type Scope } from './scope.ts';
import { type FoldedVersionHit, foldVersions, versionGroupSizes } from './version-folding.ts';

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
  /** Passages of other versions of this document that matched too, folded into this hit (best first). */
  otherVersions?: FoldedVersionHit[];
  /** Every other version of this document (near-duplicates), matched or not, most similar first. */
  versions?: DocumentVersionRef[];
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
 * documents in `scope` when one is given. Passages of documents that are versions of one another fold
 * into the best of them (version-folding.ts), and more candidates are retrieved so `k` hits still come
 * back.
 */
export async function searchWorkspace(
  ws: OpenWorkspace,
  query: string,
  k = 10,
  scope?: Scope | null,
): Promise<SearchResult> {
  const resolved = await scopeFilter(ws, scope);
  const versions = await versionMap(ws);
  const { groups, largest } = versionGroupSizes(versions);
  let hits: SearchResultHit[] = [];
  // Each round asks for more candidates until k hits are left after folding or the index has no more.
  for (let wanted = groups > 0 ? k * Math.min(largest, 4) : k; ; wanted *= 2) {
    const candidates = await retrieveIn(ws, query, wanted, undefined, resolved?.filter);
    hits = foldVersions(await resultHits(ws, candidates), versions, k);
    if (groups === 0 || hits.length >= k || candidates.length < wanted || wanted >= k * MAX_FOLD) break;
  }
  return {
    retrieval: ws.retrieval,
    reranked: (await ws.reranker()) !== null,
    scope: resolved ? normalizeScope(scope) : null,
    scopeDocuments: resolved?.documents ?? null,
    hits,
  };
}

/** The most candidates per hit asked for when folding versions. */
const MAX_FOLD = 16;

async function resultHits(ws: OpenWorkspace, hits: readonly SearchHit[]): Promise<SearchResultHit[]> {
  const families = await ws.withIndex((store) => EmailFamilies.readFor(store, hits));
  return hits.map(({ chunk, paths, score }) => ({
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
  }));
}
