// An index written before page labels (issue 17) gets its documents' labels, Bates numbers and dates
// on the first full sync, without re-embedding anything, once: real LanceDB on disk, real parser.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type LanceVectorStore, PAGE_FACTS_VERSION } from '@quire/index';
import { OpenWorkspace, syncWorkspace, WorkspaceRegistry } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batesOf, batesPdf, romanFrontMatterPdf } from '../fixtures/labelled-pdfs.ts';
import { eml } from '../fixtures/mail.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir();
});
afterAll(() => tmp.cleanup());

/** Makes the index look as one written before issue 17: no page facts, version 1. */
async function forgetPageFacts(store: LanceVectorStore): Promise<void> {
  for (const [record] of await Promise.all(
    (await store.listDocuments()).map((d) => store.readDocuments([d.id])),
  )) {
    if (!record) continue;
    await store.updatePageFacts({
      id: record.document.id,
      date: null,
      bates: null,
      pages: record.pages.map((p) => ({ page: p.page })),
    });
  }
  await store.recordPageFactsVersion(1);
}

describe('page facts of an index read before them', () => {
  it('are read again on the next full sync, without re-embedding, and only once', async () => {
    const folder = join(tmp.path, 'matter');
    await mkdir(folder);
    await writeFile(join(folder, 'handbook.pdf'), await romanFrontMatterPdf());
    await writeFile(join(folder, 'production.pdf'), await batesPdf({ pages: 3 }));
    await writeFile(
      join(folder, 'notice.eml'),
      eml({
        messageId: 'roof-1@example.com',
        from: 'Landlord <landlord@example.com>',
        to: 'tenant@example.com',
        subject: 'Roof repair',
        date: 'Tue, 09 Mar 2021 10:00:00 +0000',
        body: 'The roof over the warehouse will be repaired next week.',
      }),
    );
    const registry = new WorkspaceRegistry(join(tmp.path, 'home'));
    await registry.addFolder(await registry.create('Old index'), folder);
    const open = () => OpenWorkspace.open(registry, 'old-index', { embeddingModel: 'none' });

    let ws = await open();
    try {
      expect(await syncWorkspace(ws)).toMatchObject({ indexed: 3, failed: [] });
      expect(ws.store.pageFactsVersion).toBe(PAGE_FACTS_VERSION);
      await forgetPageFacts(ws.store as LanceVectorStore);
    } finally {
      await ws.close();
    }

    ws = await open();
    try {
      expect(ws.store.pageFactsVersion).toBe(1);
      const docs = await ws.store.listDocuments();
      const handbook = docs.find((d) => d.kind === 'pdf' && d.pageCount === 7);
      const production = docs.find((d) => d.kind === 'pdf' && d.pageCount === 3);
      const notice = docs.find((d) => d.kind === 'email');
      if (!handbook || !production || !notice) throw new Error('documents missing');
      expect((await ws.store.getPage(handbook.id, 4))?.label).toBeUndefined();

      const report = await syncWorkspace(ws);
      expect(report).toMatchObject({ unchanged: 3, embedded: 0, pageFacts: { refreshed: 3, skipped: 0 } });
      expect(ws.store.pageFactsVersion).toBe(PAGE_FACTS_VERSION);
      expect(await ws.store.getPage(handbook.id, 2)).toMatchObject({
        label: 'ii',
        labelSource: 'pdf-labels',
      });
      expect(await ws.store.getPage(handbook.id, 4)).toMatchObject({ label: '1', labelSource: 'pdf-labels' });
      expect((await ws.store.getPage(production.id, 2))?.bates).toBe(batesOf(2));
      const after = new Map((await ws.store.listDocuments()).map((d) => [d.id, d]));
      expect(after.get(production.id)?.bates).toEqual({ first: batesOf(1), last: batesOf(3) });
      expect(after.get(notice.id)?.date).toEqual({ value: '2021-03-09', source: 'email' });
      expect(after.get(handbook.id)?.date).toEqual({ value: '2016-08-24', source: 'pdf-metadata' });
      // Chunks take their page's label: a search hit says where it is printed.
      const [hit] = await ws.store.search({ mode: 'fulltext', query: 'romanmarker5x', k: 1 });
      expect(hit?.chunk).toMatchObject({ page: 5, pageLabel: '2' });

      // Done once: the next sync reads nothing again.
      const again = await syncWorkspace(ws);
      expect(again.pageFacts).toBeUndefined();
    } finally {
      await ws.close();
    }
  });
});
