// npm run bench:search [-- <chunks> [<dims>]] — issue 20, search at scale: a workspace index of N chunks (default
// 100,000) written straight into a LanceVectorStore (no ingestion), then p50/p95 of full-text, vector
// (brute force, then with the IVF_HNSW_SQ index) and hybrid search over 100 queries, recall@10 of the index
// against brute force (also for LanceDB's default query options and a few `ef` values), the index build
// time and its size on disk. Prints figures; asserts nothing.
//
// Text: sentences of the .txt/.md/.html files in ../shared/realdocs (read in place), recombined 3–6 at a
// time. Vectors: the built-in model's computation done in JS — each word's GloVe vector (the same 100k
// words), mean-centred, unit-normed and SIF-weighted, summed, unit-normed, padded to 128 dims (the built-in
// model's width, whose dims 100–127 are zero) — so the vectors have real text's structure, fast. With
// <dims> other than 128 (e.g. 768, the width of common GGUF embedding models), the 100-d sum is projected by
// a fixed random Gaussian matrix to that width (distances kept up to small distortion), then unit-normed.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@lancedb/lancedb';
import { LanceVectorStore } from '../packages/index/src/lance-store.ts';
import { chunkId, type DocumentRecord, documentId } from '../packages/index/src/types.ts';
import { VECTOR_INDEX_NAME, withIndexOptions } from '../packages/index/src/vector-index.ts';
import { readWordVectors } from '../packages/models/src/word-vectors.ts';

const CHUNKS = Number(process.argv[2] ?? 100_000);
const QUERIES = 100;
const K = 10;
const DIM = Number(process.argv[3] ?? 128);
const WORD_DIMS = 100;
const CHUNKS_PER_DOC = 50;
const BATCH_DOCS = 100;
const realdocs = join(import.meta.dirname, '..', '..', 'shared', 'realdocs');
// QUIRE_BENCH_DIR: keep the workspace there and reuse it on the next run with the same size and width
// (skips writing and the index build: for trying query options at 1M chunks without 20 minutes of setup).
const kept = process.env.QUIRE_BENCH_DIR;
const root = kept ?? join(tmpdir(), 'quire-bench-search');

