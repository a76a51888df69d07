import { join } from 'node:path';
import { connect } from '@lancedb/lancedb';
import { afterEach, describe, expect, it } from 'vitest';
import { LanceVectorStore } from '../../../packages/index/src/lance-store.ts';
import { documentId } from '../../../packages/index/src/types.ts';
import { scanForMarker } from '../../helpers/byte-scan.ts';
import { path, record, TINY } from '../../helpers/store-records.ts';
import { tempDir } from '../../helpers/temp.ts';

/** Words of the removed document (in its text and its file name) and of the kept one. */
const GONE = 'zorvexquill';
const GONE_NAME = 'plimbarton';
const KEPT = 'quendalith';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A store in a temp folder holding the two documents, folded into the full-text index. */
async function storeWithTwo(): Promise<{ store: LanceVectorStore; dir: string; home: string }> {
  const tmp = await tempDir('quire-prune-');
  cleanups.push(tmp.cleanup);
  const dir = join(tmp.path, 'index');
  const store = await LanceVectorStore.open(dir, { embedding: TINY });
  cleanups.push(() => store.close());
  await store.addDocuments([record('aa01', GONE, 0), record('bb02', KEPT, 1)]);
  await store.upsertPaths([path(GONE_NAME, 'aa01'), path('kept', 'bb02')]);
  await store.optimize();
  return { store, dir, home: tmp.path };
}

const fulltext = (store: LanceVectorStore, query: string) =>
  store.search({ mode: 'fulltext', query, k: 5 }).then((hits) => hits.map((h) => h.chunk.documentId));

describe('LanceVectorStore.prune', () => {
  it('leaves no file or retained version holding a deleted document or path; the rest stays searchable', async () => {
    const { store, dir, home } = await storeWithTwo();
    await store.deletePaths([`/folder/${GONE_NAME}.pdf`]);
    await store.deleteDocuments([documentId('aa01')]);
    await store.optimize();
    // A delete and a plain compaction keep the words on disk: what prune is for (and proof the scan sees it).
    expect((await scanForMarker(home, GONE)).files.length).toBeGreaterThan(0);
    expect((await scanForMarker(home, GONE_NAME)).versions.length).toBeGreaterThan(0);

    await store.prune();

    for (const word of [GONE, GONE_NAME])
      expect(await scanForMarker(home, word)).toEqual({ files: [], versions: [] });
    const kept = await scanForMarker(home, KEPT);
    expect(kept.files.length).toBeGreaterThan(0);
    expect(kept.versions.map((v) => v.table).sort()).toEqual(['index/chunks', 'index/pages']);
    expect(await fulltext(store, GONE)).toEqual([]);
    expect(await fulltext(store, KEPT)).toEqual(['bb02', 'bb02']);
    const nearest = await store.search({
      mode: 'vector',
      query: '',
      vector: Float32Array.of(0, 1, 0, 0),
      k: 1,
    });
    expect(nearest[0]?.chunk.documentId).toBe('bb02');
    expect(await store.getPage(documentId('bb02'), 2)).toMatchObject({
      text: `Notice of ${KEPT} is given in writing.`,
    });
    expect(await store.counts()).toEqual({ documents: 1, pages: 2, chunks: 2, paths: 1 });

    const db = await connect(dir);
    try {
      for (const name of await db.tableNames()) {
        const table = await db.openTable(name);
        expect((await table.listVersions()).length, name).toBe(1);
        table.close();
      }
    } finally {
      db.close();
    }
  });

  it('drops one document among many, which compaction alone would leave in the data file', async () => {
    const { store, dir, home } = await storeWithTwo();
    const fillers = Array.from({ length: 40 }, (_, i) => record(`f${i}`, `filler${i}word`, 2));
    await store.addDocuments(fillers);
    await store.upsertPaths(fillers.map((r) => path(r.document.id, r.document.id)));
    await store.optimize();
    const chunks = await connect(dir, { readConsistencyInterval: 0 }).then((db) => db.openTable('chunks'));
    cleanups.push(async () => chunks.close());
    const indexBefore = (await chunks.listIndices())[0]?.indexUuid;
    await store.deletePaths([`/folder/${GONE_NAME}.pdf`]);
    await store.deleteDocuments([documentId('aa01')]);
    await store.optimize();
    // 1 document in 42: compaction leaves its rows (marked deleted) in the data files.
    expect((await scanForMarker(home, GONE)).files.length).toBeGreaterThan(0);

    await store.prune();

    for (const word of [GONE, GONE_NAME])
      expect(await scanForMarker(home, word)).toEqual({ files: [], versions: [] });
    expect(await fulltext(store, KEPT)).toEqual(['bb02', 'bb02']);
    expect(await fulltext(store, 'filler17word')).toEqual(['f17', 'f17']);
    expect(await store.counts()).toEqual({ documents: 41, pages: 82, chunks: 82, paths: 41 });
    // The full-text index was built again over the remaining chunks only (its words are not plain bytes).
    const [index] = await chunks.listIndices();
    expect(index?.indexUuid).not.toBe(indexBefore);
    expect(await chunks.indexStats(index?.name ?? '')).toMatchObject({
      numIndexedRows: 82,
      numUnindexedRows: 0,
    });
  });

  it('keeps rows written after the prune, and a second handle opened before it reads on', async () => {
    const { store, dir } = await storeWithTwo();
    const reader = await LanceVectorStore.openExisting(dir);
    cleanups.push(() => reader.close());
    await store.deletePaths([`/folder/${GONE_NAME}.pdf`]);
    await store.deleteDocuments([documentId('aa01')]);
    await store.prune();
    await store.addDocuments([record('cc03', GONE, 2)]);
    await store.upsertPaths([path('again', 'cc03')]);
    await store.prune();
    expect(await fulltext(reader, KEPT)).toEqual(['bb02', 'bb02']);
    expect(await fulltext(reader, GONE)).toEqual(['cc03', 'cc03']);
    expect(await reader.counts()).toEqual({ documents: 2, pages: 4, chunks: 4, paths: 2 });
  });
});
