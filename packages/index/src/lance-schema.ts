import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmbeddingInfo } from '@quire/embeddings';
import type {
  DocumentDate,
  EmailHeaders,
  OcrWordBox,
  PageLabelMark,
  PageLabelSource,
  TextSource,
} from '@quire/ingest';
import { DataType, Field, FixedSizeList, Float32, Float64, Int32, Schema, Utf8 } from 'apache-arrow';
import { withSearchTerms } from './search-text.ts';
import { CorruptIndexError, InvalidStoreInputError, VectorSearchUnavailableError } from './store-errors.ts';
import {
  type ChunkId,
  chunkId,
  type DocumentId,
  type DocumentRecord,
  documentId,
  type SearchMode,
  type StoredChunk,
  type StoredDocument,
  type StoredPage,
  type StoredPath,
} from './types.ts';

/** Table names of one workspace database. */
export const TABLES = {
  documents: 'documents',
  pages: 'pages',
  chunks: 'chunks',
  paths: 'paths',
} as const;

/** The column the full-text index is built on: heading path + chunk text. */
export const SEARCH_TEXT_COLUMN = 'searchText';
export const VECTOR_COLUMN = 'vector';

/** Chunk columns returned by searches: everything but the vector and the search text. */
export const CHUNK_COLUMNS = [
  'id',
  'documentId',
  'ordinal',
  'page',
  'headingPath',
  'start',
  'end',
  'text',
  'tokenCount',
  'source',
  'confidence',
  'pageLabel',
  'bates',
] as const;

const utf8 = (name: string, nullable = false) => new Field(name, new Utf8(), nullable);
const int32 = (name: string) => new Field(name, new Int32(), false);
const float64 = (name: string, nullable = false) => new Field(name, new Float64(), nullable);

/**
 * Columns added after the first release, all nullable: an index written before them gets them (as
 * nulls) when it is opened, see {@link missingFields}.
 */
const TEXT_SOURCE_FIELDS = [utf8('source', true), float64('confidence', true)];

export const documentsSchema = new Schema([
  utf8('id'),
  utf8('kind'),
  utf8('title', true),
  int32('pageCount'),
  int32('chunkCount'),
  float64('indexedAt'),
  // Added in issue 16 (nullable): an email's header card, as JSON.
  utf8('email', true),
  // Added in issue 17 (nullable): the document's date (YYYY-MM-DD) and its source; first and last Bates.
  utf8('date', true),
  utf8('dateSource', true),
  utf8('batesFirst', true),
  utf8('batesLast', true),
]);

export const pagesSchema = new Schema([
  utf8('documentId'),
  int32('page'),
  utf8('text'),
  ...TEXT_SOURCE_FIELDS,
  utf8('words', true),
  // Added in issue 15 (nullable, so older indexes get it as nulls: not assessed).
  float64('quality', true),
  // Added in issue 17 (nullable): printed page label, its source, label marks (JSON), Bates number.
  utf8('label', true),
  utf8('labelSource', true),
  utf8('labelMarks', true),
  utf8('bates', true),
]);

export const pathsSchema = new Schema([
  utf8('path'),
  utf8('documentId', true),
  float64('size'),
  float64('mtimeMs'),
  utf8('errorCode', true),
  utf8('errorMessage', true),
  // Added in issue 16 (nullable): the path of the email an attachment came with.
  utf8('parent', true),
]);

/** The chunks schema; the `vector` column exists only when the index has an embedding model. */
export function chunksSchema(dimension: number | null): Schema {
  const fields: Field<DataType>[] = [
    utf8('id'),
    utf8('documentId'),
    int32('ordinal'),
    int32('page'),
    utf8('headingPath'),
    int32('start'),
    int32('end'),
    utf8('text'),
    utf8(SEARCH_TEXT_COLUMN),
    int32('tokenCount'),
    ...TEXT_SOURCE_FIELDS,
    // Added in issue 17 (nullable): the chunk's printed page label and its page's Bates number.
    utf8('pageLabel', true),
    utf8('bates', true),
  ];
  if (dimension !== null) {
    fields.push(
      new Field(VECTOR_COLUMN, new FixedSizeList(dimension, new Field('item', new Float32(), true))),
    );
  }
  return new Schema(fields);
}

