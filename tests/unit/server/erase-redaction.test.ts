// The redactions `quire erase` applies to the files beside the index: thread turns, audit entries and
// ingest-log entries lose the erased document's text and paths but keep its hash; files are rewritten
// whole and atomically, and a second erase of the same document changes nothing.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Citation } from '@quire/inference';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuditEntry, AuditLog, redactAuditEntry } from '../../../apps/server/src/audit-log.ts';
import { ErasedDocuments, removalMarker } from '../../../apps/server/src/erased-documents.ts';
import { IngestLog, type IngestLogEntry, redactIngestEntry } from '../../../apps/server/src/ingest-log.ts';
import { type Erasure, rewriteJsonLines } from '../../../apps/server/src/redaction.ts';
import { redactThread, ThreadStore, type ThreadTurn } from '../../../apps/server/src/threads.ts';
import { tempDir } from '../../helpers/temp.ts';

const GONE = 'a'.repeat(64);
const KEPT = 'b'.repeat(64);
const AT = '2026-12-06T22:10:00.000Z';
const MARKER = '[removed: erased on 2026-12-06]';
const erasure: Erasure = {
  documentIds: new Set([GONE]),
  paths: new Set(['/m/privileged to X.eml', '/m/copy.eml']),
  at: AT,
};

const citation = (documentId: string, n: number, extra: Partial<Citation> = {}): Citation => ({
  n,
  chunkId: `${documentId}:0`,
  documentId,
  path: documentId === GONE ? '/m/privileged to X.eml' : '/m/kept.pdf',
  page: 1,
  heading: documentId === GONE ? 'Advice on the settlement' : null,
  quote: documentId === GONE ? 'The settlement figure is zorvexquill.' : 'The lease ends in May.',
  start: 0,
  end: 30,
  verified: true,
  ...extra,
});

const turn = (citations: Citation[], extra: Partial<ThreadTurn> = {}): ThreadTurn => ({
  time: AT,
  question: 'What is the figure?',
  standaloneQuery: 'What is the figure?',
  answer: citations.map((c) => `${c.quote} [${c.n}]`).join(' '),
  mode: 'extractive',
  support: 'answered',
  citations,
  ...extra,
});

describe('removalMarker', () => {
  it('names the day of the erasure', () => {
    expect(removalMarker(AT)).toBe(MARKER);
  });
});

describe('redactThread', () => {
  it("replaces the erased document's quotes, heading, path and the answer quoting it; keeps the rest", () => {
    const kept = citation(KEPT, 2);
    const out = redactThread(erasure)(turn([citation(GONE, 1), kept]));
    expect(out?.answer).toBe(MARKER);
    expect(out?.question).toBe('What is the figure?');
    expect(out?.citations[0]).toMatchObject({
      documentId: GONE,
      chunkId: `${GONE}:0`,
      quote: MARKER,
      path: MARKER,
      heading: null,
      erased: AT,
    });
    expect(out?.citations[1]).toEqual(kept);
    expect(JSON.stringify(out)).not.toMatch(/zorvexquill|privileged|settlement/i);
  });

  it('replaces a generated answer citing it too, and leaves turns not citing it alone', () => {
    const redact = redactThread(erasure);
    expect(redact(turn([citation(KEPT, 1)]))).toBeNull();
    const generated = redact(
      turn([citation(GONE, 1)], { mode: 'generated', answer: 'It is zorvexquill [1].' }),
    );
    expect(generated?.answer).toBe(MARKER);
  });

  it('drops a later rewritten question of the same thread, and the emails an attachment came with', () => {
    const redact = redactThread(erasure);
    redact(turn([citation(GONE, 1)]));
    const chat = { embedding: null, chat: 'qwen', rerank: null };
    const followUp = redact(
      turn([citation(KEPT, 1)], {
        question: 'And then?',
        standaloneQuery: 'After zorvexquill, what?',
        models: chat,
      }),
    );
    expect(followUp?.standaloneQuery).toBe(MARKER);
    // Without a chat model the rewrite only carried words of the earlier question: the user's own.
    const carried = turn([citation(KEPT, 1)], { question: 'And then?', standaloneQuery: 'And then? figure' });
    expect(redact(carried)).toBeNull();
    expect(followUp?.answer).toBe('The lease ends in May. [1]');
    const attachment = citation(KEPT, 1, {
      attachedTo: [
        {
          path: '/m/privileged to X.eml',
          documentId: GONE,
          subject: 'Privileged',
          from: 'a@x',
          to: ['b@x'],
          date: AT,
        },
      ],
    });
    const out = redactThread(erasure)(turn([attachment]));
    expect(out?.citations[0]?.attachedTo).toEqual([
      { path: MARKER, documentId: GONE, subject: null, from: null, to: [], date: null },
    ]);
    expect(out?.citations[0]?.quote).toBe('The lease ends in May.');
  });

  it('changes nothing the second time', () => {
    const once = redactThread(erasure)(turn([citation(GONE, 1)]));
    expect(once).not.toBeNull();
    expect(redactThread(erasure)(once as ThreadTurn)).toBeNull();
  });
});

