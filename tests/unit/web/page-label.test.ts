import { describe, expect, it } from 'vitest';
import {
  labelDiffers,
  pageAndBatesText,
  pageNumberText,
  pageText,
} from '../../../apps/web/src/lib/page-label.ts';

describe('pageText', () => {
  it('names a page by its printed number, with the PDF page beside it when they differ', () => {
    expect(pageText({ page: 265, pageLabel: '257' })).toBe('p. 257 (PDF p. 265)');
    expect(pageText({ page: 2, pageLabel: 'ii' })).toBe('p. ii (PDF p. 2)');
    expect(pageText({ page: 12, pageLabel: 'A-3' })).toBe('p. A-3 (PDF p. 12)');
  });

  it('names it once when the printed number is the physical page', () => {
    expect(pageText({ page: 5, pageLabel: '5' })).toBe('p. 5');
  });

  it('names the physical page when nothing is printed, or when the label is not known', () => {
    expect(pageText({ page: 265, pageLabel: null })).toBe('p. 265');
    expect(pageText({ page: 3 })).toBe('p. 3');
  });

  it('reads a label as printed, ignoring the space around it', () => {
    expect(pageText({ page: 4, pageLabel: ' 2 ' })).toBe('p. 2 (PDF p. 4)');
    expect(pageText({ page: 4, pageLabel: ' ' })).toBe('p. 4');
    expect(labelDiffers({ page: 4, pageLabel: '' })).toBe(false);
  });

  it('adds the file’s page count to the physical page', () => {
    expect(pageText({ page: 265, pageLabel: '257' }, 300)).toBe('p. 257 (PDF p. 265 of 300)');
    expect(pageText({ page: 5, pageLabel: '5' }, 9)).toBe('p. 5 of 9');
    expect(pageText({ page: 5, pageLabel: null }, null)).toBe('p. 5');
  });
});

describe('the other page words', () => {
  it('tells whether the printed number differs', () => {
    expect(labelDiffers({ page: 4, pageLabel: '1' })).toBe(true);
    expect(labelDiffers({ page: 4, pageLabel: '4' })).toBe(false);
    expect(labelDiffers({ page: 4, pageLabel: null })).toBe(false);
  });

  it('gives the printed number alone for a button, else the physical page', () => {
    expect(pageNumberText({ page: 265, pageLabel: '257' })).toBe('257');
    expect(pageNumberText({ page: 3, pageLabel: 'iii' })).toBe('iii');
    expect(pageNumberText({ page: 265, pageLabel: null })).toBe('265');
  });

  it('adds the Bates number to a line of text when one is stamped', () => {
    expect(pageAndBatesText({ page: 2, pageLabel: '2', bates: 'ACME-0001235' })).toBe('p. 2 · ACME-0001235');
    expect(pageAndBatesText({ page: 5, pageLabel: '2', bates: null })).toBe('p. 2 (PDF p. 5)');
  });
});
