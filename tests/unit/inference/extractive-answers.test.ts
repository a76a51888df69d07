import { composeAnswer, splitSentences } from '@quire/inference';
import { describe, expect, it } from 'vitest';
import { extractiveAnswer } from '../../../packages/inference/src/extractive.ts';
import type { Answer, Citation, Source } from '../../../packages/inference/src/types.ts';
import { sourceFrom } from './lease-sources.ts';

/** Pages shaped like a patient guide's: a checklist of questions, and narrow two-column text under a title. */
const CHECKLIST_PAGE = `Question checklist

You may find this checklist helpful when thinking about the
questions you want to ask your doctor about your treatment.

• What type of breast cancer do I have?
• How much will treatment cost?
• How long will the tests take?`;

const ASSAYS_PAGE = `Genomic assays
Genomic assays are tests that
provide information about the risk
of the cancer coming back. They can
also predict whether you are likely
to benefit from chemotherapy.

None of the tests are currently
covered by Medicare. They cost
between $2900 and $4500, and the
results can take up to two weeks.`;

const MINUTES_PAGE = `Minutes of the Board

The board discussed the budget of the new library and the board approved the library plan.
The meeting was held on 14 March 2024 at the town hall.
Members asked about the opening hours of the library.`;

const DEPOSIT_PAGE = `The deposit is held by the landlord in a separate account. The deposit will be returned within
thirty (30) days after the end of the term. Any deductions from the deposit are listed in writing. The
deposit earns no interest for the tenant. Keys are returned to the agent.`;

const BREAK_PAGE = `12.3 The break notice only takes effect if all of the following conditions are met:
(a) the Tenant has paid all the rent due;
(b) the Tenant gives up vacant possession of the premises.`;

const PROVISIONS_PAGE = `Related Provisions:
11 U.S.C. § 341 Meeting of Creditors

The standing trustee must offer free telephone interpreter services to debtors with limited English.`;

const PAGES = new Map([
  ['doc-handbook.docx:1', PROVISIONS_PAGE],
  ['doc-guide.pdf:69', CHECKLIST_PAGE],
  ['doc-guide.pdf:19', ASSAYS_PAGE],
  ['doc-minutes.pdf:1', MINUTES_PAGE],
  ['doc-lease.pdf:4', DEPOSIT_PAGE],
  ['doc-lease.pdf:6', BREAK_PAGE],
]);
const pageText = (documentId: string, page: number) => PAGES.get(`${documentId}:${page}`);
const guide = { path: 'guide.pdf' };

const checklist = sourceFrom(1, CHECKLIST_PAGE, { ...guide, page: 69 });
const assays = sourceFrom(2, ASSAYS_PAGE, { ...guide, page: 19 });

const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Every quote is the page text at its offsets, and starts and ends where sentences of the page do. */
function expectWholeSentences(answer: Answer): void {
  for (const c of answer.citations) {
    const page = pageText(c.documentId, c.page) ?? '';
    expect(page.slice(c.start, c.end)).toBe(c.quote);
    const sentences = splitSentences(page);
    expect(sentences.some((s) => s.start === c.start)).toBe(true);
    expect(sentences.some((s) => s.end === c.end)).toBe(true);
  }
}

/** The sentences of an extractive answer, markers left out. */
const answerSentences = (answer: Answer) =>
  splitSentences(answer.answer.replace(/\s*\[\d+\]/g, '')).map((s) => s.text);

const firstQuote = (answer: Answer): string => fold(answer.citations[0]?.quote ?? '');

