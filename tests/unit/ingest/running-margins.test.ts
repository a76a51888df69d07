// Running heads and feet are taken out of page text; what is a page's content never is.
import { describe, expect, it } from 'vitest';
import { parsePdf } from '../../../packages/ingest/src/pdf-parser.ts';
import { simplePdf } from '../../fixtures/simple-pdf.ts';

describe('running heads and feet', () => {
  it('keeps a page whose only line sits in the top band and recurs on every page (it is the content)', async () => {
    // The shape of the crash test's files: one long line near the top of each page, digits changing.
    const pages = Array.from({ length: 6 }, (_, p) =>
      `File 7 page ${p + 1} holds the marker crashword7x${p + 1} and ordinary lease wording about rent.`.repeat(
        3,
      ),
    );
    const parsed = await parsePdf(await simplePdf(pages));
    for (const [i, page] of parsed.pages.entries()) expect(page.text).toContain(`crashword7x${i + 1}`);
  });
});
