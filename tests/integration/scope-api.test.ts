// Scoped search and ask over the HTTP API, in process (issue 17, must-show 3): the search route's query
// parameters, the ask route's `scope` body (kept by a thread, replaced, dropped with null), the OpenAI
// endpoint's `quire.scope`, invalid scopes answered 400 with a message saying why, the thread's turns and
// the audit log recording each scope, and the evidence bundle naming it. Full text only, no models.
import { join, relative } from 'node:path';
import { createApp, WorkspaceRegistry, WorkspaceService } from '@quire/server';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScopedPath, writeScopedMatter } from '../fixtures/scoped-matter.ts';
import { tempDir } from '../helpers/temp.ts';

type Json = Record<string, unknown>;
interface Hit {
  path: string;
  page: number;
  pageLabel: string | null;
  bates: string | null;
}
interface AskJson {
  answer: string;
  mode: string;
  support: string;
  time: string;
  question: string;
  standaloneQuery: string;
  models: Json;
  threadId: string | null;
  citations: (Hit & { n: number; chunkId: string; documentId: string; quote: string })[];
  sources: Hit[];
  passages: Hit[];
  scope: Json | null;
  scopeDocuments: number | null;
}

const W = '/api/workspaces/matter';
const CORRESPONDENCE: ScopedPath[] = [
  'correspondence/2021/landlord-notice.eml',
  'correspondence/2021/tenant-reply.eml',
  'correspondence/2022/landlord-final.eml',
  'correspondence/2022/landlord-final.eml::1/invoice-2022.pdf',
];

let tmp: { path: string; cleanup: () => Promise<void> };
let matter: string;
let app: Hono;
let service: WorkspaceService;

const rel = (path: string) => relative(matter, path);
const documentsOf = (hits: readonly Hit[]) => [...new Set(hits.map((h) => rel(h.path)))].sort();

async function call<T = Json>(path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const init: RequestInit | undefined =
    body === undefined
      ? undefined
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const res = await app.request(path, init);
  const text = await res.text();
  return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : { text }) as T };
}
const search = (params: string) =>
  call<{ hits: Hit[]; scope: Json | null; scopeDocuments: number | null }>(
    `${W}/search?q=roof+repair&k=100&${params}`,
  );
