// The chronology through the `quire timeline` command (issue 18, must-show 1), over a generated matter
// (tests/fixtures/dated-matter.ts) added and synced full-text only by the command: every written form of a
// date read to the right ISO date, precision, range end and relative mark; every event cited at its
// physical page with its printed label, its quote verified and equal to the stored page's text at
// start..end (read back through GET …/documents/:id/pages/:page); the failure stated by two documents in
// other words merged into one event with both citations; each scope flag and date bound returning only its
// scope; CSV and Markdown; a bad bound refused. Commands run through the CLI's own entry point in this
// process; one run of the real binary checks the exit code of a refusal.
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createApp, WorkspaceRegistry, WorkspaceService } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineEvent, TimelineResult } from '../../apps/server/src/matter-types.ts';
import {
  CLAIM,
  DATED_FACTS,
  type DatedFact,
  INVOICE_EMAIL,
  MERGED_FAILURE,
  NOTES,
  REPORT,
  writeDatedMatter,
} from '../fixtures/dated-matter.ts';
import { type CliRun, quireJsonInProcess, runQuire, runQuireInProcess } from '../helpers/cli.ts';
import { readCsv } from '../helpers/csv.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;
let matter: string;
/** The whole timeline, read once. */
let all: TimelineResult;

const rel = (path: string) => relative(matter, path);
const quire = (args: readonly string[]): Promise<CliRun> => runQuireInProcess(home, args);
const timeline = (flags: readonly string[] = []) =>
  quireJsonInProcess<TimelineResult>(home, ['timeline', 'dated', ...flags]);

/** The event citing `fact`'s sentence on its page of its document. */
function eventOf(result: TimelineResult, fact: DatedFact): TimelineEvent | undefined {
  return result.events.find((e) => e.citations.some((c) => cites(c, fact)));
}
function cites(c: TimelineEvent['citations'][number], fact: DatedFact): boolean {
  return (
    rel(c.path) === fact.path &&
    c.page === fact.page &&
    (fact.headerLine ? c.quote.endsWith(fact.sentence) : c.quote === fact.sentence)
  );
}
/** Each event as `date[/end] path@page` of its citations, for comparing scopes. */
const outline = (result: TimelineResult) =>
  result.events.map(
    (e) =>
      `${e.date}${e.dateEnd ? `/${e.dateEnd}` : ''} ${e.citations.map((c) => `${rel(c.path)}@${c.page}`).join(' + ')}`,
  );
/** The outline of the whole timeline keeping only citations of documents in `paths`. */
const outlineWithin = (paths: readonly string[]) =>
  all.events
    .map((e) => ({ ...e, citations: e.citations.filter((c) => paths.includes(rel(c.path))) }))
    .filter((e) => e.citations.length > 0)
    .map(
      (e) =>
        `${e.date}${e.dateEnd ? `/${e.dateEnd}` : ''} ${e.citations.map((c) => `${rel(c.path)}@${c.page}`).join(' + ')}`,
    );

beforeAll(async () => {
  tmp = await tempDir('quire-timeline-cli-');
  home = join(tmp.path, 'home');
  matter = await writeDatedMatter(join(tmp.path, 'matter'));
  const added = await quire(['add', matter, '--workspace', 'Dated', '--embedding-model', 'none', '--json']);
  expect(added.code, added.stderr).toBe(0);
  const sync = await quireJsonInProcess<{ indexed: number; failed: unknown[] }>(home, ['sync', 'dated']);
  expect(sync).toMatchObject({ indexed: 4, failed: [] });
  all = await timeline();
});
afterAll(() => tmp?.cleanup());

