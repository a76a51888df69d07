// Two versions compared page by page: pages aligned by content when one version has an inserted page, the
// marked differences exactly the edits (words and offsets on each side), and reflowed, re-hyphenated text
// no difference at all.
import { describe, expect, it } from 'vitest';
import { compareVersions, diffPage, type VersionPage } from '../../../packages/matter/src/compare.ts';
import { ACME, contractPages, scannedPrint, ZENITH } from './drafts.ts';

const pages = (texts: string[]): VersionPage[] => texts.map((text, i) => ({ page: i + 1, text }));
const v1 = contractPages(ACME);
const NOTICES =
  '10. Notices. Notices under this Agreement shall be given in writing to the address of the other party stated above.';
const SCHEDULE =
  'SCHEDULE\nThe Goods: industrial widget assemblies of types A, B and C, each with its test certificate and packing list.';
const v2 = v1.map((page, i) =>
  i === 1
    ? page.replace('within thirty days', 'within forty-five days')
    : i === 3
      ? `${page} ${NOTICES}`
      : page,
);
const v3 = [v2[0] as string, SCHEDULE, ...v2.slice(1)];

describe('compareVersions', () => {
  it('marks exactly the edits: a changed clause, an added clause and an inserted page', () => {
    const diffs = compareVersions(pages(v1), pages(v3));
    expect(diffs.map((d) => [d.pageA, d.pageB])).toEqual([
      [1, 1],
      [null, 2],
      [2, 3],
      [3, 4],
      [4, 5],
    ]);
    const thirty = (v1[1] as string).indexOf('thirty');
    const notices = (v3[4] as string).indexOf('10. Notices.');
    expect(diffs.map((d) => d.changes)).toEqual([
      [],
      [{ kind: 'added', b: { start: 0, end: SCHEDULE.length }, text: SCHEDULE }],
      [
        {
          kind: 'changed',
          a: { start: thirty, end: thirty + 'thirty'.length },
          b: { start: thirty, end: thirty + 'forty-five'.length },
          text: 'forty-five',
          was: 'thirty',
        },
      ],
      [],
      [{ kind: 'added', b: { start: notices, end: notices + NOTICES.length }, text: NOTICES }],
    ]);
    expect((v3[4] as string).slice(notices, notices + NOTICES.length)).toBe(NOTICES);
  });

  it('marks a removed page and a removed clause the other way round', () => {
    const diffs = compareVersions(pages(v3), pages(v1));
    expect(diffs.map((d) => [d.pageA, d.pageB])).toEqual([
      [1, 1],
      [2, null],
      [3, 2],
      [4, 3],
      [5, 4],
    ]);
    expect(diffs[1]?.changes).toEqual([
      { kind: 'removed', a: { start: 0, end: SCHEDULE.length }, text: SCHEDULE },
    ]);
    const notices = (v3[4] as string).indexOf('10. Notices.');
    expect(diffs[4]?.changes).toEqual([
      { kind: 'removed', a: { start: notices, end: notices + NOTICES.length }, text: NOTICES },
    ]);
  });

  it('finds no difference in reflowed text with other line breaks and hyphenation', () => {
    const reprint = v1.map((page, i) => scannedPrint(page, 50 + 4 * i, Number.POSITIVE_INFINITY));
    expect(reprint.some((page) => /[a-z]-\n/.test(page))).toBe(true);
    const diffs = compareVersions(pages(v1), pages(reprint));
    expect(diffs.map((d) => [d.pageA, d.pageB, d.changes.length])).toEqual([
      [1, 1, 0],
      [2, 2, 0],
      [3, 3, 0],
      [4, 4, 0],
    ]);
  });

  it('marks each word OCR misread in a scanned print, and nothing else', () => {
    const scan = v1.map((page, i) => scannedPrint(page, 55 + 3 * i, 40));
    const diffs = compareVersions(pages(v1), pages(scan));
    expect(diffs.map((d) => [d.pageA, d.pageB])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
    diffs.forEach((diff, i) => {
      const original = (v1[i] as string).split(/\s+/);
      const read = (scan[i] as string).replace(/-\n/g, '').split(/\s+/);
      expect(read).toHaveLength(original.length);
      const misread = original.filter((word, k) => word !== read[k]);
      expect(misread.length).toBeGreaterThan(0);
      expect(diff.changes.map((c) => (c.kind === 'changed' ? c.was : `${c.kind}!`))).toEqual(misread);
      for (const change of diff.changes) {
        if (change.kind !== 'changed') continue;
        expect((v1[i] as string).slice(change.a.start, change.a.end)).toBe(change.was);
        expect((scan[i] as string).slice(change.b.start, change.b.end)).toBe(change.text);
      }
    });
  });

  it('shows a page rewritten beyond recognition as one page removed and another added', () => {
    const other = contractPages(ZENITH);
    const replaced = [
      v1[0] as string,
      'Intentionally left blank save for this short note on the annexes.',
      v1[2] as string,
    ];
    const diffs = compareVersions(
      pages([v1[0] as string, v1[1] as string, v1[2] as string]),
      pages(replaced),
    );
    expect(diffs.map((d) => [d.pageA, d.pageB, d.changes.map((c) => c.kind)])).toEqual([
      [1, 1, []],
      [2, null, ['removed']],
      [null, 2, ['added']],
      [3, 3, []],
    ]);
    expect(compareVersions(pages(v1), pages(other)).every((d) => d.pageA !== null && d.pageB !== null)).toBe(
      true,
    );
  });

  it('handles empty versions', () => {
    expect(compareVersions([], [])).toEqual([]);
    expect(compareVersions(pages(['']), pages(['  \n']))).toEqual([{ pageA: 1, pageB: 1, changes: [] }]);
    expect(compareVersions([], pages(['one page']))).toEqual([
      { pageA: null, pageB: 1, changes: [{ kind: 'added', b: { start: 0, end: 8 }, text: 'one page' }] },
    ]);
  });
});

describe('diffPage', () => {
  it('marks removed and added words with offsets on their own side', () => {
    const a = 'The Seller shall promptly deliver the Goods.';
    const b = 'The Seller shall deliver all the Goods.\n\n';
    expect(diffPage(a, b)).toEqual([
      { kind: 'removed', a: { start: 17, end: 25 }, text: 'promptly' },
      { kind: 'added', b: { start: 25, end: 28 }, text: 'all' },
    ]);
  });

  it('merges a run of changed words and keeps the whitespace between them in the span', () => {
    const a = 'price of EUR 1,250,000 for the first year';
    const b = 'price of USD\n86,400 for the first year';
    expect(diffPage(a, b)).toEqual([
      {
        kind: 'changed',
        a: { start: 9, end: 22 },
        b: { start: 9, end: 19 },
        text: 'USD\n86,400',
        was: 'EUR 1,250,000',
      },
    ]);
  });

  it('counts punctuation as part of a word', () => {
    expect(diffPage('paid in full.', 'paid in full;')).toEqual([
      { kind: 'changed', a: { start: 8, end: 13 }, b: { start: 8, end: 13 }, text: 'full;', was: 'full.' },
    ]);
  });
});
