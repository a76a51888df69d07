import { describe, expect, it } from 'vitest';
import { parseCitations } from '../../../packages/inference/src/citations.ts';
import {
  LEASE_PAGE_2,
  LEASE_PAGE_4,
  quoteMatchesSource,
  SERVICES_PAGE_1,
  sourceFrom,
} from './lease-sources.ts';

const rentStart = LEASE_PAGE_2.indexOf('3.1');
const rentSource = sourceFrom(1, LEASE_PAGE_2, {
  start: rentStart,
  page: 2,
  headingPath: ['Lease', 'Article 3 — Rent'],
});
const depositSource = sourceFrom(2, LEASE_PAGE_4, { page: 4, headingPath: ['Article 7 — Security Deposit'] });
const sources = [rentSource, depositSource, sourceFrom(3, SERVICES_PAGE_1, { path: '/docs/services.pdf' })];

describe('parseCitations markers', () => {
  it.each([
    ['Rent is $1,250 [1].', [1]],
    ['Rent and deposit are set [1, 2].', [1, 2]],
    ['Rent and notice are set [1][3].', [1, 3]],
    ['All three agree [1-3].', [1, 2, 3]],
    ['Rent is monthly【1】 and notice is 60 days【3】.', [1, 3]],
    ['See [Source 2] and [source 3].', [2, 3]],
    ['See [Sources 1 and 2].', [1, 2]],
  ])('reads %s', (answer, expected) => {
    const { markers, citations } = parseCitations(answer, sources);
    expect(markers.map((m) => m.n)).toEqual(expected);
    expect(citations.map((c) => c.n)).toEqual(expected);
  });

  it('gives marker positions, ignores numbers with no source and cites each source once', () => {
    const answer = 'The deposit is $2,500 [2]. Rent is due monthly [1][7]. The deposit is returned [2].';
    const { markers, citations } = parseCitations(answer, sources);
    expect(markers).toEqual([
      { n: 2, index: answer.indexOf('[2]') },
      { n: 1, index: answer.indexOf('[1]') },
      { n: 2, index: answer.lastIndexOf('[2]') },
    ]);
    expect(citations.map((c) => c.n)).toEqual([2, 1]);
  });

  it('returns nothing for an answer without markers', () => {
    expect(parseCitations('The documents do not say.', sources)).toEqual({ citations: [], markers: [] });
  });
});

describe('parseCitations quotes', () => {
  it('quotes the source sentence that best matches the claim, with page offsets', () => {
    const answer =
      'A late fee of $75 applies when rent is more than five days late [1]. The deposit is $2,500 [2].';
    const { citations } = parseCitations(answer, sources);
    const [rent, deposit] = citations;
    expect(rent?.quote).toMatch(/^If rent is received more than five \(5\) days/);
    expect(deposit?.quote).toBe(
      'On signing, the Tenant shall deliver to the Landlord a security deposit of $2,500.00.',
    );
    for (const citation of citations) {
      const source = sources.find((s) => s.n === citation.n);
      expect(source && quoteMatchesSource(citation, source)).toBe(true);
      expect(LEASE_PAGE_2.includes(citation.quote) || LEASE_PAGE_4.includes(citation.quote)).toBe(true);
    }
    expect(rent?.start).toBe(LEASE_PAGE_2.indexOf('If rent is received'));
    expect(rent?.end).toBe(LEASE_PAGE_2.indexOf('$75.00.') + '$75.00.'.length);
    expect(rent?.heading).toBe('Article 3 — Rent');
    expect(rent?.page).toBe(2);
    expect(rent?.chunkId).toBe('chunk-1');
  });

  it('uses the clause before each marker when one sentence cites two sources', () => {
    const answer =
      'Either party may end the agreement with sixty days notice [3], and the rent is increased by 3% on each anniversary [1].';
    const { citations } = parseCitations(answer, sources);
    expect(citations.find((c) => c.n === 3)?.quote).toMatch(/^Either party may terminate/);
    expect(citations.find((c) => c.n === 1)?.quote).toMatch(/^3\.2 The rent shall be increased/);
  });

  it('attaches a marker after the full stop to the sentence before it', () => {
    const { citations } = parseCitations('Notices go by registered mail. [3]', sources);
    expect(citations[0]?.quote).toBe(
      'Notices shall be sent by registered mail to the addresses in Section 12.',
    );
  });

  it('prefers a quoted phrase found in the source, ignoring case and line breaks', () => {
    const answer =
      'The Landlord must keep it "in a separate account, i.e. not mixed with the landlord\'s own funds" [2].';
    const { citations } = parseCitations(answer, sources);
    const [citation] = citations;
    expect(citation?.quote).toBe("in a separate account, i.e. not mixed with the Landlord's own funds");
    expect(citation && quoteMatchesSource(citation, depositSource)).toBe(true);
    expect(citation?.start).toBe(LEASE_PAGE_4.indexOf('in a separate account'));

    const wrapped = parseCitations(
      'It is "less any amounts needed to repair damage beyond normal wear" [2].',
      sources,
    );
    expect(wrapped.citations[0]?.quote).toBe('less any amounts needed to repair damage\nbeyond normal wear');
  });

  it('falls back to the best sentence when the quoted words are not in the source', () => {
    const { citations } = parseCitations(
      'The deposit is "kept forever in a vault" and returned within 30 days [2].',
      sources,
    );
    expect(citations[0]?.quote).toMatch(/^The deposit will be\nreturned within thirty \(30\) days/);
  });

  it('breaks ties toward the earlier sentence', () => {
    const { citations } = parseCitations('Something unrelated entirely [3].', sources);
    expect(citations[0]?.quote).toMatch(/^Either party may terminate/);
  });
});
