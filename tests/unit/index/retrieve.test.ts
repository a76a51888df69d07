import { join } from 'node:path';
import type { Embedder, EmbedKind, Reranker } from '@quire/embeddings';
import {
  chunkId,
  type DocumentRecord,
  documentId,
  FUSION_WEIGHTS,
  HYBRID_CANDIDATES,
  LanceVectorStore,
  normalizedScoreFusion,
  retrieve,
  type SearchHit,
} from '@quire/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp.ts';

const DIM = 8;
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];

/** A unit vector along `axis`. */
function unit(axis: number): Float32Array {
  const v = new Float32Array(DIM);
  v[axis % DIM] = 1;
  return v;
}

/** 40 chunks that all mention rent, each with its own word, vectors spread over the axes. */
function corpus(): DocumentRecord {
  const doc = documentId('dd01');
  const texts = Array.from({ length: 40 }, (_, i) => `rent clause ${WORDS[i % WORDS.length]} number ${i}`);
  return {
    document: { id: doc, kind: 'pdf', title: null, pageCount: 1, chunkCount: texts.length, indexedAt: 1 },
    pages: [{ documentId: doc, page: 1, text: texts.join('\n') }],
    chunks: texts.map((text, ordinal) => ({
      id: chunkId(doc, ordinal),
      documentId: doc,
      ordinal,
      page: 1,
      headingPath: ['Rent'],
      start: 0,
      end: text.length,
      text,
      tokenCount: 5,
    })),
    vectors: texts.map((_, i) => unit(i)),
  };
}

/** Embeds every query as the same vector, and counts calls. */
class FakeEmbedder implements Embedder {
  readonly modelId = 'sha-fake';
  readonly name = 'fake-embed';
  readonly dimension = DIM;
  readonly calls: EmbedKind[] = [];
  async embed(texts: readonly string[], kind: EmbedKind): Promise<Float32Array[]> {
    this.calls.push(kind);
    return texts.map(() => unit(3));
  }
  async close(): Promise<void> {}
}

/** A passage's chunk number (its last word) when it mentions `favoured`, else 0. */
function favouredScore(favoured: string, text: string): number {
  return text.includes(favoured) ? Number(text.split(' ').at(-1)) : 0;
}

/** Scores passages by {@link favouredScore}; records its inputs. */
class FakeReranker implements Reranker {
  readonly modelId = 'sha-rank';
  readonly name = 'fake-rank';
  readonly inputs: string[][] = [];
  constructor(private readonly favoured: string) {}
  async rerank(_query: string, documents: readonly string[]): Promise<number[]> {
    this.inputs.push([...documents]);
    return documents.map((d) => favouredScore(this.favoured, d));
  }
  async close(): Promise<void> {}
}

let dir: { path: string; cleanup: () => Promise<void> };
let store: LanceVectorStore;
beforeAll(async () => {
  dir = await tempDir('quire-retrieve-');
  const embedding = { modelId: 'sha-fake', name: 'fake-embed', dimension: DIM };
  store = await LanceVectorStore.open(join(dir.path, 'index'), { embedding });
  await store.addDocuments([corpus()]);
  await store.upsertPaths([
    {
      path: 'dd01.pdf',
      documentId: documentId('dd01'),
      size: 1,
      mtimeMs: 1,
      errorCode: null,
      errorMessage: null,
    },
  ]);
});
afterAll(async () => {
  await store?.close();
  await dir.cleanup();
});

const ids = (hits: readonly SearchHit[]) => hits.map((h) => h.chunk.id);

