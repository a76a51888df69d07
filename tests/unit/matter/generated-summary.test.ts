import type { ChatMessage } from '@quire/inference';
import {
  DEFAULT_MAX_SECTIONS,
  type DocumentToSummarize,
  type GeneratedSummary,
  generateDocumentSummary,
} from '@quire/matter';
import { describe, expect, it } from 'vitest';
import { ScriptedGenerator, userMessage } from './scripted-generator.ts';

/** A document whose pages are a heading line and paragraphs; each paragraph is a chunk under the heading. */
function documentOf(
  pages: { heading: string; paragraphs: string[] }[],
  title = 'Lease',
): DocumentToSummarize {
  const doc: DocumentToSummarize = { title, kind: 'pdf', pages: [], chunks: [] };
  pages.forEach(({ heading, paragraphs }, i) => {
    const page = i + 1;
    const text = [heading, ...paragraphs].join('\n\n');
    doc.pages.push({ page, text });
    for (const paragraph of paragraphs) {
      const start = text.indexOf(paragraph);
      doc.chunks.push({
        page,
        start,
        end: start + paragraph.length,
        text: paragraph,
        headingPath: [heading],
      });
    }
  });
  return doc;
}

const LEASE = documentOf([
  {
    heading: 'ARTICLE 3 — RENT',
    paragraphs: [
      'The Tenant shall pay the Landlord a monthly rent of $1,250.00. Rent is due on the first day of each month.',
      'If rent is received more than five days late, the Tenant shall pay a late fee of $75.00.',
    ],
  },
  {
    heading: 'ARTICLE 7 — SECURITY DEPOSIT',
    paragraphs: [
      'On signing, the Tenant shall deliver a security deposit of $2,500.00. The deposit will be returned within thirty days after the end of the term.',
    ],
  },
]);

/** Every citation's quote is its page's text at its offsets, and every sentence has a verified one. */
function expectCitedAndVerified(summary: GeneratedSummary | null, doc: DocumentToSummarize) {
  expect(summary?.mode).toBe('generated');
  expect(summary?.sentences.length).toBeGreaterThan(0);
  for (const sentence of summary?.sentences ?? []) {
    expect(sentence.citations.some((c) => c.verified)).toBe(true);
    expect(sentence.text).not.toMatch(/\[\d+\]/);
    for (const c of sentence.citations) {
      const page = doc.pages.find((p) => p.page === c.page);
      expect(page?.text.slice(c.start, c.end)).toBe(c.quote);
    }
  }
}