/** Seeded generator (mulberry32): the same workspace on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function textFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await textFiles(path)));
    else if (/\.(txt|md|html?)$/i.test(entry.name)) out.push(path);
  }
  return out;
}

async function sentences(): Promise<string[]> {
  const out: string[] = [];
  for (const path of await textFiles(realdocs)) {
    let text = await readFile(path, 'utf8');
    if (/\.html?$/i.test(path)) {
      text = text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' ');
      text = text.replace(/&nbsp;|&#160;/g, ' ').replace(/&amp;/g, '&');
    }
    for (const s of text.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+/)) {
      if (s.split(' ').length >= 5 && /[a-z]/i.test(s)) out.push(s.trim());
    }
  }
  return out;
}

// The built-in model's word weights (builtin-model.ts): SIF a/(a + p(rank)), p from Zipf over GloVe.
const glove = await readWordVectors(100_000, (w) => w.length <= 40 && /^[\p{Ll}\p{Lo}\p{Nd}]+$/u.test(w));
const mean = new Float64Array(WORD_DIMS);
for (let i = 0; i < glove.words.length; i++)
  for (let d = 0; d < WORD_DIMS; d++) mean[d] = (mean[d] ?? 0) + (glove.vectors[i * WORD_DIMS + d] ?? 0);
for (let d = 0; d < WORD_DIMS; d++) mean[d] = (mean[d] ?? 0) / glove.words.length;
let harmonic = 0;
for (let r = 1; r <= 341_479; r++) harmonic += 1 / r;
const wordVector = new Map<string, Float32Array>();
glove.words.forEach((word, rank) => {
  const v = new Float32Array(WORD_DIMS);
  for (let d = 0; d < WORD_DIMS; d++) v[d] = (glove.vectors[rank * WORD_DIMS + d] ?? 0) - (mean[d] ?? 0);
  const scale = 1e-3 / (1e-3 + 1 / ((rank + 1) * harmonic)) / Math.hypot(...v);
  wordVector.set(
    word,
    v.map((x) => x * scale),
  );
});

// The projection for widths other than 128: seeded, so every run builds the same workspace.
const gaussian = random(768);
const projection =
  DIM === 128
    ? null
    : Float32Array.from(
        { length: WORD_DIMS * DIM },
        () => Math.sqrt(-2 * Math.log(gaussian() || 1e-12)) * Math.cos(2 * Math.PI * gaussian()),
      );

function embed(text: string): Float32Array {
  const sum = new Float32Array(WORD_DIMS);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const v = wordVector.get(word);
    if (v) for (let d = 0; d < WORD_DIMS; d++) sum[d] = (sum[d] ?? 0) + (v[d] ?? 0);
  }
  const out = new Float32Array(DIM);
  if (projection === null) out.set(sum);
  else
    for (let d = 0; d < WORD_DIMS; d++) {
      const x = sum[d] ?? 0;
      if (x !== 0) for (let e = 0; e < DIM; e++) out[e] = (out[e] ?? 0) + x * (projection[d * DIM + e] ?? 0);
    }
  let norm = 0;
  for (const x of out) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return out.map((x) => x / norm);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
};
const ms = (values: number[]) =>
  `p50 ${percentile(values, 0.5).toFixed(1)} ms, p95 ${percentile(values, 0.95).toFixed(1)} ms`;

async function du(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await du(join(path, entry));
  return total;
}

const pool = await sentences();
const rand = random(20);
const pick = () => pool[Math.floor(rand() * pool.length)] ?? '';
console.log(`${pool.length} sentences from ${realdocs}; ${CHUNKS} chunks of 3–6 of them, ${DIM}-d vectors`);

const dir = join(root, `index-${CHUNKS}-${DIM}`);
const reuse = kept !== undefined && (await stat(join(dir, 'quire-index.json')).catch(() => null)) !== null;
if (!reuse) await rm(root, { recursive: true, force: true });
const store = await LanceVectorStore.open(dir, {
  embedding: { modelId: `bench-glove-sif-${DIM}`, name: `bench-glove-sif-${DIM}`, dimension: DIM },
  ftsReindexThreshold: Number.MAX_SAFE_INTEGER,
  vectorIndexMinRows: 0,
});
let written = reuse ? CHUNKS : 0;
if (reuse) console.log(`reusing the workspace in ${dir}`);
const started = performance.now();
for (let doc = 0; written < CHUNKS; ) {
  const batch: DocumentRecord[] = [];
  for (let b = 0; b < BATCH_DOCS && written < CHUNKS; b++, doc++) {
    const id = documentId(`doc${String(doc).padStart(7, '0')}`);
    const count = Math.min(CHUNKS_PER_DOC, CHUNKS - written);
    const texts = Array.from({ length: count }, () =>
      Array.from({ length: 3 + Math.floor(rand() * 4) }, pick).join(' '),
    );
    written += count;
    batch.push({
      document: { id, kind: 'txt', title: null, pageCount: 1, chunkCount: count, indexedAt: 1 },
      pages: [{ documentId: id, page: 1, text: '' }],
      chunks: texts.map((text, ordinal) => ({
        id: chunkId(id, ordinal),
        documentId: id,
        ordinal,
        page: 1,
        headingPath: [],
        start: 0,
        end: text.length,
        text,
        tokenCount: text.split(' ').length,
      })),
      vectors: texts.map(embed),
    });
  }
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
if (!reuse) await store.optimize();
console.log(`written and optimized in ${((performance.now() - started) / 1000).toFixed(1)} s`);

// Queries: the first 4–8 words of a random sentence, as a person might type them (ones with a known word);
// their own seed, so a run that reuses a kept workspace asks the same ones.
const queryRand = random(21);
const queries: { text: string; vector: Float32Array }[] = [];
while (queries.length < QUERIES) {
  const words = (pool[Math.floor(queryRand() * pool.length)] ?? '').split(' ');
  const text = words.slice(0, 4 + Math.floor(queryRand() * 5)).join(' ');
  const vector = embed(text);
  if (vector.some((x) => x !== 0)) queries.push({ text, vector });
}

async function timed(run: (q: (typeof queries)[number]) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await run(q);
    times.push(performance.now() - t);
  }
  return times;
}

console.log(`full-text: ${ms(await timed((q) => store.search({ mode: 'fulltext', query: q.text, k: K })))}`);
const vector = (q: (typeof queries)[number]) =>
  store.search({ mode: 'vector', query: '', vector: q.vector, k: K });
// A kept workspace already has its vector index: its queries would not be brute force.
if (!reuse) {
  console.log(`vector, brute force: ${ms(await timed(vector))}`);
  console.log(
    `hybrid, brute force: ${ms(await timed((q) => store.search({ mode: 'hybrid', query: q.text, vector: q.vector, k: K })))}`,
  );
}

// Exact top-10 cosine distances (the flat scan, bypassing any index), to judge recall with ties.
// Interval 0: this second handle sees the index once the store commits it.
const db = await connect(dir, { readConsistencyInterval: 0 });
const chunks = await db.openTable('chunks');
/** A result row; `vector` is an Arrow vector (its values read with `toArray()`). */
type Row = { id: string; _distance: number; vector: { toArray(): Float32Array } };
const dot = (a: Float32Array, row: Row) => {
  const b = row.vector.toArray();
  return a.reduce((sum, x, d) => sum + x * (b[d] ?? 0), 0);
};
const nearest = (v: Float32Array, k = K) =>
  chunks.vectorSearch(v).column('vector').distanceType('cosine').limit(k);
