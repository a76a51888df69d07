import { describe, expect, it } from 'vitest';
import {
  labelDiffers,
  pageAndBatesText,
  pageNumberText,
  pageText,
  physicalName,
} from '../../../apps/web/src/lib/page-label.ts';

const PDF = '/matter/manual.pdf';

describe('pageText', () => {
  it('names a page by its printed number, with the PDF page beside it when they differ', () => {
    expect(pageText({ path: PDF, page: 265, pageLabel: '257' })).toBe('p. 257 (PDF p. 265)');
    expect(pageText({ path: PDF, page: 2, pageLabel: 'ii' })).toBe('p. ii (PDF p. 2)');
    expect(pageText({ path: PDF, page: 12, pageLabel: 'A-3' })).toBe('p. A-3 (PDF p. 12)');
  });

  it('names it once when the printed number is the physical page', () => {
    expect(pageText({ path: PDF, page: 5, pageLabel: '5' })).toBe('p. 5');
  });

  it('names the physical page when nothing is printed, or when the label is not known', () => {
    expect(pageText({ path: PDF, page: 265, pageLabel: null })).toBe('p. 265');
    expect(pageText({ path: PDF, page: 3 })).toBe('p. 3');
  });

  it('calls the physical page of a file other than a PDF the file’s page', () => {
    expect(pageText({ path: '/m/brief.docx', page: 3, pageLabel: '7' })).toBe('p. 7 (file p. 3)');
    expect(pageText({ path: '/m/SCAN.PDF', page: 3, pageLabel: '1' })).toBe('p. 1 (PDF p. 3)');
    expect(pageText({ path: '/m/q3.eml::1/report.pdf', page: 4, pageLabel: '2' })).toBe('p. 2 (PDF p. 4)');
    expect(physicalName('/m/notes.txt')).toBe('file p.');
  });

  it('adds the file’s page count to the physical page', () => {
    expect(pageText({ path: PDF, page: 265, pageLabel: '257' }, 300)).toBe('p. 257 (PDF p. 265 of 300)');
    expect(pageText({ path: PDF, page: 5, pageLabel: '5' }, 9)).toBe('p. 5 of 9');
    expect(pageText({ path: PDF, page: 5, pageLabel: null }, null)).toBe('p. 5');
  });
});

describe('the other page words', () => {
  it('tells whether the printed number differs', () => {
    expect(labelDiffers({ path: PDF, page: 4, pageLabel: '1' })).toBe(true);
    expect(labelDiffers({ path: PDF, page: 4, pageLabel: '4' })).toBe(false);
    expect(labelDiffers({ path: PDF, page: 4, pageLabel: null })).toBe(false);
  });

  it('gives the printed number alone for a button, else the physical page', () => {
    expect(pageNumberText({ path: PDF, page: 265, pageLabel: '257' })).toBe('257');
    expect(pageNumberText({ path: PDF, page: 3, pageLabel: 'iii' })).toBe('iii');
    expect(pageNumberText({ path: PDF, page: 265, pageLabel: null })).toBe('265');
  });

  it('adds the Bates number to a line of text when one is stamped', () => {
    expect(pageAndBatesText({ path: PDF, page: 2, pageLabel: '2', bates: 'ACME-0001235' })).toBe(
      'p. 2, ACME-0001235',
    );
    expect(pageAndBatesText({ path: PDF, page: 5, pageLabel: '2', bates: null })).toBe('p. 2 (PDF p. 5)');
  });
});
