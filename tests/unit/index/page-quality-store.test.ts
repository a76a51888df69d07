// A page's text quality (issue 15) in the real LanceDB pages table: stored, returned by getPage and
// readDocuments, absent for pages not assessed, and absent (not an error) in an index written before
// the column existed.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LanceVectorStore } from '../../../packages/index/src/lance-store.ts';
import { chunkId, type DocumentRecord, documentId } from '../../../packages/index/src/types.ts';
import { tempDir } from '../../helpers/temp.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(dir: string): Promise<LanceVectorStore> {
  const store = await LanceVectorStore.open(dir, { embedding: null });
  cleanups.push(() => store.close());
  return store;
}

async function newDir(): Promise<string> {
  const dir = await tempDir('quire-quality-');
  cleanups.push(dir.cleanup);
  return join(dir.path, 'index');
}

/** A one-chunk document per page text, with the pages' quality figures (undefined: not assessed). */
function record(id: string, pages: { text: string; quality?: number }[]): DocumentRecord {
  const doc = documentId(id);
  return {
    document: {
      id: doc,
      kind: 'pdf',
      title: null,
      pageCount: pages.length,
      chunkCount: pages.length,
      indexedAt: 1,
    },
    pages: pages.map((p, index) => ({
      documentId: doc,
      page: index + 1,
      text: p.text,
      ...(p.quality === undefined ? {} : { quality: p.quality }),
    })),
    chunks: pages.map((p, ordinal) => ({
      id: chunkId(doc, ordinal),
      documentId: doc,
      ordinal,
      page: ordinal + 1,
      headingPath: [],
      start: 0,
      end: p.text.length,
      text: p.text,
      tokenCount: p.text.split(' ').length,
    })),
    vectors: null,
  };
}

describe('page quality in the index', () => {
  it('stores each page’s quality and returns it from getPage; a page not assessed has none', async () => {
    const store = await open(await newDir());
    const memo = record('cd01', [
      { text: 'A l e t t e r froas Calif&rr-.la. and Hawaiian Sugar defining', quality: 0.38 },
      { text: 'A letter from California and Hawaiian Sugar Refining.', quality: 1 },
      { text: 'Exhibit B' },
    ]);
    await store.addDocuments([memo]);
    expect(await store.getPage(memo.document.id, 1)).toMatchObject({ page: 1, quality: 0.38 });
    expect((await store.getPage(memo.document.id, 2))?.quality).toBe(1);
    const short = await store.getPage(memo.document.id, 3);
    expect(short?.text).toBe('Exhibit B');
    expect(short).not.toHaveProperty('quality');
    const [read] = await store.readDocuments([memo.document.id]);
    expect(read?.pages.map((p) => p.quality)).toEqual([0.38, 1, undefined]);
  });

  it('opens an index written before the quality column: old pages have none, new ones keep theirs', async () => {
    const dir = await newDir();
    const { connect } = await import('@lancedb/lancedb');
    const { Field, Float64, Int32, Schema, Utf8 } = await import('apache-arrow');
    const db = await connect(dir);
    // The pages table as OCR (issue 8) left it: source, confidence and words, no quality.
    const before = new Schema([
      new Field('documentId', new Utf8(), false),
      new Field('page', new Int32(), false),
      new Field('text', new Utf8(), false),
      new Field('source', new Utf8(), true),
      new Field('confidence', new Float64(), true),
      new Field('words', new Utf8(), true),
    ]);
    const table = await db.createEmptyTable('pages', before);
    await table.add([
      { documentId: 'cd02', page: 1, text: 'Scanned page.', source: 'ocr', confidence: 88, words: null },
    ]);
    table.close();
    db.close();

    const store = await open(dir);
    expect(await store.getPage(documentId('cd02'), 1)).toEqual({
      documentId: 'cd02',
      page: 1,
      text: 'Scanned page.',
      source: 'ocr',
      confidence: 88,
    });
    await store.addDocuments([record('cd03', [{ text: 'A new page of sound text.', quality: 0.97 }])]);
    expect((await store.getPage(documentId('cd03'), 1))?.quality).toBe(0.97);
  });
});
