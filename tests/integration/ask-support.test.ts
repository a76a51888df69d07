// Support levels through the real CLI and API on a fixture folder, with no chat model (as on a fresh
// machine): an answerable question is answered; questions the documents cannot answer are never given as
// answers; the evidence bundle states the level and names the embedding model that answered, even when
// the client that asks for it no longer knows the models.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApp, WorkspaceRegistry, WorkspaceService } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_ANSWER_CONFIRMED } from '../../apps/server/src/answer.ts';
import { writeDocumentFixtures } from '../fixtures/documents.ts';
import { quireJson, quireJsonInProcess, runQuire } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

interface Ask {
  answer: string;
  mode: string;
  support: 'answered' | 'closest' | 'not-found';
  answerCoverage: number | null;
  answerThreshold: number;
  question: string;
  time: string;
  threadId: string | null;
  models: { embedding: string | null; chat: string | null; rerank: string | null };
  citations: { n: number; verified?: boolean }[];
  passages: { n: number; path: string; page: number; text: string }[];
}

const ANSWERABLE = 'How much is the security deposit?';
// Related words are in the lease (notice, tenant), but no sentence holds most of the question.
const UNCONFIRMED = 'What notice does the tenant give?';
const UNANSWERABLE = [
  'What is the capital of Mongolia?',
  'What is the annual premium of the insurance policy?',
];

let tmp: Awaited<ReturnType<typeof tempDir>>;
let home: string;

beforeAll(async () => {
  tmp = await tempDir('quire-support-');
  home = join(tmp.path, 'home');
  const manifest = await writeDocumentFixtures(join(tmp.path, 'matter'));
  await quireJson(home, ['add', manifest.dir, '--workspace', 'Support']);
  await quireJson(home, ['sync', 'support'], { timeoutMs: 400_000 });
}, 500_000);

afterAll(() => tmp?.cleanup());

// `add`, `sync` and the human output of one ask run the real `quire` binary; the other asks and the
// thread run its entry point in this process (no new Node process each).
const ask = (question: string, ...args: string[]) =>
  quireJsonInProcess<Ask>(home, ['ask', 'support', question, ...args]);

describe('support levels in quire ask', () => {
  it('an answerable question is answered, with no closest passages', async () => {
    const result = await ask(ANSWERABLE);
    expect(result).toMatchObject({ mode: 'extractive', support: 'answered', passages: [] });
    expect(result.answer).toContain('security deposit equal to one month of rent');
    expect(result.answerCoverage).toBeGreaterThanOrEqual(result.answerThreshold);
    expect(result.citations.every((c) => c.verified)).toBe(true);
  });

  it('questions the documents cannot answer are never given as answers', async () => {
    for (const question of UNANSWERABLE) {
      const result = await ask(question);
      expect(['closest', 'not-found'], question).toContain(result.support);
      expect(result.passages.length, question).toBeGreaterThan(0);
    }
    expect((await ask('What is the capital of Mongolia?')).support).toBe('not-found');
  });

  it('closest passages: JSON keeps mode and answer; the human output says no answer was confirmed', async () => {
    const result = await ask(UNCONFIRMED);
    expect(result.support).toBe('closest');
    expect(result.mode).toBe('extractive');
    expect(result.answerCoverage).toBeLessThan(result.answerThreshold);
    expect(result.passages.length).toBeGreaterThan(0);

    const human = await runQuire(home, ['ask', 'support', UNCONFIRMED]);
    expect(human.code).toBe(0);
    expect(human.stdout.startsWith(NO_ANSWER_CONFIRMED)).toBe(true);
    expect(human.stdout).toContain('Closest passages (to read; not an answer):');
    expect(human.stdout).toContain(`${result.passages[0]?.path} p. ${result.passages[0]?.page}`);
    expect(human.stdout).not.toContain(result.answer);
    expect(human.stdout).not.toContain('Sources:');
  });

  it('threads and the audit log record the level', async () => {
    const result = await ask(ANSWERABLE, '--new-thread');
    const thread = await quireJsonInProcess<{ turns: { support?: string; models?: Ask['models'] }[] }>(home, [
      'threads',
      'support',
      '--show',
      result.threadId ?? '',
    ]);
    expect(thread.turns[0]).toMatchObject({ support: 'answered', models: result.models });
    const registry = new WorkspaceRegistry(home);
    const log = (await readFile(join(registry.dir('support'), 'audit.jsonl'), 'utf8')).trim().split('\n');
    expect(JSON.parse(log.at(-1) ?? '{}')).toMatchObject({ time: result.time, support: 'answered' });
  });
});

describe('support levels in the evidence bundle', () => {
  it('quire ask --export states the level and names the embedding model used', async () => {
    const answered = join(tmp.path, 'answered.md');
    const result = await ask(ANSWERABLE, '--export', answered);
    expect(result.models.embedding).toBeTruthy();
    const text = await readFile(answered, 'utf8');
    expect(text).toContain('- Support: answered');
    expect(text).toContain(`embedding ${result.models.embedding};`);
    expect(text).toContain('## Answer');

    const closest = join(tmp.path, 'closest.md');
    await ask(UNCONFIRMED, '--export', closest);
    const unconfirmed = await readFile(closest, 'utf8');
    expect(unconfirmed).toContain('- Support: closest passages');
    expect(unconfirmed).toContain('## Closest text found (not a confirmed answer)');
    expect(unconfirmed).not.toContain('## Answer');
  });

  it('the export route takes the models and level the audit log recorded, not "none" from the client', async () => {
    const result = await ask(ANSWERABLE);
    const registry = new WorkspaceRegistry(home);
    const service = new WorkspaceService(registry, { watch: false });
    try {
      const app = createApp({ home, registry, service, webRoot: join(tmp.path, 'no-web') });
      // What the web UI sends for a turn reloaded from a thread: no models, no level.
      const body = {
        question: result.question,
        standaloneQuery: result.question,
        answer: result.answer,
        mode: result.mode,
        time: result.time,
        threadId: null,
        models: { embedding: null, chat: null, rerank: null },
        citations: result.citations,
      };
      const res = await app.request('/api/workspaces/support/export', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain(`embedding ${result.models.embedding};`);
      expect(text).not.toContain('embedding none');
      expect(text).toContain('- Support: answered');

      // An answer the log does not hold keeps what the client sent; an unknown level is refused.
      const unknown = await app.request('/api/workspaces/support/export', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, answer: 'Edited.', support: 'closest' }),
      });
      const edited = await unknown.text();
      expect(edited).toContain('embedding none');
      expect(edited).toContain('- Support: closest passages');
      const invalid = await app.request('/api/workspaces/support/export', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, support: 'certain' }),
      });
      expect(invalid.status).toBe(400);
    } finally {
      await service.close();
    }
  });
});
