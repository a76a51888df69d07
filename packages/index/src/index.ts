// One workspace's index: the LanceDB store and its schema, full-text and vector search, and retrieval
// (rank fusion and reranking: the one policy search, answers and evaluation share).
export type { FusedItem, RankedList, RankSource } from './fusion.ts';
export { RRF_K, reciprocalRankFusion } from './fusion.ts';
export type { LanceStoreOptions } from './lance-store.ts';
export { FTS_OPTIONS, LanceVectorStore } from './lance-store.ts';
export type { FusionWeights, RetrieveOptions } from './retrieve.ts';
export { FUSION_WEIGHTS, retrieve } from './retrieve.ts';
export { arabicStem, isArabic, wordTerms } from './search-text.ts';
export type { StoreErrorCode } from './store-errors.ts';
export {
  CorruptIndexError,
  EmbeddingMismatchError,
  InvalidStoreInputError,
  StoreError,
  VectorSearchUnavailableError,
} from './store-errors.ts';
export type {
  ChunkId,
  DocumentId,
  DocumentRecord,
  IndexCounts,
  SearchHit,
  SearchMode,
  StoredChunk,
  StoredDocument,
  StoredPage,
  StoredPath,
  VectorStore,
} from './types.ts';
export { chunkId, documentId } from './types.ts';
