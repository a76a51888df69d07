import type { EmbeddingInfo } from '@quire/embeddings';
import type {
  DocumentDate,
  EmailHeaders,
  OcrWordBox,
  PageLabelMark,
  PageLabelSource,
  TextSource,
} from '@quire/ingest';

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** sha256 (hex) of a file's bytes: identical files share one document. */
export type DocumentId = Brand<string, 'DocumentId'>;
/** `${DocumentId}:${ordinal}`. */
export type ChunkId = Brand<string, 'ChunkId'>;

export const documentId = (hex: string): DocumentId => hex as DocumentId;
export const chunkId = (doc: DocumentId, ordinal: number): ChunkId => `${doc}:${ordinal}` as ChunkId;

export interface StoredDocument {
  id: DocumentId;
  kind: string;
  title: string | null;
  pageCount: number;
  chunkCount: number;
  indexedAt: number;
  /** An email's header card (from, to, date, subject, thread ids); null for any other document. */
  email?: EmailHeaders | null;
  /** The document's date and where it came from (issue 17); absent or null: none found. */
  date?: DocumentDate | null;
  /** The first and last Bates numbers stamped on its pages; absent or null: none. */
  bates?: { first: string; last: string } | null;
}

export interface StoredPage {
  documentId: DocumentId;
  page: number;
  text: string;
  /** Absent: `text-layer`. */
  source?: TextSource;
  /** Mean OCR confidence (0–100) of an OCR page. */
  confidence?: number;
  /** Word boxes of an OCR page (PDF points for PDF pages, pixels for images), for highlighting. */
  words?: OcrWordBox[];
  /** How well the page's text reads (0–1, share of words that read as real words); absent: not assessed. */
  quality?: number;
  /** The page number printed on it (see `ParsedPage.label`); absent: none. */
  label?: string;
  labelSource?: PageLabelSource;
  /** Labels by offset, for a page of text that holds several printed pages (a Word document). */
  labelMarks?: PageLabelMark[];
  /** The Bates number stamped on the page; absent: none. */
  bates?: string;
}

export interface StoredChunk {
  id: ChunkId;
  documentId: DocumentId;
  ordinal: number;
  page: number;
  headingPath: string[];
  start: number;
  end: number;
  text: string;
  tokenCount: number;
  /** The page's text source (absent: `text-layer`). */
  source?: TextSource;
  /** The page's mean OCR confidence (0–100) when it was read by OCR. */
  confidence?: number;
  /** The printed page label of the chunk's text (`3–4` across a page break Word recorded); absent: none. */
  pageLabel?: string;
  /** The Bates number of the chunk's page; absent: none. */
  bates?: string;
}

/**
 * One file seen in a watched folder, or one attachment of an email file (`parent` set: its path is
 * `<parent>::<n>/<name>`, n its 1-based place in the message). A failed one has no document and carries
 * its error.
 */
export interface StoredPath {
  path: string;
  documentId: DocumentId | null;
  size: number;
  mtimeMs: number;
  errorCode: string | null;
  errorMessage: string | null;
  /** The email (file, or attachment path of an attached message) this attachment came with; else null. */
  parent?: string | null;
}

/** A whole parsed document ready to be written: its pages, chunks and (when embedding) one vector per chunk. */
export interface DocumentRecord {
  document: StoredDocument;
  pages: StoredPage[];
  chunks: StoredChunk[];
  vectors: Float32Array[] | null;
}

export type SearchMode = 'fulltext' | 'vector' | 'hybrid';

/** What is read of a document's pages beside their text, to bring an older index up to date. */
export interface PageFactsUpdate {
  id: DocumentId;
  date: DocumentDate | null;
  bates: { first: string; last: string } | null;
  pages: Pick<StoredPage, 'page' | 'label' | 'labelSource' | 'labelMarks' | 'bates'>[];
}

/**
 * Which documents a search may return (a scope, resolved to document ids): only those listed, or all but
 * those listed. Applied inside the index query, so `k` hits come back however narrow it is.
 */
export type DocumentFilter = { include: readonly DocumentId[] } | { exclude: readonly DocumentId[] };

export interface SearchHit {
  chunk: StoredChunk;
  /** Paths of the files holding this document (identical copies share one document). */
  paths: string[];
  /** Higher is better. BM25 for full-text, cosine similarity for vector, RRF score for hybrid. */
  score: number;
  /** 1-based rank in each list that found it. */
  ranks: { fulltext?: number; vector?: number };
}

export interface IndexCounts {
  documents: number;
  pages: number;
  chunks: number;
  paths: number;
}

/** One workspace's index on disk. One store per workspace: the isolation boundary. */
export interface VectorStore {
  readonly embedding: EmbeddingInfo | null;
  /** True for a reader of an index another process writes: every write is refused (`read-only`). */
  readonly readOnly?: boolean;
  listPaths(): Promise<StoredPath[]>;
  upsertPaths(rows: readonly StoredPath[]): Promise<void>;
  deletePaths(paths: readonly string[]): Promise<void>;
  listDocumentIds(): Promise<Set<DocumentId>>;
  /** Writes documents with their pages and chunks in batches (never a row at a time). */
  addDocuments(records: readonly DocumentRecord[]): Promise<void>;
  deleteDocuments(ids: readonly DocumentId[]): Promise<void>;
  listDocuments(): Promise<StoredDocument[]>;
  /** Documents with their pages and chunks (no vectors), for re-embedding or export. */
  readDocuments(ids: readonly DocumentId[]): Promise<Omit<DocumentRecord, 'vectors'>[]>;
  getPage(id: DocumentId, page: number): Promise<StoredPage | null>;
  search(request: {
    mode: SearchMode;
    query: string;
    vector?: Float32Array;
    k: number;
    /** Only these documents (or all but these); absent: all. */
    filter?: DocumentFilter;
  }): Promise<SearchHit[]>;
  counts(): Promise<IndexCounts>;
  /** The page-facts version (`PAGE_FACTS_VERSION`) the documents were read with. */
  readonly pageFactsVersion: number;
  recordPageFactsVersion(version: number): Promise<void>;
  /** Rewrites a document's page labels, Bates numbers and date; text, chunks and vectors stay. */
  updatePageFacts(update: PageFactsUpdate): Promise<void>;
  /** Deletes chunks and pages left by an interrupted write (no documents row); returns how many documents. */
  pruneIncomplete(): Promise<number>;
  /** Compacts small writes and folds new rows into the indexes; call after a large ingest. */
  optimize(): Promise<void>;
  /**
   * Compacts like `optimize` and removes every older version of the index, so that no file keeps the text
   * of a deleted document or path; call it after removals are committed.
   */
  prune(): Promise<void>;
  close(): Promise<void>;
}
