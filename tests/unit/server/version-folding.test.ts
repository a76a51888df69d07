// Search folds versions: hits of documents that are versions of one another come back as the best of
// them, listing the others; hits of unrelated documents and other passages of the same document stay.
import { describe, expect, it } from 'vitest';
import type { DocumentVersionRef } from '../../../apps/server/src/matter-types.ts';
import { foldVersions, versionGroupSizes } from '../../../apps/server/src/version-folding.ts';

const ref = (documentId: string, similarity: number): DocumentVersionRef => ({
  documentId,
  path: `/m/${documentId}.pdf`,
  title: null,
  similarity,
});
// One group {a, b, c}: a–b 0.9, a–c 0.8, b–c 0.75; d and e are unrelated.
const VERSIONS = new Map<string, DocumentVersionRef[]>([
  ['a', [ref('b', 0.9), ref('c', 0.8)]],
  ['b', [ref('a', 0.9), ref('c', 0.75)]],
  ['c', [ref('a', 0.8), ref('b', 0.75)]],
]);

let n = 0;
const hit = (documentId: string, page: number, score: number) => ({
  documentId,
  path: `/m/${documentId}.pdf`,
  page,
  chunkId: `chunk-${++n}`,
  text: `text of ${documentId} p${page}`,
  score,
  heading: null,
});

describe('foldVersions', () => {
  it('folds later hits of other versions into the group’s best hit and lists every version', () => {
    const hits = [hit('b', 2, 0.9), hit('d', 1, 0.8), hit('a', 2, 0.7), hit('c', 3, 0.6), hit('e', 1, 0.5)];
    const folded = foldVersions(hits, VERSIONS, 10);
    expect(folded.map((h) => h.documentId)).toEqual(['b', 'd', 'e']);
    const [best, unrelated] = folded;
    expect(best?.otherVersions).toEqual([
      {
        documentId: 'a',
        path: '/m/a.pdf',
        page: 2,
        chunkId: hits[2]?.chunkId,
        text: 'text of a p2',
        score: 0.7,
      },
      {
        documentId: 'c',
        path: '/m/c.pdf',
        page: 3,
        chunkId: hits[3]?.chunkId,
        text: 'text of c p3',
        score: 0.6,
      },
    ]);
    expect(best?.versions?.map((v) => v.documentId)).toEqual(['a', 'c']);
    expect(best?.heading).toBeNull();
    expect(unrelated).toEqual(hits[1]);
    expect(unrelated).not.toHaveProperty('versions');
    expect(unrelated).not.toHaveProperty('otherVersions');
  });

  it('keeps other passages of the leading document, each listing the versions', () => {
    const hits = [hit('a', 1, 0.9), hit('b', 1, 0.85), hit('a', 4, 0.8)];
    const folded = foldVersions(hits, VERSIONS, 10);
    expect(folded.map((h) => [h.documentId, h.page])).toEqual([
      ['a', 1],
      ['a', 4],
    ]);
    expect(folded[0]?.otherVersions?.map((h) => h.documentId)).toEqual(['b']);
    expect(folded[1]).not.toHaveProperty('otherVersions');
    expect(folded[1]?.versions?.map((v) => v.documentId)).toEqual(['b', 'c']);
  });

  it('folds a passage into the lead’s passage it shares most words with', () => {
    const price = 'The price of the Goods is EUR 1,250,000 for the first year.';
    const warranty = 'The Seller warrants that the Goods will conform to their specification.';
    const hits = [
      { ...hit('a', 1, 0.9), text: price },
      { ...hit('a', 3, 0.8), text: warranty },
      { ...hit('b', 3, 0.7), text: warranty.replace('warrants', 'warants') },
      { ...hit('c', 1, 0.6), text: price.replace('first', 'frist') },
    ];
    const folded = foldVersions(hits, VERSIONS, 10);
    expect(folded.map((h) => [h.page, h.otherVersions?.map((o) => o.documentId)])).toEqual([
      [1, ['c']],
      [3, ['b']],
    ]);
  });

  it('lists versions on a hit even when no other version matched', () => {
    const [only] = foldVersions([hit('c', 1, 0.4)], VERSIONS, 10);
    expect(only).not.toHaveProperty('otherVersions');
    expect(only?.versions?.map((v) => v.documentId)).toEqual(['a', 'b']);
  });

  it('returns at most k hits, still folding candidates past the k-th into kept hits', () => {
    const hits = [hit('a', 1, 0.9), hit('d', 1, 0.8), hit('e', 1, 0.7), hit('c', 1, 0.6)];
    const folded = foldVersions(hits, VERSIONS, 2);
    expect(folded.map((h) => h.documentId)).toEqual(['a', 'd']);
    expect(folded[0]?.otherVersions?.map((h) => h.documentId)).toEqual(['c']);
  });

  it('changes nothing without versions', () => {
    const hits = [hit('d', 1, 0.9), hit('e', 1, 0.8)];
    expect(foldVersions(hits, new Map(), 10)).toEqual(hits);
  });
});

describe('versionGroupSizes', () => {
  it('counts groups and the largest', () => {
    expect(versionGroupSizes(VERSIONS)).toEqual({ groups: 1, largest: 3 });
    expect(versionGroupSizes(new Map())).toEqual({ groups: 0, largest: 1 });
  });
});
