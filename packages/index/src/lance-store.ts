import { join } from 'node:path';
import { type Connection, connect, Index, MatchQuery, type Table } from '@lancedb/lancedb';
import type { EmbeddingInfo } from '@quire/embeddings';
import { labelOfRange } from '@quire/ingest';
import { DataType, type Schema } from 'apache-arrow';
import {
  existingTables,
  type IndexLocation,
  isRemoteIndex,
  locationOf,
  METADATA_TABLE,
  type MetadataStore,
  metadataStore,
  prepareLocation,
} from './index-location.ts';
import { dropOlderVersions, fragmentsOf, pruneTable } from './lance-prune.ts';
import {
  CHUNK_COLUMNS,
  chunksSchema,
  chunkToRow,
  documentsSchema,
  documentToRow,
  missingFields,
  PAGE_FACTS_VERSION,
  pagesSchema,
  pageToRow,
  pathsSchema,
  pathToRow,
  type Row,
  readBatesRange,
  readDocumentDate,
  readEmailHeaders,
  readIndexMetadata,
  readNullableString,
  readNumber,
  readString,
  readStringList,
  rowToChunk,
  rowToPage,
  rowToPath,
  SEARCH_TEXT_COLUMN,
  searchTextOf,
  sqlIn,
  sqlString,
  TABLES,
  VECTOR_COLUMN,
  validateQueryVector,
  validateRecords,
  vectorDimension,
} from './lance-schema.ts';
import { type FusionWeights, hybridSearch } from './retrieve.ts';
import { SEARCH_TEXT_VERSION, withSearchTerms } from './search-text.ts';
import {
  CorruptIndexError,
  EmbeddingMismatchError,
  IndexMissingError,
  InvalidStoreInputError,
  ReadOnlyIndexError,
  StorageUnreachableError,
  StoreError,
} from './store-errors.ts';
import {
  type DocumentFilter,
  type DocumentId,
  type DocumentRecord,
  documentId,
  type IndexCounts,
  type PageFactsUpdate,
  type SearchHit,
  type SearchMode,
  type StoredChunk,
  type StoredDocument,
  type StoredPage,
  type StoredPath,
  type VectorStore,
} from './types.ts';
import {
  buildVectorIndex,
  hasVectorIndex,
  VECTOR_INDEX_WIDTH,
  type VectorIndexProgress,
  vectorIndexThreshold,
  withIndexOptions,
} from './vector-index.ts';

/** Options of {@link LanceVectorStore.open}. */
export interface LanceStoreOptions {
  /**
   * The embedding model vectors will be written and searched with; `null` for a full-text-only index.
   * An index that already holds chunks must have been built with the same model (same `modelId` and
   * `dimension`), else `open` throws {@link EmbeddingMismatchError}. An empty index adopts it.
   */
  embedding: EmbeddingInfo | null;
  /**
   * How many chunks may wait outside the full-text index before `addDocuments` folds them in with
   * `optimize()`. Waiting rows are still found, by a flat scan (~50 µs per chunk per query); folding
   * them in costs time proportional to the whole table. Default {@link FTS_REINDEX_THRESHOLD}.
   */
  ftsReindexThreshold?: number;
  /**
   * Chunks from which {@link LanceVectorStore.ensureVectorIndex} builds an ANN index on the vectors;
   * below it vector queries are exact flat scans. Default {@link vectorIndexThreshold} of the model's width (100,000 up to 384-d).
   */
  vectorIndexMinRows?: number;
}

/** Default of {@link LanceStoreOptions.ftsReindexThreshold}: at most ~50 ms of flat scan per query. */
export const FTS_REINDEX_THRESHOLD = 1000;

/** Name of the full-text index on the chunks table. */
export const FTS_INDEX_NAME = `${SEARCH_TEXT_COLUMN}_idx`;

/** Many small commits leave many small fragments: the tables are compacted after this many. */
export const OPTIMIZE_EVERY = 20;

/**
 * Full-text index options: the simple tokenizer (split on whitespace and punctuation), lower-cased,
 * ASCII-folded (`Müller` finds `muller`), English stemming (`running` finds `run`) and English stop
 * words removed. No positions: queries are match queries, never phrase queries.
 */
export const FTS_OPTIONS = {
  baseTokenizer: 'simple',
  language: 'English',
  lowercase: true,
  stem: true,
  removeStopWords: true,
  asciiFolding: true,
  withPosition: false,
} as const;

interface Tables {
  documents: Table;
  pages: Table;
  chunks: Table;
  paths: Table;
}

interface Candidate {
  chunk: StoredChunk;
  score: number;
  paths: string[];
}

const sameEmbedding = (a: EmbeddingInfo | null, b: EmbeddingInfo | null): boolean =>
  a === null || b === null ? a === b : a.modelId === b.modelId && a.dimension === b.dimension;

