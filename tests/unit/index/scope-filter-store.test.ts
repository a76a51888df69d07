// Issue 17 in the real LanceDB store: a document filter (a question's scope, resolved to document ids)
// runs inside the full-text and vector queries, so k hits come back however narrow the scope is; page
// labels, Bates numbers and document dates are stored and read back (and are absent, not errors, in
// rows written before the columns existed).
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LanceVectorStore } from '../../../packages/index/src/lance-store.ts';
import { retrieve } from '../../../packages/index/src/retrieve.ts';
import { chunkId, type DocumentRecord, documentId } from '../../../packages/index/src/types.ts';
import { tempDir } from '../../helpers/temp.ts';

const DIMENSION = 8;
const EMBEDDING = { modelId: 'test-vectors', name: 'test vectors', dimension: DIMENSION };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openStore(): Promise<LanceVectorStore> {
  const dir = await tempDir('quire-scope-store-');
  cleanups.push(dir.cleanup);
  const store = await LanceVectorStore.open(join(dir.path, 'index'), { embedding: EMBEDDING });
  cleanups.push(() => store.close());
  return store;
}

/** A deterministic unit vector for document `d`, chunk `c`: every chunk near the query vector [1,0,…]. */
function vectorOf(d: number, c: number): Float32Array {
  const v = new Float32Array(DIMENSION);
  v[0] = 1;
  v[1 + ((d + c) % (DIMENSION - 1))] = 0.1 + ((d * 7 + c) % 10) / 50;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

const hex = (n: number) => n.toString(16).padStart(64, '0');

/** Document `d` with `chunks` one-page chunks that all mention the lease. */
function record(d: number, chunks: number): DocumentRecord {
  const doc = documentId(hex(d + 1));
  const texts = Array.from(
    { length: chunks },
    (_, c) => `Clause ${c} of document ${d}: the tenant shall pay rent under the lease.`,
  );
  return {
    document: {
      id: doc,
      kind: 'pdf',
      title: `Document ${d}`,
      pageCount: chunks,
      chunkCount: chunks,
      indexedAt: 1,
      date: { value: `2021-0${(d % 9) + 1}-15`, source: 'pdf-metadata' },
      bates: {
        first: `ACME-${String(d * 100 + 1).padStart(7, '0')}`,
        last: `ACME-${String(d * 100 + chunks).padStart(7, '0')}`,
      },
    },
    pages: texts.map((text, c) => ({
      documentId: doc,
      page: c + 1,
      text,
      label: String(c + 3),
      labelSource: 'printed' as const,
      bates: `ACME-${String(d * 100 + c + 1).padStart(7, '0')}`,
    })),
    chunks: texts.map((text, c) => ({
      id: chunkId(doc, c),
      documentId: doc,
      ordinal: c,
      page: c + 1,
      headingPath: [],
      start: 0,
      end: text.length,
      text,
      tokenCount: 14,
      pageLabel: String(c + 3),
      bates: `ACME-${String(d * 100 + c + 1).padStart(7, '0')}`,
    })),
    vectors: texts.map((_, c) => vectorOf(d, c)),
  };
}

async function filledStore(documents: number, chunksEach: number) {
  const store = await openStore();
  const records = Array.from({ length: documents }, (_, d) => record(d, chunksEach));
  await store.addDocuments(records);
  await store.upsertPaths(
    records.map((r, d) => ({
      path: `/matter/doc-${d}.pdf`,
      documentId: r.document.id,
      size: 1,
      mtimeMs: 1,
      errorCode: null,
      errorMessage: null,
    })),
  );
  await store.optimize();
  return { store, ids: records.map((r) => r.document.id) };
}

const query = new Float32Array(DIMENSION).fill(0).map((_, i) => (i === 0 ? 1 : 0));

describe('a document filter inside the index query', () => {
  it('returns k hits from the allowed documents alone, in full text, vectors and hybrid', async () => {
    // 60 documents of 10 matching chunks: a filter applied after a top-k query would find almost none.
    const { store, ids } = await filledStore(60, 10);
    const allowed = [ids[17], ids[42]].filter((id) => id !== undefined);
    const filter = { include: allowed };
    for (const mode of ['fulltext', 'vector', 'hybrid'] as const) {
      const hits = await store.search({ mode, query: 'tenant rent lease', vector: query, k: 12, filter });
      expect(hits, mode).toHaveLength(12);
      expect(new Set(hits.map((h) => h.chunk.documentId)), mode).toEqual(new Set(allowed));
    }
    // The same through retrieve(), the policy search and answers share.
    const viaRetrieve = await retrieve(store, 'tenant rent lease', { k: 15, mode: 'fulltext', filter });
    expect(viaRetrieve).toHaveLength(15);
    expect(viaRetrieve.every((h) => allowed.includes(h.chunk.documentId))).toBe(true);
  });

  it('an exclusion keeps every other document and drops the excluded ones', async () => {
    const { store, ids } = await filledStore(6, 4);
    const excluded = ids.slice(0, 5);
    const hits = await store.search({
      mode: 'fulltext',
      query: 'tenant rent',
      k: 24,
      filter: { exclude: excluded },
    });
    expect(hits.map((h) => h.chunk.documentId)).toEqual(Array(4).fill(ids[5]));
    expect(await store.search({ mode: 'fulltext', query: 'tenant', k: 5, filter: { include: [] } })).toEqual(
      [],
    );
  });

  it('stores page labels, Bates numbers and the document date and reads them back', async () => {
    const { store, ids } = await filledStore(2, 3);
    const id = ids[1];
    if (id === undefined) throw new Error('no document');
    const [hit] = await store.search({
      mode: 'fulltext',
      query: 'clause 2 document 1',
      k: 1,
      filter: { include: [id] },
    });
    expect(hit?.chunk).toMatchObject({ page: 3, pageLabel: '5', bates: 'ACME-0000103' });
    expect(await store.getPage(id, 2)).toMatchObject({
      label: '4',
      labelSource: 'printed',
      bates: 'ACME-0000102',
    });
    const doc = (await store.listDocuments()).find((d) => d.id === id);
    expect(doc?.date).toEqual({ value: '2021-02-15', source: 'pdf-metadata' });
    expect(doc?.bates).toEqual({ first: 'ACME-0000101', last: 'ACME-0000103' });
  });

  it('keeps Word label marks (labels by offset) on a page', async () => {
    const store = await openStore();
    const r = record(0, 1);
    const page = r.pages[0];
    if (!page) throw new Error('no page');
    r.pages[0] = {
      ...page,
      label: '1',
      labelSource: 'word-layout',
      labelMarks: [
        { offset: 0, label: '1' },
        { offset: 20, label: '2' },
      ],
    };
    await store.addDocuments([r]);
    expect((await store.getPage(r.document.id, 1))?.labelMarks).toEqual([
      { offset: 0, label: '1' },
      { offset: 20, label: '2' },
    ]);
  });
});