/** The nullable fields of `wanted` that the table schema `actual` lacks (columns added since). */
export function missingFields(actual: Schema, wanted: Schema): Field[] {
  const have = new Set(actual.fields.map((f) => f.name));
  return wanted.fields.filter((f) => f.nullable && !have.has(f.name));
}

/** The `vector` dimension of a chunks table's schema, or null when it has none. */
export function vectorDimension(schema: Schema): number | null {
  const field = schema.fields.find((f) => f.name === VECTOR_COLUMN);
  if (field === undefined) return null;
  // Not `instanceof`: LanceDB's CommonJS build returns types from its own copy of apache-arrow.
  return DataType.isFixedSizeList(field.type) ? field.type.listSize : null;
}

/** A row as read back from LanceDB (its values are checked before use). */
export type Row = Record<string, unknown>;

/** SQL string literal with single quotes doubled. */
export const sqlString = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** `\`column\` IN ('a', 'b')`, quoting every value. */
export const sqlIn = (column: string, values: readonly string[]): string =>
  `\`${column}\` IN (${values.map(sqlString).join(', ')})`;

/**
 * The text the full-text index sees: heading path then chunk text, so headings are searchable, then the
 * extra terms of scripts that do not space their words (see search-text.ts).
 */
export const searchTextOf = (chunk: Pick<StoredChunk, 'headingPath' | 'text'>): string =>
  withSearchTerms([...chunk.headingPath, chunk.text].join('\n'));

export const documentToRow = (d: StoredDocument): Row => ({
  id: d.id,
  kind: d.kind,
  title: d.title,
  pageCount: d.pageCount,
  chunkCount: d.chunkCount,
  indexedAt: d.indexedAt,
  email: d.email ? JSON.stringify(d.email) : null,
  date: d.date?.value ?? null,
  dateSource: d.date?.source ?? null,
  batesFirst: d.bates?.first ?? null,
  batesLast: d.bates?.last ?? null,
});

export const pageToRow = (p: StoredPage): Row => ({
  documentId: p.documentId,
  page: p.page,
  text: p.text,
  source: p.source ?? 'text-layer',
  confidence: p.confidence ?? null,
  words: p.words
    ? JSON.stringify(p.words.map((w) => [w.start, w.end, w.x, w.y, w.width, w.height, w.confidence]))
    : null,
  quality: p.quality ?? null,
  label: p.label ?? null,
  labelSource: p.labelSource ?? null,
  labelMarks: p.labelMarks ? JSON.stringify(p.labelMarks.map((m) => [m.offset, m.label])) : null,
  bates: p.bates ?? null,
});

export const pathToRow = (p: StoredPath): Row => ({
  path: p.path,
  documentId: p.documentId,
  size: p.size,
  mtimeMs: p.mtimeMs,
  errorCode: p.errorCode,
  errorMessage: p.errorMessage,
  parent: p.parent ?? null,
});

export function chunkToRow(chunk: StoredChunk, vector: Float32Array | null): Row {
  const row: Row = {
    id: chunk.id,
    documentId: chunk.documentId,
    ordinal: chunk.ordinal,
    page: chunk.page,
    headingPath: JSON.stringify(chunk.headingPath),
    start: chunk.start,
    end: chunk.end,
    text: chunk.text,
    [SEARCH_TEXT_COLUMN]: searchTextOf(chunk),
    tokenCount: chunk.tokenCount,
    source: chunk.source ?? 'text-layer',
    confidence: chunk.confidence ?? null,
    pageLabel: chunk.pageLabel ?? null,
    bates: chunk.bates ?? null,
  };
  if (vector !== null) row[VECTOR_COLUMN] = vector;
  return row;
}

function field(row: Row, key: string): unknown {
  if (!(key in row)) throw new CorruptIndexError(`Index row is missing column "${key}"`);
  return row[key];
}

