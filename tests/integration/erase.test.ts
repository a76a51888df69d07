// Erasing a document (issue 19, must-show 2). A workspace with two generated PDFs, each holding a unique
// marker word; a question whose extractive answer cites the privileged one is asked in a new thread; then
// `quire erase` removes it: the thread shows the removal marker where the quote was, the audit entry keeps
// the document's hash with a tombstone and none of its text, and a byte scan of the whole data home (every
// file's raw bytes plus every retained LanceDB version) finds its marker 0 times while the other
// document's is still found; search and ask keep working. The file stays in its folder: the next sync
// lists it `erased` and does not read it back, until its content changes. The API's erase-preview and
// erase routes answer the same shape on a real server on 127.0.0.1 (404 unknown id, 400 malformed id).
// Full text only (no model).
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, WorkspaceRegistry } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eml } from '../fixtures/mail.ts';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { scanForMarker } from '../helpers/byte-scan.ts';
import { quireJson, quireJsonInProcess, runQuire } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const ERASED_WORD = 'zorvexquill';
const KEPT_WORD = 'blorptangle';
const NEW_WORD = 'quillbrook';
/** In the body of an email and in the one attachment only it has; the other attachment is also a file. */
const EMAIL_WORD = 'grumbleswitch';
const ATTACHED_WORD = 'vantrobule';
const SHARED_WORD = 'kelpmorrow';
const SLUG = 'erase-matter';

interface Citation {
  n: number;
  documentId: string;
  path: string;
  quote: string;
  heading: string | null;
  erased?: string;
}
interface AskJson {
  answer: string;
  mode: string;
  support: string;
  threadId: string | null;
  citations: Citation[];
}
interface EraseJson {
  erased: {
    documentId: string;
    paths: string[];
    at: string;
    attachments: { documentId: string; paths: string[]; erased: boolean }[];
  };
  threads: number;
  audit: number;
}
interface SyncJson {
  indexed: number;
  unchanged: number;
  failed: { path: string; code: string; message: string }[];
}
interface SearchJson {
  hits: { path: string; text: string; documentId?: string }[];
}
interface StatusJson {
  documents: { path: string; state: string; documentId: string | null; error: { code: string } | null }[];
}

let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;
let folder: string;
let privileged: string;
let lease: string;
let wsDir: string;
let email: string;

const readLines = async <T>(file: string): Promise<T[]> =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);

beforeAll(async () => {
  tmp = await tempDir('quire-erase-');
  home = join(tmp.path, 'home');
  folder = join(tmp.path, 'matter');
  privileged = join(folder, 'privileged advice.pdf');
  lease = join(folder, 'lease.pdf');
  await mkdir(folder, { recursive: true });
  await writeFile(
    privileged,
    await simplePdf([
      'Privileged advice to the client about the dispute with the landlord.',
      `The settlement figure agreed with ${ERASED_WORD} is nine hundred thousand.`,
    ]),
  );
  await writeFile(
    lease,
    await simplePdf([
      'Warehouse lease between the tenant and the owner of the building.',
      `The annual rent for the warehouse is paid to ${KEPT_WORD} in advance.`,
    ]),
  );
  const shared = await simplePdf([`Schedule of deliveries handled by ${SHARED_WORD} each month.`]);
  await writeFile(join(folder, 'schedule.pdf'), shared);
  email = join(folder, 'privileged email to X.eml');
  await writeFile(
    email,
    eml({
      messageId: 'erase-1@example.com',
      from: 'counsel@example.com',
      to: 'client@example.com',
      subject: 'Advice on the claim',
      date: 'Mon, 17 Mar 2014 11:15:00 +0000',
      body: `Our advice on the claim against ${EMAIL_WORD} is attached, with the schedule.`,
      attachments: [
        {
          name: 'advice.pdf',
          contentType: 'application/pdf',
          data: await simplePdf([`Counsel's opinion: the claim against ${ATTACHED_WORD} should settle.`]),
        },
        { name: 'schedule.pdf', contentType: 'application/pdf', data: shared },
      ],
    }),
  );
  await quireJson(home, ['add', folder, '--workspace', SLUG, '--embedding-model', 'none']);
  await quireJsonInProcess(home, ['sync', SLUG]);
  wsDir = new WorkspaceRegistry(home).dir(SLUG);
});
afterAll(() => tmp?.cleanup());

