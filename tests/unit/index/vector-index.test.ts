import { join } from 'node:path';
import { connect, type Table } from '@lancedb/lancedb';
import type { EmbeddingInfo } from '@quire/embeddings';
import { afterEach, describe, expect, it } from 'vitest';
import { LanceVectorStore } from '../../../packages/index/src/lance-store.ts';
import { chunkId, type DocumentRecord, documentId } from '../../../packages/index/src/types.ts';
import {
  partitionsFor,
  VECTOR_INDEX_NAME,
  type VectorIndexProgress,
  vectorIndexThreshold,
} from '../../../packages/index/src/vector-index.ts';
import { tempDir } from '../../helpers/temp.ts';

const DIM = 32;
const EMBEDDING: EmbeddingInfo = { modelId: 'sha-test', name: 'test-embed', dimension: DIM };
const CHUNKS_PER_DOC = 100;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A seeded generator (mulberry32), so every run indexes the same vectors. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normalised(v: Float32Array): Float32Array {
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/** Vectors in clusters (one centre per document, like a document's chunks), unit length. */
function clusteredVectors(rand: () => number, docs: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let d = 0; d < docs; d++) {
    const centre = Float32Array.from({ length: DIM }, () => rand() * 2 - 1);
    for (let c = 0; c < CHUNKS_PER_DOC; c++) {
      out.push(normalised(centre.map((x) => x + (rand() * 2 - 1) * 0.8)));
    }
  }
  return out;
}

function records(prefix: string, vectors: Float32Array[]): DocumentRecord[] {
  const out: DocumentRecord[] = [];
  for (let d = 0; d * CHUNKS_PER_DOC < vectors.length; d++) {
    const doc = documentId(`${prefix}${String(d).padStart(4, '0')}`);
    const own = vectors.slice(d * CHUNKS_PER_DOC, (d + 1) * CHUNKS_PER_DOC);
    out.push({
      document: { id: doc, kind: 'txt', title: null, pageCount: 1, chunkCount: own.length, indexedAt: 1 },
      pages: [{ documentId: doc, page: 1, text: `document ${doc}` }],
      chunks: own.map((_, ordinal) => ({
        id: chunkId(doc, ordinal),
        documentId: doc,
        ordinal,
        page: 1,
        headingPath: [],
        start: ordinal,
        end: ordinal + 1,
        text: `chunk ${ordinal} of ${doc}`,
        tokenCount: 4,
      })),
      vectors: own,
    });
  }
  return out;
}

async function add(store: LanceVectorStore, batch: DocumentRecord[]): Promise<void> {
  await store.addDocuments(batch);
  await store.upsertPaths(
    batch.map((r) => ({
      path: `${r.document.id}.txt`,
      documentId: r.document.id,
      size: 1,
      mtimeMs: 1,
      errorCode: null,
      errorMessage: null,
    })),
  );
}

/** The exact top `k` chunk ids by cosine similarity, computed here (the ground truth). */
function bruteForce(query: Float32Array, ids: string[], vectors: Float32Array[], k: number): string[] {
  const scored = vectors.map((v, i) => {
    let dot = 0;
    for (let d = 0; d < DIM; d++) dot += (v[d] ?? 0) * (query[d] ?? 0);
    return { id: ids[i] ?? '', dot };
  });
  return scored
    .sort((a, b) => b.dot - a.dot)
    .slice(0, k)
    .map((s) => s.id);
}

async function top(store: LanceVectorStore, vector: Float32Array, k: number): Promise<string[]> {
  const hits = await store.search({ mode: 'vector', query: '', vector, k });
  return hits.map((h) => h.chunk.id);
}

