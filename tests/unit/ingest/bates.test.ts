// Bates numbers (issue 17): a stamp of a prefix and a zero-padded number in a page's margin, recorded
// where it rises by one per page; the stamps stay out of page and chunk text.
import { batesRange, chunkDocument, parsePdf } from '@quire/ingest';
import { describe, expect, it } from 'vitest';
import { batesNumbers, isBatesStamp } from '../../../packages/ingest/src/bates.ts';
import type { MarginTexts } from '../../../packages/ingest/src/page-labels.ts';
import { batesOf, batesPdf, markerOf } from '../../fixtures/labelled-pdfs.ts';

const footers = (...texts: (string | null)[]): MarginTexts[] =>
  texts.map((footer) => (footer === null ? null : { header: null, footer }));

describe('batesNumbers (pure)', () => {
  it('reads stamps of several shapes that rise by one per page', () => {
    expect(batesNumbers(footers('ABC 000123', 'ABC 000124'))).toEqual(['ABC 000123', 'ABC 000124']);
    expect(batesNumbers(footers('3 XYZ_00012', '4 XYZ_00013'))).toEqual(['XYZ_00012', 'XYZ_00013']);
    expect(
      batesNumbers([
        { header: 'DEF-EXH-0099', footer: null },
        { header: 'DEF-EXH-0100', footer: null },
      ]),
    ).toEqual(['DEF-EXH-0099', 'DEF-EXH-0100']);
  });

  it('allows a page without a stamp between stamped pages, and does not make one up for it', () => {
    expect(batesNumbers(footers('ACME-0001234', null, 'ACME-0001236', 'ACME-0001237'))).toEqual([
      'ACME-0001234',
      null,
      'ACME-0001236',
      'ACME-0001237',
    ]);
  });

  it('ignores numbers that do not rise with the page, and a stamp whose prefix changes', () => {
    expect(batesNumbers(footers('FORM 1040', 'FORM 1040', 'FORM 1040'))).toEqual([null, null, null]);
    expect(batesNumbers(footers('ACME-0001234', 'ACM-0001235'))).toEqual([null, null]);
    expect(batesNumbers(footers('ACME-0001234', 'ACME-0001299'))).toEqual([null, null]);
    expect(batesNumbers(footers('Page 0012', 'Page 0013'))).toEqual([null, null]);
  });

  it('takes the one stamp of a one-page document when it reads as a Bates number by itself', () => {
    expect(batesNumbers(footers('ACME-0001234'))).toEqual(['ACME-0001234']);
    expect(batesNumbers(footers('ACME-1234567'))).toEqual(['ACME-1234567']);
    expect(batesNumbers(footers('FORM 1040'))).toEqual([null]);
    expect(batesNumbers(footers('ACME-0001234 ACME-0001235'))).toEqual([null]);
    expect(isBatesStamp('XYZ_00012')).toBe(true);
    expect(isBatesStamp('FY 2019')).toBe(false);
    expect(isBatesStamp('Exhibit ABC 000123')).toBe(false);
  });

  it('gives a document’s range, or null without stamps', () => {
    expect(batesRange([{ bates: 'A-0001' }, {}, { bates: 'A-0003' }])).toEqual({
      first: 'A-0001',
      last: 'A-0003',
    });
    expect(batesRange([{}, { bates: null }])).toBeNull();
  });
});

describe('a PDF stamped bottom right beside a centred page number', () => {
  it('records each page’s stamp and label, and keeps both out of the page and chunk text', async () => {
    const parsed = await parsePdf(await batesPdf({ pages: 5 }));
    expect(parsed.pages.map((page) => page.bates)).toEqual([1, 2, 3, 4, 5].map((page) => batesOf(page)));
    expect(parsed.pages.map((page) => page.label)).toEqual(['1', '2', '3', '4', '5']);
    expect(batesRange(parsed.pages)).toEqual({ first: 'ACME-0001234', last: 'ACME-0001238' });
    for (const page of parsed.pages) {
      expect(page.text).toContain(markerOf('bates', page.page));
      expect(page.margins?.footer).toBe(`${page.page} ${batesOf(page.page)}`);
      expect(page.text).not.toContain('ACME');
    }
    for (const chunk of chunkDocument(parsed)) {
      expect(chunk.text).not.toContain('ACME');
      expect(chunk.text).not.toMatch(/^\s*\d+\s*$/m);
    }
  });

  it('finds the stamp of a one-page PDF in its foot, out of its text', async () => {
    const parsed = await parsePdf(await batesPdf({ pages: 1, first: 77 }));
    expect(parsed.pages[0]?.bates).toBe('ACME-0000077');
    expect(parsed.pages[0]?.text).not.toContain('ACME');
    expect(batesRange(parsed.pages)).toEqual({ first: 'ACME-0000077', last: 'ACME-0000077' });
  });

  it('leaves a page scanned without a stamp without a Bates number, its neighbours keeping theirs', async () => {
    const parsed = await parsePdf(await batesPdf({ pages: 5, unstamped: [3] }));
    expect(parsed.pages.map((page) => page.bates ?? null)).toEqual([
      batesOf(1),
      batesOf(2),
      null,
      batesOf(4),
      batesOf(5),
    ]);
    expect(batesRange(parsed.pages)).toEqual({ first: batesOf(1), last: batesOf(5) });
  });
});
