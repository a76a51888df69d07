import { join } from 'node:path';
import { connect } from '@lancedb/lancedb';
import { type DocumentId, LanceVectorStore } from '@quire/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_ANSWER_CONFIRMED } from '../../apps/server/src/answer.ts';
import { type FixtureManifest, writeDocumentFixtures } from '../fixtures/documents.ts';
import {
  SCRIPTED_REPLY_TEXT,
  writeScriptedChatModel,
  writeTinyEmbeddingModel,
} from '../fixtures/tiny-models.ts';
import { quireJson, quireJsonInProcess, runQuire, runQuireInProcess } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

interface SearchJson {
  hits: { path: string; page: number; text: string; chunkId: string }[];
  retrieval: string;
}
interface AskJson {
  answer: string;
  mode: string;
  citations: {
    n: number;
    path: string;
    page: number;
    quote: string;
    chunkId: string;
    documentId: string;
    start: number;
    end: number;
  }[];
  models: { embedding: string | null; chat: string | null };
}

let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;
let manifest: FixtureManifest;
let embed64: string;
let embed128: string;
let chat: string;

beforeAll(async () => {
  tmp = await tempDir();
  home = join(tmp.path, 'home');
  manifest = await writeDocumentFixtures(join(tmp.path, 'matter'));
  embed64 = join(tmp.path, 'embed-64.gguf');
  embed128 = join(tmp.path, 'embed-128.gguf');
  chat = join(tmp.path, 'chat.gguf');
  await writeTinyEmbeddingModel(embed64, 64);
  await writeTinyEmbeddingModel(embed128, 128);
  await writeScriptedChatModel(chat);
  await quireJson(home, ['add', manifest.dir, '--workspace', 'vectors', '--embedding-model', embed64]);
  await quireJson(home, ['sync', 'vectors']);
});
afterAll(() => tmp.cleanup());
// `add`, `sync`, the search of a second process and the streamed ask run the real `quire` binary; the
// other commands run its entry point in this process (no new Node process each).

describe('an embedding model (tiny GGUF through node-llama-cpp)', () => {
  it('stores one vector per chunk, of the model dimension, in LanceDB on disk', async () => {
    const db = await connect(join(home, 'vectors', 'index'));
    try {
      const chunks = await db.openTable('chunks');
      const rows = await chunks.query().select(['id', 'vector']).toArray();
      expect(rows.length).toBeGreaterThan(5);
      for (const row of rows) expect(Array.from(row.vector as Iterable<number>)).toHaveLength(64);
      chunks.close();
    } finally {
      db.close();
    }
  });

  it('is used by a second process that reopens the workspace (hybrid retrieval)', async () => {
    const word = manifest.files.find((f) => f.file === 'contract.pdf')?.uniqueWords[2];
    const result = await quireJson<SearchJson>(home, ['search', 'vectors', word?.word ?? '']);
    expect(result.retrieval).toBe('hybrid');
    expect(result.hits[0]?.page).toBe(word?.page);
  });

  it('refuses a model of another dimension on that workspace, with a clear message', async () => {
    const run = await runQuireInProcess(home, [
      'search',
      'vectors',
      'rent',
      '--embedding-model',
      embed128,
      '--json',
    ]);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/dimension 64/);
    expect(run.stderr).toMatch(/dimension 128/);
    expect(run.stderr).toMatch(/\[conflict\]/);
  });
});

describe('a chat model (scripted tiny GGUF)', () => {
  it('generates an answer whose citations resolve to stored chunks and pages', async () => {
    const answer = await quireJsonInProcess<AskJson>(home, [
      'ask',
      'vectors',
      'How much notice must the tenant give?',
      '--chat-model',
      chat,
    ]);
    expect(answer.mode).toBe('generated');
    expect(answer.answer).toBe(SCRIPTED_REPLY_TEXT);
    expect(answer.models.chat).toBe('chat.gguf');
    expect(answer.citations).toHaveLength(1);
    const store = await LanceVectorStore.openExisting(join(home, 'vectors', 'index'));
    const db = await connect(join(home, 'vectors', 'index'));
    const chunks = await db.openTable('chunks');
    try {
      for (const c of answer.citations) {
        const page = await store.getPage(c.documentId as DocumentId, c.page);
        expect(page?.text.slice(c.start, c.end)).toBe(c.quote);
        const [row] = await chunks.query().where(`id = '${c.chunkId}'`).select(['page', 'text']).toArray();
        expect(row?.page).toBe(c.page);
        expect(String(row?.text)).toContain(c.quote);
      }
    } finally {
      chunks.close();
      db.close();
      await store.close();
    }
  });

  it('streams the answer to the terminal in plain mode', async () => {
    const run = await runQuire(home, ['ask', 'vectors', 'What is the rent?', '--chat-model', chat]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(SCRIPTED_REPLY_TEXT);
    // The scripted claim's citation cannot be verified: the streamed text is followed by the plain
    // statement that no answer was confirmed and the closest passages, not by the sources of an answer.
    expect(run.stdout).toContain(`${SCRIPTED_REPLY_TEXT}\n\n${NO_ANSWER_CONFIRMED}\n`);
    expect(run.stdout).toMatch(/Closest passages \(to read; not an answer\):\n {2}.+ p\. \d+: /);
    expect(run.stdout).not.toContain('Sources:');
  });
});
