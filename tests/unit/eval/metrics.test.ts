import { splitSentences } from '@quire/inference';
import { describe, expect, it } from 'vitest';
import {
  distinctPages,
  firstHitRank,
  isWholeSentences,
  matchesGold,
  pageHitAt,
  type RetrievalRow,
  reciprocalRankAt,
  refusalPrecision,
  refusalRecall,
  summarize,
  summarizeCitations,
  summarizeRefusals,
  verifiedShare,
} from '../../../apps/server/src/eval/metrics.ts';

const lease = (page: number) => ({ path: '/home/ann/Matters/acme/commercial-lease.pdf', page });
const nda = (page: number) => ({ path: '/home/ann/Matters/acme/mutual-nda.docx', page });
const gold = (page: number) => ({ path: 'commercial-lease.pdf', page });

describe('matchesGold', () => {
  it('matches an equal path or a path ending in /<gold path>, on the same page', () => {
    expect(matchesGold(lease(3), gold(3))).toBe(true);
    expect(matchesGold({ path: 'commercial-lease.pdf', page: 3 }, gold(3))).toBe(true);
    expect(matchesGold(lease(3), { path: 'acme/commercial-lease.pdf', page: 3 })).toBe(true);
    expect(matchesGold(lease(3), { path: './commercial-lease.pdf', page: 3 })).toBe(true);
  });

  it('does not match another page, a longer file name or another folder', () => {
    expect(matchesGold(lease(4), gold(3))).toBe(false);
    expect(matchesGold({ path: '/m/old-commercial-lease.pdf', page: 3 }, gold(3))).toBe(false);
    expect(matchesGold(lease(3), { path: 'other/commercial-lease.pdf', page: 3 })).toBe(false);
  });

  it('treats Windows separators as slashes', () => {
    expect(matchesGold({ path: 'C:\\Matters\\acme\\commercial-lease.pdf', page: 2 }, gold(2))).toBe(true);
  });
});

describe('page-hit@k and reciprocal rank@k', () => {
  const ranked = [nda(1), lease(2), lease(5), lease(3), nda(1), lease(1)];

  it('finds the rank of the first result on any gold page', () => {
    expect(firstHitRank(10, ranked, [gold(3)])).toBe(4);
    expect(firstHitRank(10, ranked, [gold(3), gold(5)])).toBe(3);
    expect(firstHitRank(3, ranked, [gold(3)])).toBeNull();
    expect(firstHitRank(10, ranked, [gold(7)])).toBeNull();
  });

  it('scores a hit within the top k as 1, else 0', () => {
    expect(pageHitAt(1, ranked, [gold(3)])).toBe(0);
    expect(pageHitAt(4, ranked, [gold(3)])).toBe(1);
    expect(pageHitAt(5, ranked, [gold(3)])).toBe(1);
    expect(pageHitAt(1, [lease(3)], [gold(3)])).toBe(1);
    expect(pageHitAt(5, [], [gold(3)])).toBe(0);
  });

  it('is 1 / rank of the first hit within k, else 0', () => {
    expect(reciprocalRankAt(10, ranked, [gold(3)])).toBe(0.25);
    expect(reciprocalRankAt(10, ranked, [gold(2), gold(3)])).toBe(0.5);
    expect(reciprocalRankAt(3, ranked, [gold(3)])).toBe(0);
  });

  it('scores 0 when there is no gold page', () => {
    expect(pageHitAt(5, ranked, [])).toBe(0);
    expect(reciprocalRankAt(10, ranked, [])).toBe(0);
  });

  it('rejects a k that is not a positive integer', () => {
    expect(() => pageHitAt(0, ranked, [gold(3)])).toThrow(RangeError);
    expect(() => reciprocalRankAt(2.5, ranked, [gold(3)])).toThrow(RangeError);
  });

  it('distinctPages keeps the first passage of each page, in order', () => {
    expect(distinctPages(ranked)).toEqual([nda(1), lease(2), lease(5), lease(3), lease(1)]);
  });
});

