// A watched workspace that cannot be opened when the server starts (here: its embedding model is not in
// the models folder yet) is opened again after a pause, so that its queued files get indexed once the
// cause has passed; nobody else would look at its folders again (its status is read from disk).
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkspaceRegistry, WorkspaceService, workspaceStatus } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { writeTinyEmbeddingModel } from '../fixtures/tiny-models.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let service: WorkspaceService | undefined;

beforeAll(async () => {
  tmp = await tempDir('quire-open-retry-');
});
afterAll(async () => {
  await service?.close();
  await tmp.cleanup();
});

describe('a watched workspace that fails to open', () => {
  it('is reported, opened again once its model is there, and its file is indexed', async () => {
    const models = join(tmp.path, 'models');
    const folder = join(tmp.path, 'matter');
    await mkdir(models);
    await mkdir(folder);
    await writeFile(join(folder, 'memo.pdf'), await simplePdf(['The lateword memo was filed on time.']));
    const registry = new WorkspaceRegistry(join(tmp.path, 'home'), { modelsDir: models });
    const settings = await registry.create('Later');
    await registry.update(await registry.addFolder(settings, folder), {
      embeddingModel: join(models, 'later-embed.gguf'),
    });

    // Written aside now and moved in after the first failure, as a download or an import does.
    await writeTinyEmbeddingModel(join(tmp.path, 'later-embed.gguf'), 64);
    const errors: string[] = [];
    service = new WorkspaceService(registry, {
      retryOpenMs: 200,
      onError: (workspace, error) => errors.push(`${workspace}: ${(error as Error).message}`),
    });
    await service.start();
    for (let i = 0; errors.length === 0 && i < 200; i++) await new Promise((r) => setTimeout(r, 50));
    expect(errors[0]).toMatch(/^later: /);

    await rename(join(tmp.path, 'later-embed.gguf'), join(models, 'later-embed.gguf'));
    let paths: string[] = [];
    for (let i = 0; paths.length === 0 && i < 600; i++) {
      await new Promise((r) => setTimeout(r, 100));
      // Read from disk, not through the service (whose `get` would open the workspace itself).
      const status = await workspaceStatus(registry, 'later');
      paths = status.documents.filter((d) => d.state === 'indexed').map((d) => d.path);
    }
    expect(paths).toEqual([join(folder, 'memo.pdf')]);
    expect(new Set(errors).size).toBe(1); // the same reason each time, until the model was there
    expect((await service.get('later')).embedder?.dimension).toBe(64);
  });
});
