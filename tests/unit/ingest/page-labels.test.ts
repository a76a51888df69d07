// Printed page labels (issue 17): from a PDF's /PageLabels, else from the page numbers printed in its
// running heads and feet where neighbouring pages agree; the heads and feet stay out of page and chunk text.
import { chunkDocument, parsePdf } from '@quire/ingest';
import { describe, expect, it } from 'vitest';
import { type MarginTexts, pageLabels, printedNumbers } from '../../../packages/ingest/src/page-labels.ts';
import { markerOf, printedNumbersPdf, romanFrontMatterPdf } from '../../fixtures/labelled-pdfs.ts';

const footers = (...texts: (string | null)[]): MarginTexts[] =>
  texts.map((footer) => (footer === null ? null : { header: null, footer }));
const labelsOf = (margins: MarginTexts[], pdfLabels: string[] | null = null): (string | null)[] =>
  pageLabels(margins, pdfLabels).map((label) => label?.label ?? null);

describe('pageLabels (pure)', () => {
  it('reads page numbers at the start or end of a margin line, "Page 7 (of 30)" and "- 7 -"', () => {
    const read = (footer: string) =>
      printedNumbers({ header: null, footer }).map((r) => `${r.key}:${r.value}`);
    expect(read('4 Cancer Council')).toEqual(['arabic:4']);
    expect(read('Key questions 9')).toEqual(['arabic:9']);
    expect(read('Page 7 of 30')).toEqual(['arabic:7', 'arabic:30']);
    expect(read('- 7 -')).toEqual(['arabic:7']);
    expect(read('xiv')).toEqual(['roman:14']);
    expect(read('ABC 000123')).toEqual([]);
    expect(read('Chapter IV')).toEqual([]);
  });

  it('takes the printed number where it rises with the page, and restarts with a new run', () => {
    expect(labelsOf(footers('i', 'ii', '1', '2', '3', '1', '2'))).toEqual([
      'i',
      'ii',
      '1',
      '2',
      '3',
      '1',
      '2',
    ]);
    expect(labelsOf(footers('Page 1 of 2', 'Page 2 of 2'))).toEqual(['1', '2']);
  });

  it('leaves a number no neighbour agrees with unlabelled', () => {
    expect(labelsOf(footers('12', 'Figure 3', '47', null))).toEqual([null, null, null, null]);
    expect(labelsOf(footers('5', '6', '9'))).toEqual(['5', '6', null]);
  });

  it('reads a page whose number does not fit inside a run as the run implies (a misread, not a restart)', () => {
    expect(labelsOf(footers('5', '6', '9', '8', '9'))).toEqual(['5', '6', '7', '8', '9']);
  });

  it('picks, of a head and a foot both ending in numbers, the one that rises with the page', () => {
    const pages: MarginTexts[] = [3, 4, 5].map((n) => ({
      header: 'Chapter 2',
      footer: `${n} Cancer Council`,
    }));
    expect(labelsOf(pages)).toEqual(['3', '4', '5']);
  });

  it('gives a page without a number the run’s label only when the run goes on at the same offset', () => {
    expect(labelsOf(footers('5', '6', null, '8', '9'))).toEqual(['5', '6', '7', '8', '9']);
    expect(labelsOf(footers('5', '6', null, '7', '8'))).toEqual(['5', '6', null, '7', '8']);
    expect(labelsOf(footers(null, '2', '3', null))).toEqual([null, '2', '3', null]);
  });

  it('prefers the PDF’s own /PageLabels, the printed number where a page’s is blank', () => {
    const pdf = pageLabels(footers('1', '2'), ['A-1', 'A-2']);
    expect(pdf).toEqual([
      { label: 'A-1', source: 'pdf-labels' },
      { label: 'A-2', source: 'pdf-labels' },
    ]);
    expect(labelsOf(footers('3', '4'), ['', ' '])).toEqual(['3', '4']);
    expect(pageLabels(footers('3', '4'), ['', ''])[0]?.source).toBe('printed');
    expect(labelsOf(footers('3', '4', '5'), ['', 'A-2', 'A-3'])).toEqual(['3', 'A-2', 'A-3']);
  });
});

describe('generated PDFs', () => {
  it('labels a PDF by its /PageLabels: i–iii, then 1 on', async () => {
    const parsed = await parsePdf(await romanFrontMatterPdf());
    expect(parsed.pages.map((page) => [page.label, page.labelSource])).toEqual(
      ['i', 'ii', 'iii', '1', '2', '3', '4'].map((label) => [label, 'pdf-labels']),
    );
    expect(parsed.date).toEqual({ value: '2016-08-24', source: 'pdf-metadata' });
    expectMarginsOutOfText(parsed, 'roman', ['Handbook of Commercial Leases']);
  });

  it('labels pages 5, 6, blank, 8, 9 by their footers, the blank page 7', async () => {
    const parsed = await parsePdf(await printedNumbersPdf());
    expect(parsed.pages.map((page) => [page.label, page.labelSource])).toEqual(
      ['5', '6', '7', '8', '9'].map((label) => [label, 'printed']),
    );
    expect(parsed.pages[2]?.text).toBe('This page is intentionally left blank.');
    expectMarginsOutOfText(parsed, 'printed', ['Annual Review of the Estate']);
  });

  it('leaves the blank page of 5, 6, blank, 7, 8 unlabelled: the count does not go on across it', async () => {
    const parsed = await parsePdf(await printedNumbersPdf([5, 6, null, 7, 8]));
    expect(parsed.pages.map((page) => page.label ?? null)).toEqual(['5', '6', null, '7', '8']);
    expect(parsed.pages[2]).not.toHaveProperty('labelSource');
  });
});

/** Each page's text holds its marker; no page or chunk holds a running head or a lone footer number. */
function expectMarginsOutOfText(
  parsed: Awaited<ReturnType<typeof parsePdf>>,
  name: string,
  heads: readonly string[],
): void {
  for (const page of parsed.pages) {
    if (page.margins === undefined) continue;
    expect(page.text).toContain(markerOf(name, page.page));
    expect(page.margins.footer).toMatch(/^[0-9ivx]+$/);
    for (const head of heads) expect(page.text).not.toContain(head);
    expect(page.text.split('\n')).not.toContain(page.margins.footer);
  }
  for (const chunk of chunkDocument(parsed)) {
    for (const head of heads) expect(chunk.text).not.toContain(head);
    expect(chunk.text).not.toMatch(/^\s*[0-9ivx]+\s*$/m);
  }
}