describe('extractive answers a person would accept', () => {
  it('quotes whole sentences of the page even when the passage starts and ends mid-sentence', () => {
    const from = ASSAYS_PAGE.indexOf('information about');
    const cut = sourceFrom(1, ASSAYS_PAGE, {
      ...guide,
      page: 19,
      start: from,
      end: ASSAYS_PAGE.indexOf('two weeks'),
    });
    const answer = extractiveAnswer('How much do genomic assays cost, and what do they tell you?', [cut], {
      pageText,
    });
    expect(answer.mode).toBe('extractive');
    expectWholeSentences(answer);
    expect(answer.citations.map((c) => fold(c.quote))).toContainEqual(
      'They cost between $2900 and $4500, and the results can take up to two weeks.',
    );
    expect(answer.citations.every((c) => /^\p{Lu}/u.test(c.quote) && /[.!?;:]$/.test(c.quote))).toBe(true);
  });

  it('never leads with a heading or a line that is itself a question, and quotes no question at all', () => {
    const answer = extractiveAnswer(
      'How much do the tests that predict recurrence cost?',
      [checklist, assays],
      {
        pageText,
      },
    );
    expect(firstQuote(answer)).toBe(
      'They cost between $2900 and $4500, and the results can take up to two weeks.',
    );
    expect(answer.answer.startsWith('They cost between $2900 and $4500')).toBe(true);
    for (const c of answer.citations) {
      expect(c.quote).not.toMatch(/\?$/);
      expect(c.quote.startsWith('Genomic assays\n')).toBe(false);
    }
    expectWholeSentences(answer);
  });

  it('puts the sentence with the amount first for "how much", over one with more of the question words', () => {
    const answer = extractiveAnswer('How much do the genomic assays tests cost?', [assays], { pageText });
    expect(firstQuote(answer)).toMatch(/^They cost between \$2900 and \$4500/);
  });

  it('puts the sentence with the date first for "when"', () => {
    const minutes = sourceFrom(1, MINUTES_PAGE, { path: 'minutes.pdf' });
    const answer = extractiveAnswer('When did the board hold its meeting about the library?', [minutes], {
      pageText,
    });
    expect(firstQuote(answer)).toBe('The meeting was held on 14 March 2024 at the town hall.');
    expectWholeSentences(answer);
  });

  it('gives at most three sentences, or fewer when asked', () => {
    const deposit = sourceFrom(1, DEPOSIT_PAGE, { page: 4 });
    const sources = [deposit, checklist, assays];
    const answer = extractiveAnswer('deposit tests cost treatment returned tenant', sources, { pageText });
    expect(answerSentences(answer).length).toBeLessThanOrEqual(3);
    expect(answer.citations.length).toBeLessThanOrEqual(3);
    const one = extractiveAnswer('deposit tests cost treatment returned tenant', sources, {
      pageText,
      maxSentences: 1,
    });
    expect(answerSentences(one)).toHaveLength(1);
  });

  it('leads with the most answer-like sentence and keeps the sentences taken from one page in reading order', () => {
    const deposit = sourceFrom(1, DEPOSIT_PAGE, { page: 4 });
    const answer = extractiveAnswer(
      'When is the deposit returned, and what deductions are made?',
      [deposit],
      {
        pageText,
      },
    );
    expect(firstQuote(answer)).toMatch(/^The deposit will be returned within thirty \(30\) days/);
    const starts = answer.citations.filter((c) => c.page === 4).map((c) => c.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    // Neighbouring sentences of one passage are quoted together, in the page's order.
    const quoted = answer.citations.map((c) => fold(c.quote)).join(' ');
    expect(quoted.indexOf('will be returned')).toBeLessThan(quoted.indexOf('Any deductions'));
    expectWholeSentences(answer);
  });

  it('quotes a sentence that ends in a colon together with the sentence it introduces', () => {
    const lease = sourceFrom(1, BREAK_PAGE, { page: 6 });
    const answer = extractiveAnswer(
      'Which conditions must be met for the break notice to take effect?',
      [lease],
      {
        pageText,
      },
    );
    expect(answer.citations[0]?.quote).toBe(
      '12.3 The break notice only takes effect if all of the following conditions are met:\n(a) the Tenant has paid all the rent due;',
    );
    expectWholeSentences(answer);
  });

  it('does not lead with a heading line and the reference listed under it', () => {
    const handbook = sourceFrom(1, PROVISIONS_PAGE, { path: 'handbook.docx', page: 1 });
    const answer = extractiveAnswer('What help does a debtor get at the meeting of creditors?', [handbook], {
      pageText,
    });
    expect(answer.citations[0]?.quote).toMatch(/^The standing trustee must offer free telephone interpreter/);
    expect(answer.answer).not.toMatch(/^Related Provisions/);
    expectWholeSentences(answer);
  });
});

describe('composeAnswer without a chat model', () => {
  it('quotes whole page sentences, each citation verified against the stored page', async () => {
    const cut: Source = sourceFrom(1, ASSAYS_PAGE, {
      ...guide,
      page: 19,
      start: ASSAYS_PAGE.indexOf('covered by'),
    });
    const answer = await composeAnswer([checklist, cut], 'How much do the genomic tests cost?', null, {
      refusalThreshold: 0.25,
      pageText: (documentId, page) => {
        const text = pageText(documentId, page);
        return text === undefined ? null : { text };
      },
    });
    expect(answer.mode).toBe('extractive');
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations.every((c: Citation) => c.verified)).toBe(true);
    expect(firstQuote(answer)).toMatch(/^They cost between \$2900 and \$4500/);
    expectWholeSentences(answer);
  });
});
