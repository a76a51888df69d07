import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmbeddingInfo } from '@quire/embeddings';
import { afterEach, describe, expect, it } from 'vitest';
import { PAGE_FACTS_VERSION } from '../../../packages/index/src/lance-schema.ts';
import { LanceVectorStore } from '../../../packages/index/src/lance-store.ts';
import { FUSION_WEIGHTS } from '../../../packages/index/src/retrieve.ts';
import { SEARCH_TEXT_VERSION } from '../../../packages/index/src/search-text.ts';
import {
  EmbeddingMismatchError,
  InvalidStoreInputError,
  VectorSearchUnavailableError,
} from '../../../packages/index/src/store-errors.ts';
import {
  chunkId,
  type DocumentId,
  type DocumentRecord,
  documentId,
  type StoredPath,
} from '../../../packages/index/src/types.ts';
import { tempDir } from '../../helpers/temp.ts';

const DIM = 8;
const TINY: EmbeddingInfo = { modelId: 'sha-tiny', name: 'tiny-embed', dimension: DIM };
const OTHER: EmbeddingInfo = { modelId: 'sha-bge', name: 'bge-small', dimension: DIM };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function newDir(): Promise<string> {
  const dir = await tempDir('quire-lance-');
  cleanups.push(dir.cleanup);
  return join(dir.path, 'index');
}

async function open(dir: string, embedding: EmbeddingInfo | null = TINY): Promise<LanceVectorStore> {
  const store = await LanceVectorStore.open(dir, { embedding });
  cleanups.push(() => store.close());
  return store;
}

/** A unit vector along `axis`, or a normalised mix of axes. */
function unit(...axes: number[]): Float32Array {
  const v = new Float32Array(DIM);
  for (const axis of axes) v[axis] = 1 / Math.sqrt(axes.length);
  return v;
}

interface ChunkSpec {
  text: string;
  heading?: string[];
  page?: number;
  vector?: Float32Array;
}

function record(id: string, chunks: ChunkSpec[], withVectors = true): DocumentRecord {
  const doc = documentId(id);
  const pages = [...new Set(chunks.map((c) => c.page ?? 1))].map((page) => ({
    documentId: doc,
    page,
    text: chunks
      .filter((c) => (c.page ?? 1) === page)
      .map((c) => c.text)
      .join('\n'),
  }));
  return {
    document: {
      id: doc,
      kind: 'pdf',
      title: `Title of ${id}`,
      pageCount: pages.length,
      chunkCount: chunks.length,
      indexedAt: 1,
    },
    pages,
    chunks: chunks.map((c, ordinal) => ({
      id: chunkId(doc, ordinal),
      documentId: doc,
      ordinal,
      page: c.page ?? 1,
      headingPath: c.heading ?? [],
      start: ordinal * 100,
      end: ordinal * 100 + c.text.length,
      text: c.text,
      tokenCount: c.text.split(' ').length,
    })),
    vectors: withVectors ? chunks.map((c, i) => c.vector ?? unit(i % DIM)) : null,
  };
}

function pathOf(path: string, doc: DocumentId | null): StoredPath {
  return {
    path,
    documentId: doc,
    size: 10,
    mtimeMs: 1_700_000_000_000.5,
    errorCode: null,
    errorMessage: null,
  };
}

/** Adds the records and one path per document (`<id>.pdf`). */
async function addWithPaths(store: LanceVectorStore, records: DocumentRecord[]): Promise<void> {
  await store.addDocuments(records);
  await store.upsertPaths(records.map((r) => pathOf(`${r.document.id}.pdf`, r.document.id)));
}

const LEASE = record('aa01', [
  {
    text: 'The tenant pays rent on the first day of each month.',
    heading: ['Lease', 'Rent'],
    vector: unit(0),
  },
  { text: 'Pets are not allowed in the apartment.', heading: ['Lease', 'Rules'], vector: unit(1) },
]);
const INVOICE = record('bb02', [
  { text: 'Invoice total is payable within thirty days.', page: 1, vector: unit(2) },
  { text: 'Late payments accrue interest of two percent.', page: 2, vector: unit(3) },
]);