/** Per query, the exact k-th nearest distance. */
async function exactKth(k: number): Promise<number[]> {
  const out: number[] = [];
  for (const q of queries) {
    const rows = (await nearest(q.vector, k).bypassVectorIndex().select(['id', 'vector']).toArray()) as Row[];
    out.push(Math.max(...rows.map((r) => 1 - dot(q.vector, r))));
  }
  return out;
}
const exact = await exactKth(K);
// Hybrid search asks the vector list for 50 candidates (HYBRID_CANDIDATES): their recall is measured too.
const CANDIDATES = 50;
const exactCandidates = await exactKth(CANDIDATES);

const building = performance.now();
const events: string[] = [];
await store.ensureVectorIndex({ onProgress: (p) => events.push(p.phase) });
const buildSeconds = (performance.now() - building) / 1000;
const indexBytes = await du(join(dir, 'chunks.lance', '_indices'));
console.log(
  `index build (IVF_HNSW_SQ, ${events.join(' → ')}): ${buildSeconds.toFixed(1)} s; chunks table ${(
    (await du(join(dir, 'chunks.lance'))) / 2 ** 20
  ).toFixed(0)} MiB, of which indexes (full-text + vector) ${(indexBytes / 2 ** 20).toFixed(0)} MiB`,
);
const stats = await chunks.indexStats(VECTOR_INDEX_NAME);
if (stats === undefined) throw new Error('The vector index is missing after ensureVectorIndex');
console.log(`index: ${stats.indexType}, ${stats.distanceType}, ${stats.numIndexedRows} rows indexed`);

/** recall@10 (a hit counts when within the exact 10th distance: ties are not misses) and latency. */
async function measure(
  label: string,
  configure: (q: ReturnType<typeof nearest>) => ReturnType<typeof nearest>,
  k = K,
) {
  const kth = k === K ? exact : exactCandidates;
  let found = 0;
  const times: number[] = [];
  for (const [i, q] of queries.entries()) {
    const t = performance.now();
    const rows = (await configure(nearest(q.vector, k)).select(['id', 'vector']).toArray()) as Row[];
    times.push(performance.now() - t);
    // The exact distance of each hit (an index without refine returns quantized `_distance`s).
    found += rows.filter((r) => 1 - dot(q.vector, r) <= (kth[i] ?? 0) + 1e-5).length;
  }
  console.log(`  ${label}: recall@${k} ${(found / (queries.length * k)).toFixed(3)}, ${ms(times)}`);
}
console.log('indexed vector search (LanceDB table directly):');
await measure('LanceDB defaults (ef 1.5×limit, no refine)', (q) => q);
for (const ef of [20, 50, 100, 200]) await measure(`ef ${ef}, no refine`, (q) => q.ef(ef));
for (const [ef, refine] of [
  [100, 2],
  [200, 2],
  [200, 5],
  [400, 2],
  [800, 2],
  [1200, 2],
] as const) {
  await measure(`ef ${ef}, refineFactor ${refine}`, (q) => q.ef(ef).refineFactor(refine));
}
await measure("Quire's options (withIndexOptions)", (q) => withIndexOptions(q, K));
console.log(`the ${CANDIDATES} candidates of a hybrid search:`);
for (const ef of [400, 1000, 1600])
  await measure(`ef ${ef}, refineFactor 2`, (q) => q.nprobes(20).ef(ef).refineFactor(2), CANDIDATES);
await measure("Quire's options (withIndexOptions)", (q) => withIndexOptions(q, CANDIDATES), CANDIDATES);
console.log(`vector, indexed (store.search): ${ms(await timed(vector))}`);
console.log(
  `hybrid, indexed (store.search): ${ms(await timed((q) => store.search({ mode: 'hybrid', query: q.text, vector: q.vector, k: K })))}`,
);
chunks.close();
db.close();
await store.close();
if (kept === undefined) await rm(root, { recursive: true, force: true });
