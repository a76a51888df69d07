// Printed page labels on real documents (issue 17, must-show 2), read in place from ../shared/realdocs:
// failure-after-repair.pdf (76 pages) has /PageLabels i, ii, then 1 = physical page 3, and prints the
// same numbers in its footers ("4 Cancer Council", "Key questions 9") on most pages; DA-619p.pdf (619
// pages, no /PageLabels) is three books joined, each printing footers from "1"; sample-presentation.pptx
// is a deck, labelled by slide number.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ParsedDocument, parseDocument, parsePdf } from '@quire/ingest';
import { beforeAll, describe, expect, it } from 'vitest';
import { pageLabels, printedNumbers } from '../../packages/ingest/src/page-labels.ts';

const REALDOCS = fileURLToPath(new URL('../../../shared/realdocs', import.meta.url));
const REQUIRED = process.env.CI === 'true';
const available = existsSync(REALDOCS);
const PARSE_TIMEOUT = 300_000;

const readPdf = async (name: string): Promise<ParsedDocument> =>
  parsePdf(await readFile(path.join(REALDOCS, 'pdf', name)));

describe.skipIf(!REQUIRED && !available)('page labels of real documents', () => {
  let guide: ParsedDocument;
  let manual: ParsedDocument;
  beforeAll(async () => {
    guide = await readPdf('failure-after-repair.pdf');
    manual = await readPdf('DA-619p.pdf');
  }, PARSE_TIMEOUT);

  it('labels every page of the guide by its /PageLabels: i, ii, then physical page − 2', () => {
    expect(guide.pages).toHaveLength(76);
    for (const page of guide.pages) {
      const expected = page.page === 1 ? 'i' : page.page === 2 ? 'ii' : String(page.page - 2);
      expect({ page: page.page, label: page.label, source: page.labelSource }).toEqual({
        page: page.page,
        label: expected,
        source: 'pdf-labels',
      });
    }
    expect(guide.date).toEqual({ value: '2016-08-24', source: 'pdf-metadata' });
  });

  it('reads the same labels from the guide’s printed footers alone, for every page that prints a number', () => {
    const printed = pageLabels(guide.pages.map((page) => page.margins ?? null));
    const numbered = guide.pages.filter((page) => printedNumbers(page.margins ?? null).length > 0);
    expect(numbered.length).toBeGreaterThan(50);
    for (const page of numbered) expect(printed[page.page - 1]?.label).toBe(String(page.page - 2));
    printed.forEach((label, index) => {
      if (label !== null) expect(label.label).toBe(String(index + 1 - 2));
    });
  });

  it('restarts the manual’s labels at 1 exactly where its printed footers restart, one book each', () => {
    const starts = manual.pages.filter((page) => page.margins?.footer === '1').map((page) => page.page);
    expect(starts).toHaveLength(3);
    expect(starts[0]).toBe(1);
    expect(manual.pages.filter((page) => page.label === '1').map((page) => page.page)).toEqual(starts);
    manual.pages.forEach((page) => {
      if (page.label === undefined) return;
      const start = starts.filter((first) => first <= page.page).at(-1) ?? 1;
      expect({ page: page.page, label: page.label, source: page.labelSource }).toEqual({
        page: page.page,
        label: String(page.page - start + 1),
        source: 'printed',
      });
    });
    const labelled = manual.pages.filter((page) => page.label !== undefined).length;
    expect(labelled / manual.pages.length).toBeGreaterThanOrEqual(0.9);
    expect(manual.pages.some((page) => page.bates !== undefined)).toBe(false);
  });

  it('labels each slide of a deck by its number', async () => {
    const deck = await parseDocument(path.join(REALDOCS, 'office', 'sample-presentation.pptx'));
    expect(deck.pages.length).toBeGreaterThan(1);
    for (const page of deck.pages)
      expect([page.label, page.labelSource]).toEqual([String(page.page), 'slide']);
  });
});
