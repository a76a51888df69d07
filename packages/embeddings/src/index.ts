export type { BuiltinModelOptions } from './builtin-model.ts';
export {
  BUILTIN_DIMENSION,
  BUILTIN_MODEL_FILE,
  BUILTIN_MODEL_NAME,
  buildBuiltinModel,
  ensureBuiltinModel,
} from './builtin-model.ts';
export type { FusedItem, RankedList, RankSource } from './fusion.ts';
export { RRF_K, reciprocalRankFusion } from './fusion.ts';
export type { GgufFile, GgufTensor, GgufTensorType, GgufValue } from './gguf-writer.ts';
export { float16Bits, gguf, writeGguf } from './gguf-writer.ts';
export type { LanceStoreOptions } from './lance-store.ts';
export { FTS_OPTIONS, FUSION_WEIGHTS, LanceVectorStore } from './lance-store.ts';
export type { LlamaEmbedderOptions } from './llama-embedder.ts';
export { LlamaEmbedder } from './llama-embedder.ts';
export type { LlamaRerankerOptions, Reranker } from './llama-reranker.ts';
export { LlamaReranker } from './llama-reranker.ts';
export { fileSha256, getSharedLlama, loadGgufModel } from './llama-runtime.ts';
export type { ModelErrorCode } from './model-errors.ts';
export { ModelError } from './model-errors.ts';
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
  Embedder,
  EmbeddingInfo,
  EmbedKind,
  IndexCounts,
  PageWordBox,
  SearchHit,
  SearchMode,
  StoredChunk,
  StoredDocument,
  StoredPage,
  StoredPath,
  TextSource,
  VectorStore,
} from './types.ts';
export { chunkId, documentId } from './types.ts';