describe('retrieve', () => {
  it('fuses full text and vectors by default with an embedder, else searches full text', async () => {
    const embedder = new FakeEmbedder();
    const hybrid = await retrieve(store, 'rent delta', { k: 5, embedder });
    expect(embedder.calls).toEqual(['query']);
    expect(hybrid).toEqual(
      await store.search({ mode: 'hybrid', query: 'rent delta', vector: unit(3), k: 5 }),
    );
    expect(hybrid[0]?.ranks).toEqual({ fulltext: expect.any(Number), vector: expect.any(Number) });

    const fulltext = await retrieve(store, 'rent delta', { k: 5 });
    expect(fulltext).toEqual(await store.search({ mode: 'fulltext', query: 'rent delta', k: 5 }));
  });

  it('searches the mode asked for, embedding the query only when vectors are searched', async () => {
    const embedder = new FakeEmbedder();
    const fulltext = await retrieve(store, 'rent delta', { k: 5, mode: 'fulltext', embedder });
    expect(embedder.calls).toEqual([]);
    expect(ids(fulltext)).toEqual(ids(await store.search({ mode: 'fulltext', query: 'rent delta', k: 5 })));
    const vector = await retrieve(store, 'rent delta', { k: 5, mode: 'vector', embedder });
    expect(vector).toEqual(await store.search({ mode: 'vector', query: '', vector: unit(3), k: 5 }));
    // Hybrid: both lists' scores normalised to 0–1 and added, the vector list weighted by its agreement
    // with full text on pages (all chunks here are on one page: full agreement).
    const wanted = Math.max(5 * 4, HYBRID_CANDIDATES);
    const textList = await store.search({ mode: 'fulltext', query: 'rent delta', k: wanted });
    const vectorList = await store.search({ mode: 'vector', query: '', vector: unit(3), k: wanted });
    const expected = (weights: { fulltext: number; vector: number }) =>
      normalizedScoreFusion<SearchHit>(
        [
          { source: 'fulltext', items: textList, scoreOf: (h) => h.score, weight: weights.fulltext },
          { source: 'vector', items: vectorList, scoreOf: (h) => h.score, weight: weights.vector },
        ],
        (h) => h.chunk.id,
      )
        .slice(0, 5)
        .map((f) => [f.item.chunk.id, f.score]);
    const scored = (hits: SearchHit[]) => hits.map((h) => [h.chunk.id, h.score]);
    expect(scored(await retrieve(store, 'rent delta', { k: 5, embedder }))).toEqual(expected(FUSION_WEIGHTS));
    const weights = { fulltext: 0.1, vector: 1 };
    expect(scored(await retrieve(store, 'rent delta', { k: 5, embedder, weights }))).toEqual(
      expected(weights),
    );
  });

  it('reranks max(3k, 24) candidates in retrieval order and keeps the k best by its score', async () => {
    const embedder = new FakeEmbedder();
    for (const [k, candidates] of [
      [2, 24],
      [10, 30],
    ] as const) {
      const reranker = new FakeReranker('delta');
      const hits = await retrieve(store, 'rent delta', { k, embedder, reranker });
      const wide = await retrieve(store, 'rent delta', { k: candidates, embedder });
      expect(reranker.inputs).toEqual([wide.map((h) => `Rent\n${h.chunk.text}`)]);
      // Scores replace the retrieval scores; equal scores keep the retrieval order.
      const scored = wide.map((h) => ({ id: h.chunk.id, score: favouredScore('delta', h.chunk.text) }));
      const best = scored.sort((a, b) => b.score - a.score).slice(0, k);
      expect(hits.map((h) => ({ id: h.chunk.id, score: h.score }))).toEqual(best);
    }
  });

  it('finds nothing for a blank query, without embedding or reranking', async () => {
    const embedder = new FakeEmbedder();
    const reranker = new FakeReranker('delta');
    expect(await retrieve(store, '  ', { k: 5, embedder, reranker })).toEqual([]);
    expect(embedder.calls).toEqual([]);
    expect(reranker.inputs).toEqual([]);
  });

  it('falls back to full text for a query the model cannot represent (an all-zero vector)', async () => {
    const blind: Embedder = {
      modelId: 'sha-fake',
      name: 'fake-embed',
      dimension: DIM,
      embed: async (texts) => texts.map(() => new Float32Array(DIM)),
      close: async () => {},
    };
    const fulltext = await retrieve(store, 'rent delta', { k: 5 });
    expect(fulltext.length).toBeGreaterThan(0);
    expect(await retrieve(store, 'rent delta', { k: 5, embedder: blind })).toEqual(
      await retrieve(store, 'rent delta', { k: 5, embedder: null, mode: 'hybrid' }),
    );
    expect(await retrieve(store, 'rent delta', { k: 5, embedder: blind, mode: 'vector' })).toEqual([]);
  });
});
