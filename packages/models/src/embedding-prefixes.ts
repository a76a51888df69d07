import { findCatalogueEntry } from './catalogue.ts';

/** Texts an embedding model expects before a query and before a passage ('' when none). */
export interface EmbeddingPrefixes {
  queryPrefix: string;
  documentPrefix: string;
}

const BGE_EN: EmbeddingPrefixes = {
  queryPrefix: 'Represent this sentence for searching relevant passages: ',
  documentPrefix: '',
};
const NOMIC: EmbeddingPrefixes = { queryPrefix: 'search_query: ', documentPrefix: 'search_document: ' };
const QWEN3_EMBEDDING: EmbeddingPrefixes = {
  queryPrefix: 'Instruct: Given a question, retrieve passages that answer it\nQuery: ',
  documentPrefix: '',
};
const E5: EmbeddingPrefixes = { queryPrefix: 'query: ', documentPrefix: 'passage: ' };

// Matched against the model's name or file name, lower-cased, in this order.
const BY_NAME: ReadonlyArray<readonly [RegExp, EmbeddingPrefixes]> = [
  [/nomic-embed-text/, NOMIC],
  [/qwen3-embedding/, QWEN3_EMBEDDING],
  [/bge-(small|base|large)-en/, BGE_EN],
  [/mxbai-embed-large/, BGE_EN],
  [/(^|[^a-z])e5-/, E5],
];

/** What is known about a model when choosing its prefixes; every field is optional. */
export interface PrefixLookup {
  catalogueId?: string | undefined;
  id?: string | undefined;
  name?: string | null | undefined;
  file?: string | undefined;
  architecture?: string | null | undefined;
}

/**
 * The query/document prefixes for an embedding model: from the catalogue (by `catalogueId`, then
 * `id`), else from its architecture (`nomic-bert` → nomic's) or a well-known name, else `null` (none).
 */
export function prefixesFor(model: PrefixLookup): EmbeddingPrefixes | null {
  for (const key of [model.catalogueId, model.id]) {
    const entry = key ? findCatalogueEntry(key) : undefined;
    if (entry?.queryPrefix !== undefined || entry?.documentPrefix !== undefined) {
      return { queryPrefix: entry.queryPrefix ?? '', documentPrefix: entry.documentPrefix ?? '' };
    }
  }
  if (model.architecture === 'nomic-bert' || model.architecture === 'nomic-bert-moe') return NOMIC;
  const names = [model.name, model.file, model.id].filter((n): n is string => typeof n === 'string');
  for (const text of names.map((n) => n.toLowerCase())) {
    for (const [pattern, prefixes] of BY_NAME) if (pattern.test(text)) return prefixes;
  }
  return null;
}