const entry = (extra: Partial<AuditEntry> = {}): AuditEntry => ({
  time: AT,
  threadId: 't1-abcdef',
  question: 'What is the figure?',
  standaloneQuery: 'What is the figure?',
  retrievedChunkIds: [`${GONE}:0`, `${KEPT}:3`],
  models: { embedding: null, chat: null, rerank: null },
  mode: 'extractive',
  support: 'answered',
  answerHash: 'c'.repeat(64),
  citations: [
    {
      n: 1,
      chunkId: `${GONE}:0`,
      documentId: GONE,
      path: '/m/privileged to X.eml',
      page: 1,
      start: 0,
      end: 30,
    },
    { n: 2, chunkId: `${KEPT}:3`, documentId: KEPT, path: '/m/kept.pdf', page: 2, start: 5, end: 9 },
  ],
  ...extra,
});

describe('redactAuditEntry', () => {
  it('keeps the hash, offsets and answer hash, tombstones the document and drops its path', () => {
    const out = redactAuditEntry(erasure)(entry());
    expect(out?.erased).toEqual([{ documentId: GONE, at: AT }]);
    expect(out?.answerHash).toBe('c'.repeat(64));
    expect(out?.retrievedChunkIds).toEqual([`${GONE}:0`, `${KEPT}:3`]);
    expect(out?.citations[0]).toEqual({
      n: 1,
      chunkId: `${GONE}:0`,
      documentId: GONE,
      path: MARKER,
      page: 1,
      start: 0,
      end: 30,
      erased: AT,
    });
    expect(out?.citations[1]?.path).toBe('/m/kept.pdf');
    expect(JSON.stringify(out)).not.toContain('privileged');
  });

  it('tombstones an entry that only retrieved it, leaves others alone, and is idempotent', () => {
    const redact = redactAuditEntry(erasure);
    const retrieved = redact(entry({ citations: [], threadId: null }));
    expect(retrieved?.erased).toEqual([{ documentId: GONE, at: AT }]);
    expect(redact(entry({ retrievedChunkIds: [`${KEPT}:1`], citations: [], threadId: null }))).toBeNull();
    expect(redactAuditEntry(erasure)(retrieved as AuditEntry)).toBeNull();
  });
});

