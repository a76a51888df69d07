// The support level composeAnswer gives each answer: answered, closest passages, or not found.
import {
  type ChatMessage,
  type ComposeOptions,
  citationFor,
  composeAnswer,
  type GenerateOptions,
  type Generator,
  leadCoverage,
  NOT_IN_DOCUMENTS,
  type PageText,
  type Source,
} from '@quire/inference';
import { describe, expect, it } from 'vitest';
import { LEASE_PAGE_2, LEASE_PAGE_4, SERVICES_PAGE_1, sourceFrom } from './lease-sources.ts';

const SERVICES = '/docs/services.pdf';
const sources = [
  sourceFrom(1, LEASE_PAGE_2, { page: 2 }),
  sourceFrom(2, LEASE_PAGE_4, { page: 4, headingPath: ['Article 7 — Security Deposit'] }),
  sourceFrom(3, SERVICES_PAGE_1, { path: SERVICES }),
];
const PAGES = new Map<string, PageText>([
  ['doc-lease.pdf:2', { text: LEASE_PAGE_2, quality: 0.97 }],
  ['doc-lease.pdf:4', { text: LEASE_PAGE_4 }],
  [`doc-${SERVICES}:1`, { text: SERVICES_PAGE_1, source: 'ocr', confidence: 62, quality: 0.41 }],
]);

/** A chat model stand-in that always replies `reply`. */
class CannedGenerator implements Generator {
  readonly modelId = 'f'.repeat(64);
  readonly name = 'canned-chat';
  readonly contextSize = 4096;

  constructor(private readonly reply: string) {}

  countTokens(text: string): number {
    return Math.ceil(text.length / 4);
  }

  async generate(_messages: readonly ChatMessage[], _options?: GenerateOptions): Promise<string> {
    return this.reply;
  }

  async close(): Promise<void> {}
}

const options = (extra: Partial<ComposeOptions> = {}): ComposeOptions => ({
  refusalThreshold: 0.25,
  pageText: (documentId, page) => PAGES.get(`${documentId}:${page}`),
  ...extra,
});

const DEPOSIT = 'How much is the security deposit?';
// Half of its content words (security, deposit / parking, garage) are in the best passage.
const PARTLY = 'How much is the security deposit for the parking garage?';

describe('support levels', () => {
  it('not found: no sources, or evidence below the refusal threshold', async () => {
    const none = await composeAnswer([], DEPOSIT, null, options());
    expect(none).toMatchObject({ mode: 'refused', support: 'not-found', answerCoverage: null });
    const unrelated = await composeAnswer(sources, 'What is the capital of Mongolia?', null, options());
    expect(unrelated.evidence).toBeLessThan(0.25);
    expect(unrelated).toMatchObject({ mode: 'refused', support: 'not-found', citations: [] });
  });

  it("without a chat model: answered when the leading quote holds the answer threshold's share of the question, else closest", async () => {
    const full = await composeAnswer(sources, DEPOSIT, null, options());
    expect(full.answerCoverage).toBe(1);
    expect(full).toMatchObject({ mode: 'extractive', support: 'answered' });
    expect(full.answer).toContain('$2,500.00');

    // The default threshold (0.8) is not reached: half the question's words are in the quote.
    const partly = await composeAnswer(sources, PARTLY, null, options());
    expect(partly.evidence).toBeGreaterThanOrEqual(0.25);
    expect(partly.answerCoverage).toBe(0.5);
    // The extractive text and its verified quotes stay; the level says they are passages, not an answer.
    expect(partly).toMatchObject({ mode: 'extractive', support: 'closest' });
    expect(partly.citations.length).toBeGreaterThan(0);
    expect(partly.citations.every((c) => c.verified)).toBe(true);

    const lower = await composeAnswer(sources, PARTLY, null, options({ answerThreshold: 0.5 }));
    expect(lower.support).toBe('answered');
    expect(lower.answer).toBe(partly.answer);
    const higher = await composeAnswer(sources, DEPOSIT, null, options({ answerThreshold: 1 }));
    expect(higher.support).toBe('answered');

    // A quote that cannot be found on its stored page (re-read since retrieval) is not an answer.
    const changed = await composeAnswer(sources, DEPOSIT, null, {
      ...options(),
      pageText: (documentId, page) =>
        page === 4 ? { text: 'ARTICLE 7 — DEPOSIT\nNone.' } : PAGES.get(`${documentId}:${page}`),
    });
    expect(changed.answerCoverage).toBe(1);
    expect(changed.citations[0]?.verified).toBe(false);
    expect(changed.support).toBe('closest');
  });

  it('leadCoverage: the share of the question held by the first quote and its heading', () => {
    const quote = {
      ...citationFor(sources[1] as Source, 0, 0),
      quote: 'On signing, the Tenant shall deliver to the Landlord a security deposit of $2,500.00.',
    };
    expect(leadCoverage(DEPOSIT, [quote])).toBe(1);
    expect(leadCoverage('When is the deposit returned?', [quote])).toBe(0.5);
    expect(leadCoverage('When is the deposit returned?', [{ ...quote, heading: null }])).toBe(0.5);
    expect(leadCoverage('Who keeps the deposit money?', [{ ...quote, heading: null }])).toBeCloseTo(1 / 3);
    expect(leadCoverage(DEPOSIT, [])).toBe(0);
  });

  it('with a chat model: answered only with a verified citation', async () => {
    const cited = await composeAnswer(
      sources,
      DEPOSIT,
      new CannedGenerator('The deposit is "a security deposit of $2,500.00" [2].'),
      options(),
    );
    expect(cited).toMatchObject({ mode: 'generated', support: 'answered', answerCoverage: null });
    expect(cited.citations[0]?.verified).toBe(true);

    const misquoted = await composeAnswer(
      sources,
      DEPOSIT,
      new CannedGenerator('The deposit is "a deposit of three months of rent" [2].'),
      options(),
    );
    expect(misquoted.mode).toBe('generated');
    expect(misquoted.citations[0]?.verified).toBe(false);
    expect(misquoted.support).toBe('closest');

    const uncited = await composeAnswer(
      sources,
      DEPOSIT,
      new CannedGenerator('The deposit is two thousand five hundred dollars.'),
      options(),
    );
    expect(uncited).toMatchObject({ mode: 'generated', support: 'closest', citations: [] });
  });

  it('with a chat model that says the documents do not say: refused, closest passages', async () => {
    const declined = await composeAnswer(sources, DEPOSIT, new CannedGenerator(NOT_IN_DOCUMENTS), options());
    expect(declined).toMatchObject({ mode: 'refused', support: 'closest', evidence: 1 });
  });

  it('the answer threshold does not apply to a chat model', async () => {
    const cited = await composeAnswer(
      sources,
      PARTLY,
      new CannedGenerator('The deposit is "a security deposit of $2,500.00" [2].'),
      options({ answerThreshold: 1 }),
    );
    expect(cited.support).toBe('answered');
  });

  it("each citation carries its page's text quality when the page was assessed", async () => {
    const answer = await composeAnswer(
      sources,
      'How much is the rent and how much notice ends the agreement?',
      new CannedGenerator(
        'Rent is "a monthly rent of $1,250.00" [1]; notice is "sixty (60) days\' written notice" [3].',
      ),
      options(),
    );
    expect(answer.citations.map((c) => [c.n, c.quality, c.source, c.confidence])).toEqual([
      [1, 0.97, 'text-layer', undefined],
      [3, 0.41, 'ocr', 62],
    ]);
  });
});
