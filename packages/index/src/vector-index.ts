import { Index, type Table, type VectorQuery } from '@lancedb/lancedb';
import { VECTOR_COLUMN } from './lance-schema.ts';

/**
 * Chunks past which the vector column gets an ANN index, for vectors up to {@link VECTOR_INDEX_WIDTH}
 * wide. Below it every vector query is a brute-force scan, measured on a 2-core machine at p95 51 ms for
 * 100k 128-d rows (bench:search) and 59 ms for 384-d (outside Quire), 418–568 ms at 1M: fine under 100k,
 * too slow past it, so the index is built from there on.
 */
export const VECTOR_INDEX_MIN_ROWS = 100_000;

/**
 * Wider vectors scan slower (768-d: p95 218 ms at 100k rows), so past this width the threshold shrinks in
 * proportion ({@link vectorIndexThreshold}).
 */
export const VECTOR_INDEX_WIDTH = 384;

/** The default chunk count from which vectors of `dimension` get an ANN index (50,000 for 768-d). */
export function vectorIndexThreshold(dimension: number): number {
  return Math.round(VECTOR_INDEX_MIN_ROWS * Math.min(1, VECTOR_INDEX_WIDTH / dimension));
}

/** Name of the vector index on the chunks table. */
export const VECTOR_INDEX_NAME = `${VECTOR_COLUMN}_idx`;

/** Rows per IVF partition: each partition is one HNSW graph, so this bounds a graph's build memory. */
export const ROWS_PER_PARTITION = 250_000;

/**
 * Partitions probed per query. At least the partition count up to 5M rows, so every HNSW graph is
 * searched and recall depends on `ef` alone.
 */
export const VECTOR_NPROBES = 20;

/**
 * HNSW candidates kept per query, per wanted hit (`ef = EF_PER_HIT × limit`, at least {@link MIN_EF}).
 * LanceDB's default is 1.5 × limit (recall@10 0.73 at 100k and 1M chunks). With the refine step, ef 200
 * gave recall@10 0.965 at 100k but 0.927–0.950 at 1M (two query sets), ef 400 0.964 and ef 800 0.977 at
 * 1M for ~2 ms more; hybrid search's 50 candidates get ef 1000 (recall@50 0.984 at 1M). bench:search,
 * docs/retrieval.md "Vector index past N chunks".
 */
export const EF_PER_HIT = 20;
export const MIN_EF = 800;

/**
 * Scalar-quantized distances are re-ranked on the full vectors of `REFINE_FACTOR × limit` candidates:
 * SQ (8-bit) distances alone reorder close neighbours. At 100k chunks (bench:search) refine lifted recall@10
 * from 0.915 to 0.966 at ef 200; a factor of 5 gained nothing over 2.
 */
export const REFINE_FACTOR = 2;

/** IVF partitions for a table of `rows` chunks: one per {@link ROWS_PER_PARTITION}, at least one. */
export function partitionsFor(rows: number): number {
  return Math.max(1, Math.ceil(rows / ROWS_PER_PARTITION));
}

/** What a vector index build reports: LanceDB gives no progress while it trains, so start and end. */
export type VectorIndexProgress =
  | { phase: 'start'; rows: number; partitions: number }
  | { phase: 'done'; rows: number; partitions: number; ms: number }
  | { phase: 'failed'; rows: number; partitions: number; ms: number; error: string };

/** Whether the chunks table has the vector index (built by this or another process). */
export async function hasVectorIndex(chunks: Table): Promise<boolean> {
  return (await chunks.listIndices()).some((index) => index.name === VECTOR_INDEX_NAME);
}

/**
 * Builds the `IVF_HNSW_SQ` index on the chunks' vectors, cosine distance like every vector query.
 * LanceDB commits an index as a new table version: readers keep searching the previous version by a
 * flat scan until it commits, and rows appended meanwhile are simply unindexed (found by a flat scan
 * until `optimize()` folds them in). A conflicting commit (a compaction of the same fragments) fails
 * the build, reported as `failed`; the next sync tries again.
 */
export async function buildVectorIndex(
  chunks: Table,
  rows: number,
  onProgress?: (progress: VectorIndexProgress) => void,
): Promise<boolean> {
  const partitions = partitionsFor(rows);
  const started = performance.now();
  onProgress?.({ phase: 'start', rows, partitions });
  try {
    await chunks.createIndex(VECTOR_COLUMN, {
      config: Index.hnswSq({ distanceType: 'cosine', numPartitions: partitions }),
      name: VECTOR_INDEX_NAME,
      replace: false,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    onProgress?.({ phase: 'failed', rows, partitions, ms: performance.now() - started, error: message });
    return false;
  }
  onProgress?.({ phase: 'done', rows, partitions, ms: performance.now() - started });
  return true;
}

/** Sets the ANN query options (ignored by LanceDB when the column has no index). */
export function withIndexOptions(query: VectorQuery, limit: number): VectorQuery {
  return query
    .nprobes(VECTOR_NPROBES)
    .ef(Math.max(MIN_EF, EF_PER_HIT * limit))
    .refineFactor(REFINE_FACTOR);
}
