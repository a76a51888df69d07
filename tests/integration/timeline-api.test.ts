// The chronology over the HTTP API (issue 18, must-show 1), on a real server on 127.0.0.1 over the
// generated matter of tests/fixtures/dated-matter.ts, synced by the command first, its matter facts then
// removed: the server's timeline answers at once with the documents still to read counted as `pending`
// and reads them in the background until none is left; a document added later is
// read on its own and one removed takes its events with it. Then: every written form
// of a date at its ISO date, cited at its page and printed label, quotes verified and equal to the page
// text the pages route returns; the scope and date bounds as query parameters; CSV and Markdown downloads;
// 400 for a bad bound or format.
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { startServer } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineResult } from '../../apps/server/src/matter-types.ts';
import {
  CLAIM,
  DATED_DOCUMENTS,
  DATED_FACTS,
  INVOICE_EMAIL,
  MERGED_FAILURE,
  NOTES,
  REPORT,
  writeDatedMatter,
} from '../fixtures/dated-matter.ts';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { quireJsonInProcess } from '../helpers/cli.ts';
import { readCsv } from '../helpers/csv.ts';
import { tempDir } from '../helpers/temp.ts';

const W = '/api/workspaces/dated';
let tmp: { path: string; cleanup: () => Promise<void> };
let server: Awaited<ReturnType<typeof startServer>>;
let matter: string;
let home: string;
/** The server's first answer, before its background reading. */
let first: TimelineResult;
/** Asked again while the facts still cannot be written. */
let blocked: TimelineResult;
/** The complete timeline, once nothing is pending. */
let all: TimelineResult;

const rel = (path: string) => relative(matter, path);
const get = (path: string) => fetch(`${server.url}${path}`);
async function timeline(query = ''): Promise<TimelineResult> {
  const response = await get(`${W}/timeline${query ? `?${query}` : ''}`);
  expect(response.status, query).toBe(200);
  return (await response.json()) as TimelineResult;
}
/** Each event as `date[/end] path@page + …`. */
const outline = (result: TimelineResult) =>
  result.events.map(
    (e) =>
      `${e.date}${e.dateEnd ? `/${e.dateEnd}` : ''} ${e.citations.map((c) => `${rel(c.path)}@${c.page}`).join(' + ')}`,
  );
/** The complete timeline's outline keeping only citations of documents in `paths`. */
const outlineWithin = (paths: readonly string[]) =>
  outline({
    ...all,
    events: all.events
      .map((e) => ({ ...e, citations: e.citations.filter((c) => paths.includes(rel(c.path))) }))
      .filter((e) => e.citations.length > 0),
  });

beforeAll(async () => {
  tmp = await tempDir('quire-timeline-api-');
  home = join(tmp.path, 'home');
  matter = await writeDatedMatter(join(tmp.path, 'matter'));
  await quireJsonInProcess(home, ['add', matter, '--workspace', 'Dated', '--embedding-model', 'none']);
  const sync = await quireJsonInProcess<{ indexed: number }>(home, ['sync', 'dated']);
  expect(sync.indexed).toBe(DATED_DOCUMENTS.length);
  // The command's sync read the documents for the matter views: their facts are removed, and a file put
  // where their folder goes makes the background reading fail until it is removed, so the first answers
  // are surely made with no document read yet.
  const factsDir = join(home, 'dated', 'matter');
  await rm(factsDir, { recursive: true });
  await writeFile(factsDir, 'in the way');
  server = await startServer({ home, port: 0, watch: false, warmBuiltin: false });
  first = await timeline();
  blocked = await timeline();
  await rm(factsDir);
  all = await timelineWhen((t) => t.pending === 0);
});

/** The timeline once `done` holds of it (asked again every 200 ms, for at most two minutes). */
async function timelineWhen(done: (result: TimelineResult) => boolean): Promise<TimelineResult> {
  const deadline = Date.now() + 120_000;
  let result = await timeline();
  while (!done(result) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    result = await timeline();
  }
  return result;
}

/** The workspace's kept facts: file name → modification time. */
async function factsFiles(): Promise<Map<string, number>> {
  const dir = join(home, 'dated', 'matter');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  return new Map(await Promise.all(names.map(async (n) => [n, (await stat(join(dir, n))).mtimeMs] as const)));
}

afterAll(async () => {
  await server?.close();
  await tmp?.cleanup();
});