const ask = async (body: Json) => {
  const res = await call<AskJson>(`${W}/ask`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const messageOf = (body: unknown) => (body as { error?: { message?: string } }).error?.message ?? '';

function expectAnswerWithin(answer: AskJson, expected: readonly ScopedPath[]) {
  expect(answer.sources.length).toBeGreaterThan(0);
  for (const hit of [...answer.sources, ...answer.citations, ...answer.passages])
    expect(expected).toContain(rel(hit.path));
}

beforeAll(async () => {
  tmp = await tempDir('quire-scope-api-');
  matter = await writeScopedMatter(join(tmp.path, 'matter'));
  const home = join(tmp.path, 'home');
  const registry = new WorkspaceRegistry(home);
  let settings = await registry.create('Matter');
  settings = await registry.update(settings, { embeddingModel: null });
  await registry.addFolder(settings, matter);
  service = new WorkspaceService(registry, { watch: false });
  app = createApp({ home, registry, service, webRoot: join(tmp.path, 'no-web') });
  await service.sync('matter');
});
afterAll(async () => {
  await service?.close();
  await tmp?.cleanup();
});

describe('GET …/search with scope parameters', () => {
  it('narrows by each parameter, repeated or comma-separated, and echoes the scope', async () => {
    const inLease = await search('in=lease/&kind=pdf');
    expect(inLease.status).toBe(200);
    expect(documentsOf(inLease.body.hits)).toEqual(['lease/lease-2020.pdf']);
    expect(inLease.body.scope).toEqual({ in: ['lease/'], kinds: ['pdf'] });
    expect(inLease.body.scopeDocuments).toBe(1);
    for (const hit of inLease.body.hits) expect(hit).toMatchObject({ pageLabel: null, bates: null });

    const kinds = await search('kind=word,email&notIn=correspondence/2022/');
    expect(documentsOf(kinds.body.hits)).toEqual([
      'correspondence/2021/landlord-notice.eml',
      'correspondence/2021/tenant-reply.eml',
      'lease/amendment-2021.docx',
    ]);

    const parties = await search('from=landlord&to=agent%40example.com');
    expect(documentsOf(parties.body.hits)).toEqual([
      'correspondence/2022/landlord-final.eml',
      'correspondence/2022/landlord-final.eml::1/invoice-2022.pdf',
    ]);

    const names = await search('in=survey-1.pdf&in=survey-3.pdf');
    expect(documentsOf(names.body.hits)).toEqual(['archive/survey-1.pdf', 'archive/survey-3.pdf']);

    const dated = await search('since=2020-01-01&until=2021-06-30');
    expect(documentsOf(dated.body.hits)).toEqual([
      'correspondence/2021/landlord-notice.eml',
      'lease/amendment-2021.docx',
      'lease/lease-2020.pdf',
    ]);
  });

  it('answers 400 with a message saying why for a scope that cannot be', async () => {
    const cases: [string, string][] = [
      ['kind=pdf,movie', 'Unknown kind "movie"'],
      ['since=2021-13-01', 'Invalid scope: since: not a calendar date'],
      ['until=yesterday', 'Invalid scope: until: expected a date as YYYY-MM-DD'],
      ['since=2022-01-01&until=2021-01-01', '"since" must not be after "until"'],
    ];
    for (const [params, message] of cases) {
      const res = await search(params);
      expect(res.status, params).toBe(400);
      expect(messageOf(res.body)).toContain(message);
    }
  });
});

describe('POST …/ask with a scope', () => {
  it('cites only the scope; a thread keeps it, a new one replaces it, null drops it', async () => {
    const first = await ask({
      question: 'When does the roof repair start?',
      newThread: true,
      scope: { in: ['correspondence/'] },
    });
    expect(first.scope).toEqual({ in: ['correspondence/'] });
    expect(first.scopeDocuments).toBe(CORRESPONDENCE.length);
    expectAnswerWithin(first, CORRESPONDENCE);
    const threadId = first.threadId ?? '';

    const followUp = await ask({ question: 'Is the rent held back?', threadId });
    expect(followUp.scope).toEqual(first.scope);
    expectAnswerWithin(followUp, CORRESPONDENCE);

    const replaced = await ask({
      question: 'Who shares the cost of the roof repair?',
      threadId,
      scope: { kinds: ['word'] },
    });
    expect(replaced.scope).toEqual({ kinds: ['word'] });
    expect(replaced.scopeDocuments).toBe(1);
    expectAnswerWithin(replaced, ['lease/amendment-2021.docx']);

    const whole = await ask({ question: 'What did the surveys find?', threadId, scope: null });
    expect(whole.scope).toBeNull();
    expect(whole.scopeDocuments).toBeNull();

    const scopes = [{ in: ['correspondence/'] }, { in: ['correspondence/'] }, { kinds: ['word'] }, null];
    const thread = await call<{ turns: { scope: Json | null }[] }>(`${W}/threads/${threadId}`);
    expect(thread.body.turns.map((t) => t.scope)).toEqual(scopes);
    const audit = await call<{ entries: { threadId: string | null; scope: Json | null }[] }>(`${W}/audit`);
    expect(audit.body.entries.filter((e) => e.threadId === threadId).map((e) => e.scope)).toEqual(scopes);
  });

  it('answers 400 for an invalid scope body', async () => {
    const bodies: [Json, string][] = [
      [{ kinds: ['movie'] }, 'kinds'],
      [{ since: '2021-02-31x' }, 'expected a date as YYYY-MM-DD'],
      [{ folder: 'lease/' }, 'folder'],
      [{ in: 'lease/' }, 'in'],
    ];
    for (const [scope, message] of bodies) {
      const res = await call(`${W}/ask`, { question: 'Who pays for the roof repair?', scope });
      expect(res.status, JSON.stringify(scope)).toBe(400);
      expect(messageOf(res.body)).toContain(message);
    }
  });

  it('writes the scope and each page into the evidence bundle', async () => {
    const answer = await ask({ question: 'Who pays for the roof repair?', scope: { in: ['lease/'] } });
    expectAnswerWithin(answer, ['lease/lease-2020.pdf', 'lease/amendment-2021.docx']);
    const res = await app.request(`${W}/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(answer),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('- Scope: in lease/ (2 documents)\n');
    for (const c of answer.citations) expect(text).toContain(`- PDF page: ${c.page} (characters`);

    // The scope comes from the audit log when the client leaves it out.
    const { scope: _scope, scopeDocuments: _count, ...bare } = answer;
    const recorded = await app.request(`${W}/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(bare),
    });
    expect(await recorded.text()).toContain('- Scope: in lease/\n');
  });
});

describe('the OpenAI endpoint with quire.scope', () => {
  const complete = (quire: unknown) =>
    call<{ quire?: { citations: Hit[]; passages: Hit[] } }>('/v1/chat/completions', {
      model: 'quire:matter',
      messages: [{ role: 'user', content: 'What did the expert find about the roof repair?' }],
      quire,
    });

  it('answers from the scope only', async () => {
    const res = await complete({ scope: { in: ['expert/'] } });
    expect(res.status).toBe(200);
    const { citations = [], passages = [] } = res.body.quire ?? {};
    expect(citations.length + passages.length).toBeGreaterThan(0);
    for (const hit of [...citations, ...passages]) expect(rel(hit.path)).toBe('expert/roof-report-2022.pdf');
    const audit = await call<{ entries: { question: string; scope: Json | null }[] }>(`${W}/audit`);
    expect(audit.body.entries.at(-1)?.scope).toEqual({ in: ['expert/'] });
  });

  it('answers 400 in OpenAI error shape for an invalid scope', async () => {
    const res = await complete({ scope: { kinds: ['movie'] } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect(messageOf(res.body)).toContain('kinds');
  });
});
