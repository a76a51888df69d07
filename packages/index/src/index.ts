// One workspace's index: the LanceDB store and its schema, full-text and vector search, and retrieval
// (score fusion and reranking: the one policy search, answers and evaluation share).
export type { FusedItem, RankSource, ScoredList } from './fusion.ts';
export { agreement, normalizedScoreFusion } from './fusion.ts';
export type { IndexLocation } from './index-location.ts';
export { isRemoteIndex } from './index-location.ts';
export { PAGE_FACTS_VERSION } from './lance-schema.ts';
export type { LanceStoreOptions } from './lance-store.ts';
export { FTS_OPTIONS, LanceVectorStore } from './lance-store.ts';
export type { FusionWeights, RetrieveOptions } from './retrieve.ts';
export { AGREEMENT_DEPTH, FUSION_WEIGHTS, HYBRID_CANDIDATES, retrieve } from './retrieve.ts';
export { arabicStem, isArabic, wordTerms } from './search-text.ts';
export type { StoreErrorCode } from './store-errors.ts';
export {
  CorruptIndexError,
  EmbeddingMismatchError,
  IndexMissingError,
  InvalidStoreInputError,
  ReadOnlyIndexError,
  StorageUnreachableError,
  StoreError,
  VectorSearchUnavailableError,
} from './store-errors.ts';
export type {
  ChunkId,
  DocumentFilter,
  DocumentId,
  DocumentRecord,
  IndexCounts,
  PageFactsUpdate,
  SearchHit,
  SearchMode,
  StoredChunk,
  StoredDocument,
  StoredPage,
  StoredPath,
  VectorStore,
} from './types.ts';
export { chunkId, documentId } from './types.ts';
export type { VectorIndexProgress } from './vector-index.ts';
export { VECTOR_INDEX_MIN_ROWS } from './vector-index.ts';
