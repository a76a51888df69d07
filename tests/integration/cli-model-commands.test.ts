import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDocumentFixtures } from '../fixtures/documents.ts';
import { writeScriptedChatModel, writeTinyEmbeddingModel } from '../fixtures/tiny-models.ts';
import { writeTinyReranker } from '../fixtures/tiny-reranker.ts';
import { quireJson, quireJsonInProcess, runQuire } from '../helpers/cli.ts';
import { type LoopbackHub, startLoopbackHub } from '../helpers/loopback-hub.ts';
import { tempDir } from '../helpers/temp.ts';

interface Installed {
  id: string;
  file: string;
  role: string | null;
}

let tmp: { path: string; cleanup: () => Promise<void> };
let hub: LoopbackHub;
let home: string;
let env: { QUIRE_MODELS_DIR: string };
/** `quire <args> --json` in this process (the command's entry point, `QUIRE_MODELS_DIR` set for the run). */
const q = <T>(args: string[]) => quireJsonInProcess<T>(home, args, { env });
/** The same through the real `quire` binary: `add`, `sync` and `models pull` (which listens for Ctrl-C). */
const binary = <T>(args: string[]) => quireJson<T>(home, args, { env });

beforeAll(async () => {
  tmp = await tempDir();
  home = join(tmp.path, 'home');
  env = { QUIRE_MODELS_DIR: join(tmp.path, 'models') };
  const gguf = join(tmp.path, 'served-64.gguf');
  await writeTinyEmbeddingModel(gguf, 64);
  const body = await readFile(gguf);
  hub = await startLoopbackHub({ body, linkedEtag: createHash('sha256').update(body).digest('hex') });
  const manifest = await writeDocumentFixtures(join(tmp.path, 'matter'));
  await binary(['add', manifest.dir, '--workspace', 'Models', '--embedding-model', 'none']);
  await binary(['sync', 'models']);
});
afterAll(async () => {
  await hub.close();
  await tmp.cleanup();
});

describe('quire models', () => {
  it('pulls a model from a URL into the models folder and switches a workspace to it', async () => {
    const { model } = await binary<{ model: Installed }>([
      'models',
      'pull',
      `${hub.origin}/org/repo/resolve/main/tiny-embed.gguf`,
    ]);
    expect(model.file.startsWith(env.QUIRE_MODELS_DIR)).toBe(true);
    const list = await q<{ installed: Installed[]; catalogue: { id: string }[] }>(['models', 'list']);
    expect(list.installed.map((m) => m.id)).toContain(model.id);
    expect(list.catalogue.length).toBeGreaterThan(5);

    const before = await q<{ retrieval: string }>(['search', 'models', 'tenant notice']);
    expect(before.retrieval).toBe('fulltext');
    const used = await q<{ reembedded: number }>([
      'models',
      'use',
      model.id,
      '--workspace',
      'models',
      '--role',
      'embedding',
    ]);
    expect(used.reembedded).toBeGreaterThan(5);
    const after = await q<{ retrieval: string; hits: unknown[] }>(['search', 'models', 'tenant notice']);
    expect(after.retrieval).toBe('hybrid');
    expect(after.hits.length).toBeGreaterThan(0);
  });

  it('imports local chat and reranking models and uses them for answers and search', async () => {
    const chatFile = join(tmp.path, 'chat.gguf');
    const rerankFile = join(tmp.path, 'reranker.gguf');
    await writeScriptedChatModel(chatFile);
    await writeTinyReranker(rerankFile);
    const chat = await q<{ model: Installed }>(['models', 'import', chatFile]);
    const reranker = await q<{ model: Installed }>(['models', 'import', rerankFile]);
    expect(chat.model.role).toBe('chat');
    expect(reranker.model.role).toBe('rerank');
    expect(chat.model.file).toBe(chatFile);

    await q(['models', 'use', chat.model.id, '--workspace', 'models', '--role', 'chat']);
    const answer = await q<{ mode: string; models: { chat: string } }>(['ask', 'models', 'How much notice?']);
    expect(answer.mode).toBe('generated');
    expect(answer.models.chat).toBe(chat.model.id);

    await q(['models', 'use', reranker.model.id, '--workspace', 'models', '--role', 'rerank']);
    const search = await q<{ reranked: boolean; hits: { text: string; score: number }[] }>([
      'search',
      'models',
      'tenant must pay rent deposit notice',
    ]);
    expect(search.reranked).toBe(true);
    const scores = search.hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeGreaterThan(0.5);
  });

  it('removes a model without deleting a file Quire did not write', async () => {
    const file = join(tmp.path, 'keep-me.gguf');
    await writeTinyEmbeddingModel(file, 32);
    const { model } = await q<{ model: Installed }>(['models', 'import', file]);
    const removed = await q<{ fileDeleted: boolean }>(['models', 'rm', model.id]);
    expect(removed.fileDeleted).toBe(false);
    expect((await readFile(file)).length).toBeGreaterThan(0);
  });

  it('refuses a bad role, an unknown model and a non-GGUF import with one line and a non-zero exit', async () => {
    for (const args of [
      ['models', 'use', 'builtin', '--workspace', 'models', '--role', 'summaries'],
      ['models', 'use', 'no-such-model', '--workspace', 'models', '--role', 'chat'],
      ['models', 'import', join(tmp.path, 'matter', 'renamed.docx')],
    ]) {
      const run = await runQuire(home, args, { env });
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
