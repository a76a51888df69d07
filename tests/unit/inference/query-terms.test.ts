import { describe, expect, it } from 'vitest';
import { contentStems, queryTerms, stem } from '../../../packages/inference/src/query-terms.ts';

describe('queryTerms', () => {
  it('keeps lower-cased content words, once each, in order', () => {
    expect(queryTerms("When is the Tenant's rent due, and what are the late fees? Rent!")).toEqual([
      'tenant',
      'rent',
      'due',
      'late',
      'fees',
    ]);
  });

  it('keeps numbers and returns nothing for a question made of stop words', () => {
    expect(queryTerms('Is it over 30 days?')).toEqual(['30', 'days']);
    expect(queryTerms('What is it about?')).toEqual([]);
  });
});

describe('stem', () => {
  it.each([
    ['leases', 'lease'],
    ['leased', 'leasing'],
    ['policies', 'policy'],
    ['permitted', 'permit'],
    ['agreed', 'agree'],
    ['terminated', 'terminate'],
    ['monthly', 'month'],
    ['taxes', 'tax'],
    ['charges', 'charge'],
    ['billing', 'bill'],
  ])('%s and %s meet', (a, b) => {
    expect(stem(a)).toBe(stem(b));
  });

  it('leaves short words, numbers and words that only look plural alone', () => {
    expect(stem('fee')).toBe('fee');
    expect(stem('1250')).toBe('1250');
    expect(stem('status')).toBe('status');
    expect(stem('basis')).not.toBe(stem('base'));
    expect(stem('supply')).toBe(stem('supplies'));
  });

  it('gives stems of content words with repeats for term counting', () => {
    expect(contentStems('The rent, the Rents and the renting')).toEqual(['rent', 'rent', 'rent']);
  });
});

describe('words of other scripts', () => {
  it('counts a Korean word as its character pairs, so particles do not hide it', () => {
    const question = new Set(contentStems('빅포인트는 유효기간이 얼마나 되나요'));
    const passage = contentStems('빅포인트의 유효기간은 5년으로');
    expect(passage.filter((s) => question.has(s)).length).toBeGreaterThanOrEqual(5);
  });

  it('stems Arabic words lightly, as the full-text index does', () => {
    expect(stem('المكتبة')).toBe(stem('مكتبة'));
  });
});