export function readString(row: Row, key: string): string {
  const value = field(row, key);
  if (typeof value !== 'string') throw new CorruptIndexError(`Index column "${key}" is not text`);
  return value;
}

export function readNullableString(row: Row, key: string): string | null {
  const value = field(row, key);
  return value === null ? null : readString(row, key);
}

export function readNumber(row: Row, key: string): number {
  const value = field(row, key);
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new CorruptIndexError(`Index column "${key}" is not a number`);
}

export function readStringList(row: Row, key: string): string[] {
  const text = readString(row, key);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new CorruptIndexError(`Index column "${key}" is not valid JSON`, { cause });
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    throw new CorruptIndexError(`Index column "${key}" is not a list of strings`);
  }
  return parsed;
}

export const rowToDocumentId = (row: Row): DocumentId => documentId(readString(row, 'documentId'));

export function rowToChunk(row: Row): StoredChunk {
  const doc = rowToDocumentId(row);
  const ordinal = readNumber(row, 'ordinal');
  const id: ChunkId = chunkId(doc, ordinal);
  if (readString(row, 'id') !== id)
    throw new CorruptIndexError(`Chunk id ${readString(row, 'id')} does not match ${id}`);
  return {
    id,
    documentId: doc,
    ordinal,
    page: readNumber(row, 'page'),
    headingPath: readStringList(row, 'headingPath'),
    start: readNumber(row, 'start'),
    end: readNumber(row, 'end'),
    text: readString(row, 'text'),
    tokenCount: readNumber(row, 'tokenCount'),
    ...readTextSource(row),
    ...optionalString(row, 'pageLabel'),
    ...optionalString(row, 'bates'),
  };
}

/** `{ [key]: value }` when the row holds text in that column (columns added later are null in old rows). */
function optionalString<K extends string>(row: Row, key: K): { [P in K]?: string } {
  const value = row[key];
  return (typeof value === 'string' ? { [key]: value } : {}) as { [P in K]?: string };
}

function readLabelMarks(row: Row): PageLabelMark[] | undefined {
  const text = row.labelMarks;
  if (typeof text !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new CorruptIndexError('Index column "labelMarks" is not valid JSON', { cause });
  }
  if (!Array.isArray(parsed)) throw new CorruptIndexError('Index column "labelMarks" is not a list');
  return parsed.map((item: unknown) => {
    if (!Array.isArray(item) || typeof item[0] !== 'number' || typeof item[1] !== 'string') {
      throw new CorruptIndexError('Index column "labelMarks" holds a malformed mark');
    }
    return { offset: item[0], label: item[1] };
  });
}

const LABEL_SOURCES: readonly PageLabelSource[] = ['pdf-labels', 'printed', 'word-layout', 'slide'];
const DATE_SOURCES: readonly DocumentDate['source'][] = ['email', 'pdf-metadata', 'office-metadata', 'text'];

/** A document row's date, when it has one from a known source. */
export function readDocumentDate(row: Row): DocumentDate | null {
  const { date, dateSource } = row;
  if (typeof date !== 'string' || !DATE_SOURCES.includes(dateSource as DocumentDate['source'])) return null;
  return { value: date, source: dateSource as DocumentDate['source'] };
}

/** A document row's first and last Bates numbers, when it has them. */
export function readBatesRange(row: Row): { first: string; last: string } | null {
  const { batesFirst, batesLast } = row;
  return typeof batesFirst === 'string' && typeof batesLast === 'string'
    ? { first: batesFirst, last: batesLast }
    : null;
}

/** `source` and `confidence` of a page or chunk row; nothing for text-layer rows (and rows from before OCR). */
function readTextSource(row: Row): { source?: TextSource; confidence?: number } {
  if (row.source !== 'ocr') return {};
  const confidence = row.confidence;
  return typeof confidence === 'number' ? { source: 'ocr', confidence } : { source: 'ocr' };
}

