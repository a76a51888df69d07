import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSha256, gguf, ModelManager, writeGguf } from '@quire/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeScriptedChatModel } from '../../fixtures/tiny-models.ts';
import { tempDir } from '../../helpers/temp.ts';

let dir: { path: string; cleanup: () => Promise<void> };
let chat: string;
let embedder: string;
let userFiles: string;
let n = 0;

async function writeNomicLikeEmbedder(path: string): Promise<void> {
  await writeGguf(path, {
    metadata: [
      ['general.architecture', gguf.string('nomic-bert')],
      ['general.name', gguf.string('tiny-nomic')],
      ['nomic-bert.context_length', gguf.u32(2048)],
      ['nomic-bert.embedding_length', gguf.u32(32)],
      ['nomic-bert.pooling_type', gguf.u32(1)],
    ],
    tensors: [
      { name: 'token_embd.weight', shape: [32, 4], type: 'f32', data: new Float32Array(128).fill(0.25) },
    ],
  });
}

function freshManager(): ManagerAndDir {
  n += 1;
  const modelsDir = join(dir.path, `home-${n}`, 'models');
  return {
    manager: new ModelManager(modelsDir, { ollamaDir: join(dir.path, 'no-ollama'), lmStudioDirs: [] }),
    modelsDir,
  };
}
interface ManagerAndDir {
  manager: ModelManager;
  modelsDir: string;
}

beforeAll(async () => {
  dir = await tempDir();
  userFiles = join(dir.path, 'user');
  await mkdir(userFiles);
  chat = join(userFiles, 'Tiny-Chat-Q8_0.gguf');
  embedder = join(userFiles, 'tiny-nomic.gguf');
  await writeScriptedChatModel(chat);
  await writeNomicLikeEmbedder(embedder);
});
afterAll(() => dir.cleanup());

describe('ModelManager.import', () => {
  it('records a chat GGUF where it is, with the role from its chat template', async () => {
    const { manager, modelsDir } = freshManager();
    const model = await manager.import(chat);
    expect(model).toMatchObject({
      id: 'tiny-chat-q8_0',
      name: 'tiny-scripted-chat',
      file: chat,
      role: 'chat',
      source: 'import',
      managed: false,
      architecture: 'llama',
      sha256: await fileSha256(chat),
      contextLength: 8192,
    });
    expect(model.queryPrefix).toBeUndefined();
    expect(await manager.list()).toEqual([model]);
    expect(await manager.import(chat)).toEqual(model);
    expect(await readdir(modelsDir)).toEqual(['models.json']);
  });

  it('records an embedder with its dimension and the prefixes its architecture implies', async () => {
    const { manager } = freshManager();
    const model = await manager.import(embedder);
    expect(model).toMatchObject({
      role: 'embedding',
      dimension: 32,
      architecture: 'nomic-bert',
      queryPrefix: 'search_query: ',
      documentPrefix: 'search_document: ',
    });
    const asChat = await manager.import(embedder, { role: 'chat', copy: true });
    expect(asChat.role).toBe('chat');
    expect(asChat.id).not.toBe(model.id);
  });

  it('refuses a file that is not a GGUF and records nothing', async () => {
    const { manager } = freshManager();
    const notes = join(userFiles, 'notes.gguf');
    await writeFile(notes, 'plain text, not a model');
    await expect(manager.import(notes)).rejects.toMatchObject({ code: 'model-invalid' });
    await expect(manager.import(join(userFiles, 'absent.gguf'))).rejects.toMatchObject({
      code: 'model-missing',
    });
    expect(await manager.list()).toEqual([]);
  });

  it('copies into the models folder on request; remove deletes the copy, never the original', async () => {
    const { manager, modelsDir } = freshManager();
    const copied = await manager.import(chat, { copy: true });
    expect(copied.file).toBe(join(modelsDir, 'tiny-chat-q8_0.gguf'));
    expect(copied).toMatchObject({ source: 'import', managed: true });
    expect(await fileSha256(copied.file)).toBe(copied.sha256);
    const inPlace = await manager.import(chat);
    expect(inPlace.id).toBe('tiny-chat-q8_0-2');

    expect(await manager.remove(copied.id)).toMatchObject({ fileDeleted: true });
    await expect(stat(copied.file)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await manager.remove(inPlace.id)).toMatchObject({ fileDeleted: false });
    expect((await stat(chat)).isFile()).toBe(true);
    expect(await manager.list()).toEqual([]);
    await expect(manager.remove(inPlace.id)).rejects.toMatchObject({ code: 'model-not-found' });
  });
});

describe('ModelManager.remove safety', () => {
  it('never deletes a file outside the models folder, even one marked as managed', async () => {
    const { manager } = freshManager();
    await manager.register({ id: 'outside', file: chat, source: 'download', managed: true });
    expect(await manager.remove('outside')).toMatchObject({ fileDeleted: false });
    expect((await stat(chat)).isFile()).toBe(true);
  });
});

describe('ModelManager.get and register', () => {
  it('finds installed ids, describes ad-hoc paths, and explains what is missing', async () => {
    const { manager, modelsDir } = freshManager();
    const installed = await manager.import(chat, { copy: true });
    expect(await manager.get(installed.id)).toEqual(installed);
    const adHoc = await manager.get(embedder);
    expect(adHoc).toMatchObject({ file: embedder, role: 'embedding', source: 'import' });
    expect(await manager.list()).toHaveLength(1);
    await expect(manager.get('no-such-model')).rejects.toMatchObject({ code: 'model-not-found' });
    await rm(join(modelsDir, 'tiny-chat-q8_0.gguf'));
    await expect(manager.get(installed.id)).rejects.toMatchObject({ code: 'model-missing' });
  });

  it('registers the built-in model idempotently and refuses its id for another file', async () => {
    const { manager } = freshManager();
    const first = await manager.register({ id: 'builtin', file: embedder, name: 'Built-in' });
    expect(first).toMatchObject({ id: 'builtin', source: 'builtin', managed: false, role: 'embedding' });
    const again = await manager.register({ id: 'builtin', file: embedder, name: 'Built-in' });
    expect(again.addedAt).toBe(first.addedAt);
    expect(await manager.list()).toHaveLength(1);
    await expect(manager.register({ id: 'builtin', file: chat })).rejects.toMatchObject({
      code: 'model-id-taken',
    });
  });

  it('reports a damaged models.json with its own code', async () => {
    const { manager, modelsDir } = freshManager();
    await mkdir(modelsDir, { recursive: true });
    await writeFile(join(modelsDir, 'models.json'), '{"version":1,"models":[{"id":3}]}');
    await expect(manager.list()).rejects.toMatchObject({ code: 'models-file-corrupt' });
  });
});
