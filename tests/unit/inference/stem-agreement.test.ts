// Refusal and extractive answers stem words with `stem`; the full-text index stems them with LanceDB's
// English stemmer. This test holds the two to one rule: two words are the same word for one exactly when
// they are for the other.
import { documentId, LanceVectorStore } from '@quire/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stem } from '../../../packages/inference/src/query-terms.ts';
import { addOneChunkDocuments } from '../../helpers/one-chunk-documents.ts';
import { tempDir } from '../../helpers/temp.ts';

type TempDir = Awaited<ReturnType<typeof tempDir>>;

// Pairs chosen where a light stemmer and Porter2 disagree, and where Porter2 joins or separates words.
const PAIRS: [string, string][] = [
  ['organization', 'organ'],
  ['university', 'universe'],
  ['policies', 'policy'],
  ['generously', 'generate'],
  ['basis', 'base'],
  ['monthly', 'month'],
  ['agreed', 'agree'],
  ['arguing', 'argue'],
  ['hopeful', 'hope'],
  ['relational', 'relate'],
  ['news', 'new'],
  ['dying', 'die'],
];

describe('stem agrees with the full-text index', () => {
  let dir: TempDir;
  let store: LanceVectorStore;

  beforeAll(async () => {
    dir = await tempDir('quire-stem-');
    store = await LanceVectorStore.open(`${dir.path}/index`, { embedding: null });
    await addOneChunkDocuments(
      store,
      PAIRS.map(([, indexed]) => indexed),
    );
    await store.optimize();
  });

  afterAll(async () => {
    await store.close();
    await dir.cleanup();
  });

  it.each(PAIRS.map(([query, indexed], i) => [query, indexed, i] as const))(
    'a search for "%s" finds "%s" exactly when their stems are equal',
    async (query, indexed, i) => {
      const hits = await store.search({ mode: 'fulltext', query, k: 20 });
      const found = hits.some((h) => h.chunk.documentId === documentId(`doc${i}`));
      expect(found).toBe(stem(query) === stem(indexed));
    },
  );

  it('includes pairs of both kinds', () => {
    const same = PAIRS.filter(([a, b]) => stem(a) === stem(b)).length;
    expect(same).toBeGreaterThan(2);
    expect(PAIRS.length - same).toBeGreaterThan(2);
  });
});