describe('LanceVectorStore', () => {
  it('round-trips documents, pages, chunks and paths', async () => {
    const store = await open(await newDir());
    await addWithPaths(store, [LEASE, INVOICE]);
    const failed: StoredPath = {
      path: 'broken.pdf',
      documentId: null,
      size: 3,
      mtimeMs: 5,
      errorCode: 'encrypted',
      errorMessage: 'The PDF is password-protected',
    };
    await store.upsertPaths([failed]);

    expect(await store.counts()).toEqual({ documents: 2, pages: 3, chunks: 4, paths: 3 });
    expect(await store.listDocumentIds()).toEqual(new Set([LEASE.document.id, INVOICE.document.id]));
    expect(await store.getPage(INVOICE.document.id, 2)).toEqual(INVOICE.pages[1]);
    expect(await store.getPage(INVOICE.document.id, 9)).toBeNull();
    expect(await store.listPaths()).toEqual([
      pathOf('aa01.pdf', LEASE.document.id),
      pathOf('bb02.pdf', INVOICE.document.id),
      failed,
    ]);
    const [hit] = await store.search({ mode: 'fulltext', query: 'pets', k: 5 });
    expect(hit?.chunk).toEqual(LEASE.chunks[1]);
    expect(hit).not.toHaveProperty('vector');
    expect(hit?.chunk).not.toHaveProperty('vector');

    await store.upsertPaths([
      { ...failed, documentId: LEASE.document.id, errorCode: null, errorMessage: null },
    ]);
    expect((await store.listPaths()).find((p) => p.path === 'broken.pdf')?.documentId).toBe(
      LEASE.document.id,
    );
    expect((await store.counts()).paths).toBe(3);
  });

  it.each([
    ['flat scan of unindexed rows', undefined],
    ['re-index after each write', 1],
  ])(
    'full-text search finds a word on one chunk, headings and stems included, also for later rows (%s)',
    async (_, ftsReindexThreshold) => {
      const store = await LanceVectorStore.open(await newDir(), { embedding: TINY, ftsReindexThreshold });
      cleanups.push(() => store.close());
      await addWithPaths(store, [LEASE]);
      const pets = await store.search({ mode: 'fulltext', query: 'pets', k: 5 });
      expect(pets.map((h) => h.chunk.id)).toEqual([LEASE.chunks[1]?.id]);
      expect(pets[0]?.score).toBeGreaterThan(0);
      expect(pets[0]?.ranks).toEqual({ fulltext: 1 });
      expect(
        (await store.search({ mode: 'fulltext', query: 'RULES', k: 5 })).map((h) => h.chunk.ordinal),
      ).toEqual([1]);
      expect(
        (await store.search({ mode: 'fulltext', query: 'paying', k: 5 })).map((h) => h.chunk.ordinal),
      ).toEqual([0]);

      await addWithPaths(store, [INVOICE]);
      const late = await store.search({ mode: 'fulltext', query: 'interest', k: 5 });
      expect(late.map((h) => h.chunk.id)).toEqual([INVOICE.chunks[1]?.id]);
      expect(late[0]?.paths).toEqual(['bb02.pdf']);

      await store.optimize();
      expect((await store.search({ mode: 'fulltext', query: 'interest pets', k: 5 })).length).toBe(2);
    },
  );

  it('vector search returns the nearest chunk with cosine similarity as score', async () => {
    const store = await open(await newDir());
    await addWithPaths(store, [LEASE, INVOICE]);
    const hits = await store.search({ mode: 'vector', query: '', vector: unit(2, 3), k: 3 });
    expect(
      hits
        .slice(0, 2)
        .map((h) => h.chunk.id)
        .sort(),
    ).toEqual([chunkId(INVOICE.document.id, 0), chunkId(INVOICE.document.id, 1)]);
    expect(hits[0]?.score).toBeCloseTo(Math.SQRT1_2, 5);
    expect(hits[2]?.score).toBeCloseTo(0, 5);
    const exact = await store.search({ mode: 'vector', query: '', vector: unit(1), k: 1 });
    expect(exact).toHaveLength(1);
    expect(exact[0]?.chunk.id).toBe(LEASE.chunks[1]?.id);
    expect(exact[0]?.score).toBeCloseTo(1, 5);
    expect(exact[0]?.ranks).toEqual({ vector: 1 });
    expect(exact[0]).not.toHaveProperty('vector');
  });

  it('hybrid search fuses both lists: a chunk found by both ranks first', async () => {
    const store = await open(await newDir());
    await addWithPaths(store, [LEASE, INVOICE]);
    // "rent" is only in LEASE chunk 0 (text) ; the vector leans to INVOICE chunk 0 and then LEASE chunk 0.
    const query = new Float32Array(DIM);
    query[2] = 0.9;
    query[0] = 0.5;
    const hits = await store.search({ mode: 'hybrid', query: 'rent', vector: query, k: 3 });
    expect(hits[0]?.chunk.id).toBe(LEASE.chunks[0]?.id);
    expect(hits[0]?.ranks).toEqual({ fulltext: 1, vector: 2 });
    // Full text's only hit counts 1; the vector list adds its normalised score, weighted by agreement.
    expect(hits[0]?.score).toBeGreaterThan(FUSION_WEIGHTS.fulltext);
    expect(hits[1]?.chunk.id).toBe(INVOICE.chunks[0]?.id);
    expect(hits[1]?.ranks).toEqual({ vector: 1 });
    expect(hits).toHaveLength(3);

    const vectorOnly = await store.search({ mode: 'hybrid', query: '  ', vector: unit(3), k: 1 });
    expect(vectorOnly[0]?.chunk.id).toBe(INVOICE.chunks[1]?.id);
    expect(vectorOnly[0]?.ranks).toEqual({ vector: 1 });
  });

  it('adopts the embedding of a new or empty index and records it beside the tables', async () => {
    const dir = await newDir();
    const first = await open(dir, OTHER);
    expect(first.embedding).toEqual(OTHER);
    await first.close();
    const wide: EmbeddingInfo = { modelId: 'sha-wide', name: 'wide', dimension: 16 };
    const second = await open(dir, wide);
    expect(second.embedding).toEqual(wide);
    expect(JSON.parse(await readFile(join(dir, 'quire-index.json'), 'utf8'))).toEqual({
      version: 1,
      embedding: wide,
      searchText: SEARCH_TEXT_VERSION,
      pageFacts: PAGE_FACTS_VERSION,
    });
    const doc = record('cc03', [{ text: 'wide vectors', vector: new Float32Array(16).fill(0.25) }]);
    await addWithPaths(second, [doc]);
    expect(
      (await second.search({ mode: 'vector', query: '', vector: new Float32Array(16).fill(1), k: 1 }))[0]
        ?.score,
    ).toBeCloseTo(1, 5);
  });

  it('refuses to mix embedding models in an index that holds chunks', async () => {
    const dir = await newDir();
    const store = await open(dir, TINY);
    await addWithPaths(store, [LEASE]);
    await store.close();

    await expect(LanceVectorStore.open(dir, { embedding: OTHER })).rejects.toSatisfy(
      (error: unknown) =>
        error instanceof EmbeddingMismatchError &&
        error.code === 'conflict' &&
        error.message.includes('tiny-embed (dimension 8)') &&
        error.message.includes('bge-small (dimension 8)') &&
        error.message.includes('Re-index'),
    );
    await expect(LanceVectorStore.open(dir, { embedding: { ...TINY, dimension: 16 } })).rejects.toThrow(
      EmbeddingMismatchError,
    );
    await expect(LanceVectorStore.open(dir, { embedding: null })).rejects.toThrow(EmbeddingMismatchError);
    const again = await open(dir, { ...TINY, name: 'renamed file' });
    expect(again.embedding).toEqual(TINY);
    expect((await again.counts()).chunks).toBe(2);
  });

  it('refuses to add vectors to a full-text index that holds chunks', async () => {
    const dir = await newDir();
    const store = await open(dir, null);
    await addWithPaths(store, [record('dd04', [{ text: 'plain text only' }], false)]);
    await store.close();
    await expect(LanceVectorStore.open(dir, { embedding: TINY })).rejects.toThrow(
      /no embedding model.*tiny-embed/,
    );
  });

  it('a full-text index does full-text and hybrid search, and refuses vector search', async () => {
    const store = await open(await newDir(), null);
    await addWithPaths(store, [
      record('dd04', [{ text: 'plain text only' }, { text: 'other words' }], false),
    ]);
    expect((await store.search({ mode: 'fulltext', query: 'plain', k: 5 })).length).toBe(1);
    const hybrid = await store.search({ mode: 'hybrid', query: 'words', k: 5 });
    expect(hybrid.map((h) => h.ranks)).toEqual([{ fulltext: 1 }]);
    await expect(store.search({ mode: 'vector', query: '', vector: unit(0), k: 5 })).rejects.toThrow(
      VectorSearchUnavailableError,
    );
  });

  it('validates vectors before writing anything', async () => {
    const store = await open(await newDir());
    const bad = [
      { ...LEASE, vectors: null },
      { ...LEASE, vectors: [unit(0)] },
      { ...LEASE, vectors: [unit(0), new Float32Array(4)] },
      { ...LEASE, vectors: [unit(0), new Float32Array(DIM).fill(Number.NaN)] },
    ];
    for (const rec of bad) await expect(store.addDocuments([rec])).rejects.toThrow(InvalidStoreInputError);
    await expect(store.addDocuments([LEASE, LEASE])).rejects.toThrow(InvalidStoreInputError);
    await expect(
      store.search({ mode: 'vector', query: '', vector: new Float32Array(4), k: 1 }),
    ).rejects.toThrow(InvalidStoreInputError);
    await expect(store.search({ mode: 'hybrid', query: 'x', k: 1 })).rejects.toThrow(InvalidStoreInputError);
    expect(await store.counts()).toEqual({ documents: 0, pages: 0, chunks: 0, paths: 0 });
  });

  it('a freshly opened store sees another instance’s writes, and a long-lived one does too', async () => {
    const dir = await newDir();
    const writer = await open(dir);
    const reader = await open(dir);
    await addWithPaths(writer, [LEASE]);
    expect((await reader.search({ mode: 'fulltext', query: 'tenant', k: 5 })).length).toBe(1);
    await writer.close();
    const fresh = await open(dir);
    expect(await fresh.counts()).toEqual({ documents: 1, pages: 1, chunks: 2, paths: 1 });
    expect(fresh.embedding).toEqual(TINY);
    expect((await fresh.search({ mode: 'vector', query: '', vector: unit(0), k: 1 }))[0]?.chunk).toEqual(
      LEASE.chunks[0],
    );
  });

  it('re-adding a document replaces it instead of duplicating its rows', async () => {
    const store = await open(await newDir());
    await addWithPaths(store, [LEASE]);
    await store.addDocuments([LEASE]);
    expect(await store.counts()).toEqual({ documents: 1, pages: 1, chunks: 2, paths: 1 });
  });

  it('deletes a document from every table; search no longer returns it', async () => {
    const store = await open(await newDir());
    const quoted = record("ee'05", [{ text: 'quoted identifier rent', vector: unit(0) }]);
    await addWithPaths(store, [LEASE, INVOICE, quoted]);
    await store.deleteDocuments([LEASE.document.id, quoted.document.id]);
    expect(await store.counts()).toEqual({ documents: 1, pages: 2, chunks: 2, paths: 3 });
    expect(await store.listDocumentIds()).toEqual(new Set([INVOICE.document.id]));
    expect(await store.getPage(LEASE.document.id, 1)).toBeNull();
    expect(await store.search({ mode: 'fulltext', query: 'rent', k: 5 })).toEqual([]);
    const near = await store.search({ mode: 'vector', query: '', vector: unit(0), k: 5 });
    expect(near.map((h) => h.chunk.documentId)).toEqual([INVOICE.document.id, INVOICE.document.id]);
    await store.deleteDocuments([]);
  });

  it('a document stored under two paths is one hit carrying both paths, sorted', async () => {
    const store = await open(await newDir());
    await store.addDocuments([LEASE]);
    await store.upsertPaths([
      pathOf('z/copy.pdf', LEASE.document.id),
      pathOf('a/lease.pdf', LEASE.document.id),
    ]);
    const hits = await store.search({ mode: 'fulltext', query: 'pets', k: 5 });
    expect(hits).toHaveLength(1);
    expect(hits[0]?.paths).toEqual(['a/lease.pdf', 'z/copy.pdf']);
  });

  it('excludes chunks whose document no longer has a path, still filling k', async () => {
    const store = await open(await newDir());
    const orphans = Array.from({ length: 6 }, (_, i) =>
      record(`ff${i}`, [{ text: `rent rent rent orphan ${i}`, vector: unit(0) }]),
    );
    await addWithPaths(store, [...orphans, LEASE, INVOICE]);
    await store.deletePaths(orphans.map((r) => `${r.document.id}.pdf`));
    for (const mode of ['fulltext', 'vector', 'hybrid'] as const) {
      const hits = await store.search({ mode, query: 'rent interest', vector: unit(0), k: 2 });
      expect(hits).toHaveLength(2);
      expect(hits.every((h) => !h.chunk.documentId.startsWith('ff'))).toBe(true);
    }
    expect((await store.search({ mode: 'fulltext', query: 'orphan', k: 5 })).length).toBe(0);
  });

  it('treats special characters in queries as text and stores any path', async () => {
    const store = await open(await newDir());
    await store.addDocuments([LEASE, INVOICE]);
    const odd = [
      'it\'s "quoted" (1).pdf',
      'dir with spaces/Müller – über 契約.pdf',
      'back\\slash;DROP TABLE paths;--.pdf',
    ];
    await store.upsertPaths(odd.map((p, i) => pathOf(p, i === 0 ? LEASE.document.id : INVOICE.document.id)));
    expect((await store.listPaths()).map((p) => p.path).sort()).toEqual([...odd].sort());
    const queries = [
      '"rent',
      'rent:',
      '(rent)',
      'rent AND pets',
      'rent*',
      'pe?s',
      'NOT',
      '"unterminated',
      '\\',
      "'",
      '契約',
      '😀 rent',
      'a || b',
      '+rent -pets ~2 ^3',
      '{[]}',
    ];
    for (const query of queries) {
      for (const mode of ['fulltext', 'hybrid'] as const) {
        await expect(store.search({ mode, query, vector: unit(0), k: 3 })).resolves.toBeInstanceOf(Array);
      }
    }
    const hits = await store.search({ mode: 'fulltext', query: '"rent" AND (month):', k: 3 });
    expect(hits[0]?.chunk.id).toBe(LEASE.chunks[0]?.id);
    expect(hits[0]?.paths).toEqual([odd[0]]);
    await store.deletePaths([odd[0] ?? '', odd[2] ?? '']);
    expect((await store.listPaths()).map((p) => p.path)).toEqual([odd[1]]);
  });

  it('searches of an empty index, or with an empty query or k = 0, return []', async () => {
    const store = await open(await newDir());
    for (const mode of ['fulltext', 'vector', 'hybrid'] as const) {
      expect(await store.search({ mode, query: 'rent', vector: unit(0), k: 5 })).toEqual([]);
    }
    await addWithPaths(store, [LEASE]);
    expect(await store.search({ mode: 'fulltext', query: '', k: 5 })).toEqual([]);
    expect(await store.search({ mode: 'fulltext', query: 'the of and', k: 5 })).toEqual([]);
    expect(await store.search({ mode: 'hybrid', query: 'rent', vector: unit(0), k: 0 })).toEqual([]);
    expect(await store.counts()).toEqual({ documents: 1, pages: 1, chunks: 2, paths: 1 });
    const emptyText = await open(await newDir(), null);
    expect(await emptyText.search({ mode: 'hybrid', query: 'rent', k: 5 })).toEqual([]);
    expect(await emptyText.listPaths()).toEqual([]);
    expect(await emptyText.listDocumentIds()).toEqual(new Set());
  });

  it('two stores in two folders never see each other’s data', async () => {
    const one = await open(await newDir());
    const two = await open(await newDir());
    await addWithPaths(one, [LEASE]);
    await addWithPaths(two, [INVOICE]);
    expect(await one.listDocumentIds()).toEqual(new Set([LEASE.document.id]));
    expect(await two.listDocumentIds()).toEqual(new Set([INVOICE.document.id]));
    expect(await one.search({ mode: 'fulltext', query: 'invoice', k: 5 })).toEqual([]);
    expect(await two.search({ mode: 'fulltext', query: 'tenant', k: 5 })).toEqual([]);
    const near = await two.search({ mode: 'vector', query: '', vector: unit(0), k: 10 });
    expect(near.every((h) => h.chunk.documentId === INVOICE.document.id)).toBe(true);
    expect((await one.listPaths()).map((p) => p.path)).toEqual(['aa01.pdf']);
  });
});

