import { describe, expect, it } from 'vitest';
import { agreement, normalizedScoreFusion, type ScoredList } from '../../../packages/index/src/fusion.ts';

interface Scored {
  id: string;
  score: number;
}

const list = (
  source: 'fulltext' | 'vector',
  items: [string, number][],
  weight?: number,
): ScoredList<Scored> => ({
  source,
  items: items.map(([id, score]) => ({ id, score })),
  scoreOf: (item) => item.score,
  weight,
});
const key = (item: Scored) => item.id;

describe('normalizedScoreFusion', () => {
  it('puts each list on 0–1 and adds the weighted scores of the lists holding an item', () => {
    const fused = normalizedScoreFusion(
      [
        list('fulltext', [
          ['a', 12],
          ['b', 7],
          ['c', 2],
        ]),
        list(
          'vector',
          [
            ['c', 0.9],
            ['a', 0.5],
            ['d', 0.4],
          ],
          0.5,
        ),
      ],
      key,
    );
    expect(fused.map((f) => f.item.id)).toEqual(['a', 'c', 'b', 'd']);
    expect(fused[0]?.score).toBeCloseTo(1 + 0.5 * (0.1 / 0.5), 12);
    expect(fused[0]?.ranks).toEqual({ fulltext: 1, vector: 2 });
    expect(fused[1]?.score).toBeCloseTo(0 + 0.5 * 1, 12);
    expect(fused[2]).toEqual({ item: { id: 'b', score: 7 }, score: 0.5, ranks: { fulltext: 2 } });
    expect(fused[3]?.score).toBe(0);
  });

  it('keeps a sure first item of full text first against a vector list that is nearly flat', () => {
    // Rank fusion would put "both" (2nd and 2nd) above "keyword" (1st in full text only).
    const fused = normalizedScoreFusion(
      [
        list('fulltext', [
          ['keyword', 20],
          ['both', 4],
          ['other', 3],
        ]),
        list('vector', [
          ['noise', 0.51],
          ['both', 0.5],
          ['more-noise', 0.49],
        ]),
      ],
      key,
    );
    expect(fused[0]?.item.id).toBe('keyword');
  });

  it('counts every item of a list whose scores are all equal as 1, and a weight of 0 as nothing', () => {
    const fused = normalizedScoreFusion(
      [
        list('fulltext', [
          ['a', 3],
          ['b', 3],
        ]),
        list('vector', [['b', 0.7]], 0),
      ],
      key,
    );
    expect(fused.map((f) => [f.item.id, f.score])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
  });

  it('breaks ties by best rank, then by key, and counts only the first occurrence within a list', () => {
    const fused = normalizedScoreFusion(
      [
        list('fulltext', [
          ['y', 1],
          ['x', 1],
          ['y', 0],
        ]),
      ],
      key,
    );
    expect(fused.map((f) => f.item.id)).toEqual(['y', 'x']);
    expect(normalizedScoreFusion([], key)).toEqual([]);
  });
});

describe('agreement', () => {
  const place = (s: string) => s.split('#')[0] ?? s;

  it('is the share of the first distinct places of one list found among those of the other', () => {
    expect(agreement(['p1#a', 'p1#b', 'p2', 'p3'], ['p2', 'p9', 'p1'], place, 2)).toBe(0.5);
    expect(agreement(['p1', 'p2'], ['p2', 'p1'], place, 2)).toBe(1);
    expect(agreement(['p1'], ['p2'], place, 10)).toBe(0);
  });

  it('counts out of the longer list when the lists hold fewer places than the depth', () => {
    expect(agreement(['p1#a', 'p1#b'], ['p1'], place, 10)).toBe(1);
    expect(agreement(['p1', 'p2'], ['p1', 'p3', 'p4'], place, 10)).toBeCloseTo(1 / 3, 12);
  });

  it('is 0 for a depth of 0 or an empty list', () => {
    expect(agreement(['p1'], ['p1'], place, 0)).toBe(0);
    expect(agreement([], ['p1'], place, 3)).toBe(0);
  });
});