const dimensionOf = (embedding: EmbeddingInfo | null): number | null => embedding?.dimension ?? null;

/**
 * One workspace's index: a LanceDB database in `dir` with the tables `documents`, `pages`, `chunks`
 * (with a full-text index on heading path + text, and a cosine-searched `vector` column when the index
 * has an embedding model) and `paths`, plus `quire-index.json` naming the embedding model.
 * Reads always see the latest committed writes, including other processes'. Close it when done.
 */
export class LanceVectorStore implements VectorStore {
  readonly embedding: EmbeddingInfo | null;
  readonly #db: Connection;
  readonly #tables: Tables;
  readonly #ftsReindexThreshold: number;
  readonly #location: IndexLocation;
  readonly #metadata: MetadataStore;
  readonly #vectorIndexMinRows: number;
  /** Every path by document, as of one version of the paths table (see {@link #pathsOf}). */
  #pathsCache: { version: number; byDocument: Map<string, string[]> } | null = null;
  /** Per table, the fragments this store deleted rows from since its last prune (see {@link pruneTable}). */
  readonly #deletedFragments = new Map<string, Set<bigint>>();
  #pageFacts: number;
  #commits = 0;
  /** The vector index build under way, if any: compactions of the chunks table wait for it. */
  #vectorIndexBuild: Promise<boolean> | null = null;

  private constructor(
    db: Connection,
    tables: Tables,
    embedding: EmbeddingInfo | null,
    ftsReindexThreshold: number,
    place: {
      location: IndexLocation;
      metadata: MetadataStore;
      pageFacts: number;
      vectorIndexMinRows: number;
    },
  ) {
    this.#db = db;
    this.#tables = tables;
    this.embedding = embedding;
    this.#ftsReindexThreshold = ftsReindexThreshold;
    this.#location = place.location;
    this.#metadata = place.metadata;
    this.#pageFacts = place.pageFacts;
    this.#vectorIndexMinRows = place.vectorIndexMinRows;
  }

  /**
   * Opens (creating if needed) the index in the folder `place`, or at a {@link IndexLocation} (a folder or
   * object storage; read-only when it says so). Throws {@link EmbeddingMismatchError} (code `conflict`)
   * when the index holds chunks built with another embedding model than `options.embedding`, and
   * {@link IndexMissingError} when an index to be opened read-only is not there.
   */
  static async open(place: string | IndexLocation, options: LanceStoreOptions): Promise<LanceVectorStore> {
    const location = locationOf(place);
    if (!isRemoteIndex(location.uri)) return LanceVectorStore.#open(location, options);
    try {
      return await LanceVectorStore.#open(location, options);
    } catch (error) {
      throw error instanceof StoreError ? error : new StorageUnreachableError(location.uri, error);
    }
  }