describe('quire erase', () => {
  let asked: AskJson;
  let followUp: AskJson;
  let erased: EraseJson;
  let erasedId: string;

  it('a question cites the privileged document in a new thread', async () => {
    asked = await quireJsonInProcess<AskJson>(home, [
      'ask',
      SLUG,
      'What is the settlement figure agreed?',
      '--new-thread',
    ]);
    expect(asked.support).toBe('answered');
    expect(asked.mode).toBe('extractive');
    expect(asked.answer).toContain(ERASED_WORD);
    const cited = asked.citations.find((c) => c.path === privileged);
    expect(cited?.quote).toContain(ERASED_WORD);
    erasedId = cited?.documentId ?? '';
    expect(erasedId).toMatch(/^[0-9a-f]{64}$/);
    followUp = await quireJsonInProcess<AskJson>(home, [
      'ask',
      SLUG,
      'Who is the annual rent for the warehouse paid to?',
      '--thread',
      asked.threadId ?? '',
    ]);
    expect(followUp.citations.map((c) => c.path)).toEqual([lease]);
    const before = await scanForMarker(home, ERASED_WORD);
    expect(before.files.length + before.versions.length).toBeGreaterThan(0);
  });

  it('without --yes or a terminal, nothing is erased', async () => {
    const run = await runQuire(home, ['erase', SLUG, 'privileged advice.pdf']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('--yes');
    const search = await quireJsonInProcess<SearchJson>(home, ['search', SLUG, ERASED_WORD]);
    expect(search.hits.map((h) => h.path)).toEqual([privileged]);
  });

  it('erases it by its path relative to the watched folder, saying what it removed', async () => {
    erased = await quireJsonInProcess<EraseJson>(home, ['erase', SLUG, 'privileged advice.pdf']);
    expect(erased).toEqual({
      erased: { documentId: erasedId, paths: [privileged], at: erased.erased.at, attachments: [] },
      threads: 1,
      audit: 1,
    });
    expect(new Date(erased.erased.at).toISOString()).toBe(erased.erased.at);
  });

  it('the thread shows the removal marker where the quote was; the other turn is intact', async () => {
    const marker = `[removed: erased on ${erased.erased.at.slice(0, 10)}]`;
    const turns = await readLines<{ answer: string; question: string; citations: Citation[] }>(
      join(wsDir, 'threads', `${asked.threadId}.jsonl`),
    );
    expect(turns).toHaveLength(2);
    expect(turns[0]?.question).toBe('What is the settlement figure agreed?');
    expect(turns[0]?.answer).toBe(marker);
    const gone = turns[0]?.citations.filter((c) => c.documentId === erasedId) ?? [];
    expect(gone.length).toBeGreaterThan(0);
    for (const c of gone) expect(c).toMatchObject({ quote: marker, path: marker, erased: erased.erased.at });
    expect(turns[1]?.answer).toBe(followUp.answer);
    expect(turns[1]?.citations[0]?.quote).toContain(KEPT_WORD);
  });

  it('the audit entry keeps the hash and a tombstone, and no text or path of it', async () => {
    const entries = await readLines<{
      answerHash: string;
      erased?: { documentId: string; at: string }[];
      citations: { documentId: string; path: string }[];
    }>(join(wsDir, 'audit.jsonl'));
    expect(entries).toHaveLength(2);
    const [first, second] = entries;
    expect(first?.erased).toEqual([{ documentId: erasedId, at: erased.erased.at }]);
    expect(first?.answerHash).toMatch(/^[0-9a-f]{64}$/);
    expect(first?.citations.some((c) => c.documentId === erasedId)).toBe(true);
    expect(JSON.stringify(first)).not.toMatch(/zorvexquill|privileged advice/);
    expect(second?.erased).toBeUndefined();
  });

  it('a byte scan of the whole data home finds its marker 0 times; the other is still found', async () => {
    expect(await scanForMarker(home, ERASED_WORD)).toEqual({ files: [], versions: [] });
    const kept = await scanForMarker(home, KEPT_WORD);
    expect(kept.files.length + kept.versions.length).toBeGreaterThan(0);
    // Its name is kept in one place only: the index's row for the file still in the folder, which says
    // it is erased (logs, threads, audit, status and matter facts no longer name it).
    const named = await scanForMarker(home, 'privileged advice');
    expect(named.files.every((f) => f.includes('paths.lance'))).toBe(true);
    expect(named.versions.every((v) => v.table.endsWith('paths'))).toBe(true);
    await expect(stat(join(wsDir, 'matter', `${erasedId}.json`))).rejects.toThrow();
    expect(await readFile(join(wsDir, 'erased.json'), 'utf8')).toContain(erasedId);
  });

  it('search and ask keep working for the other document and find nothing of the erased one', async () => {
    expect((await quireJsonInProcess<SearchJson>(home, ['search', SLUG, ERASED_WORD])).hits).toEqual([]);
    const search = await quireJsonInProcess<SearchJson>(home, ['search', SLUG, KEPT_WORD]);
    expect(search.hits.map((h) => h.path)).toEqual([lease]);
    const again = await quireJsonInProcess<AskJson>(home, [
      'ask',
      SLUG,
      'Who is the annual rent for the warehouse paid to?',
    ]);
    expect(again.citations.map((c) => c.path)).toEqual([lease]);
    const settlement = await quireJsonInProcess<AskJson>(home, [
      'ask',
      SLUG,
      'What is the settlement figure agreed?',
    ]);
    expect(settlement.citations.filter((c) => c.path === privileged)).toEqual([]);
  });

  it('a second sync does not bring it back (listed erased), and a change of content indexes it again', async () => {
    const sync = await quireJsonInProcess<SyncJson>(home, ['sync', SLUG]);
    expect(sync.indexed).toBe(0);
    expect(sync.failed).toEqual([
      { path: privileged, code: 'erased', message: expect.stringContaining('Erased') },
    ]);
    const status = await quireJsonInProcess<StatusJson>(home, ['status', SLUG]);
    expect(status.documents.find((d) => d.path === privileged)).toMatchObject({
      state: 'failed',
      documentId: null,
      error: { code: 'erased' },
    });
    expect((await quireJsonInProcess<SearchJson>(home, ['search', SLUG, ERASED_WORD])).hits).toEqual([]);

    await writeFile(privileged, await simplePdf([`A revised note that names ${NEW_WORD} and nothing else.`]));
    const changed = await quireJsonInProcess<SyncJson>(home, ['sync', SLUG]);
    expect(changed.indexed).toBe(1);
    expect(changed.failed).toEqual([]);
    const search = await quireJsonInProcess<SearchJson>(home, ['search', SLUG, NEW_WORD]);
    expect(search.hits.map((h) => h.path)).toEqual([privileged]);
  });
});

describe('quire erase of an email', () => {
  it('erases the attachments only it holds, and only unlinks one another path keeps', async () => {
    const before = await quireJsonInProcess<StatusJson>(home, ['status', SLUG]);
    const emailId = before.documents.find((d) => d.path === email)?.documentId;
    const below = before.documents.filter((d) => d.path.startsWith(`${email}::`));
    expect(below.map((d) => d.state)).toEqual(['indexed', 'indexed']);
    const advice = below.find((d) => d.path.endsWith('advice.pdf'));
    const schedule = below.find((d) => d.path.endsWith('schedule.pdf'));

    const done = await quireJsonInProcess<EraseJson>(home, ['erase', SLUG, email]);
    expect(done.erased.documentId).toBe(emailId);
    expect(done.erased.paths).toEqual([email]);
    expect(done.erased.attachments).toHaveLength(2);
    expect(done.erased.attachments).toEqual(
      expect.arrayContaining([
        { documentId: advice?.documentId, paths: [advice?.path], erased: true },
        { documentId: schedule?.documentId, paths: [schedule?.path], erased: false },
      ]),
    );
    const named = await scanForMarker(home, 'privileged email');
    expect(named.files.every((f) => f.includes('paths.lance'))).toBe(true);
    expect(await scanForMarker(home, EMAIL_WORD)).toEqual({ files: [], versions: [] });
    expect(await scanForMarker(home, ATTACHED_WORD)).toEqual({ files: [], versions: [] });
    const search = await quireJsonInProcess<SearchJson>(home, ['search', SLUG, SHARED_WORD]);
    expect(search.hits.map((h) => h.path)).toEqual([join(folder, 'schedule.pdf')]);
    const after = await quireJsonInProcess<StatusJson>(home, ['status', SLUG]);
    expect(after.documents.filter((d) => d.path.startsWith(`${email}::`))).toEqual([]);
    expect(after.documents.find((d) => d.path === email)?.error?.code).toBe('erased');
  });
});

describe('the erase routes (real server on 127.0.0.1)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const W = `/api/workspaces/${SLUG}`;
  const call = async <T>(path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  beforeAll(async () => {
    server = await startServer({ home, port: 0, watch: false, warmBuiltin: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('previews, then erases on the open workspace, with the CLI shape', async () => {
    const asked = await call<AskJson>(`${W}/ask`, {
      question: 'What does the revised note name?',
      newThread: true,
    });
    expect(asked.status).toBe(200);
    const cited = asked.body.citations.find((c) => c.path === privileged);
    const id = cited?.documentId ?? '';
    expect(id).toMatch(/^[0-9a-f]{64}$/);

    const preview = await call<Record<string, unknown>>(`${W}/documents/${id}/erase-preview`);
    expect(preview).toEqual({
      status: 200,
      body: {
        documentId: id,
        title: null,
        kind: 'pdf',
        paths: [privileged],
        attachments: [],
        threads: 1,
        audit: 1,
      },
    });

    const done = await call<EraseJson>(`${W}/documents/erase`, { documentId: id });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({
      erased: { documentId: id, paths: [privileged], at: done.body.erased.at, attachments: [] },
      threads: 1,
      audit: 1,
    });
    const search = await call<SearchJson>(`${W}/search?q=${NEW_WORD}`);
    expect(search).toEqual({ status: 200, body: expect.objectContaining({ hits: [] }) });
    const thread = await call<{ turns: { answer: string }[] }>(`${W}/threads/${asked.body.threadId}`);
    expect(JSON.stringify(thread.body)).not.toContain(NEW_WORD);
    expect(await scanForMarker(home, NEW_WORD)).toEqual({ files: [], versions: [] });
    // Erased: the id is no longer a document of the workspace.
    expect((await call(`${W}/documents/${id}/erase-preview`)).status).toBe(404);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const unknown = '0'.repeat(64);
    const notFound = await call<{ error: { code: string } }>(`${W}/documents/erase`, { documentId: unknown });
    expect(notFound).toEqual({
      status: 404,
      body: { error: expect.objectContaining({ code: 'not-found' }) },
    });
    expect((await call(`${W}/documents/${unknown}/erase-preview`)).status).toBe(404);
    const malformed = await call<{ error: { code: string } }>(`${W}/documents/erase`, {
      documentId: 'x/../y',
    });
    expect(malformed).toEqual({
      status: 400,
      body: { error: expect.objectContaining({ code: 'invalid-request' }) },
    });
    expect((await call(`${W}/documents/not-an-id/erase-preview`)).status).toBe(400);
    expect((await call(`${W}/documents/erase`, {})).status).toBe(400);
  });
});