function readWords(row: Row): OcrWordBox[] | undefined {
  const text = row.words;
  if (typeof text !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new CorruptIndexError('Index column "words" is not valid JSON', { cause });
  }
  if (!Array.isArray(parsed)) throw new CorruptIndexError('Index column "words" is not a list');
  return parsed.map((item: unknown) => {
    if (!Array.isArray(item) || item.length !== 7 || !item.every((v) => typeof v === 'number')) {
      throw new CorruptIndexError('Index column "words" holds a malformed word box');
    }
    const [start, end, x, y, width, height, confidence] = item as number[];
    return { start, end, x, y, width, height, confidence } as OcrWordBox;
  });
}

export function rowToPage(row: Row): StoredPage {
  const page: StoredPage = {
    documentId: rowToDocumentId(row),
    page: readNumber(row, 'page'),
    text: readString(row, 'text'),
    ...readTextSource(row),
  };
  const words = readWords(row);
  if (words) page.words = words;
  // Null in rows written before pages were assessed (or of pages too short to assess).
  if (typeof row.quality === 'number' && Number.isFinite(row.quality)) page.quality = row.quality;
  if (typeof row.label === 'string') page.label = row.label;
  if (LABEL_SOURCES.includes(row.labelSource as PageLabelSource)) {
    page.labelSource = row.labelSource as PageLabelSource;
  }
  const marks = readLabelMarks(row);
  if (marks) page.labelMarks = marks;
  if (typeof row.bates === 'string') page.bates = row.bates;
  return page;
}

export function rowToPath(row: Row): StoredPath {
  const doc = readNullableString(row, 'documentId');
  return {
    path: readString(row, 'path'),
    documentId: doc === null ? null : documentId(doc),
    size: readNumber(row, 'size'),
    mtimeMs: readNumber(row, 'mtimeMs'),
    errorCode: readNullableString(row, 'errorCode'),
    errorMessage: readNullableString(row, 'errorMessage'),
    // Null, or absent in rows written before attachments were indexed, for a file.
    ...(typeof row.parent === 'string' ? { parent: row.parent } : {}),
  };
}

/** An email's header card as stored (JSON), checked; null for any other document or an older row. */
export function readEmailHeaders(row: Row): EmailHeaders | null {
  const text = row.email;
  if (typeof text !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new CorruptIndexError('Index column "email" is not valid JSON', { cause });
  }
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  const nullableText = (v: unknown) => v === null || typeof v === 'string';
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !['from', 'date', 'subject', 'messageId', 'inReplyTo'].every((k) => nullableText((parsed as Row)[k])) ||
    !['to', 'cc', 'references'].every((k) => strings((parsed as Row)[k]))
  ) {
    throw new CorruptIndexError('Index column "email" is not an email header card');
  }
  return parsed as EmailHeaders;
}

/** The file beside the tables that records which embedding model built the index. */
export const METADATA_FILE = 'quire-index.json';

export interface IndexMetadata {
  version: 1;
  embedding: EmbeddingInfo | null;
  /** The `SEARCH_TEXT_VERSION` the chunks' searchable text was written with (absent in older indexes: 1). */
  searchText: number;
  /**
   * The `PAGE_FACTS_VERSION` the documents' page labels, Bates numbers and dates were read with (absent
   * in indexes written before issue 17: 1, none read).
   */
  pageFacts: number;
}

/**
 * What is read of each page beside its text: 2 since page labels, Bates numbers and document dates
 * (issue 17). An index whose documents were read under an older version has them read again (see the
 * server's page-facts refresh) without re-embedding.
 */
export const PAGE_FACTS_VERSION = 2;

function parseEmbedding(value: unknown): EmbeddingInfo | null {
  if (value === null) return null;
  if (typeof value === 'object' && 'modelId' in value && 'name' in value && 'dimension' in value) {
    const { modelId, name, dimension } = value;
    if (typeof modelId === 'string' && typeof name === 'string' && typeof dimension === 'number') {
      return { modelId, name, dimension };
    }
  }
  throw new CorruptIndexError(`${METADATA_FILE} has an invalid "embedding" entry`);
}

