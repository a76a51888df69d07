import { copyFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { discoverLmStudio, discoverOllama, fileSha256, ModelManager } from '@quire/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyEmbeddingModel } from '../../fixtures/tiny-models.ts';
import { tempDir } from '../../helpers/temp.ts';

let dir: { path: string; cleanup: () => Promise<void> };
let ollamaDir: string;
let lmStudioDirs: string[];
let fixture: string;
let digest: string;

async function put(path: string, content: string | { copyOf: string }): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  if (typeof content === 'string') await writeFile(path, content);
  else await copyFile(content.copyOf, path);
}

function manifest(hex: string): string {
  return JSON.stringify({
    schemaVersion: 2,
    layers: [
      { mediaType: 'application/vnd.ollama.image.template', digest: `sha256:${'0'.repeat(64)}`, size: 10 },
      { mediaType: 'application/vnd.ollama.image.model', digest: `sha256:${hex}`, size: 1 },
    ],
  });
}

beforeAll(async () => {
  dir = await tempDir();
  const home = join(dir.path, 'home');
  fixture = join(dir.path, 'tiny.gguf');
  await writeTinyEmbeddingModel(fixture, 64);
  digest = await fileSha256(fixture);

  ollamaDir = join(home, '.ollama', 'models');
  const manifests = join(ollamaDir, 'manifests');
  await put(join(ollamaDir, 'blobs', `sha256-${digest}`), { copyOf: fixture });
  await put(join(manifests, 'registry.ollama.ai', 'library', 'tinyembed', 'latest'), manifest(digest));
  await put(join(manifests, 'hf.co', 'someone', 'tiny-gguf', 'Q8_0'), manifest(digest));
  await put(join(manifests, 'registry.ollama.ai', 'library', 'ghost', 'latest'), manifest('a'.repeat(64)));
  const textBlob = 'b'.repeat(64);
  await put(join(ollamaDir, 'blobs', `sha256-${textBlob}`), 'not a gguf');
  await put(join(manifests, 'registry.ollama.ai', 'library', 'textblob', 'latest'), manifest(textBlob));
  await put(join(manifests, 'registry.ollama.ai', 'library', 'broken', 'latest'), '{ not json');

  lmStudioDirs = [join(home, '.lmstudio', 'models'), join(home, '.cache', 'lm-studio', 'models')];
  const [current, legacy] = lmStudioDirs as [string, string];
  await put(join(current, 'lmstudio-community', 'Tiny-GGUF', 'Tiny-Q8_0.gguf'), { copyOf: fixture });
  await put(join(current, 'lmstudio-community', 'Tiny-GGUF', 'mmproj-Tiny-F16.gguf'), { copyOf: fixture });
  await put(join(current, 'lmstudio-community', 'Tiny-GGUF', 'README.md'), '# readme');
  await put(join(current, 'bartowski', 'Big-GGUF', 'Big-Q4_K_M-00002-of-00002.gguf'), { copyOf: fixture });
  await put(join(legacy, 'TheBloke', 'Old-GGUF', 'old.Q4_0.gguf'), { copyOf: fixture });
  await put(join(legacy, 'TheBloke', 'Old-GGUF', 'fake.gguf'), 'not a gguf either');
});
afterAll(() => dir.cleanup());

describe('discovery', () => {
  it('finds Ollama models whose manifest points at an existing GGUF blob', async () => {
    const found = await discoverOllama(ollamaDir);
    const blob = join(ollamaDir, 'blobs', `sha256-${digest}`);
    expect(found).toEqual([
      {
        source: 'ollama',
        name: 'hf.co/someone/tiny-gguf:Q8_0',
        file: blob,
        sizeBytes: (await stat(fixture)).size,
        sha256: digest,
      },
      {
        source: 'ollama',
        name: 'tinyembed:latest',
        file: blob,
        sizeBytes: (await stat(fixture)).size,
        sha256: digest,
      },
    ]);
  });

  it('finds LM Studio GGUFs in both stores, skipping projectors, later split parts and non-GGUFs', async () => {
    const found = await discoverLmStudio(lmStudioDirs);
    expect(found.map((m) => m.name)).toEqual([
      'lmstudio-community/Tiny-GGUF/Tiny-Q8_0.gguf',
      'TheBloke/Old-GGUF/old.Q4_0.gguf',
    ]);
    expect(found.every((m) => m.source === 'lmstudio')).toBe(true);
  });

  it('returns nothing for stores that do not exist', async () => {
    expect(await discoverOllama(join(dir.path, 'nowhere'))).toEqual([]);
    expect(await discoverLmStudio([join(dir.path, 'nowhere')])).toEqual([]);
  });
});

describe('ModelManager with discovered models', () => {
  it('imports a discovered Ollama model in place and never deletes its blob', async () => {
    const manager = new ModelManager(join(dir.path, 'quire', 'models'), { ollamaDir, lmStudioDirs });
    const found = await manager.discover();
    expect(found).toHaveLength(4);
    const ollama = found.find((m) => m.name === 'tinyembed:latest');
    if (!ollama) throw new Error('tinyembed:latest not discovered');
    const model = await manager.import(ollama);
    expect(model).toMatchObject({
      id: 'tinyembed-latest',
      name: 'tinyembed:latest',
      source: 'ollama',
      managed: false,
      file: ollama.file,
      sha256: digest,
    });
    expect((await manager.discover()).find((m) => m.name === 'tinyembed:latest')?.installedId).toBe(model.id);

    const lm = found.find((m) => m.source === 'lmstudio');
    if (!lm) throw new Error('no LM Studio model discovered');
    expect(await manager.import(lm)).toMatchObject({ source: 'lmstudio', id: 'tiny-q8_0', file: lm.file });
    expect(await manager.import(join(ollamaDir, 'blobs', `sha256-${digest}`))).toEqual(model);

    expect(await manager.remove(model.id)).toMatchObject({ fileDeleted: false });
    expect((await stat(ollama.file)).isFile()).toBe(true);
  });
});