describe('OCR pages and indexes from before OCR', () => {
  it('round-trips source, confidence and word boxes of OCR pages; text-layer pages carry none', async () => {
    const store = await open(await newDir());
    const scanned = record('ab01', [{ text: 'Scanned zanquillo audit note.' }]);
    const [page] = scanned.pages;
    if (!page) throw new Error('no page');
    page.source = 'ocr';
    page.confidence = 91.5;
    page.words = [{ start: 8, end: 17, x: 72.5, y: 90, width: 60, height: 14, confidence: 93 }];
    for (const chunk of scanned.chunks) Object.assign(chunk, { source: 'ocr', confidence: 91.5 });
    await addWithPaths(store, [scanned, LEASE]);

    expect(await store.getPage(scanned.document.id, 1)).toEqual(page);
    const lease = await store.getPage(LEASE.document.id, 1);
    expect(lease?.source).toBeUndefined();
    expect(lease?.words).toBeUndefined();
    const [hit] = await store.search({ mode: 'fulltext', query: 'zanquillo', k: 1 });
    expect(hit?.chunk).toMatchObject({ source: 'ocr', confidence: 91.5 });
    const [rent] = await store.search({ mode: 'fulltext', query: 'rent', k: 1 });
    expect(rent?.chunk.source).toBeUndefined();
  });

  it('opens an index written before the OCR columns, adding them, and keeps its rows readable', async () => {
    const dir = await newDir();
    const { connect } = await import('@lancedb/lancedb');
    const { Field, Int32, Schema, Utf8 } = await import('apache-arrow');
    const db = await connect(dir);
    const oldPages = new Schema([
      new Field('documentId', new Utf8(), false),
      new Field('page', new Int32(), false),
      new Field('text', new Utf8(), false),
    ]);
    const table = await db.createEmptyTable('pages', oldPages);
    await table.add([{ documentId: 'ac01', page: 1, text: 'Old page text.' }]);
    table.close();
    db.close();

    const store = await open(dir, null);
    expect(await store.getPage(documentId('ac01'), 1)).toEqual({
      documentId: 'ac01',
      page: 1,
      text: 'Old page text.',
    });
    await store.addDocuments([record('ac02', [{ text: 'A new page.' }], false)]);
    expect((await store.getPage(documentId('ac02'), 1))?.text).toBe('A new page.');
  });
});
