// Page progress while a file is parsed (issue 14): PDFs report pages read as their text layer is read,
// Word documents once at the end, at most ~10 times a second, through the real ParsePool (worker
// processes) and in process; a page read restarts the pool's time limit.
import path from 'node:path';
import { InProcessParser, ParsePool, type ParseProgress } from '@quire/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throttleProgress } from '../../../packages/ingest/src/progress-throttle.ts';
import { type FixtureManifest, writeDocumentFixtures } from '../../fixtures/documents.ts';
import { writeTextHeavyPdf } from '../../fixtures/pathological.ts';
import { tempDir } from '../../helpers/temp.ts';

let dir: { path: string; cleanup: () => Promise<void> };
let manifest: FixtureManifest;
let pool: ParsePool;
const longPdf = (): string => path.join(dir.path, 'long-300.pdf');
// Many light pages: each read in ~1 ms, so the pages keep coming and little is left after the last.
const manyPagesPdf = (): string => path.join(dir.path, 'many-2000.pdf');

beforeAll(async () => {
  dir = await tempDir('quire-page-progress-');
  manifest = await writeDocumentFixtures(path.join(dir.path, 'documents'));
  await writeTextHeavyPdf(longPdf(), { pages: 300, linesPerPage: 40 });
  await writeTextHeavyPdf(manyPagesPdf(), { pages: 2000, linesPerPage: 4 });
  pool = new ParsePool({ size: 1 });
});

afterAll(async () => {
  await pool?.close();
  await dir?.cleanup();
});

/** Progress reports with the time each arrived, in ms since the parse started. */
function recorder(): { reports: (ParseProgress & { at: number })[]; report: (p: ParseProgress) => void } {
  const started = performance.now();
  const reports: (ParseProgress & { at: number })[] = [];
  return { reports, report: (p) => reports.push({ ...p, at: performance.now() - started }) };
}

function expectMonotonicToEnd(reports: readonly ParseProgress[], pages: number): void {
  expect(reports.length).toBeGreaterThan(0);
  for (const report of reports) expect(report.total).toBe(pages);
  for (let i = 1; i < reports.length; i++) {
    expect(reports[i]?.done).toBeGreaterThan(reports[i - 1]?.done ?? 0);
  }
  expect(reports.at(-1)).toMatchObject({ done: pages, total: pages });
}

/** At most one report per 100 ms, and the last: ~10 a second (counted, as IPC may bunch them up). */
function expectThrottled(reports: readonly { at: number }[]): void {
  const span = (reports.at(-1)?.at ?? 0) - (reports[0]?.at ?? 0);
  expect(reports.length).toBeLessThanOrEqual(Math.floor(span / 100) + 2);
}

describe('page progress', () => {
  it('of a 300-page PDF through the pool: rising, throttled, ending at the page count', async () => {
    await pool.parse(path.join(manifest.dir, 'contract.pdf')); // the worker started
    const { reports, report } = recorder();
    const result = await pool.parse(longPdf(), {}, undefined, { onPageProgress: report });
    expect(result.document.pages).toHaveLength(300);
    expectMonotonicToEnd(reports, 300);
    expect(reports.length).toBeGreaterThan(1);
    expectThrottled(reports);
  });

  it('of a Word document: once, when it has been read (one page)', async () => {
    const { reports, report } = recorder();
    await pool.parse(path.join(manifest.dir, 'notes.docx'), {}, undefined, { onPageProgress: report });
    expect(reports.map(({ done, total }) => ({ done, total }))).toEqual([{ done: 1, total: 1 }]);
  });

  it('in process, as in the pool', async () => {
    const parser = new InProcessParser();
    try {
      const { reports, report } = recorder();
      await parser.parse(longPdf(), { onPageProgress: report });
      expectMonotonicToEnd(reports, 300);
      expectThrottled(reports);
    } finally {
      await parser.close();
    }
  });

  it('restarts the time limit: a long file whose pages keep coming outlives it', async () => {
    const strict = new ParsePool({ size: 1, limits: { timeoutMs: 1_000 } });
    try {
      const { reports, report } = recorder();
      const result = await strict.parse(manyPagesPdf(), {}, undefined, { onPageProgress: report });
      expect(result.document.pages).toHaveLength(2000);
      expectMonotonicToEnd(reports, 2000);
      // Longer in all than the limit (worker start-up included), yet never a second without a page.
      expect(reports.at(-1)?.at ?? 0).toBeGreaterThan(1_000);
    } finally {
      await strict.close();
    }
  });
});

describe('throttleProgress', () => {
  it('passes the first report, one per interval and always the last; drops repeats', () => {
    let clock = 0;
    const seen: string[] = [];
    const report = throttleProgress(
      (p) => seen.push(`${p.done}/${p.total}@${clock}`),
      100,
      () => clock,
    );
    for (const [done, at] of [
      [4, 0],
      [8, 40],
      [12, 99],
      [16, 100],
      [16, 250],
      [20, 260],
      [24, 310],
      [30, 320],
      [30, 500],
    ] as const) {
      clock = at;
      report({ done, total: 30 });
    }
    expect(seen).toEqual(['4/30@0', '16/30@100', '20/30@260', '30/30@320']);
  });
});