describe('generateDocumentSummary', () => {
  it('summarises a document that fits the context in one call, every sentence cited and verified', async () => {
    const generator = new ScriptedGenerator([
      'This lease sets a monthly rent of $1,250.00 paid by the Tenant [1]. ' +
        'The Tenant gives a security deposit of $2,500.00, returned within thirty days after the term [3].',
    ]);
    const summary = await generateDocumentSummary(LEASE, generator);
    expect(generator.calls).toHaveLength(1);
    const asked = userMessage(generator.calls[0]?.messages ?? []);
    expect(asked).toContain('Document: Lease (pdf)');
    expect(asked).toContain('[1] page 1 — ARTICLE 3 — RENT\nThe Tenant shall pay');
    expect(asked).toContain('[3] page 2 — ARTICLE 7 — SECURITY DEPOSIT');
    expectCitedAndVerified(summary, LEASE);
    expect(summary?.sentences.map((s) => s.text)).toEqual([
      'This lease sets a monthly rent of $1,250.00 paid by the Tenant.',
      'The Tenant gives a security deposit of $2,500.00, returned within thirty days after the term.',
    ]);
    expect(summary?.sentences[0]?.citations).toEqual([
      {
        page: 1,
        start: LEASE.pages[0]?.text.indexOf('The Tenant shall pay'),
        end: LEASE.pages[0]?.text.indexOf(' Rent is due'),
        quote: 'The Tenant shall pay the Landlord a monthly rent of $1,250.00.',
        verified: true,
      },
    ]);
    expect(summary?.sentences[1]?.citations.map((c) => [c.page, c.verified])).toEqual([[2, true]]);
  });

  it('drops a sentence its cited passage does not support, one that cites no passage, and one too short to check', async () => {
    const generator = new ScriptedGenerator([
      'The Tenant pays a monthly rent of $1,250.00 [1]. The Landlord keeps a parrot named Polly in the garden [2]. ' +
        'The flat overlooks the harbour. Rent is due [1].',
    ]);
    const summary = await generateDocumentSummary(LEASE, generator);
    expectCitedAndVerified(summary, LEASE);
    expect(summary?.sentences.map((s) => s.text)).toEqual(['The Tenant pays a monthly rent of $1,250.00.']);
  });

  it('gives null when the cited quotes are not on the stored pages', async () => {
    // The stored pages were read again (another OCR pass) and no longer hold the chunks' words.
    const reread: DocumentToSummarize = {
      ...LEASE,
      pages: LEASE.pages.map((p) => ({ page: p.page, text: p.text.replace(/Tenant/g, 'Lessee') })),
    };
    const generator = new ScriptedGenerator(['The Tenant pays a monthly rent of $1,250.00 [1].']);
    expect(await generateDocumentSummary(reread, generator)).toBeNull();
    expect(generator.calls).toHaveLength(1);
  });

  it('gives null for a reply with no citation markers, or markers to sources it was not shown', async () => {
    const plain = new ScriptedGenerator(['The Tenant pays a monthly rent of $1,250.00 and a deposit.']);
    expect(await generateDocumentSummary(LEASE, plain)).toBeNull();
    const unknown = new ScriptedGenerator(['The Tenant pays a monthly rent of $1,250.00 [9].']);
    expect(await generateDocumentSummary(LEASE, unknown)).toBeNull();
  });

  it('gives null when the model fails, and passes an abort on', async () => {
    const failing = new ScriptedGenerator([
      () => {
        throw new Error('context overflow');
      },
    ]);
    expect(await generateDocumentSummary(LEASE, failing)).toBeNull();
    // A generator stopped by the signal returns what it has (as LlamaGenerator does): no summary is made of it.
    const controller = new AbortController();
    const aborted = new ScriptedGenerator([
      () => {
        controller.abort();
        return 'The Tenant shall pay [1]';
      },
    ]);
    await expect(
      generateDocumentSummary(LEASE, aborted, { signal: controller.signal }),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

/** A page per clause, each with a first sentence of its own words. */
function contract(pages: number): DocumentToSummarize {
  return documentOf(
    Array.from({ length: pages }, (_, i) => ({
      heading: `CLAUSE ${i + 1}`,
      paragraphs: [
        `Clause ${i + 1} obliges the supplier to deliver batch ${i + 1} of cedar boards to the harbour depot by week ${i + 1}. ` +
          'Deliveries are inspected on arrival and any damaged boards are returned at the supplier’s cost. '.repeat(
            3,
          ),
      ],
    })),
    'Supply contract',
  );
}

/** The first sentence of each numbered source in a prompt, without its full stop. */
function sourceSentences(messages: readonly ChatMessage[]): string[] {
  return [...userMessage(messages).matchAll(/^\[\d+\] page \d+[^\n]*\n([^.]+)\./gm)].map((m) => m[1] ?? '');
}

/** Replies to a section prompt with its first source's sentence, and to the reduce prompt with its first two. */
const echoFirstSources = (messages: readonly ChatMessage[]) => {
  const count = userMessage(messages).includes('summarise the document’s sections') ? 2 : 1;
  return sourceSentences(messages)
    .slice(0, count)
    .map((sentence, i) => `${sentence} [${i + 1}].`)
    .join(' ');
};

describe('generateDocumentSummary over sections', () => {
  it('cuts a chunk too long for the context to its start, which is still quoted verbatim', async () => {
    const opening = 'The supplier delivers cedar boards to the harbour depot every week.';
    const text = `${opening} ${'Deliveries are inspected on arrival at the depot. '.repeat(200)}`;
    const doc: DocumentToSummarize = {
      title: 'Supply contract',
      kind: 'pdf',
      pages: [{ page: 1, text }],
      chunks: [{ page: 1, start: 0, end: text.length, text, headingPath: [] }],
    };
    const generator = new ScriptedGenerator(
      ['The supplier delivers cedar boards to the harbour depot [1].'],
      700,
    );
    const summary = await generateDocumentSummary(doc, generator);
    expect(generator.calls).toHaveLength(1);
    const prompt = generator.calls[0]?.messages.map((m) => m.content).join('') ?? '';
    expect(generator.countTokens(prompt)).toBeLessThan(700);
    expectCitedAndVerified(summary, doc);
    expect(summary?.sentences[0]?.citations[0]?.quote).toBe(opening);
  });

  it('makes no call for a document without chunks', async () => {
    const generator = new ScriptedGenerator(['The document is empty [1].']);
    expect(
      await generateDocumentSummary({ title: null, kind: 'image', pages: [], chunks: [] }, generator),
    ).toBeNull();
    expect(generator.calls).toHaveLength(0);
  });

  it('shows at most maxPassageTokens of passages in one call', async () => {
    const doc = contract(6);
    const whole = new ScriptedGenerator([echoFirstSources]);
    await generateDocumentSummary(doc, whole);
    expect(whole.calls).toHaveLength(1);
    const bounded = new ScriptedGenerator([echoFirstSources]);
    const summary = await generateDocumentSummary(doc, bounded, { maxPassageTokens: 150 });
    expect(bounded.calls).toHaveLength(7);
    for (const call of bounded.calls.slice(0, -1)) {
      const passages = userMessage(call.messages).split('Sources:\n\n')[1]?.split('\n\nSummarise')[0] ?? '';
      expect(bounded.countTokens(passages)).toBeLessThanOrEqual(150);
    }
    expectCitedAndVerified(summary, doc);
  });

  it('maps over sections and reduces, the final sentences cite the page quotes of the sections they summarise', async () => {
    const doc = contract(6);
    const generator = new ScriptedGenerator([echoFirstSources], 700);
    const summary = await generateDocumentSummary(doc, generator);
    const sectionCalls = generator.calls.slice(0, -1);
    expect(sectionCalls.length).toBeGreaterThan(1);
    expect(generator.calls.at(-1)?.messages.at(-1)?.content).toContain('summarise the document’s sections');
    expectCitedAndVerified(summary, doc);
    expect(summary?.sentences.map((s) => s.text)).toEqual([
      'Clause 1 obliges the supplier to deliver batch 1 of cedar boards to the harbour depot by week 1.',
      expect.stringMatching(/^Clause \d obliges/),
    ]);
    const [first, second] = summary?.sentences ?? [];
    expect(first?.citations).toEqual([
      {
        page: 1,
        start: doc.pages[0]?.text.indexOf('Clause 1'),
        end: (doc.pages[0]?.text.indexOf('Clause 1') ?? 0) + (first?.text.length ?? 0),
        quote: first?.text,
        verified: true,
      },
    ]);
    // The second section's summary is about its own first clause, cited on that clause's page.
    expect(second?.citations[0]?.quote).toBe(second?.text);
    expect(second?.citations[0]?.page).toBeGreaterThan(1);
  });

  it('makes at most maxSections + 1 calls for a long document, spread over the whole of it', async () => {
    const doc = contract(120);
    const generator = new ScriptedGenerator([echoFirstSources], 1000);
    const summary = await generateDocumentSummary(doc, generator);
    expect(generator.calls).toHaveLength(DEFAULT_MAX_SECTIONS + 1);
    const firstPages = generator.calls
      .slice(0, -1)
      .map((call) => Number(userMessage(call.messages).match(/^\[1\] page (\d+)/m)?.[1]));
    expect(firstPages).toEqual([1, 16, 31, 46, 61, 76, 91, 106]);
    expectCitedAndVerified(summary, doc);
    expect(summary?.sentences.map((s) => s.citations[0]?.page)).toEqual([1, 16]);

    const capped = new ScriptedGenerator([echoFirstSources], 1000);
    await generateDocumentSummary(doc, capped, { maxSections: 3 });
    expect(capped.calls).toHaveLength(4);
  });

  it('drops a final sentence that the page quotes of the sections it cites do not support', async () => {
    const doc = contract(6);
    const generator = new ScriptedGenerator(
      [
        (messages) =>
          userMessage(messages).includes('summarise the document’s sections')
            ? `The contract concerns marble statues for the airport [1]. ${sourceSentences(messages)[1]} [2].`
            : echoFirstSources(messages),
      ],
      700,
    );
    const summary = await generateDocumentSummary(doc, generator);
    expectCitedAndVerified(summary, doc);
    expect(summary?.sentences).toHaveLength(1);
    expect(summary?.sentences[0]?.text).toMatch(/^Clause [2-9] obliges/);
  });

  it('keeps the section sentences when the final call cites nothing verifiable', async () => {
    const doc = contract(6);
    let calls = 0;
    const generator = new ScriptedGenerator(
      [
        (messages) => {
          calls++;
          return userMessage(messages).includes('summarise the document’s sections')
            ? 'A supply contract for cedar boards.'
            : echoFirstSources(messages);
        },
      ],
      700,
    );
    const summary = await generateDocumentSummary(doc, generator);
    expectCitedAndVerified(summary, doc);
    expect(summary?.sentences).toHaveLength(Math.min(calls - 1, 5));
    expect(summary?.sentences[0]?.text).toMatch(/^Clause 1 obliges/);
  });
});
