import { join } from 'node:path';
import { LlamaGenerator } from '@quire/inference';
import { type DocumentToSummarize, generateDocumentSummary, summarizeEvent } from '@quire/matter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyLlama } from '../fixtures/tiny-models.ts';
import { tempDir } from '../helpers/temp.ts';

// Generated summaries through the real node-llama-cpp path, with scripted tiny models (each replies one
// fixed text to any prompt): they prove the prompts fit, the replies are read and their citations checked,
// not the quality of a summary.

const PAGE_1 = 'LEASE\n\nThe tenant pays rent of 900 euros to the landlord on the first day of each month.';
const PAGE_2 = 'NOTICE\n\nEither party may end the lease with sixty days of written notice.';

function chunkOf(page: number, text: string, heading: string) {
  const start = text.indexOf('\n\n') + 2;
  return { page, start, end: text.length, text: text.slice(start), headingPath: [heading] };
}

const LEASE: DocumentToSummarize = {
  title: 'Flat lease',
  kind: 'pdf',
  pages: [
    { page: 1, text: PAGE_1 },
    { page: 2, text: PAGE_2 },
  ],
  chunks: [chunkOf(1, PAGE_1, 'LEASE'), chunkOf(2, PAGE_2, 'NOTICE')],
};

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir();
  await writeTinyLlama(join(dir.path, 'summary.gguf'), {
    reply: ['▁The', '▁tenant', '▁pays', '▁rent', '▁[', '1', ']', '.'],
    name: 'tiny-summary',
  });
  await writeTinyLlama(join(dir.path, 'event.gguf'), {
    reply: ['▁Tenant', '▁pays', '▁rent', '▁monthly', '.'],
    name: 'tiny-event',
  });
});
afterAll(() => dir.cleanup());

describe('generated summaries with a real llama.cpp model (scripted GGUF)', () => {
  it('writes a document summary whose sentence cites a quote verified on its page', async () => {
    const generator = await LlamaGenerator.load(join(dir.path, 'summary.gguf'), { contextSize: 4096 });
    try {
      const summary = await generateDocumentSummary(LEASE, generator);
      expect(summary).toEqual({
        mode: 'generated',
        sentences: [
          {
            text: 'The tenant pays rent.',
            citations: [
              {
                page: 1,
                start: PAGE_1.indexOf('The tenant'),
                end: PAGE_1.length,
                quote: 'The tenant pays rent of 900 euros to the landlord on the first day of each month.',
                verified: true,
              },
            ],
          },
        ],
      });
    } finally {
      await generator.close();
    }
  });

  it('accepts an event summary the sentence supports, and rejects it for a sentence that does not', async () => {
    const generator = await LlamaGenerator.load(join(dir.path, 'event.gguf'), { contextSize: 2048 });
    try {
      const paid = {
        date: '2014-03',
        text: 'In March 2014 the tenant pays the rent monthly by bank transfer.',
      };
      expect(await summarizeEvent(paid, generator)).toBe('Tenant pays rent monthly.');
      const notice = { date: '2014-05-02', text: 'On 2 May 2014 the landlord gave written notice.' };
      expect(await summarizeEvent(notice, generator)).toBeNull();
    } finally {
      await generator.close();
    }
  });
});
