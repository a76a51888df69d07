import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OpenWorkspace, syncWorkspace, WorkspaceRegistry } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir();
});
afterAll(() => tmp.cleanup());

describe('identical files in one sync', () => {
  it('are embedded once and both paths lead to the one document', async () => {
    const folder = join(tmp.path, 'matter');
    await mkdir(folder);
    await writeFile(join(folder, 'a.pdf'), await simplePdf(['The twinword clause.']));
    await copyFile(join(folder, 'a.pdf'), join(folder, 'b.pdf'));
    await copyFile(join(folder, 'a.pdf'), join(folder, 'c.pdf'));
    const registry = new WorkspaceRegistry(join(tmp.path, 'home'));
    await registry.addFolder(await registry.create('Twins'), folder);
    const ws = await OpenWorkspace.open(registry, 'twins', { embeddingModel: 'none' });
    try {
      const report = await syncWorkspace(ws);
      expect(report).toMatchObject({ indexed: 3, embedded: 1, failed: [] });
      expect((await ws.store.counts()).documents).toBe(1);
      const [hit] = await ws.store.search({ mode: 'fulltext', query: 'twinword', k: 5 });
      expect(hit?.paths).toEqual(['a.pdf', 'b.pdf', 'c.pdf'].map((n) => join(folder, n)));
    } finally {
      await ws.close();
    }
  });
});