/** Reads `dir/quire-index.json`; `undefined` when the file does not exist yet. */
export async function readIndexMetadata(dir: string): Promise<IndexMetadata | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, METADATA_FILE), 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
  return parseIndexMetadata(text);
}

/** Index metadata from its JSON text; {@link CorruptIndexError} when it is not that. */
export function parseIndexMetadata(text: string): IndexMetadata {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new CorruptIndexError(`${METADATA_FILE} is not valid JSON`, { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || !('embedding' in parsed)) {
    throw new CorruptIndexError(`${METADATA_FILE} has no "embedding" entry`);
  }
  const searchText = 'searchText' in parsed && typeof parsed.searchText === 'number' ? parsed.searchText : 1;
  const pageFacts = 'pageFacts' in parsed && typeof parsed.pageFacts === 'number' ? parsed.pageFacts : 1;
  return { version: 1, embedding: parseEmbedding(parsed.embedding), searchText, pageFacts };
}

/** Writes `dir/quire-index.json` atomically (temporary file, then rename). */
export async function writeIndexMetadata(dir: string, metadata: IndexMetadata): Promise<void> {
  const target = join(dir, METADATA_FILE);
  // Unique per write: two opens in one process may write it at the same moment.
  const temporary = `${target}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(metadata, null, 2)}\n`, 'utf8');
  await rename(temporary, target);
}

function checkVector(vector: Float32Array, dimension: number, what: string): void {
  if (vector.length !== dimension) {
    throw new InvalidStoreInputError(
      `${what} has dimension ${vector.length}; the index expects ${dimension}`,
    );
  }
  if (!vector.every(Number.isFinite))
    throw new InvalidStoreInputError(`${what} contains NaN or infinite values`);
}

/**
 * Checks records before anything is written: unique document ids, pages and chunks belonging to their
 * document, chunk ids of the form `${documentId}:${ordinal}`, and one vector of the index's dimension
 * per chunk exactly when the index has an embedding model.
 */
export function validateRecords(records: readonly DocumentRecord[], embedding: EmbeddingInfo | null): void {
  const seen = new Set<string>();
  for (const { document, pages, chunks, vectors } of records) {
    const doc = document.id;
    if (doc === '') throw new InvalidStoreInputError('A document has an empty id');
    if (seen.has(doc)) throw new InvalidStoreInputError(`Document ${doc} appears twice in one write`);
    seen.add(doc);
    for (const page of pages) {
      if (page.documentId !== doc)
        throw new InvalidStoreInputError(`A page of ${doc} names ${page.documentId}`);
    }
    for (const chunk of chunks) {
      if (chunk.documentId !== doc || chunk.id !== chunkId(doc, chunk.ordinal)) {
        throw new InvalidStoreInputError(`Chunk ${chunk.id} does not belong to document ${doc}`);
      }
    }
    if (embedding === null) {
      if (vectors !== null)
        throw new InvalidStoreInputError(`Document ${doc} has vectors but the index has none`);
      continue;
    }
    if (vectors === null || vectors.length !== chunks.length) {
      throw new InvalidStoreInputError(
        `Document ${doc} needs one vector per chunk (${chunks.length}), got ${vectors?.length ?? 'none'}`,
      );
    }
    for (const [i, vector] of vectors.entries())
      checkVector(vector, embedding.dimension, `Vector ${i} of ${doc}`);
  }
}

/**
 * The query vector a search uses: required for `vector` and for `hybrid` when the index has an
 * embedding model; `null` for `hybrid` on a full-text-only index (full-text alone is fused).
 */
export function validateQueryVector(
  vector: Float32Array | undefined,
  embedding: EmbeddingInfo | null,
  mode: Exclude<SearchMode, 'fulltext'>,
): Float32Array | null {
  if (embedding === null) {
    if (mode === 'vector') throw new VectorSearchUnavailableError();
    return null;
  }
  if (vector === undefined) throw new InvalidStoreInputError(`A ${mode} search needs a query vector`);
  checkVector(vector, embedding.dimension, 'The query vector');
  if (vector.every((x) => x === 0)) throw new InvalidStoreInputError('The query vector is all zeros');
  return vector;
}
