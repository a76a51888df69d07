// Refusal and extractive answers stem words with `stem`; the full-text index stems them with LanceDB's
// English stemmer. This test holds the two to one rule: two words are the same word for one exactly when
// they are for the other.
import { chunkId, type DocumentRecord, documentId, LanceVectorStore } from '@quire/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stem } from '../../../packages/inference/src/query-terms.ts';
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

function oneWordDocument(word: string, n: number): DocumentRecord {
  const doc = documentId(`doc${n}`);
  return {
    document: { id: doc, kind: 'pdf', title: null, pageCount: 1, chunkCount: 1, indexedAt: 1 },
    pages: [{ documentId: doc, page: 1, text: word }],
    chunks: [
      {
        id: chunkId(doc, 0),
        documentId: doc,
        ordinal: 0,
        page: 1,
        headingPath: [],
        start: 0,
        end: word.length,
        text: word,
        tokenCount: 1,
      },
    ],
    vectors: null,
  };
}

describe('stem agrees with the full-text index', () => {
  let dir: TempDir;
  let store: LanceVectorStore;

  beforeAll(async () => {
    dir = await tempDir('quire-stem-');
    store = await LanceVectorStore.open(`${dir.path}/index`, { embedding: null });
    await store.addDocuments(PAIRS.map(([, indexed], i) => oneWordDocument(indexed, i)));
    await store.upsertPaths(
      PAIRS.map((_, i) => ({
        path: `/docs/${i}.pdf`,
        documentId: documentId(`doc${i}`),
        size: 1,
        mtimeMs: 1,
        errorCode: null,
        errorMessage: null,
      })),
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
