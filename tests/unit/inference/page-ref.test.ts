// How a cited page is named everywhere (issue 17): printed label first, physical page when different,
// Bates number after.
import { describe, expect, it } from 'vitest';
import { pageRef } from '../../../packages/inference/src/page-ref.ts';

describe('pageRef', () => {
  it('puts the printed number first and the physical page after it when they differ', () => {
    expect(pageRef({ page: 265, pageLabel: '257' })).toBe('p. 257 (PDF p. 265)');
    expect(pageRef({ page: 2, pageLabel: 'ii' })).toBe('p. ii (PDF p. 2)');
    expect(pageRef({ page: 265, pageLabel: '257' }, 'page')).toBe('page 257 (PDF page 265)');
  });

  it('names the page once when the label is the physical number or there is none', () => {
    expect(pageRef({ page: 5, pageLabel: '5' })).toBe('p. 5');
    expect(pageRef({ page: 7, pageLabel: null })).toBe('p. 7');
    expect(pageRef({ page: 7 })).toBe('p. 7');
    expect(pageRef({ page: 7, pageLabel: '  ' })).toBe('p. 7');
  });

  it('adds the Bates number when the page has one', () => {
    expect(pageRef({ page: 5, pageLabel: '3', bates: 'ACME-0001234' })).toBe(
      'p. 3 (PDF p. 5) · ACME-0001234',
    );
    expect(pageRef({ page: 1, pageLabel: null, bates: 'ABC 000123' })).toBe('p. 1 · ABC 000123');
  });

  it('names a Word document’s page by the label Word laid out alone (it is one page of text in Quire)', () => {
    expect(pageRef({ page: 1, pageLabel: '3', path: '/m/lease.docx' })).toBe('p. 3');
    expect(pageRef({ page: 1, pageLabel: 'iv', path: '/m/offer.eml::1/draft.DOCX' })).toBe('p. iv');
    expect(pageRef({ page: 1, pageLabel: null, path: '/m/lease.docx' })).toBe('p. 1');
    expect(pageRef({ page: 5, pageLabel: '3', path: '/m/lease.pdf' })).toBe('p. 3 (PDF p. 5)');
  });
});
