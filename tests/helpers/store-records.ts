// Small documents written straight into a LanceVectorStore (no ingestion), for the index's own tests.
import type { EmbeddingInfo } from '@quire/embeddings';
import { chunkId, type DocumentRecord, documentId } from '../../packages/index/src/types.ts';

export const DIM = 4;
export const TINY: EmbeddingInfo = { modelId: 'sha-tiny', name: 'tiny-embed', dimension: DIM };

/** A two-page document whose two chunks hold `word`, with unit vectors along `axis`. */
export function record(id: string, word: string, axis: number): DocumentRecord {
  const doc = documentId(id);
  const texts = [`The ${word} clause binds the tenant.`, `Notice of ${word} is given in writing.`];
  return {
    document: { id: doc, kind: 'pdf', title: null, pageCount: 2, chunkCount: 2, indexedAt: 1 },
    pages: texts.map((text, i) => ({ documentId: doc, page: i + 1, text })),
    chunks: texts.map((text, ordinal) => ({
      id: chunkId(doc, ordinal),
      documentId: doc,
      ordinal,
      page: ordinal + 1,
      headingPath: [],
      start: 0,
      end: text.length,
      text,
      tokenCount: 7,
    })),
    vectors: texts.map(() => Float32Array.from({ length: DIM }, (_, i) => (i === axis ? 1 : 0))),
  };
}

/** The paths-table row of `/folder/<name>.pdf` for document `id`. */
export const path = (name: string, id: string) => ({
  path: `/folder/${name}.pdf`,
  documentId: documentId(id),
  size: 10,
  mtimeMs: 1,
  errorCode: null,
  errorMessage: null,
});
