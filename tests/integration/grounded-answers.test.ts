import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentId } from '@quire/index';
import {
  askWorkspace,
  OpenWorkspace,
  parseQaJsonl,
  syncWorkspace,
  ThreadStore,
  WorkspaceRegistry,
} from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEvalDocuments } from '../../eval/build-documents.ts';
import { writeScriptedChatModel, writeTinyLlama } from '../fixtures/tiny-models.ts';
import { quireJson } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const QA = new URL('../../eval/qa.jsonl', import.meta.url);

let tmp: { path: string; cleanup: () => Promise<void> };
let registry: WorkspaceRegistry;
let chat: string;
let rewriter: string;

beforeAll(async () => {
  tmp = await tempDir();
  registry = new WorkspaceRegistry(join(tmp.path, 'home'));
  const docs = join(tmp.path, 'eval-docs');
  await buildEvalDocuments(docs);
  chat = join(tmp.path, 'chat.gguf');
  await writeScriptedChatModel(chat);
  // A chat model that answers every prompt with one standalone question: proves the follow-up rewrite path.
  rewriter = join(tmp.path, 'rewriter.gguf');
  await writeTinyLlama(rewriter, {
    reply: ['▁What', '▁notice', '▁is', '▁needed', '▁to', '▁break', '▁the', '▁lease', '?'],
    name: 'tiny-rewriter',
  });
  await registry.addFolder(await registry.create('Eval'), docs);
  const ws = await OpenWorkspace.open(registry, 'eval');
  try {
    await syncWorkspace(ws);
  } finally {
    await ws.close();
  }
});
afterAll(() => tmp.cleanup());

describe('quire eval on the shipped question set', () => {
  it('prints page-hit and MRR for full-text, vector and hybrid, and hybrid is at least the better of the two at 5', async () => {
    const report = await quireJson<{
      summary: { retrieval: Record<string, { pageHit1: number; pageHit5: number; mrr10: number }> };
    }>(registry.home, ['eval', 'eval', new URL(QA).pathname]);
    const { fulltext, vector, hybrid } = report.summary.retrieval;
    if (!fulltext || !vector || !hybrid) throw new Error('a retrieval mode is missing from the report');
    console.log(JSON.stringify(report.summary.retrieval));
    expect(hybrid.pageHit5).toBeGreaterThanOrEqual(Math.max(fulltext.pageHit5, vector.pageHit5));
  });
});

describe('verified citations', () => {
  it('every citation marked verified has its quote on its cited page at the returned offsets (extractive and generated)', async () => {
    const items = parseQaJsonl(await readFile(QA, 'utf8'));
    let verified = 0;
    for (const chatModel of [undefined, chat]) {
      const ws = await OpenWorkspace.open(registry, 'eval', { chatModel });
      try {
        // The scripted model reads its prompt a character at a time: a few generated answers suffice.
        for (const item of chatModel ? items.slice(0, 4) : items) {
          const answer = await askWorkspace(ws, item.question, {
            record: false,
            passages: chatModel ? 3 : undefined,
          });
          for (const c of answer.citations) {
            expect(c.documentHash).toBe(c.documentId);
            if (!c.verified) continue;
            verified++;
            const page = await ws.store.getPage(c.documentId as DocumentId, c.page);
            expect(page?.text.slice(c.start, c.end)).toBe(c.quote);
          }
          if (chatModel && answer.mode === 'generated') {
            // The scripted claim shares no words with any passage: its citation must not pass as verified.
            expect(answer.citations.every((c) => !c.verified)).toBe(true);
            // So it is not given as an answer: closest passages, shown to read.
            expect(answer.support).toBe('closest');
            expect(answer.passages.length).toBeGreaterThan(0);
          }
        }
      } finally {
        await ws.close();
      }
    }
    expect(verified).toBeGreaterThan(100);
    // 133 answers: room for a loaded machine (speed is the benches' to show).
  }, 600_000);
});

