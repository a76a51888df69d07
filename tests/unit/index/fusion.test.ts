import { describe, expect, it } from 'vitest';
import { RRF_K, reciprocalRankFusion } from '../../../packages/index/src/fusion.ts';

const id = (s: string) => s;

describe('reciprocalRankFusion', () => {
  it('scores each item by the sum of 1 / (k + rank) over the lists that hold it', () => {
    const fused = reciprocalRankFusion(
      [
        { source: 'fulltext', items: ['a', 'b', 'c'] },
        { source: 'vector', items: ['c', 'a'] },
      ],
      id,
    );
    expect(fused.map((f) => f.item)).toEqual(['a', 'c', 'b']);
    expect(fused[0]?.score).toBeCloseTo(1 / (RRF_K + 1) + 1 / (RRF_K + 2), 12);
    expect(fused[0]?.ranks).toEqual({ fulltext: 1, vector: 2 });
    expect(fused[1]?.ranks).toEqual({ fulltext: 3, vector: 1 });
    expect(fused[2]).toEqual({ item: 'b', score: 1 / (RRF_K + 2), ranks: { fulltext: 2 } });
  });

  it('ranks an item found by both lists above items first in only one', () => {
    const fused = reciprocalRankFusion(
      [
        { source: 'fulltext', items: ['only-text', 'both'] },
        { source: 'vector', items: ['only-vector', 'both'] },
      ],
      id,
    );
    expect(fused[0]?.item).toBe('both');
  });

  it('breaks ties by best rank, then by key, so the order is deterministic', () => {
    const fused = reciprocalRankFusion(
      [
        { source: 'fulltext', items: ['y', 'x'] },
        { source: 'vector', items: ['x', 'y'] },
      ],
      id,
    );
    expect(fused.map((f) => f.item)).toEqual(['x', 'y']);
  });

  it('counts only the first occurrence of an item within a list', () => {
    const fused = reciprocalRankFusion([{ source: 'fulltext', items: ['a', 'a', 'b'] }], id);
    expect(fused).toEqual([
      { item: 'a', score: 1 / (RRF_K + 1), ranks: { fulltext: 1 } },
      { item: 'b', score: 1 / (RRF_K + 3), ranks: { fulltext: 3 } },
    ]);
  });

  it('matches items by key and keeps the first list’s item', () => {
    const fused = reciprocalRankFusion(
      [
        { source: 'fulltext', items: [{ key: 'a', from: 'text' }] },
        { source: 'vector', items: [{ key: 'a', from: 'vector' }] },
      ],
      (item) => item.key,
    );
    expect(fused).toHaveLength(1);
    expect(fused[0]?.item.from).toBe('text');
  });

  it('accepts another k, empty lists and no lists', () => {
    expect(reciprocalRankFusion([{ source: 'vector', items: ['a'] }], id, 0)[0]?.score).toBe(1);
    expect(reciprocalRankFusion([{ source: 'vector', items: [] }], id)).toEqual([]);
    expect(reciprocalRankFusion([], id)).toEqual([]);
    expect(() => reciprocalRankFusion([], id, -1)).toThrow(RangeError);
  });
});