describe('redactIngestEntry', () => {
  it("replaces the erased paths (and attachments below them) and a failure's message", () => {
    const redact = redactIngestEntry(erasure);
    const embedded: IngestLogEntry = {
      event: 'embedded',
      path: '/m/copy.eml',
      documentId: GONE,
      pages: 1,
      chunks: 2,
    };
    expect(redact(embedded)).toEqual({ ...embedded, path: MARKER });
    expect(
      redact({
        event: 'failed',
        path: '/m/privileged to X.eml::1/advice.pdf',
        code: 'encrypted',
        message: 'x',
      }),
    ).toEqual({ event: 'failed', path: MARKER, code: 'encrypted', message: MARKER });
    expect(redact({ event: 'linked', path: '/m/renamed.eml', documentId: GONE })?.path).toBe(MARKER);
    const nested = redactIngestEntry({ ...erasure, paths: new Set(['/m/a.eml::1/b.eml']) });
    expect(nested({ event: 'removed', path: '/m/a.eml::1/b.eml::2/c.pdf' })?.path).toBe(MARKER);
    expect(nested({ event: 'removed', path: '/m/a.eml::3/d.pdf' })).toBeNull();
    expect(redact({ event: 'removed', path: '/m/kept.pdf' })).toBeNull();
  });
});

describe('files on disk', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(() => dir.cleanup());

  it('threads and the audit log are rewritten in place, counted, and a dry run writes nothing', async () => {
    const threads = new ThreadStore(dir.path);
    await threads.append('t1-abcdef', turn([citation(GONE, 1)]));
    await threads.append('t1-abcdef', turn([citation(KEPT, 1)]));
    await threads.append('t2-abcdef', turn([citation(KEPT, 1)]));
    const audit = new AuditLog(dir.path);
    await audit.append(entry());
    await audit.append(entry({ retrievedChunkIds: [], citations: [], threadId: null }));
    const before = await readFile(join(dir.path, 'threads', 't1-abcdef.jsonl'), 'utf8');

    expect(await threads.redact(erasure, true)).toBe(1);
    expect(await audit.redact(erasure, true)).toBe(1);
    expect(await readFile(join(dir.path, 'threads', 't1-abcdef.jsonl'), 'utf8')).toBe(before);

    expect(await threads.redact(erasure)).toBe(1);
    expect(await audit.redact(erasure)).toBe(1);
    const turns = await threads.turns('t1-abcdef');
    expect(turns.map((t) => t.answer)).toEqual([MARKER, 'The lease ends in May. [1]']);
    expect((await audit.entries())[0]?.erased).toEqual([{ documentId: GONE, at: AT }]);
    for (const file of [join(dir.path, 'threads', 't1-abcdef.jsonl'), audit.file])
      expect(await readFile(file, 'utf8')).not.toContain('zorvexquill');
    expect(await readdir(join(dir.path, 'threads'))).toEqual(['t1-abcdef.jsonl', 't2-abcdef.jsonl']);
    expect(await threads.redact(erasure)).toBe(0);
  });

  it('the ingest log loses every path the document had, also an earlier one', async () => {
    const log = new IngestLog(dir.path);
    await log.append([
      { event: 'embedded', path: '/m/old name.eml', documentId: GONE, pages: 1, chunks: 1 },
      { event: 'removed', path: '/m/old name.eml' },
      { event: 'embedded', path: '/m/kept.pdf', documentId: KEPT, pages: 1, chunks: 1 },
    ]);
    expect(await log.redact(erasure)).toBe(2);
    const text = await readFile(log.file, 'utf8');
    expect(text).not.toContain('old name');
    expect(text).toContain('/m/kept.pdf');
  });

  it('rewriteJsonLines keeps a line cut short by a crash as it is', async () => {
    const file = join(dir.path, 'x.jsonl');
    await writeFile(file, '{"a":1}\n{"a":2}\n{"a":');
    expect(await rewriteJsonLines<{ a: number }>(file, (v) => (v.a === 2 ? { a: 20 } : null))).toBe(1);
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n{"a":20}\n{"a":');
  });

  it('erased.json holds hashes and dates only, the first date kept', async () => {
    const erased = new ErasedDocuments(dir.path);
    expect((await erased.read()).size).toBe(0);
    await erased.add([GONE], AT);
    await erased.add([GONE, KEPT], '2027-01-01T00:00:00.000Z');
    expect([...(await erased.read())]).toEqual([
      [GONE, AT],
      [KEPT, '2027-01-01T00:00:00.000Z'],
    ]);
    expect(await readFile(erased.file, 'utf8')).not.toContain('/');
  });
});