describe('summarize', () => {
  const rows: RetrievalRow[] = [
    // full text: ranks 1, 3, none -> hit@1 1/3, hit@5 2/3, MRR (1 + 1/3 + 0) / 3 = 4/9
    { mode: 'fulltext', gold: [gold(2)], ranked: [lease(2), lease(3)] },
    { mode: 'fulltext', gold: [gold(3)], ranked: [lease(1), lease(2), lease(3)] },
    { mode: 'fulltext', gold: [gold(6)], ranked: [lease(1)] },
    // unanswerable rows are not scored
    { mode: 'fulltext', gold: [], ranked: [lease(1)] },
    // hybrid: rank 6 (outside @5, inside @10) and rank 2 -> hit@1 0, hit@5 1/2, MRR (1/6 + 1/2) / 2 = 1/3
    {
      mode: 'hybrid',
      gold: [gold(6)],
      ranked: [lease(1), lease(2), lease(3), lease(4), lease(5), lease(6)],
    },
    { mode: 'hybrid', gold: [gold(6), gold(7)], ranked: [lease(1), lease(7)] },
  ];

  it('averages page-hit@1, page-hit@5 and MRR@10 per mode over answerable questions', () => {
    const summary = summarize(rows);
    expect(summary.fulltext?.answerable).toBe(3);
    expect(summary.fulltext?.pageHit1).toBeCloseTo(1 / 3, 12);
    expect(summary.fulltext?.pageHit5).toBeCloseTo(2 / 3, 12);
    expect(summary.fulltext?.mrr10).toBeCloseTo(4 / 9, 12);
    expect(summary.hybrid).toEqual({
      pageHit1: 0,
      pageHit5: 0.5,
      mrr10: expect.closeTo(1 / 3, 12),
      answerable: 2,
    });
  });

  it('leaves out modes with no answerable question', () => {
    expect(summarize(rows).vector).toBeUndefined();
    expect(summarize([{ mode: 'vector', gold: [], ranked: [] }])).toEqual({});
  });
});

describe('refusal metrics', () => {
  // 3 refused (2 unanswerable), 4 unanswerable, 6 answerable.
  const rows = [
    { refused: true, answerable: false },
    { refused: true, answerable: false },
    { refused: true, answerable: true },
    { refused: false, answerable: false },
    { refused: false, answerable: false },
    ...Array.from({ length: 5 }, () => ({ refused: false, answerable: true })),
  ];

  it('precision = refused and unanswerable / refused; recall = refused and unanswerable / unanswerable', () => {
    expect(refusalPrecision(rows)).toBeCloseTo(2 / 3, 12);
    expect(refusalRecall(rows)).toBe(0.5);
  });

  it('summarizes counts and the share of answerable questions refused', () => {
    expect(summarizeRefusals(rows)).toEqual({
      precision: expect.closeTo(2 / 3, 12),
      recall: 0.5,
      answerableRefused: 1 / 6,
      refused: 3,
      refusedUnanswerable: 2,
      unanswerable: 4,
      refusedAnswerable: 1,
      answerable: 6,
    });
  });

  it('is null when a denominator is zero', () => {
    expect(refusalPrecision([{ refused: false, answerable: false }])).toBeNull();
    expect(refusalRecall([{ refused: true, answerable: true }])).toBeNull();
    expect(summarizeRefusals([]).answerableRefused).toBeNull();
  });
});

describe('citation metrics', () => {
  it('is the share of verified citations, null without citations', () => {
    const rows = [{ verified: true }, { verified: true }, { verified: false }, { verified: true }];
    expect(verifiedShare(rows)).toBe(0.75);
    expect(summarizeCitations(rows)).toEqual({ verified: 3, total: 4, share: 0.75 });
    expect(verifiedShare([])).toBeNull();
  });

  it('counts the citations that quote whole sentences when that was measured', () => {
    const rows = [
      { verified: true, wholeSentences: true },
      { verified: true, wholeSentences: false },
      { verified: false, wholeSentences: true },
    ];
    expect(summarizeCitations(rows)).toEqual({ verified: 2, total: 3, share: 2 / 3, wholeSentences: 2 });
  });
});

describe('isWholeSentences', () => {
  const text = 'The rent is due monthly. Late payment costs 5%. Notice must be written.';
  const sentences = splitSentences(text);

  it('accepts one sentence or a run of neighbouring sentences, exactly', () => {
    expect(isWholeSentences(sentences, 0, 24)).toBe(true);
    expect(isWholeSentences(sentences, 25, 71)).toBe(true);
    expect(isWholeSentences(sentences, 0, 71)).toBe(true);
  });

  it('refuses a piece of a sentence, a range starting or ending mid-sentence, or a cut piece', () => {
    expect(isWholeSentences(sentences, 4, 24)).toBe(false);
    expect(isWholeSentences(sentences, 0, 30)).toBe(false);
    expect(isWholeSentences(sentences, 20, 47)).toBe(false);
    expect(isWholeSentences([{ start: 0, end: 10, cut: true }], 0, 10)).toBe(false);
    expect(isWholeSentences(sentences, 24, 25)).toBe(false);
  });
});