describe('vector index past a threshold', () => {
  it('chooses one IVF partition per 250k chunks', () => {
    expect(partitionsFor(4000)).toBe(1);
    expect(partitionsFor(100_000)).toBe(1);
    expect(partitionsFor(1_000_000)).toBe(4);
  });

  it('is built only past the threshold, keeps recall against brute force, and folds in later rows', async () => {
    const dir = await tempDir('quire-vector-index-');
    cleanups.push(dir.cleanup);
    const store = await LanceVectorStore.open(join(dir.path, 'index'), {
      embedding: EMBEDDING,
      vectorIndexMinRows: 3000,
    });
    cleanups.push(() => store.close());
    const rand = random(20);
    const vectors = clusteredVectors(rand, 40);
    const all = records('d', vectors);
    const ids = all.flatMap((r) => r.chunks.map((c) => c.id as string));

    await add(store, all.slice(0, 20));
    const events: VectorIndexProgress[] = [];
    const onProgress = (p: VectorIndexProgress) => events.push(p);
    // 2000 chunks: below the threshold nothing is built.
    expect(await store.ensureVectorIndex({ onProgress })).toBe(false);
    expect(events).toEqual([]);

    await add(store, all.slice(20));
    await store.optimize();
    const building = store.ensureVectorIndex({ onProgress });
    // A second call while it builds joins the same build (one start event); reads and writes go on.
    const joined = store.ensureVectorIndex({ onProgress });
    expect(await top(store, vectors[0] ?? new Float32Array(DIM), 1)).toEqual([ids[0]]);
    const during = records('w', clusteredVectors(random(3), 1));
    await add(store, during);
    expect(await building).toBe(true);
    expect(await joined).toBe(true);
    expect(events.map((e) => e.phase)).toEqual(['start', 'done']);
    expect(events[0]).toMatchObject({ partitions: 1 });
    const chunks = await openChunks(join(dir.path, 'index'));
    const stats = await chunks.indexStats(VECTOR_INDEX_NAME);
    expect(stats).toMatchObject({ indexType: 'IVF_HNSW_SQ', distanceType: 'cosine' });
    expect((stats?.numIndexedRows ?? 0) + (stats?.numUnindexedRows ?? 0)).toBe(4000 + CHUNKS_PER_DOC);
    await store.optimize();
    const written = [...vectors, ...(during[0]?.vectors ?? [])];
    ids.push(...(during[0]?.chunks.map((c) => c.id as string) ?? []));
    // Once it exists, ensureVectorIndex builds nothing more.
    expect(await store.ensureVectorIndex({ onProgress })).toBe(true);
    expect(events).toHaveLength(2);

    // Queries near the data (a chunk's vector, jittered): recall@10 of the index against the exact top 10.
    let found = 0;
    const queries = 40;
    for (let q = 0; q < queries; q++) {
      const base = vectors[Math.floor(rand() * vectors.length)] ?? new Float32Array(DIM);
      const query = normalised(base.map((x) => x + (rand() * 2 - 1) * 0.3));
      const exact = new Set(bruteForce(query, ids, written, 10));
      found += (await top(store, query, 10)).filter((id) => exact.has(id)).length;
    }
    expect(found / (queries * 10)).toBeGreaterThanOrEqual(0.9);

    // A narrow scope (one document of 41) still yields its own exact top 10 through the index.
    const scoped = all[17];
    const scopedIds = scoped?.chunks.map((c) => c.id as string) ?? [];
    const scopedQuery = scoped?.vectors?.[3] ?? new Float32Array(DIM);
    const scopedHits = await store.search({
      mode: 'vector',
      query: '',
      vector: scopedQuery,
      k: 10,
      filter: { include: [documentId('d0017')] },
    });
    expect(scopedHits.map((h) => h.chunk.id)).toEqual(
      bruteForce(scopedQuery, scopedIds, scoped?.vectors ?? [], 10),
    );

    // Rows added after the build are unindexed, yet found (flat part); optimize folds them in.
    const later = records('n', clusteredVectors(random(7), 1));
    await add(store, later);
    expect((await chunks.indexStats(VECTOR_INDEX_NAME))?.numUnindexedRows).toBe(CHUNKS_PER_DOC);
    const newVector = later[0]?.vectors?.[5] ?? new Float32Array(DIM);
    const newId = later[0]?.chunks[5]?.id;
    expect((await top(store, newVector, 1))[0]).toBe(newId);
    await store.optimize();
    expect(await chunks.indexStats(VECTOR_INDEX_NAME)).toMatchObject({
      numIndexedRows: 4000 + 2 * CHUNKS_PER_DOC,
      numUnindexedRows: 0,
    });
    expect((await top(store, newVector, 1))[0]).toBe(newId);
  });
});

/** The chunks table opened on its own, to read the index statistics as another reader would. */
async function openChunks(dir: string): Promise<Table> {
  const db = await connect(dir, { readConsistencyInterval: 0 });
  const table = await db.openTable('chunks');
  cleanups.push(async () => {
    table.close();
    db.close();
  });
  return table;
}

describe('vectorIndexThreshold', () => {
  it('is 100,000 chunks up to 384-d and shrinks in proportion for wider vectors', () => {
    expect(vectorIndexThreshold(128)).toBe(100_000);
    expect(vectorIndexThreshold(384)).toBe(100_000);
    expect(vectorIndexThreshold(768)).toBe(50_000);
    expect(vectorIndexThreshold(1024)).toBe(37_500);
  });
});
