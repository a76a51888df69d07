// ParsePool's memory budget: this process and its worker processes together stay within `budgetMb`.
// Real worker processes reading real scans with OCR (pdf.js decodes each 8.4 Mpx scan outside the
// JavaScript heap): two files that each fit the budget but not together both parse, one after the
// other; a file that does not fit alone fails `too-large` saying why, and the next file parses.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BUDGET_FLOOR_MB, MIN_BUDGET_MB, ParsePool } from '@quire/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureManifest, writeDocumentFixtures } from '../../fixtures/documents.ts';
import { scansPdf } from '../../fixtures/scans-pdf.ts';
import { tempDir } from '../../helpers/temp.ts';

const OCR = { ocr: { enabled: true, languages: ['eng'] } };
const MB = 1024 * 1024;
let dir: { path: string; cleanup: () => Promise<void> };
let manifest: FixtureManifest;

beforeAll(async () => {
  dir = await tempDir('quire-parse-budget-');
  manifest = await writeDocumentFixtures(path.join(dir.path, 'documents'));
  // Measured alone: a worker reading five scans peaks at ~480 MB, ten at ~820 MB.
  for (const [name, count] of [
    ['five-a.pdf', 5],
    ['five-b.pdf', 5],
    ['ten.pdf', 10],
  ] as const) {
    await writeFile(path.join(dir.path, name), await scansPdf(count));
  }
});

afterAll(async () => {
  await dir?.cleanup();
});

const file = (name: string): string => path.join(dir.path, name);

function rss(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0; // exited meanwhile
  }
}

/** Samples this process and the pool's workers together every 20 ms; `stop()` returns the peak in MB. */
function treePeak(pool: ParsePool): { stop: () => number } {
  let peak = 0;
  const timer = setInterval(() => {
    const workers = pool.processIds().reduce((sum, pid) => sum + rss(pid), 0);
    peak = Math.max(peak, process.memoryUsage.rss() + workers);
  }, 20);
  return {
    stop: () => {
      clearInterval(timer);
      return peak / MB;
    },
  };
}

/** Parses both files at once; resolves each file's outcome: its page count, or its error code. */
async function parseBoth(pool: ParsePool): Promise<(number | string)[]> {
  return Promise.all(
    ['five-a.pdf', 'five-b.pdf'].map((name) =>
      pool.parse(file(name), {}, undefined, OCR).then(
        (result) => result.document.pages.length,
        (error: { code?: string }) => error.code ?? String(error),
      ),
    ),
  );
}

// Scans with no words on them: read to the end, each file fails `no-text` (not `too-large`).
const READ_TO_THE_END = ['no-text', 'no-text'];

describe.skipIf(process.platform !== 'linux')('ParsePool memory budget', () => {
  it('parses two files that fit the budget one at a time but not together, keeping the tree within it', async () => {
    // Without a budget the two files side by side take the tree far above what the budget will allow.
    const free = new ParsePool({ size: 2, limits: { timeoutMs: 120_000 } });
    const unbounded = treePeak(free);
    try {
      expect(await parseBoth(free)).toEqual(READ_TO_THE_END);
    } finally {
      await free.close();
    }
    const unboundedPeak = unbounded.stop();

    const budgetMb = Math.round(process.memoryUsage.rss() / MB) + 700;
    expect(unboundedPeak).toBeGreaterThan(budgetMb + 100);
    const pool = new ParsePool({ size: 2, budgetMb, limits: { timeoutMs: 120_000 } });
    const bounded = treePeak(pool);
    try {
      expect(await parseBoth(pool)).toEqual(READ_TO_THE_END);
      // The pool still parses two files at once when they fit.
      const both = await Promise.all([
        pool.parse(path.join(manifest.dir, 'contract.pdf')),
        pool.parse(path.join(manifest.dir, 'notes.docx')),
      ]);
      expect(both.map((r) => r.chunks.length > 0)).toEqual([true, true]);
    } finally {
      await pool.close();
    }
    const peak = bounded.stop();
    // Sampled every 100 ms by the pool, a worker can grow past the budget for one sample before it stops.
    expect(peak).toBeLessThan(budgetMb + 100);
    expect(peak).toBeLessThan(unboundedPeak);
  }, 240_000);

  it('fails a file that does not fit the budget alone with `too-large`, saying so; the next file parses', async () => {
    const budgetMb = Math.round(process.memoryUsage.rss() / MB) + 500;
    const pool = new ParsePool({ size: 2, budgetMb, limits: { timeoutMs: 120_000 } });
    try {
      const error = await pool.parse(file('ten.pdf'), {}, undefined, OCR).then(
        () => expect.unreachable('ten scans need ~820 MB'),
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ name: 'DocumentParseError', code: 'too-large' });
      expect((error as Error).message).toMatch(
        new RegExp(
          `^parsing needed more than \\d+ MB of memory \\(Quire's memory budget is ${budgetMb} MB\\)$`,
        ),
      );
      const next = await pool.parse(path.join(manifest.dir, 'contract.pdf'));
      expect(next.document.pages).toHaveLength(4);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('refuses a budget below 256 MB; every file may use at least the floor, whatever this process holds', () => {
    expect(() => new ParsePool({ budgetMb: MIN_BUDGET_MB - 1 })).toThrow(RangeError);
    expect(MIN_BUDGET_MB).toBe(256);
    expect(BUDGET_FLOOR_MB).toBe(512);
  });
});