describe('conversations', () => {
  it('persist across restarts, and a follow-up retrieves through the question made standalone', async () => {
    const threadId = new ThreadStore(registry.dir('eval')).newId();
    let ws = await OpenWorkspace.open(registry, 'eval');
    try {
      const first = await askWorkspace(ws, 'How much notice must the tenant give to break the lease?', {
        threadId,
      });
      expect(first.sources[0]?.path.endsWith('commercial-lease.pdf')).toBe(true);
    } finally {
      await ws.close();
    }
    ws = await OpenWorkspace.open(registry, 'eval'); // a restart: nothing kept in memory
    try {
      const followUp = await askWorkspace(ws, 'And what conditions apply to it?', { threadId });
      expect(followUp.standaloneQuery).toMatch(/break/);
      expect(followUp.standaloneQuery).toMatch(/lease/);
      expect(
        followUp.sources.some(
          (s) => s.path.endsWith('commercial-lease.pdf') && (s.page === 6 || s.page === 7),
        ),
      ).toBe(true);
    } finally {
      await ws.close();
    }
    const turns = await new ThreadStore(registry.dir('eval')).turns(threadId);
    expect(turns.map((t) => t.question)).toEqual([
      'How much notice must the tenant give to break the lease?',
      'And what conditions apply to it?',
    ]);
    expect(await new ThreadStore(registry.dir('other-workspace')).turns(threadId)).toEqual([]);
  });

  it('uses the chat model to rewrite a follow-up when one is configured', async () => {
    const threadId = new ThreadStore(registry.dir('eval')).newId();
    const ws = await OpenWorkspace.open(registry, 'eval', { chatModel: rewriter });
    try {
      await askWorkspace(ws, 'Can the tenant end the lease early?', { threadId });
      const followUp = await askWorkspace(ws, 'How long before that?', { threadId });
      expect(followUp.standaloneQuery).toBe('What notice is needed to break the lease?');
      expect(followUp.sources[0]?.path.endsWith('commercial-lease.pdf')).toBe(true);
    } finally {
      await ws.close();
    }
  });
});

describe('refusal by the chat model', () => {
  it('turns the prompt\'s "The documents do not say." into mode refused with no citations', async () => {
    const refuser = join(tmp.path, 'refuser.gguf');
    await writeTinyLlama(refuser, {
      reply: ['▁The', '▁documents', '▁do', '▁not', '▁say', '.'],
      name: 'tiny-refuser',
    });
    const ws = await OpenWorkspace.open(registry, 'eval', { chatModel: refuser });
    try {
      const answer = await askWorkspace(ws, 'Is the tenant allowed to keep a dog?', {
        record: false,
        passages: 2,
      });
      expect(answer.mode).toBe('refused');
      expect(answer.support).toBe('closest');
      expect(answer.citations).toEqual([]);
      expect(answer.passages.length).toBeGreaterThan(0);
    } finally {
      await ws.close();
    }
  });
});

describe('evidence bundle and audit log', () => {
  it('exports every field of an answer and logs it', async () => {
    const bundle = join(tmp.path, 'bundle.md');
    const answer = await quireJson<{
      answer: string;
      time: string;
      citations: { quote: string; path: string; page: number; documentHash: string }[];
      models: { embedding: string };
    }>(registry.home, ['ask', 'eval', 'How much is the rent deposit?', '--export', bundle]);
    const text = await readFile(bundle, 'utf8');
    expect(text).toContain('How much is the rent deposit?');
    expect(text).toContain(answer.answer);
    expect(text).toContain(answer.time);
    expect(text).toContain(answer.models.embedding);
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const c of answer.citations) {
      expect(text).toContain(c.path);
      expect(text).toContain(`page ${c.page}`);
      expect(text).toContain(c.documentHash);
      expect(text.replace(/\n> /g, '\n')).toContain(c.quote);
    }

    const log = (await readFile(join(registry.dir('eval'), 'audit.jsonl'), 'utf8')).trim().split('\n');
    const last = JSON.parse(log.at(-1) ?? '{}');
    expect(last).toMatchObject({ question: 'How much is the rent deposit?', time: answer.time });
    expect(last.answerHash).toBe(createHash('sha256').update(answer.answer).digest('hex'));
    expect(last.retrievedChunkIds.length).toBeGreaterThan(0);
    expect(last.models.embedding).toBe(answer.models.embedding);
    expect(last.citations).toHaveLength(answer.citations.length);
  });
});