describe('GET /timeline', () => {
  it('answers at once with the documents not read yet pending, then reads them in the background', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const answer of [first, blocked]) {
      expect(answer.pending).toBe(DATED_DOCUMENTS.length);
      expect(answer.events).toEqual([]);
    }
    // Once the facts can be written, the next request starts the reading and nothing is pending after it.
    expect(all.pending).toBe(0);
    expect(all.events).toHaveLength(DATED_FACTS.length - 1);
  });

  it('reads every written form to its date, cited at its page and printed label, verified', () => {
    for (const fact of DATED_FACTS) {
      const found = all.events.flatMap((event) =>
        event.citations
          .filter(
            (c) =>
              rel(c.path) === fact.path &&
              c.page === fact.page &&
              (fact.headerLine ? c.quote.endsWith(fact.sentence) : c.quote === fact.sentence),
          )
          .map((c) => ({
            date: event.date,
            dateEnd: event.dateEnd,
            precision: event.precision,
            relative: event.relative,
            pageLabel: c.pageLabel,
            verified: c.verified,
          })),
      );
      expect(found, fact.form).toEqual([
        {
          date: fact.date,
          dateEnd: fact.dateEnd,
          precision: fact.precision,
          relative: fact.relative,
          pageLabel: fact.pageLabel,
          verified: true,
        },
      ]);
    }
    const merged = all.events.find((e) => e.date === MERGED_FAILURE.date && e.citations.length === 2);
    expect(merged?.citations.map((c) => c.quote).sort()).toEqual([...MERGED_FAILURE.sentences].sort());
  });

  it('quotes exactly the text GET …/documents/:id/pages/:page returns at start..end', async () => {
    for (const citation of all.events.flatMap((e) => e.citations)) {
      const response = await get(`${W}/documents/${citation.documentId}/pages/${citation.page}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as { text: string; label?: string };
      expect(page.text.slice(citation.start, citation.end)).toBe(citation.quote);
      expect(page.label ?? null).toBe(citation.pageLabel);
    }
  });

  it('takes the scope and the bounds as query parameters', async () => {
    const pleadings = await timeline('in=pleadings/');
    expect(pleadings).toMatchObject({ scope: { in: ['pleadings/'] }, scopeDocuments: 1, pending: 0 });
    expect(outline(pleadings)).toEqual(outlineWithin([CLAIM]));
    const others = await timeline('notIn=pleadings/&notIn=experts/');
    expect(outline(others)).toEqual(outlineWithin([INVOICE_EMAIL, NOTES]));
    expect(outline(await timeline('kind=email'))).toEqual(outlineWithin([INVOICE_EMAIL]));
    expect(outline(await timeline('kind=word,pdf'))).toEqual(outlineWithin([CLAIM, REPORT, NOTES]));
    const spring = await timeline('since=2014-03-18&until=2014-12');
    expect(spring).toMatchObject({ since: '2014-03-18', until: '2014-12' });
    expect(outline(spring)).toEqual([
      `2014-03 ${NOTES}@1`,
      `2014-03-18 ${CLAIM}@2`,
      `2014-06-01 ${INVOICE_EMAIL}@1`,
      `2014-06-02 ${INVOICE_EMAIL}@1`,
    ]);
    expect(outline(await timeline('since=2020&kind=pdf'))).toEqual([
      `2019/2021 ${REPORT}@2`,
      `2021 ${CLAIM}@4`,
    ]);
  });

  it('downloads CSV and Markdown with their content types and file names', async () => {
    const csv = await get(`${W}/timeline?format=csv&in=pleadings/`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="dated-chronology.csv"');
    const [header, ...rows] = readCsv(await csv.text());
    expect(header?.[0]).toBe('date');
    expect(rows.map((r) => r[0])).toEqual(outlineWithin([CLAIM]).map((line) => line.split(/[ /]/)[0]));
    expect(rows.every((r) => r[5] === join(matter, CLAIM))).toBe(true);

    const md = await get(`${W}/timeline?format=markdown&since=2019`);
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.headers.get('content-disposition')).toBe('attachment; filename="dated-chronology.md"');
    expect(await md.text()).toBe(
      [
        '# Chronology: Dated',
        '',
        'Events from 2019',
        '',
        '- **2019 – 2021** — The maintenance plan of the plant covered 2019–2021 and was never updated.',
        '  - expert-report.pdf, p. 2: “The maintenance plan of the plant covered 2019–2021 and was never updated.”',
        '- **2021** — Pumpco Ltd set aside a provision for the claim in its accounts for FY2021.',
        '  - statement-of-claim.pdf, p. 3 (PDF p. 4): “Pumpco Ltd set aside a provision for the claim in its accounts for FY2021.”',
        '- **June 2021 (worked out)** — It will meet again next month.',
        '  - committee-notes.docx, p. 1: “It will meet again next month.”',
        '',
      ].join('\n'),
    );
  });

  it('answers 400 with the reason for a bound that is not a date or an unknown format', async () => {
    for (const [query, reason] of [
      ['since=2014-13', 'since: expected YYYY, YYYY-MM or YYYY-MM-DD'],
      ['until=17%2F3%2F2014', 'until: expected YYYY, YYYY-MM or YYYY-MM-DD'],
      ['format=pdf', 'format'],
    ] as const) {
      const response = await get(`${W}/timeline?${query}`);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid-request');
      expect(body.error.message).toContain(reason);
    }
  });

  it('answers 404 for a workspace that does not exist', async () => {
    const response = await get('/api/workspaces/nowhere/timeline');
    expect(response.status).toBe(404);
  });

  it('reads a document added later on its own, and drops the events of one removed', async () => {
    const before = await factsFiles();
    expect(before.size).toBe(DATED_DOCUMENTS.length);
    const late = join(matter, 'notes', 'late-note.pdf');
    await writeFile(
      late,
      await simplePdf(['Late note.', 'The pump was sold for scrap on 9 September 2016.']),
    );
    await server.service.sync('dated');
    const added = await timelineWhen((t) => t.pending === 0 && t.events.some((e) => e.date === '2016-09-09'));
    expect(outline({ ...added, events: added.events.filter((e) => e.date === '2016-09-09') })).toEqual([
      '2016-09-09 notes/late-note.pdf@2',
    ]);
    expect(added.events).toHaveLength(all.events.length + 1);
    const after = await factsFiles();
    expect(after.size).toBe(DATED_DOCUMENTS.length + 1);
    // The other documents' facts were kept, not computed again.
    for (const [name, mtime] of before) expect(after.get(name), name).toBe(mtime);

    await rm(late);
    await server.service.sync('dated');
    const removed = await timelineWhen((t) => !t.events.some((e) => e.date === '2016-09-09'));
    expect(outline(removed)).toEqual(outline(all));
    await expect.poll(async () => (await factsFiles()).size).toBe(DATED_DOCUMENTS.length);
  });
});
