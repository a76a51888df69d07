import { join } from 'node:path';
import { askWorkspace, OpenWorkspace, syncWorkspace, WorkspaceRegistry } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDocumentFixtures } from '../fixtures/documents.ts';
import { SCRIPTED_REPLY_TEXT, writeScriptedChatModel } from '../fixtures/tiny-models.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let registry: WorkspaceRegistry;
let chat: string;

beforeAll(async () => {
  tmp = await tempDir();
  registry = new WorkspaceRegistry(join(tmp.path, 'home'));
  const manifest = await writeDocumentFixtures(join(tmp.path, 'matter'));
  chat = join(tmp.path, 'chat.gguf');
  await writeScriptedChatModel(chat);
  const settings = await registry.create('Stream');
  await registry.addFolder(settings, manifest.dir);
  const ws = await OpenWorkspace.open(registry, 'stream');
  try {
    await syncWorkspace(ws);
  } finally {
    await ws.close();
  }
});
afterAll(() => tmp.cleanup());

describe('askWorkspace with a chat model', () => {
  it('streams tokens as they are generated and maps [n] to the retrieved chunk', async () => {
    const ws = await OpenWorkspace.open(registry, 'stream', { chatModel: chat });
    try {
      const tokens: string[] = [];
      const result = await askWorkspace(ws, 'What notice does the tenant give?', {
        onToken: (t) => tokens.push(t),
      });
      expect(tokens.length).toBeGreaterThan(3);
      expect(tokens.join('')).toBe(SCRIPTED_REPLY_TEXT);
      expect(result.mode).toBe('generated');
      const [citation] = result.citations;
      expect(citation?.n).toBe(1);
      const hits = await ws.store.search({
        mode: 'fulltext',
        query: 'What notice does the tenant give?',
        k: 1,
      });
      expect(citation?.chunkId).toBe(hits[0]?.chunk.id);
      expect(hits[0]?.chunk.text).toContain(citation?.quote);
    } finally {
      await ws.close();
    }
  });

  it('stops generating when the caller aborts', async () => {
    const ws = await OpenWorkspace.open(registry, 'stream', { chatModel: chat });
    try {
      const controller = new AbortController();
      const tokens: string[] = [];
      const result = await askWorkspace(ws, 'What is the rent?', {
        signal: controller.signal,
        onToken: (t) => {
          tokens.push(t);
          if (tokens.length === 2) controller.abort();
        },
      });
      expect(result.answer.length).toBeLessThan(SCRIPTED_REPLY_TEXT.length);
    } finally {
      await ws.close();
    }
  });
});
