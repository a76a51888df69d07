// Pruning an index on object storage (issues 19 and 20): one document among 42 deleted, which compaction
// alone leaves (marked deleted) in its data object, is gone from every object and every retained version
// after `prune()`, read back through a loopback s3rver. There is no folder of deletion files to list on
// object storage: the store rewrites the fragments its own deletes touched.
import { join } from 'node:path';
import { connect } from '@lancedb/lancedb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LanceVectorStore } from '../../packages/index/src/lance-store.ts';
import { documentId } from '../../packages/index/src/types.ts';
import { scanForMarker, versionsHolding } from '../helpers/byte-scan.ts';
import { type LoopbackS3, startS3 } from '../helpers/s3.ts';
import { path, record, TINY } from '../helpers/store-records.ts';
import { tempDir } from '../helpers/temp.ts';

const GONE = 'zorvexquill';
const GONE_NAME = 'plimbarton';
const KEPT = 'quendalith';
const BUCKET = 'prune-test';

let tmp: { path: string; cleanup: () => Promise<void> };
let s3: LoopbackS3;
let storageOptions: Record<string, string>;

beforeAll(async () => {
  tmp = await tempDir();
  s3 = await startS3(join(tmp.path, 's3'), BUCKET);
  // s3rver's built-in test account.
  storageOptions = {
    endpoint: s3.endpoint,
    awsAccessKeyId: 'S3RVER',
    awsSecretAccessKey: 'S3RVER',
    region: 'us-east-1',
    allowHttp: 'true',
  };
});

afterAll(async () => {
  await s3?.close();
  await tmp?.cleanup();
});

describe('LanceVectorStore.prune on object storage', () => {
  it('drops one document among many from every object and retained version', async () => {
    const uri = `s3://${BUCKET}/matter`;
    const store = await LanceVectorStore.open({ uri, storageOptions }, { embedding: TINY });
    const db = await connect(uri, { storageOptions });
    const bucket = join(tmp.path, 's3', BUCKET);
    const versions = async (word: string) => {
      const found: string[] = [];
      for (const table of ['documents', 'pages', 'chunks', 'paths'])
        for (const version of await versionsHolding(db, table, word)) found.push(`${table}@${version}`);
      return found;
    };
    try {
      const fillers = Array.from({ length: 40 }, (_, i) => record(`f${i}`, `filler${i}word`, 2));
      await store.addDocuments([record('aa01', GONE, 0), record('bb02', KEPT, 1), ...fillers]);
      await store.upsertPaths([
        path(GONE_NAME, 'aa01'),
        path('kept', 'bb02'),
        ...fillers.map((r) => path(r.document.id, r.document.id)),
      ]);
      await store.optimize();
      await store.deletePaths([`/folder/${GONE_NAME}.pdf`]);
      await store.deleteDocuments([documentId('aa01')]);
      await store.optimize();
      // 1 document in 42: compaction leaves its rows (marked deleted) in the data objects.
      expect((await scanForMarker(bucket, GONE, { tables: false })).files.length).toBeGreaterThan(0);

      await store.prune();

      for (const word of [GONE, GONE_NAME]) {
        expect((await scanForMarker(bucket, word, { tables: false })).files, word).toEqual([]);
        expect(await versions(word), word).toEqual([]);
      }
      expect((await scanForMarker(bucket, KEPT, { tables: false })).files.length).toBeGreaterThan(0);
      const hits = await store.search({ mode: 'fulltext', query: KEPT, k: 5 });
      expect(hits.map((h) => h.chunk.documentId)).toEqual(['bb02', 'bb02']);
      expect(await store.counts()).toEqual({ documents: 41, pages: 82, chunks: 82, paths: 41 });
    } finally {
      db.close();
      await store.close();
    }
  }, 120_000);
});
