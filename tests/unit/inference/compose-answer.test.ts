import {
  type ChatMessage,
  type ComposeOptions,
  composeAnswer,
  type GenerateOptions,
  type Generator,
  NOT_FOUND,
  NOT_IN_DOCUMENTS,
  type PageText,
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
  ['doc-lease.pdf:2', { text: LEASE_PAGE_2 }],
  ['doc-lease.pdf:4', { text: LEASE_PAGE_4 }],
  [`doc-${SERVICES}:1`, { text: SERVICES_PAGE_1, source: 'ocr', confidence: 91 }],
]);
const storedPages = (pages: ReadonlyMap<string, PageText> = PAGES): ComposeOptions['pageText'] => {
  return (documentId, page) => pages.get(`${documentId}:${page}`);
};

/** A chat model stand-in: replies `reply` in word-sized tokens and records what it was asked. */
class FakeGenerator implements Generator {
  readonly modelId = 'f'.repeat(64);
  readonly name = 'fake-chat';
  readonly calls: { messages: readonly ChatMessage[]; options: GenerateOptions | undefined }[] = [];

  constructor(
    private readonly reply: string,
    readonly contextSize = 4096,
  ) {}

  countTokens(text: string): number {
    return Math.ceil(text.length / 4);
  }

  async generate(messages: readonly ChatMessage[], options?: GenerateOptions): Promise<string> {
    this.calls.push({ messages, options });
    for (const piece of this.reply.match(/\S+\s*/g) ?? []) options?.onToken?.(piece);
    return this.reply;
  }

  async close(): Promise<void> {}
}

const options = (extra: Partial<ComposeOptions> = {}): ComposeOptions => ({
  refusalThreshold: 0.25,
  pageText: storedPages(),
  ...extra,
});

describe('composeAnswer', () => {
  it('refuses when the best source covers too little of the question, without asking the model', async () => {
    const generator = new FakeGenerator('Parrots are welcome [1].');
    const answer = await composeAnswer(
      sources,
      'Which parrots, hamsters or reptiles may residents keep?',
      generator,
      options(),
    );
    expect(answer).toEqual({
      answer: NOT_FOUND,
      mode: 'refused',
      citations: [],
      evidence: 0,
      support: 'not-found',
      answerCoverage: null,
    });
    expect(generator.calls).toHaveLength(0);

    const none = await composeAnswer([], 'How much is the deposit?', null, options());
    expect(none).toMatchObject({ mode: 'refused', evidence: 0 });
    const strict = await composeAnswer(sources, 'How much is the security deposit?', null, {
      ...options(),
      refusalThreshold: 1.01,
    });
    expect(strict.mode).toBe('refused');
    expect(strict.evidence).toBe(1);
  });

  it('answers extractively without a chat model, each citation verified on its page', async () => {
    const answer = await composeAnswer(sources, 'How much is the security deposit?', null, options());
    expect(answer.mode).toBe('extractive');
    expect(answer.evidence).toBe(1);
    expect(answer.answer).toContain('a security deposit of $2,500.00. [2]');
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const citation of answer.citations) {
      expect(citation.verified).toBe(true);
      expect(citation.source).toBe('text-layer');
      expect(LEASE_PAGE_4.slice(citation.start, citation.end)).toBe(citation.quote);
    }

    const notice = await composeAnswer(
      sources,
      'How much written notice ends the agreement?',
      null,
      options(),
    );
    const [ocr] = notice.citations;
    expect(ocr).toMatchObject({ n: 3, verified: true, source: 'ocr', confidence: 91 });
  });

  it('generates from the sources with verified citations, streaming tokens', async () => {
    const reply = 'The tenant pays "a security deposit of $2,500.00" [2], returned within thirty days [2].';
    const generator = new FakeGenerator(reply);
    const tokens: string[] = [];
    const signal = new AbortController().signal;
    const answer = await composeAnswer(sources, 'And how much is it?', generator, {
      ...options(),
      standaloneQuery: 'How much is the security deposit?',
      onToken: (t) => tokens.push(t),
      signal,
      maxAnswerTokens: 200,
    });
    expect(answer.mode).toBe('generated');
    expect(answer.answer).toBe(reply);
    expect(tokens.join('')).toBe(reply);
    expect(answer.citations).toHaveLength(1);
    expect(answer.citations[0]).toMatchObject({
      n: 2,
      quote: 'a security deposit of $2,500.00',
      verified: true,
      source: 'text-layer',
      page: 4,
    });

    const [call] = generator.calls;
    expect(call?.options).toMatchObject({ signal, maxTokens: 200 });
    const prompt = call?.messages.map((m) => m.content).join('\n') ?? '';
    expect(prompt).toContain('Question: How much is the security deposit?');
    expect(prompt).toContain('[2] lease.pdf, page 4 — Article 7 — Security Deposit');
  });

  it('keeps a citation whose quote is not on the stored page, unverified', async () => {
    const generator = new FakeGenerator('The deposit is "a security deposit of $2,500.00" [2].');
    // The page was re-read since retrieval and no longer holds the passage; another page cannot be found at all.
    const changed = new Map<string, PageText>([['doc-lease.pdf:4', { text: 'ARTICLE 7 — DEPOSIT\nNone.' }]]);
    const answer = await composeAnswer(sources, 'How much is the security deposit?', generator, {
      ...options(),
      pageText: storedPages(changed),
    });
    expect(answer.mode).toBe('generated');
    expect(answer.citations).toHaveLength(1);
    expect(answer.citations[0]).toMatchObject({
      n: 2,
      quote: 'a security deposit of $2,500.00',
      verified: false,
    });

    const missing = await composeAnswer(sources, 'How much is the security deposit?', generator, {
      ...options(),
      pageText: () => undefined,
    });
    expect(missing.citations[0]?.verified).toBe(false);
  });

  it('cites only the sources that fit in the model context', async () => {
    // Room for the first source only: a [3] marker points at a source the model never saw.
    const generator = new FakeGenerator('Rent is due on the first day [1]; notice is sixty days [3].', 700);
    const answer = await composeAnswer(
      sources,
      'When is rent due and what notice is needed?',
      generator,
      options(),
    );
    expect(answer.mode).toBe('generated');
    expect(answer.citations.map((c) => c.n)).toEqual([1]);
    const prompt = generator.calls[0]?.messages.map((m) => m.content).join('\n') ?? '';
    expect(prompt).not.toContain('[3] services.pdf');
  });

  it('refuses when the model says the documents do not hold the answer', async () => {
    for (const reply of [NOT_IN_DOCUMENTS, '  not found in these documents.']) {
      const answer = await composeAnswer(
        sources,
        'How much is the security deposit?',
        new FakeGenerator(reply),
        options(),
      );
      expect(answer).toEqual({
        answer: NOT_FOUND,
        mode: 'refused',
        citations: [],
        evidence: 1,
        support: 'closest',
        answerCoverage: null,
      });
    }
  });
});