describe('quire timeline', () => {
  it('reads every written form to its ISO date, precision, range end and relative mark', () => {
    for (const fact of DATED_FACTS) {
      const event = eventOf(all, fact);
      expect(event, `${fact.form} in ${fact.path} p. ${fact.page}`).toBeDefined();
      expect({ form: fact.form, ...pick(event) }).toEqual({
        form: fact.form,
        date: fact.date,
        dateEnd: fact.dateEnd,
        precision: fact.precision,
        relative: fact.relative,
      });
    }
    // Nothing else: one event per fact, the two statements of the failure as one.
    expect(all.events).toHaveLength(DATED_FACTS.length - 1);
    expect(all).toMatchObject({ scope: null, scopeDocuments: null, since: null, until: null, pending: 0 });
  });

  it('cites each event at its physical page with the printed label, its quote verified', () => {
    for (const fact of DATED_FACTS) {
      const citation = eventOf(all, fact)?.citations.find((c) => cites(c, fact));
      expect(citation, fact.form).toMatchObject({
        page: fact.page,
        pageLabel: fact.pageLabel,
        verified: true,
      });
    }
    for (const event of all.events) {
      expect(event.text).toBe(event.citations[0]?.quote);
      expect(event.id).toBe(
        `${event.citations[0]?.documentId.slice(0, 16)}:${event.citations[0]?.page}:${event.citations[0]?.start}`,
      );
    }
  });

  it('quotes exactly the stored page text at start..end, read back through the pages route', async () => {
    const service = new WorkspaceService(new WorkspaceRegistry(home), { watch: false });
    const app = createApp({
      home,
      registry: new WorkspaceRegistry(home),
      service,
      webRoot: join(tmp.path, 'no-web'),
    });
    try {
      for (const citation of all.events.flatMap((e) => e.citations)) {
        const res = await app.request(
          `/api/workspaces/dated/documents/${citation.documentId}/pages/${citation.page}`,
        );
        expect(res.status).toBe(200);
        const page = (await res.json()) as { text: string; label?: string };
        expect(page.text.slice(citation.start, citation.end)).toBe(citation.quote);
        expect(page.label ?? null).toBe(citation.pageLabel);
      }
    } finally {
      await service.close();
    }
  });

  it('merges the failure stated by two documents in other words into one event with both citations', () => {
    const failures = all.events.filter((e) => e.date === MERGED_FAILURE.date);
    const merged = failures.find((e) => e.citations.length > 1);
    expect(merged?.citations.map((c) => c.quote).sort()).toEqual([...MERGED_FAILURE.sentences].sort());
    expect(merged?.citations.map((c) => rel(c.path)).sort()).toEqual([REPORT, CLAIM].sort());
    expect(new Set(merged?.citations.map((c) => c.documentId)).size).toBe(2);
    expect(merged?.citations.map((c) => [c.page, c.pageLabel]).sort()).toEqual([
      [2, '1'],
      [3, null],
    ]);
    // The invoice dated the same day states something else: its own event.
    expect(failures.map((e) => e.citations.length).sort()).toEqual([1, 2]);
  });

  it('sorts events by date, a month before its days, ranges after single dates', () => {
    expect(outline(all).map((line) => line.split(' ')[0])).toEqual([
      '2014-03',
      '2014-03-01/2014-03-15',
      '2014-03-17',
      '2014-03-17',
      '2014-03-18',
      '2014-06-01',
      '2014-06-02',
      '2019/2021',
      '2021',
      '2021-06',
    ]);
  });
});

describe('quire timeline with a scope', () => {
  it('--in a folder: that folder’s documents only, a merged event with its citation there', async () => {
    const result = await timeline(['--in', 'pleadings/']);
    expect(result.scope).toEqual({ in: ['pleadings/'] });
    expect(result.scopeDocuments).toBe(1);
    expect(outline(result)).toEqual(outlineWithin([CLAIM]));
    expect(result.events).toHaveLength(DATED_FACTS.filter((f) => f.path === CLAIM).length);
    expect(result.events.find((e) => e.date === MERGED_FAILURE.date)?.citations).toHaveLength(1);
  });

  it('--not-in, repeated: neither folder', async () => {
    const result = await timeline(['--not-in', 'pleadings/', '--not-in', 'experts/']);
    expect(outline(result)).toEqual(outlineWithin([INVOICE_EMAIL, NOTES]));
  });

  it('--kind: only that kind', async () => {
    const email = await timeline(['--kind', 'email']);
    expect(outline(email)).toEqual(outlineWithin([INVOICE_EMAIL]));
    expect(email.events).toHaveLength(3);
    const word = await timeline(['--kind', 'word']);
    expect(outline(word)).toEqual([`2014-03 ${NOTES}@1`, `2021-06 ${NOTES}@1`]);
    const pdfs = await timeline(['--kind', 'pdf']);
    expect(outline(pdfs)).toEqual(outlineWithin([CLAIM, REPORT]));
  });

  it('--from / --to: the emails of those parties only', async () => {
    expect(outline(await timeline(['--from', 'accounts@pumpco.example']))).toEqual(
      outlineWithin([INVOICE_EMAIL]),
    );
    expect(outline(await timeline(['--to', 'asha@harwell.example']))).toEqual(outlineWithin([INVOICE_EMAIL]));
    expect((await timeline(['--from', 'nobody@example.com'])).events).toEqual([]);
  });

  it('--since/--until: events whose period meets the bounds, partial dates and ranges by overlap', async () => {
    const spring = await timeline(['--since', '2014-03-18', '--until', '2014-12']);
    expect(spring).toMatchObject({ since: '2014-03-18', until: '2014-12' });
    expect(outline(spring)).toEqual([
      `2014-03 ${NOTES}@1`,
      `2014-03-18 ${CLAIM}@2`,
      `2014-06-01 ${INVOICE_EMAIL}@1`,
      `2014-06-02 ${INVOICE_EMAIL}@1`,
    ]);
    const later = await timeline(['--since', '2020']);
    expect(outline(later)).toEqual([`2019/2021 ${REPORT}@2`, `2021 ${CLAIM}@4`, `2021-06 ${NOTES}@1`]);
    const early = await timeline(['--until', '2014-03-15']);
    expect(outline(early)).toEqual([`2014-03 ${NOTES}@1`, `2014-03-01/2014-03-15 ${CLAIM}@3`]);
  });

  it('combines a scope with bounds', async () => {
    const result = await timeline(['--in', 'pleadings/', '--since', '2014-03-17', '--until', '2014-03-17']);
    expect(outline(result)).toEqual([`2014-03-17 ${CLAIM}@2`]);
  });
});

