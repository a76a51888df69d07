// Embedding and reranking over a loaded model: the `Embedder` seam and its llama.cpp implementation,
// and the `Reranker` that re-scores retrieved passages.
export type { LlamaEmbedderOptions } from './llama-embedder.ts';
export { LlamaEmbedder, PIECE_TOKENS } from './llama-embedder.ts';
export type { LlamaRerankerOptions, Reranker } from './llama-reranker.ts';
export { LlamaReranker } from './llama-reranker.ts';
export type { OpenAiCompatibleEmbedderOptions } from './openai-compatible-embedder.ts';
export { OpenAiCompatibleEmbedder } from './openai-compatible-embedder.ts';
export type { Embedder, EmbeddingInfo, EmbedKind } from './types.ts';
