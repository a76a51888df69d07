import { describe, expect, it } from 'vitest';
import { extractiveAnswer, NOT_FOUND } from '../../../packages/inference/src/extractive.ts';
import type { Answer, Source } from '../../../packages/inference/src/types.ts';
import {
  LEASE_PAGE_2,
  LEASE_PAGE_4,
  quoteMatchesSource,
  SERVICES_PAGE_1,
  sourceFrom,
} from './lease-sources.ts';

const depositSource = sourceFrom(2, LEASE_PAGE_4, { page: 4, headingPath: ['Article 7 — Security Deposit'] });
const sources = [
  sourceFrom(1, LEASE_PAGE_2, { start: LEASE_PAGE_2.indexOf('Rent is due'), page: 2 }),
  depositSource,
  sourceFrom(3, SERVICES_PAGE_1, { path: '/docs/services.pdf' }),
];

function expectVerbatim(answer: Answer, given: readonly Source[]): void {
  for (const citation of answer.citations) {
    const source = given.find((s) => s.n === citation.n);
    expect(source).toBeDefined();
    if (source) expect(quoteMatchesSource(citation, source)).toBe(true);
  }
}

describe('extractiveAnswer', () => {
  it('picks the sentence that answers the question among distractors', () => {
    const answer = extractiveAnswer('How much notice is needed to terminate the agreement?', sources);
    expect(answer.mode).toBe('extractive');
    expect(answer.citations[0]?.quote).toBe(
      "Either party may terminate this Agreement by giving the other party sixty (60) days' written notice.",
    );
    expect(answer.citations[0]?.n).toBe(3);
    expect(
      answer.answer.startsWith(
        "Either party may terminate this Agreement by giving the other party sixty (60) days' written notice. [3]",
      ),
    ).toBe(true);
    expectVerbatim(answer, sources);
  });

  it('finds the deposit return period and cites it with page offsets', () => {
    const answer = extractiveAnswer('When is the security deposit returned?', sources);
    const returned = answer.citations.find((c) => c.quote.startsWith('The deposit will be'));
    expect(returned).toBeDefined();
    expect(returned?.start).toBe(LEASE_PAGE_4.indexOf('The deposit will be'));
    expect(returned?.page).toBe(4);
    expect(returned?.heading).toBe('Article 7 — Security Deposit');
    expectVerbatim(answer, sources);
  });

  it('answers a late fee question from a chunk that starts mid-page', () => {
    const answer = extractiveAnswer('What is the late fee if rent is paid late?', sources);
    const [first] = answer.citations;
    expect(first?.quote).toMatch(/^If rent is received more than five \(5\) days/);
    expect(first?.start).toBe(LEASE_PAGE_2.indexOf('If rent is received'));
    expectVerbatim(answer, sources);
  });

  it('keeps the sentences of each page in reading order, each quote followed by its marker', () => {
    const answer = extractiveAnswer('deposit returned landlord notices', sources, { maxSentences: 4 });
    for (const page of new Set(answer.citations.map((c) => `${c.documentId}:${c.page}`))) {
      const starts = answer.citations.filter((c) => `${c.documentId}:${c.page}` === page).map((c) => c.start);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
    }
    // The answer reads as one paragraph (line breaks folded); each quote stays verbatim.
    expect(answer.answer).toBe(
      answer.citations.map((c) => `${c.quote.replace(/\s+/g, ' ')} [${c.n}]`).join(' '),
    );
    expect(answer.citations.length).toBeLessThanOrEqual(4);
  });

  it('drops near-duplicate sentences from overlapping chunks', () => {
    const overlapping = [depositSource, sourceFrom(4, LEASE_PAGE_4, { start: 20, page: 4 })];
    const answer = extractiveAnswer('How much is the security deposit?', overlapping);
    const quotes = answer.citations.map((c) => c.quote);
    expect(new Set(quotes).size).toBe(quotes.length);
    expect(quotes.filter((q) => q.includes('security deposit of $2,500.00'))).toHaveLength(1);
    expectVerbatim(answer, overlapping);
  });

  it('prefers sentences over headings, and sentences with numbers for "how long" questions', () => {
    const answer = extractiveAnswer('How long until the security deposit is returned?', sources);
    expect(answer.answer).not.toContain('ARTICLE 7');
    expect(answer.citations.map((c) => c.quote)).toContainEqual(
      expect.stringMatching(/^The deposit will be\nreturned within thirty \(30\) days/),
    );
  });

  it('keeps to maxSentences', () => {
    const answer = extractiveAnswer('deposit rent notice landlord tenant', sources, { maxSentences: 1 });
    expect(answer.citations).toHaveLength(1);
  });

  it('refuses when no sentence shares a word with the question, or there are no sources', () => {
    const refused = { answer: NOT_FOUND, mode: 'refused', citations: [] };
    expect(extractiveAnswer('Is smoking allowed on the balcony?', sources)).toEqual(refused);
    expect(extractiveAnswer('What is the rent?', [])).toEqual(refused);
    expect(extractiveAnswer('What is it?', sources)).toEqual(refused);
    expect(NOT_FOUND).toBe('Not found in these documents.');
  });
});
