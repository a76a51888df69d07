import { chunkId, type DocumentRecord, documentId, type VectorStore } from '@quire/index';

/** Document `doc<n>`: one page and one chunk holding `text`, no vectors. */
export function oneChunkDocument(n: number, text: string): DocumentRecord {
  const doc = documentId(`doc${n}`);
  return {
    document: { id: doc, kind: 'pdf', title: null, pageCount: 1, chunkCount: 1, indexedAt: 1 },
    pages: [{ documentId: doc, page: 1, text }],
    chunks: [
      {
        id: chunkId(doc, 0),
        documentId: doc,
        ordinal: 0,
        page: 1,
        headingPath: [],
        start: 0,
        end: text.length,
        text,
        tokenCount: text.split(/\s+/).length,
      },
    ],
    vectors: null,
  };
}

/** Writes `texts` as documents doc0, doc1, … each at `/docs/<n>.pdf`, so searches find them. */
export async function addOneChunkDocuments(store: VectorStore, texts: readonly string[]): Promise<void> {
  await store.addDocuments(texts.map((text, n) => oneChunkDocument(n, text)));
  await store.upsertPaths(
    texts.map((_, n) => ({
      path: `/docs/${n}.pdf`,
      documentId: documentId(`doc${n}`),
      size: 1,
      mtimeMs: 1,
      errorCode: null,
      errorMessage: null,
    })),
  );
}
