import { describe, expect, it } from 'vitest';
import {
  buildRagPrompt,
  fileName,
  NOT_IN_DOCUMENTS,
  sourcesWithinBudget,
} from '../../../packages/inference/src/rag-prompt.ts';
import { LEASE_PAGE_2, LEASE_PAGE_4, SERVICES_PAGE_1, sourceFrom } from './lease-sources.ts';

const sources = [
  sourceFrom(1, LEASE_PAGE_2, { page: 2, headingPath: ['Lease', 'Article 3 — Rent'] }),
  sourceFrom(2, LEASE_PAGE_4, { page: 4, headingPath: [] }),
  sourceFrom(3, SERVICES_PAGE_1, {
    path: 'C:\\Users\\ana\\Contracts\\services.docx',
    page: 1,
    headingPath: ['Term'],
  }),
];

describe('buildRagPrompt', () => {
  it('tells the model to answer only from sources, cite [n], quote, and how to refuse', () => {
    const [system] = buildRagPrompt('When is rent due?', sources);
    expect(system?.role).toBe('system');
    expect(system?.content).toMatch(/only/i);
    expect(system?.content).toContain('[1]');
    expect(system?.content).toMatch(/quote/i);
    expect(system?.content).toContain(NOT_IN_DOCUMENTS);
    expect(NOT_IN_DOCUMENTS).toBe('The documents do not say.');
  });

  it('lists numbered sources with file name, page and heading path, then the question', () => {
    const [, user] = buildRagPrompt('When is rent due?', sources);
    const content = user?.content ?? '';
    expect(user?.role).toBe('user');
    expect(content).toContain('[1] lease.pdf, page 2 — Lease > Article 3 — Rent\nARTICLE 3 — RENT');
    expect(content).toContain('[2] lease.pdf, page 4\nARTICLE 7');
    expect(content).toContain('[3] services.docx, page 1 — Term\nEither party');
    expect(content).not.toContain('/home/ana');
    expect(content.indexOf('[1]')).toBeLessThan(content.indexOf('[2]'));
    expect(content.trimEnd().endsWith('Question: When is rent due?')).toBe(true);
  });

  it('drops sources from the end past the token budget', () => {
    const firstTwo = Math.ceil((LEASE_PAGE_2.length + LEASE_PAGE_4.length + 100) / 4);
    const [, user] = buildRagPrompt('q', sources, { maxSourceTokens: firstTwo });
    expect(user?.content).toContain('[2] lease.pdf');
    expect(user?.content).not.toContain('[3] services.docx');
    expect(sourcesWithinBudget(sources, 10).map((s) => s.n)).toEqual([1]);
    expect(sourcesWithinBudget(sources).map((s) => s.n)).toEqual([1, 2, 3]);
    const oneTokenEach = buildRagPrompt('q', sources, { maxSourceTokens: 2, countTokens: () => 1 });
    expect(oneTokenEach[1]?.content).toContain('[2] lease.pdf');
    expect(oneTokenEach[1]?.content).not.toContain('[3] services.docx');
  });

  it('takes the file name from POSIX and Windows paths', () => {
    expect(fileName('/a/b/lease.pdf')).toBe('lease.pdf');
    expect(fileName('C:\\x\\y.docx')).toBe('y.docx');
  });
});