  static async #open(location: IndexLocation, options: LanceStoreOptions): Promise<LanceVectorStore> {
    if (location.readOnly) return LanceVectorStore.#openReadOnly(location, options);
    await prepareLocation(location);
    // Interval 0: every read checks for newer versions, so other processes' writes are seen (~0.5 ms).
    const db = await connectTo(location);
    const metadata = metadataStore(location, db);
    const opened: Table[] = [];
    try {
      const stored = await metadata.read();
      const names = await existingTables(db, Object.values(TABLES));
      const create = async (name: string, schema: Schema) => {
        const table = names.has(name)
          ? await db.openTable(name)
          : await db.createEmptyTable(name, schema, { mode: 'create', existOk: true });
        opened.push(table);
        return table;
      };
      const chunks = await openChunks(db, stored?.embedding, options.embedding, opened);
      const tables: Tables = {
        documents: await create(TABLES.documents, documentsSchema),
        pages: await create(TABLES.pages, pagesSchema),
        chunks: chunks.table,
        paths: await create(TABLES.paths, pathsSchema),
      };
      // An index written before a column was added gets it now (nulls), so old and new rows read alike.
      await addMissingColumns(tables.pages, pagesSchema);
      await addMissingColumns(tables.documents, documentsSchema);
      await addMissingColumns(tables.paths, pathsSchema);
      await addMissingColumns(tables.chunks, chunksSchema(dimensionOf(chunks.embedding)));
      await ensureFullTextIndex(tables.chunks);
      // An index written under older search-text rules gets its searchable text rewritten once.
      if (stored !== undefined && stored.searchText < SEARCH_TEXT_VERSION)
        await rewriteSearchText(tables.chunks);
      // A new index, or one with no documents yet, reads every page under the current rules.
      const pageFacts =
        stored === undefined || (await tables.documents.countRows()) === 0
          ? PAGE_FACTS_VERSION
          : stored.pageFacts;
      if (
        stored === undefined ||
        !sameEmbedding(stored.embedding, chunks.embedding) ||
        stored.searchText !== SEARCH_TEXT_VERSION ||
        stored.pageFacts !== pageFacts
      ) {
        await metadata.write({
          version: 1,
          embedding: chunks.embedding,
          searchText: SEARCH_TEXT_VERSION,
          pageFacts,
        });
      }
      return new LanceVectorStore(
        db,
        tables,
        chunks.embedding,
        options.ftsReindexThreshold ?? FTS_REINDEX_THRESHOLD,
        {
          location,
          metadata,
          pageFacts,
          vectorIndexMinRows:
            options.vectorIndexMinRows ??
            vectorIndexThreshold(chunks.embedding?.dimension ?? VECTOR_INDEX_WIDTH),
        },
      );
    } catch (error) {
      for (const table of opened) table.close();
      db.close();
      throw error;
    }
  }

  /**
   * Opens an index another process writes, for reading: its tables as they are (nothing created or
   * migrated), with the embedding model its metadata names (`options.embedding` must match when given).
   */
  static async #openReadOnly(location: IndexLocation, options: LanceStoreOptions): Promise<LanceVectorStore> {
    const db = await connectTo(location);
    const metadata = metadataStore(location, db);
    const opened: Table[] = [];
    try {
      const stored = await metadata.read();
      const names = await existingTables(db, Object.values(TABLES));
      if (stored === undefined || !Object.values(TABLES).every((name) => names.has(name)))
        throw new IndexMissingError(location.uri);
      if (options.embedding !== null && !sameEmbedding(stored.embedding, options.embedding))
        throw new EmbeddingMismatchError(stored.embedding, options.embedding);
      const open = async (name: string) => {
        const table = await db.openTable(name);
        opened.push(table);
        return table;
      };
      const tables: Tables = {
        documents: await open(TABLES.documents),
        pages: await open(TABLES.pages),
        chunks: await open(TABLES.chunks),
        paths: await open(TABLES.paths),
      };
      return new LanceVectorStore(db, tables, stored.embedding, Number.MAX_SAFE_INTEGER, {
        location,
        metadata,
        pageFacts: stored.pageFacts,
        vectorIndexMinRows: Number.MAX_SAFE_INTEGER,
      });
    } catch (error) {
      for (const table of opened) table.close();
      db.close();
      throw error;
    }
  }

  /**
   * {@link openExisting} when `place` holds an index (one was opened there at least once), else null:
   * for reads (status, the workspace list) that must not create an index, which would race the
   * workspace's own first opening of it.
   */
  static async openIfExists(place: string | IndexLocation): Promise<LanceVectorStore | null> {
    const location = locationOf(place);
    if (!isRemoteIndex(location.uri))
      return (await readIndexMetadata(location.uri)) === undefined
        ? null
        : LanceVectorStore.openExisting(location);
    try {
      return await LanceVectorStore.open({ ...location, readOnly: true }, { embedding: null });
    } catch (error) {
      if (error instanceof IndexMissingError) return null;
      throw error;
    }
  }

  /** Opens the index at `place` with whichever embedding model it was built with (for reading only). */
  static async openExisting(place: string | IndexLocation): Promise<LanceVectorStore> {
    const location = locationOf(place);
    if (location.readOnly || isRemoteIndex(location.uri))
      return LanceVectorStore.open({ ...location, readOnly: true }, { embedding: null });
    const stored = await readIndexMetadata(location.uri);
    return LanceVectorStore.open(location, { embedding: stored?.embedding ?? null });
  }

  /**
   * Removes the index at a location for good: every table with all its versions (for object storage,
   * where deleting the workspace folder does not reach it). Nothing there: nothing done.
   */
  static async destroy(place: string | IndexLocation): Promise<void> {
    const location = locationOf(place);
    if (location.readOnly) throw new ReadOnlyIndexError('removing the index');
    const db = await connectTo(location);
    try {
      // By name: on object storage the table listing can come back empty (see existingTables).
      for (const name of await existingTables(db, [...Object.values(TABLES), METADATA_TABLE]))
        await db.dropTable(name);
    } finally {
      db.close();
    }
  }

  /** Whether this store was opened read-only (writes are refused). */
  get readOnly(): boolean {
    return this.#location.readOnly === true;
  }

  /** Refuses a write on a read-only store. */
  #writable(what: string): void {
    if (this.#location.readOnly) throw new ReadOnlyIndexError(what);
  }

  /** The {@link PAGE_FACTS_VERSION} this index's documents were read with. */
  get pageFactsVersion(): number {
    return this.#pageFacts;
  }

  /** Records that every document's page facts are now those of `version`. */
  async recordPageFactsVersion(version: number): Promise<void> {
    this.#writable('recording page facts');
    await this.#metadata.write({
      version: 1,
      embedding: this.embedding,
      searchText: SEARCH_TEXT_VERSION,
      pageFacts: version,
    });
    this.#pageFacts = version;
  }

  /**
   * Rewrites what was read of a document's pages beside their text (labels, Bates numbers, its date),
   * leaving text, chunks' text and vectors as they are: each chunk's label follows from its page's.
   */
  async updatePageFacts(update: PageFactsUpdate): Promise<void> {
    this.#writable('reading page facts');
    const { id } = update;
    const stored = await this.#tables.pages
      .query()
      .where(`\`documentId\` = ${sqlString(id)}`)
      .select(['page'])
      .toArray();
    const known = new Set(stored.map((row: Row) => readNumber(row, 'page')));
    const pages = update.pages.filter((p) => known.has(p.page));
    const byPage = new Map(pages.map((p) => [p.page, p]));
    await this.#tables.documents
      .mergeInsert('id')
      .whenMatchedUpdateAll()
      .execute([
        {
          id,
          date: update.date?.value ?? null,
          dateSource: update.date?.source ?? null,
          batesFirst: update.bates?.first ?? null,
          batesLast: update.bates?.last ?? null,
        },
      ]);
    if (pages.length > 0) {
      await this.#tables.pages
        .mergeInsert(['documentId', 'page'])
        .whenMatchedUpdateAll()
        .execute(
          pages.map((p) => ({
            documentId: id,
            page: p.page,
            label: p.label ?? null,
            labelSource: p.labelSource ?? null,
            labelMarks: p.labelMarks ? JSON.stringify(p.labelMarks.map((m) => [m.offset, m.label])) : null,
            bates: p.bates ?? null,
          })),
        );
    }
    const chunks: Row[] = await this.#tables.chunks
      .query()
      .where(`\`documentId\` = ${sqlString(id)}`)
      .select(['id', 'page', 'start', 'end'])
      .toArray();
    if (chunks.length > 0) {
      await this.#tables.chunks
        .mergeInsert('id')
        .whenMatchedUpdateAll()
        .execute(
          chunks.map((row) => {
            const page = byPage.get(readNumber(row, 'page'));
            return {
              id: readString(row, 'id'),
              pageLabel: page ? labelOfRange(page, readNumber(row, 'start'), readNumber(row, 'end')) : null,
              bates: page?.bates ?? null,
            };
          }),
        );
    }
    await this.#committed(3);
  }

  async listPaths(): Promise<StoredPath[]> {
    const rows: Row[] = await this.#tables.paths.query().toArray();
    return rows.map(rowToPath).sort((a, b) => compare(a.path, b.path));
  }

  async upsertPaths(rows: readonly StoredPath[]): Promise<void> {
    this.#writable('recording files');
    const byPath = new Map(rows.map((row) => [row.path, row]));
    if (byPath.size === 0) return;
    await this.#tables.paths
      .mergeInsert('path')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute([...byPath.values()].map(pathToRow));
  }

  async deletePaths(paths: readonly string[]): Promise<void> {
    this.#writable('removing files');
    if (paths.length === 0) return;
    await this.#deleteRows(this.#tables.paths, 'path', sqlIn('path', paths));
  }

  async listDocumentIds(): Promise<Set<DocumentId>> {
    const rows: Row[] = await this.#tables.documents.query().select(['id']).toArray();
    return new Set(rows.map((row) => documentId(readString(row, 'id'))));
  }

  async addDocuments(records: readonly DocumentRecord[]): Promise<void> {
    this.#writable('indexing');
    if (records.length === 0) return;
    validateRecords(records, this.embedding);
    // Leftovers of an interrupted write of the same documents would otherwise be duplicated.
    await this.deleteDocuments(records.map((record) => record.document.id));
    const chunkRows = records.flatMap((record) =>
      record.chunks.map((chunk, i) => chunkToRow(chunk, record.vectors?.[i] ?? null)),
    );
    const pageRows = records.flatMap((record) => record.pages.map(pageToRow));
    // Crash safety: a documents row means "complete", so it is written last.
    if (chunkRows.length > 0) await this.#tables.chunks.add(chunkRows);
    if (pageRows.length > 0) await this.#tables.pages.add(pageRows);
    await this.#tables.documents.add(records.map((record) => documentToRow(record.document)));
    if (chunkRows.length > 0) await this.#refreshFullTextIndex(this.#ftsReindexThreshold);
    await this.#committed();
  }

  async deleteDocuments(ids: readonly DocumentId[]): Promise<void> {
    this.#writable('removing documents');
    if (ids.length === 0) return;
    // The documents row goes first: without it, leftover pages and chunks read as incomplete.
    await this.#deleteRows(this.#tables.documents, 'id', sqlIn('id', ids));
    await this.#deleteRows(this.#tables.chunks, 'documentId', sqlIn('documentId', ids));
    await this.#deleteRows(this.#tables.pages, 'documentId', sqlIn('documentId', ids));
  }

  async listDocuments(): Promise<StoredDocument[]> {
    const rows: Row[] = await this.#tables.documents.query().toArray();
    return rows.map(rowToDocument).sort((a, b) => compare(a.id, b.id));
  }

  async readDocuments(ids: readonly DocumentId[]): Promise<Omit<DocumentRecord, 'vectors'>[]> {
    if (ids.length === 0) return [];
    const where = sqlIn('documentId', ids);
    const [documents, pages, chunks] = await Promise.all([
      this.#tables.documents.query().where(sqlIn('id', ids)).toArray() as Promise<Row[]>,
      this.#tables.pages.query().where(where).toArray() as Promise<Row[]>,
      this.#tables.chunks
        .query()
        .where(where)
        .select([...CHUNK_COLUMNS])
        .toArray() as Promise<Row[]>,
    ]);
    const records = new Map(
      documents.map((row) => {
        const document = rowToDocument(row);
        return [document.id, { document, pages: [] as StoredPage[], chunks: [] as StoredChunk[] }];
      }),
    );
    for (const page of pages.map(rowToPage)) records.get(page.documentId)?.pages.push(page);
    for (const chunk of chunks.map(rowToChunk)) records.get(chunk.documentId)?.chunks.push(chunk);
    for (const record of records.values()) {
      record.pages.sort((a, b) => a.page - b.page);
      record.chunks.sort((a, b) => a.ordinal - b.ordinal);
    }
    return [...records.values()];
  }

  async getPage(id: DocumentId, page: number): Promise<StoredPage | null> {
    if (!Number.isSafeInteger(page)) throw new InvalidStoreInputError(`Page must be an integer, got ${page}`);
    const rows: Row[] = await this.#tables.pages
      .query()
      .where(`\`documentId\` = ${sqlString(id)} AND \`page\` = ${page}`)
      .limit(1)
      .toArray();
    const row = rows[0];
    return row === undefined ? null : rowToPage(row);
  }

  async search(request: {
    mode: SearchMode;
    query: string;
    vector?: Float32Array;
    k: number;
    weights?: FusionWeights;
    filter?: DocumentFilter;
  }): Promise<SearchHit[]> {
    const { mode, query, vector, k, filter } = request;
    if (!Number.isSafeInteger(k) || k < 0) {
      throw new InvalidStoreInputError(`k must be a whole number, got ${k}`);
    }
    const queryVector = mode === 'fulltext' ? null : validateQueryVector(vector, this.embedding, mode);
    if (k === 0) return [];
    if (mode === 'hybrid') {
      return hybridSearch(this, {
        query,
        vector: queryVector ?? undefined,
        k,
        weights: request.weights,
        filter,
      });
    }
    if (filter && 'include' in filter && filter.include.length === 0) return [];
    const where = filter ? filterPredicate(filter) : null;
    const hit = (candidate: Candidate, score: number, ranks: SearchHit['ranks']): SearchHit => ({
      chunk: candidate.chunk,
      paths: candidate.paths,
      score,
      ranks,
    });
    if (mode === 'fulltext') {
      const found = await this.#fulltext(query, k, where);
      return found.map((c, i) => hit(c, c.score, { fulltext: i + 1 }));
    }
    const found = queryVector === null ? [] : await this.#vector(queryVector, k, where);
    return found.map((c, i) => hit(c, c.score, { vector: i + 1 }));
  }

  /**
   * Deletes chunks and pages whose document row is missing: what a write interrupted by a crash leaves
   * (the documents row is written last). Returns how many documents' leftovers were removed.
   */
  async pruneIncomplete(): Promise<number> {
    // A reader sees the indexer's writes in progress as incomplete: they are not its to remove.
    if (this.readOnly) return 0;
    const complete = await this.listDocumentIds();
    const [chunkDocs, pageDocs] = await Promise.all([
      this.#tables.chunks.query().select(['documentId']).toArray() as Promise<Row[]>,
      this.#tables.pages.query().select(['documentId']).toArray() as Promise<Row[]>,
    ]);
    const leftovers = new Set<string>();
    for (const row of [...chunkDocs, ...pageDocs]) {
      const id = readString(row, 'documentId');
      if (!complete.has(documentId(id))) leftovers.add(id);
    }
    if (leftovers.size === 0) return 0;
    const ids = [...leftovers];
    await this.#deleteRows(this.#tables.chunks, 'documentId', sqlIn('documentId', ids));
    await this.#deleteRows(this.#tables.pages, 'documentId', sqlIn('documentId', ids));
    return ids.length;
  }

  async counts(): Promise<IndexCounts> {
    const { documents, pages, chunks, paths } = this.#tables;
    return {
      documents: await documents.countRows(),
      pages: await pages.countRows(),
      chunks: await chunks.countRows(),
      paths: await paths.countRows(),
    };
  }

  /**
   * Compacts every table and folds all waiting chunks into the full-text index. Worth calling when a
   * burst of writes ends (e.g. after a folder scan), so no query pays for a flat scan.
   */
  async optimize(): Promise<void> {
    this.#writable('compacting');
    await this.#vectorIndexBuild;
    for (const table of Object.values(this.#tables)) await table.optimize();
    this.#commits = 0;
  }

  /**
   * Builds the ANN index on the chunks' vectors once they number at least `vectorIndexMinRows` (see
   * {@link buildVectorIndex}); resolves true when the index exists. Below the threshold, without an
   * embedding model, or once the index exists (later {@link optimize} calls fold new rows into it) it
   * does nothing. Reads and writes go on meanwhile; only compactions of the chunks table wait for it.
   * Call it without awaiting to build in the background.
   */
  async ensureVectorIndex(
    options: { onProgress?: (progress: VectorIndexProgress) => void } = {},
  ): Promise<boolean> {
    if (this.#vectorIndexBuild !== null) return this.#vectorIndexBuild;
    const { chunks } = this.#tables;
    if (this.embedding === null) return false;
    if (await hasVectorIndex(chunks)) return true;
    if (this.readOnly) return false;
    const rows = await chunks.countRows();
    if (rows < this.#vectorIndexMinRows) return false;
    if (this.#vectorIndexBuild !== null) return this.#vectorIndexBuild;
    const build = buildVectorIndex(chunks, rows, options.onProgress).finally(() => {
      this.#vectorIndexBuild = null;
    });
    this.#vectorIndexBuild = build;
    return build;
  }

  /**
   * Compacts every table and removes every older version, so that no file of the index keeps a deleted
   * row (see {@link pruneTable}); the full-text index, when chunks were deleted, is built again from the
   * remaining chunks, so it keeps none of their words either. Call it once a change that removed
   * documents or paths is committed: a crash before it leaves old versions behind, which the next call
   * removes, and the current version always holds every document still indexed. Costs a rewrite of the
   * rows that shared a fragment with deleted ones (after compaction, often the whole table).
   */
  async prune(): Promise<void> {
    this.#writable('pruning');
    await this.#vectorIndexBuild;
    const { documents, pages, chunks, paths } = this.#tables;
    const remote = isRemoteIndex(this.#location.uri);
    const where = (name: string) => ({
      place: remote ? null : join(this.#location.uri, `${name}.lance`),
      known: [...(this.#deletedFragments.get(name) ?? [])],
    });
    await pruneTable(documents, ['id'], where(TABLES.documents));
    await pruneTable(paths, ['path'], where(TABLES.paths));
    await pruneTable(pages, ['documentId', 'page'], where(TABLES.pages));
    const chunksPruned = await pruneTable(chunks, ['id'], where(TABLES.chunks));
    this.#deletedFragments.clear();
    if (chunksPruned) {
      await chunks.createIndex(SEARCH_TEXT_COLUMN, {
        config: Index.fts(FTS_OPTIONS),
        name: FTS_INDEX_NAME,
        replace: true,
      });
      await dropOlderVersions(chunks);
    }
    this.#commits = 0;
  }

  /**
   * Deletes the rows of `table` that match `predicate`, remembering the fragments they were in
   * (what {@link prune} rewrites where it cannot list deletion files). Nothing matching, nothing written.
   */
  async #deleteRows(table: Table, column: string, predicate: string): Promise<void> {
    const rows: Row[] = await table.query().withRowId().where(predicate).select([column]).toArray();
    if (rows.length === 0) return;
    const known = this.#deletedFragments.get(table.name) ?? new Set<bigint>();
    for (const fragment of fragmentsOf(rows.map((row) => row._rowid as bigint | number))) known.add(fragment);
    this.#deletedFragments.set(table.name, known);
    await table.delete(predicate);
  }

  /** Counts a commit; every {@link OPTIMIZE_EVERY} commits the tables are compacted. */
  async #committed(count = 1): Promise<void> {
    this.#commits += count;
    // While the vector index builds, compaction waits for the end of the burst (an explicit optimize).
    if (this.#commits >= OPTIMIZE_EVERY && this.#vectorIndexBuild === null) await this.optimize();
  }

  async close(): Promise<void> {
    for (const table of Object.values(this.#tables)) if (table.isOpen()) table.close();
    if (this.#db.isOpen()) this.#db.close();
  }

  async #refreshFullTextIndex(threshold: number): Promise<void> {
    const stats = await this.#tables.chunks.indexStats(FTS_INDEX_NAME);
    if (stats === undefined) throw new CorruptIndexError(`The full-text index ${FTS_INDEX_NAME} is missing`);
    // While the vector index builds, waiting rows stay in the flat scan: writes never wait for the build.
    if (stats.numUnindexedRows >= threshold && this.#vectorIndexBuild === null) {
      await this.#tables.chunks.optimize();
    }
  }

  /**
   * The paths of these documents, sorted, by document (a document with none is absent). Every path is
   * read once per version of the paths table and kept: a search then costs a version check (reads see
   * other processes' commits, so the version is asked each time), not a read of every path.
   */
  async #pathsOf(ids: readonly string[]): Promise<Map<string, string[]>> {
    const version = await this.#tables.paths.version();
    if (this.#pathsCache?.version !== version) {
      const rows: Row[] = await this.#tables.paths
        .query()
        .where('`documentId` IS NOT NULL')
        .select(['path', 'documentId'])
        .toArray();
      const byDocument = new Map<string, string[]>();
      for (const row of rows) {
        const doc = readString(row, 'documentId');
        const list = byDocument.get(doc) ?? [];
        list.push(readString(row, 'path'));
        byDocument.set(doc, list);
      }
      for (const list of byDocument.values()) list.sort(compare);
      this.#pathsCache = { version, byDocument };
    }
    const all = this.#pathsCache.byDocument;
    return new Map(ids.flatMap((id) => (all.has(id) ? [[id, all.get(id) ?? []] as const] : [])));
  }

  async #fulltext(query: string, wanted: number, where: string | null): Promise<Candidate[]> {
    if (query.trim() === '') return [];
    // A match query is tokenized like the indexed text: quotes, colons, AND, * are plain characters.
    const match = new MatchQuery(withSearchTerms(query), SEARCH_TEXT_COLUMN);
    return rankedCandidates(
      (limit) => {
        const search = this.#tables.chunks.query().fullTextSearch(match);
        return (where === null ? search : search.where(where))
          .select([...CHUNK_COLUMNS, '_score'])
          .limit(limit)
          .toArray();
      },
      (row) => readNumber(row, '_score'),
      wanted,
      (ids) => this.#pathsOf(ids),
    );
  }

  async #vector(vector: Float32Array, wanted: number, where: string | null): Promise<Candidate[]> {
    return rankedCandidates(
      (limit) => {
        const search = withIndexOptions(
          this.#tables.chunks.vectorSearch(vector).column(VECTOR_COLUMN).distanceType('cosine'),
          limit,
        );
        // A filter runs before the nearest-neighbour search (LanceDB's default prefilter), so a narrow
        // scope still yields `limit` rows.
        return (where === null ? search : search.where(where))
          .select([...CHUNK_COLUMNS, '_distance'])
          .limit(limit)
          .toArray();
      },
      (row) => 1 - readNumber(row, '_distance'),
      wanted,
      (ids) => this.#pathsOf(ids),
    );
  }
}

/**
 * Runs a ranked query and keeps the rows whose document has a path (orphans are skipped), asking
 * for more rows while orphans leave fewer than `wanted` and the table may hold more.
 */
async function rankedCandidates(
  run: (limit: number) => Promise<Row[]>,
  scoreOf: (row: Row) => number,
  wanted: number,
  pathsOf: (documentIds: readonly string[]) => Promise<Map<string, string[]>>,
): Promise<Candidate[]> {
  for (let limit = wanted; ; limit *= 4) {
    const rows = await run(limit);
    const paths = await pathsOf([...new Set(rows.map((row) => readString(row, 'documentId')))]);
    const kept = rows.filter((row) => paths.has(readString(row, 'documentId')));
    if (kept.length >= wanted || rows.length < limit) {
      return kept.slice(0, wanted).map((row) => ({
        chunk: rowToChunk(row),
        score: scoreOf(row),
        paths: [...(paths.get(readString(row, 'documentId')) ?? [])],
      }));
    }
  }
}

/**
 * The SQL predicate of a document filter, run inside the index query: the shorter of the two lists
 * (documents in scope, or out of it) is the one written.
 */
function filterPredicate(filter: DocumentFilter): string {
  if ('include' in filter) return sqlIn('documentId', filter.include);
  return filter.exclude.length === 0 ? 'TRUE' : `NOT (${sqlIn('documentId', filter.exclude)})`;
}

/** Rows rewritten per commit when searchable text is brought up to date. */
const REWRITE_BATCH = 2048;

/**
 * Brings every chunk's searchable text up to the current rules (`searchTextOf`), rewriting only the rows
 * whose text changes (for an index in Latin script alone: none), in batches, then rebuilds the full-text
 * index over them.
 */
async function rewriteSearchText(chunks: Table): Promise<void> {
  const changed: Row[] = [];
  let rewritten = 0;
  const flush = async () => {
    if (changed.length === 0) return;
    await chunks.mergeInsert('id').whenMatchedUpdateAll().execute(changed.splice(0));
  };
  for await (const batch of chunks.query().select(['id', 'headingPath', 'text', SEARCH_TEXT_COLUMN])) {
    for (const row of batch.toArray() as Row[]) {
      const wanted = searchTextOf({
        headingPath: readStringList(row, 'headingPath'),
        text: readString(row, 'text'),
      });
      if (wanted === readString(row, SEARCH_TEXT_COLUMN)) continue;
      changed.push({ id: readString(row, 'id'), [SEARCH_TEXT_COLUMN]: wanted });
      rewritten++;
      if (changed.length >= REWRITE_BATCH) await flush();
    }
  }
  await flush();
  if (rewritten > 0) {
    await chunks.createIndex(SEARCH_TEXT_COLUMN, {
      config: Index.fts(FTS_OPTIONS),
      name: FTS_INDEX_NAME,
      replace: true,
    });
  }
}

/**
 * Creates the chunks' full-text index unless it exists. Another process (or another opener in this one,
 * e.g. a status read while the workspace is being opened) may be creating it at the same moment: LanceDB
 * then refuses the second commit as a conflict, which is fine once the index is there.
 */
async function ensureFullTextIndex(chunks: Table): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if ((await chunks.indexStats(FTS_INDEX_NAME)) !== undefined) return;
    try {
      await chunks.createIndex(SEARCH_TEXT_COLUMN, { config: Index.fts(FTS_OPTIONS), name: FTS_INDEX_NAME });
      return;
    } catch (error) {
      const conflict = error instanceof Error && /commit conflict/i.test(error.message);
      if (!conflict || attempt >= 3) throw error;
    }
  }
}

async function addMissingColumns(table: Table, wanted: Schema): Promise<void> {
  const missing = missingFields(await table.schema(), wanted);
  if (missing.length === 0) return;
  // As SQL (typed nulls): LanceDB's own copy of apache-arrow does not accept our `Field` objects.
  await table.addColumns(
    missing.map((field) => ({
      name: field.name,
      valueSql: `CAST(NULL AS ${DataType.isFloat(field.type) ? 'DOUBLE' : 'STRING'})`,
    })),
  );
}

async function openChunks(
  db: Connection,
  stored: EmbeddingInfo | null | undefined,
  requested: EmbeddingInfo | null,
  opened: Table[],
): Promise<{ table: Table; embedding: EmbeddingInfo | null }> {
  const exists = (await existingTables(db, [TABLES.chunks])).has(TABLES.chunks);
  const existing = exists ? await db.openTable(TABLES.chunks) : null;
  if (existing !== null) opened.push(existing);
  const rowCount = existing === null ? 0 : await existing.countRows();
  if (existing !== null && rowCount > 0) {
    if (stored === undefined || !sameEmbedding(stored, requested)) {
      throw new EmbeddingMismatchError(stored, requested);
    }
    if (vectorDimension(await existing.schema()) !== dimensionOf(stored)) {
      throw new CorruptIndexError(`The chunks table does not match the embedding model in quire-index.json`);
    }
    return { table: existing, embedding: stored };
  }
  if (existing !== null && vectorDimension(await existing.schema()) === dimensionOf(requested)) {
    return { table: existing, embedding: requested };
  }
  // Empty index: adopt the requested model, recreating the (empty) chunks table for its dimension.
  const table = await db.createEmptyTable(TABLES.chunks, chunksSchema(dimensionOf(requested)), {
    mode: existing === null ? 'create' : 'overwrite',
    existOk: true,
  });
  opened.push(table);
  return { table, embedding: requested };
}

/** Connects to an index's location; reads check for newer versions every time (interval 0). */
function connectTo(location: IndexLocation): Promise<Connection> {
  return connect(location.uri, {
    readConsistencyInterval: 0,
    ...(location.storageOptions ? { storageOptions: location.storageOptions } : {}),
  });
}

function rowToDocument(row: Row): StoredDocument {
  const email = readEmailHeaders(row);
  return {
    id: documentId(readString(row, 'id')),
    kind: readString(row, 'kind'),
    title: readNullableString(row, 'title'),
    pageCount: readNumber(row, 'pageCount'),
    chunkCount: readNumber(row, 'chunkCount'),
    indexedAt: readNumber(row, 'indexedAt'),
    ...(email ? { email } : {}),
    date: readDocumentDate(row),
    bates: readBatesRange(row),
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