describe('quire timeline exports', () => {
  it('--format csv: a header and one row per event, in the timeline’s order', async () => {
    const run = await quire(['timeline', 'dated', '--format', 'csv']);
    expect(run.code, run.stderr).toBe(0);
    const [header, ...rows] = readCsv(run.stdout);
    expect(header).toEqual([
      'date',
      'date_end',
      'precision',
      'relative',
      'event',
      'path',
      'page',
      'page_label',
      'bates',
      'sources',
    ]);
    expect(rows.map((r) => [r[0], r[1], r[2], r[3], r[6], r[7]])).toEqual(
      all.events.map((e) => [
        e.date,
        e.dateEnd ?? '',
        e.precision,
        String(e.relative),
        String(e.citations[0]?.page),
        e.citations[0]?.pageLabel ?? '',
      ]),
    );
    expect(rows.map((r) => r[5])).toEqual(all.events.map((e) => e.citations[0]?.path));
    const merged = rows.find((r) => r[9]?.includes(';'));
    expect(merged?.[9]?.split('; ').sort()).toEqual(
      ['expert-report.pdf, p. 3', 'statement-of-claim.pdf, p. 1 (PDF p. 2)'].sort(),
    );
  });

  it('--format markdown --output: a dated list with every source, written to the file', async () => {
    const file = join(tmp.path, 'chronology.md');
    const run = await quire(['timeline', 'dated', '--format', 'markdown', '--output', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`Wrote ${all.events.length} events to ${file}`);
    const md = await readFile(file, 'utf8');
    expect(md.startsWith('# Chronology: Dated\n')).toBe(true);
    expect(md.split('\n').filter((l) => l.startsWith('- **'))).toHaveLength(all.events.length);
    expect(md).toContain(
      '- **1 March 2014 – 15 March 2014** — Routine servicing ran from 1 to 15 March 2014',
    );
    expect(md).toContain(
      '- **18 March 2014 (worked out)** — On the next day the engineer replaced the seal.',
    );
    expect(md).toContain('- **2019 – 2021** — The maintenance plan of the plant covered 2019–2021');
    expect(md).toContain(
      '  - statement-of-claim.pdf, p. 1 (PDF p. 2): “On 17 March 2014 the pump at the Harwell plant failed.”',
    );
    expect(md).toContain('  - expert-report.pdf, p. 3: “The Harwell plant pump failed on 17 March 2014');
  });

  it('prints a readable list by default', async () => {
    const run = await quire(['timeline', 'dated', '--kind', 'word']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      [
        'Scope: kinds word (1 document)',
        'March 2014  The committee first discussed the pump in March 2014.',
        '    committee-notes.docx, p. 1',
        'June 2021 (worked out)  It will meet again next month.',
        '    committee-notes.docx, p. 1',
        '',
      ].join('\n'),
    );
  });

  it('refuses a bound that is not a date, with exit code 1 and the reason (the real binary)', async () => {
    const run = await runQuire(home, ['timeline', 'dated', '--since', '2014-13', '--json']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--since expects a date as YYYY, YYYY-MM or YYYY-MM-DD, got "2014-13"');
    const format = await quire(['timeline', 'dated', '--format', 'pdf']);
    expect(format.code).toBe(1);
    expect(format.stderr).toContain('--format must be text, csv or markdown, got "pdf"');
  });
});

function pick(event: TimelineEvent | undefined) {
  return {
    date: event?.date,
    dateEnd: event?.dateEnd,
    precision: event?.precision,
    relative: event?.relative,
  };
}
