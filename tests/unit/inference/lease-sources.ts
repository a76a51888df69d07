import type { Citation, Source } from '../../../packages/inference/src/types.ts';

/** Page texts of a made-up residential lease and a services contract, as a PDF parser would give them. */
export const LEASE_PAGE_2 = `ARTICLE 3 — RENT
3.1 The Tenant shall pay the Landlord a monthly rent of $1,250.00 (one thousand two hundred fifty U.S. dollars).
Rent is due on the first (1st) day of each calendar month, payable by bank transfer to the account named in
Schedule B. If rent is received more than five (5) days after the due date, the Tenant shall pay a late fee
of $75.00.

3.2 The rent shall be increased by 3% on each anniversary of the Commencement Date.`;

export const LEASE_PAGE_4 = `ARTICLE 7 — SECURITY DEPOSIT
On signing, the Tenant shall deliver to the Landlord a security deposit of $2,500.00. The Landlord shall
hold the deposit in a separate account, i.e. not mixed with the Landlord's own funds. The deposit will be
returned within thirty (30) days after the end of the term, less any amounts needed to repair damage
beyond normal wear and tear.`;

export const SERVICES_PAGE_1 = `Either party may terminate this Agreement by giving the other party sixty (60) days' written notice.
Notices shall be sent by registered mail to the addresses in Section 12. Mr. Alvarez, the Supplier's
representative, is the contact for all notices. The Agreement is governed by the laws of the State of
Oregon.`;

/** A source cut from `pageText` at `start..end` (default: the whole page), as retrieval would hand it over. */
export function sourceFrom(
  n: number,
  pageText: string,
  options: { start?: number; end?: number; path?: string; page?: number; headingPath?: string[] } = {},
): Source {
  const start = options.start ?? 0;
  const end = options.end ?? pageText.length;
  return {
    n,
    chunkId: `chunk-${n}`,
    documentId: `doc-${options.path ?? 'lease.pdf'}`,
    path: options.path ?? '/home/ana/Documents/Flat/lease.pdf',
    page: options.page ?? 1,
    headingPath: options.headingPath ?? [],
    text: pageText.slice(start, end),
    start,
    score: 1 / n,
  };
}

/** The quote of `citation` must be exactly the page text at its offsets, found through its source. */
export function quoteMatchesSource(citation: Citation, source: Source): boolean {
  return citation.quote === source.text.slice(citation.start - source.start, citation.end - source.start);
}
