/** Whether a text is embedded as a search query or as a stored passage (models prefix them differently). */
export type EmbedKind = 'query' | 'document';

/** Turns texts into fixed-width vectors. Implementations own a native model and must be closed. */
export interface Embedder {
  /** Stable identity of the model: sha256 of the GGUF file. Vectors of different ids never mix. */
  readonly modelId: string;
  /** Human name (file name or catalogue id). */
  readonly name: string;
  readonly dimension: number;
  embed(texts: readonly string[], kind: EmbedKind): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/** The embedding model a workspace index was built with (null: full-text only). */
export interface EmbeddingInfo {
  modelId: string;
  name: string;
  dimension: number;
}
