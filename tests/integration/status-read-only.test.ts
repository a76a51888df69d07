// Reading a workspace's status or the workspace list never creates or changes its index: a workspace that has not been opened
// yet (its model is not there, say) shows its files queued, and its index folder stays empty, so a status
// read cannot race the workspace's own first opening of its index (a CI run once lost that race).
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkspaceRegistry, workspaceStatus } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceSummary } from '../../apps/server/src/workspace-summary.ts';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir('quire-status-');
});
afterAll(() => tmp.cleanup());

describe('the status of a workspace never opened', () => {
  it('lists its files as queued, counts no documents in the workspace list, and leaves no index behind', async () => {
    const folder = join(tmp.path, 'matter');
    await mkdir(folder);
    await writeFile(join(folder, 'memo.pdf'), await simplePdf(['A memo.']));
    const registry = new WorkspaceRegistry(join(tmp.path, 'home'));
    const settings = await registry.addFolder(await registry.create('Unopened'), folder);
    const status = await workspaceStatus(registry, 'unopened');
    expect(status.documents).toEqual([
      { path: join(folder, 'memo.pdf'), state: 'queued', pages: null, documentId: null, error: null },
    ]);
    expect(status.counts).toMatchObject({ queued: 1, indexed: 0 });
    const summary = await workspaceSummary(registry, await registry.get('unopened'));
    expect(summary).toEqual({ name: 'Unopened', slug: 'unopened', folders: [folder], documents: 0 });
    const indexDir = registry.indexDir(settings);
    expect(await readdir(indexDir).catch(() => [])).toEqual([]);
  });
});
