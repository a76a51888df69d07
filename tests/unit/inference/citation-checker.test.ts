import { type Citation, checkCitation } from '@quire/inference';
import { describe, expect, it } from 'vitest';

const page =
  'The Tenant shall pay the Landlord an indemni-\nfication amount within “thirty days” of de\uFB01nitive notice.\n\nOther   text follows.';

function citation(quote: string, start = 0, support = 1): Citation {
  return {
    n: 1,
    chunkId: 'doc:0',
    documentId: 'doc',
    path: '/a.pdf',
    page: 2,
    heading: null,
    quote,
    start,
    end: start + quote.length,
    support,
  };
}

describe('checkCitation', () => {
  it('verifies a quote found at its offsets', () => {
    const quote = 'The Tenant shall pay the Landlord';
    const checked = checkCitation(citation(quote), page);
    expect(checked.verified).toBe(true);
    expect(page.slice(checked.start, checked.end)).toBe(quote);
    expect(checked.documentHash).toBe('doc');
  });

  it('finds a quote across line-break hyphenation, curly quotes, ligatures, case and spacing', () => {
    const checked = checkCitation(
      citation('an INDEMNIFICATION amount within "thirty days" of definitive notice', 999),
      page,
    );
    expect(checked.verified).toBe(true);
    expect(page.slice(checked.start, checked.end)).toBe(checked.quote);
    expect(checked.quote).toContain('indemni-\nfication');
  });

  it('never verifies a quote that is not on the page', () => {
    const checked = checkCitation(citation('The Landlord shall pay the Tenant'), page);
    expect(checked.verified).toBe(false);
    expect(checked.quote).toBe('The Landlord shall pay the Tenant');
  });

  it('does not verify a quote that is on the page but does not support the claim', () => {
    expect(checkCitation(citation('Other text follows.', 0, 0.1), page).verified).toBe(false);
  });

  it('does not verify without the page text', () => {
    expect(checkCitation(citation('anything'), null).verified).toBe(false);
  });
});
