// The chronology of real documents (issue 18, must-show 1), read in place from ../shared/realdocs: its
// emails (.eml and .msg, one with the date in its name), its web folder (a 10-K filing as HTML, a
// Wikipedia article as text, a 1912 book as EPUB) and its office files (the 872-page DOCX, sheets, decks),
// added as three folders of one workspace and synced full-text only (the sync reads every document for
// the matter views), then `quire timeline`. Every event's quote is verified and equals its stored page's
// text at start..end; every date is well-formed ISO at the precision it states with a year in 1800–2199;
// events are sorted; an event with several citations has them from different documents. The whole of
// realdocs (with its 619-page PDF) is timed by `npm run bench:timeline` instead, to keep this file
// affordable (its PDF folder alone takes minutes to sync here).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentId, StoredPage } from '@quire/index';
import { WorkspaceRegistry, WorkspaceService } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineResult } from '../../apps/server/src/matter-types.ts';
import { quireJsonInProcess } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const REALDOCS = fileURLToPath(new URL('../../../shared/realdocs', import.meta.url));
const REQUIRED = process.env.CI === 'true';
const available = existsSync(REALDOCS);
const FOLDERS = ['email', 'web', 'office'].map((name) => join(REALDOCS, name));
const ISO = /^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$/;
const PRECISION_OF_LENGTH: Record<number, string> = { 4: 'year', 7: 'month', 10: 'day' };

describe.skipIf(!REQUIRED && !available)('the chronology of real documents', () => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  let result: TimelineResult;
  /** Stored pages of every cited document, by document id and page. */
  const pages = new Map<string, Map<number, StoredPage>>();

  beforeAll(async () => {
    tmp = await tempDir('quire-timeline-realdocs-');
    const home = join(tmp.path, 'home');
    for (const folder of FOLDERS)
      await quireJsonInProcess(home, ['add', folder, '--workspace', 'realdocs', '--embedding-model', 'none']);
    const sync = await quireJsonInProcess<{ indexed: number }>(home, ['sync', 'realdocs']);
    expect(sync.indexed).toBeGreaterThan(10);
    result = await quireJsonInProcess<TimelineResult>(home, ['timeline', 'realdocs']);
    const ids = [...new Set(result.events.flatMap((e) => e.citations.map((c) => c.documentId)))];
    const service = new WorkspaceService(new WorkspaceRegistry(home), { watch: false });
    try {
      const ws = await service.get('realdocs');
      const records = await ws.withIndex((store) => store.readDocuments(ids as DocumentId[]));
      for (const record of records)
        pages.set(record.document.id, new Map(record.pages.map((page) => [page.page, page])));
    } finally {
      await service.close();
    }
  }, 170_000);
  afterAll(() => tmp?.cleanup());

  it('finds the dated statements of every folder, complete', () => {
    expect(result.pending).toBe(0);
    expect(result.events.length).toBeGreaterThan(200);
    const cited = new Set(result.events.flatMap((e) => e.citations.map((c) => c.path.split('/').pop())));
    for (const name of [
      'example-10k.html',
      'norwich-city.txt',
      'winter-sports.epub',
      'family-day.eml',
      'handbook-872p.docx',
    ])
      expect(cited).toContain(name);
  });

  it('quotes every event verbatim from its page: verified and equal to the stored text at start..end', () => {
    for (const event of result.events) {
      expect(event.citations.length).toBeGreaterThan(0);
      expect(event.text).toBe(event.citations[0]?.quote);
      for (const c of event.citations) {
        const page = pages.get(c.documentId)?.get(c.page);
        expect(page, `${c.path} p. ${c.page}`).toBeDefined();
        expect(c.verified, `${c.path} p. ${c.page}: ${c.quote.slice(0, 60)}`).toBe(true);
        expect(page?.text.slice(c.start, c.end)).toBe(c.quote);
        expect(c.quote.trim().length).toBeGreaterThan(0);
      }
    }
  });

  it('dates every event in well-formed ISO at its precision, with a plausible year', () => {
    for (const event of result.events) {
      for (const date of [event.date, event.dateEnd].filter((d): d is string => d !== undefined)) {
        const match = ISO.exec(date);
        expect(match, date).not.toBeNull();
        const year = Number(match?.[1]);
        expect(year).toBeGreaterThanOrEqual(1800);
        expect(year).toBeLessThanOrEqual(2199);
        expect(PRECISION_OF_LENGTH[date.length], date).toBe(event.precision);
      }
      if (event.dateEnd !== undefined)
        expect(event.dateEnd > event.date, `${event.date}–${event.dateEnd}`).toBe(true);
    }
  });

  it('sorts events by date, then range end', () => {
    const keys = result.events.map((e) => [e.date, e.dateEnd ?? ''] as const);
    keys.slice(1).forEach(([date, end], i) => {
      const [prevDate, prevEnd] = keys[i] ?? ['', ''];
      const inOrder = prevDate < date || (prevDate === date && prevEnd <= end);
      expect(inOrder, `${prevDate}/${prevEnd} before ${date}/${end}`).toBe(true);
    });
  });

  it('merges only statements of different documents: the same email saved as .eml and .msg is one event', () => {
    for (const event of result.events.filter((e) => e.citations.length > 1))
      expect(new Set(event.citations.map((c) => c.documentId)).size).toBe(event.citations.length);
    const saved = result.events.find((e) =>
      e.citations.some((c) => c.path.endsWith('fake-email-attachment.eml')),
    );
    expect(saved?.citations.map((c) => c.path.split('/').pop()).sort()).toEqual([
      'fake-email-attachment.eml',
      'fake-email-attachment.msg',
    ]);
    expect(saved).toMatchObject({ date: '2022-12-23', precision: 'day' });
  });

  it('dates the email named for its day on that day', () => {
    const named = result.events.filter((e) =>
      e.citations.some((c) => c.path.endsWith('email-no-utf8-2014-03-17.111517.eml')),
    );
    expect(named.map((e) => e.date)).toContain('2014-03-17');
  });
});
