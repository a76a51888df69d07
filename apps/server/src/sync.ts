import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, sep } from 'node:path';
import {
  chunkId,
  type DocumentId,
  type DocumentRecord,
  documentId,
  LanceVectorStore,
  ReadOnlyIndexError,
  type StoredPath,
  type VectorIndexProgress,
} from '@quire/index';
import {
  batesRange,
  type DiscoveredFile,
  DocumentParseError,
  discoverFiles,
  isIgnoredPath,
  isSupportedPath,
  labelOfRange,
  type ParsedPage,
  ParsePoolError,
  type ParseResult,
  UNSUPPORTED_TYPE,
  unsupportedTypeMessage,
} from '@quire/ingest';
import { sha256OfFile } from '@quire/models';
import { attachmentPath, MAX_ATTACHMENT_DEPTH, rootOf } from './email-family.ts';
import { ERASED, ErasedDocuments, erasedMessage } from './erased-documents.ts';
import type { DocumentState, IngestEvent } from './ingest-events.ts';
import type { IngestLogEntry } from './ingest-log.ts';
import type { OpenWorkspace } from './open-workspace.ts';
import { type PageFactsReport, refreshPageFacts } from './page-facts.ts';

/** The `quire sync --json` shape (a public contract: add fields, never rename or remove). */
export interface SyncReport {
  indexed: number;
  unchanged: number;
  removed: number;
  failed: { path: string; code: string; message: string }[];
  /** Documents parsed and embedded in this run (a renamed or copied file is indexed without it). */
  embedded: number;
  /** Pages parsed in this run. */
  pages: number;
  /**
   * Present once, in the first full sync of an index read before page labels, Bates numbers and document
   * dates: how many documents were read again for them (without re-embedding) and how many could not be.
   */
  pageFacts?: PageFactsReport;
}

export interface SyncOptions {
  onEvent?: (event: IngestEvent) => void;
  /** Only look at these paths (files or folders; added, changed or gone). Default: every folder, in full. */
  paths?: readonly string[];
  /** Chunks gathered before one batched write to the index. Default 512. */
  batchChunks?: number;
  /** Files parsed ahead of the embedder. Default 2. */
  parseAhead?: number;
  /**
   * Told when the run starts building the vector index (past `VECTOR_INDEX_MIN_ROWS` chunks, in the
   * background after the run: `start`), and when that build ends (`done` or `failed`).
   */
  onVectorIndex?: (progress: VectorIndexProgress) => void;
}

/** Chunks of a document given to the embedder at once: `embedding` events report progress between them. */
const EMBED_SLICE = 64;
/** The least time between two progress events of one document (the last is always sent). */
const PROGRESS_INTERVAL_MS = 100;

/** Text given to the embedder for a chunk: its heading path gives the passage context. */
export function embeddingText(headingPath: readonly string[], text: string): string {
  return headingPath.length > 0 ? `${headingPath.join(' > ')}\n${text}` : text;
}

function failure(path: string, error: unknown): { code: string; message: string } {
  if (error instanceof DocumentParseError) return { code: error.code, message: error.message };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EISDIR' || code === 'EIO' || code === 'ENOENT') {
    return { code: 'unreadable', message: `Cannot read ${path} (${code})` };
  }
  return {
    code: 'corrupt',
    message: `Could not read the document: ${String((error as Error)?.message ?? error)}`,
  };
}

const inside = (path: string, root: string) =>
  path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * The files among `paths` (a folder stands for every file under it), as they are now: supported ones and
 * those to list as `unsupported-type`; hidden, lock and temporary files are left out.
 */
async function filesAt(paths: readonly string[], folders: readonly string[]): Promise<DiscoveredFile[]> {
  const found = new Map<string, DiscoveredFile>();
  for (const path of paths) {
    if (!folders.some((folder) => inside(path, folder))) continue;
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory())
      for (const file of await discoverFiles([path], { includeUnsupported: true }))
        found.set(file.path, file);
    else if (info?.isFile() && !isIgnoredPath(path))
      found.set(path, { path, size: info.size, mtimeMs: info.mtimeMs });
  }
  return [...found.values()];
}

/**
 * Brings the workspace index in line with its folders: new and changed files are parsed, chunked,
 * embedded and written in batches; unchanged files (same size and modification time, or same content)
 * cost nothing; a renamed, moved or copied file keeps its document (no re-parsing, no re-embedding);
 * deleted files leave the index. One bad file never stops the sync: it is reported with a stable code.
 * A file of a kind Quire does not read is reported too (`unsupported-type`, never parsed), recorded by
 * size and modification time like a failed file, so a later sync reads it once Quire supports its kind.
 *
 * A full sync (no `paths`) also removes what an interrupted write left behind and documents no path
 * refers to any more, so after a crash the next full sync converges to exactly the folders' content.
 */
export function syncWorkspace(ws: OpenWorkspace, options: SyncOptions = {}): Promise<SyncReport> {
  return ws.exclusive(async () => {
    const started = Date.now();
    const report = await new SyncRun(ws, options).run();
    // Once the index matches the folders, documents read before page labels get them (once per index).
    if (!options.paths) {
      const facts = await refreshPageFacts(ws, started);
      if (facts.refreshed + facts.skipped > 0) report.pageFacts = facts;
    }
    return report;
  });
}

type Outcome = 'indexed' | 'unchanged' | 'failed';

/**
 * A file to read, or an attachment of an email read in this run: its bytes (`data`), the path of the
 * email it came with (`parent`) and how deep it lies (1 for an attachment of an email file).
 */
interface WorkItem extends DiscoveredFile {
  parent?: string;
  data?: Uint8Array;
  depth?: number;
  /** An unchanged email read again because attachments of it lost their document. */
  reread?: boolean;
}

interface Prepared {
  file: WorkItem;
  id: DocumentId | null;
  parsed?: ParseResult;
  /** `parsed` is an email already indexed, read again only for its attachments. */
  linked?: boolean;
  error?: { code: string; message: string };
}

class SyncRun {
  private readonly report: SyncReport = {
    indexed: 0,
    unchanged: 0,
    removed: 0,
    failed: [],
    embedded: 0,
    pages: 0,
  };
  private readonly workspace: string;
  private pending: {
    records: DocumentRecord[];
    /** Attachment paths of an email read again, deleted before `paths` are written. */
    deletes: string[];
    paths: StoredPath[];
    log: IngestLogEntry[];
    chunks: number;
  } = { records: [], deletes: [], paths: [], log: [], chunks: 0 };
  /**
   * The attachment rows below each email path as this run leaves them so far (stored at its start, then
   * updated as it goes), so a family is found without scanning every path.
   */
  private attachments = new Map<string, StoredPath[]>();
  /** Attachment paths deleted because their email was read again, and not recorded again (yet). */
  private readonly dropped = new Set<string>();
  /** The kind of every document indexed (`email` documents are read again when linked). */
  private kinds = new Map<DocumentId, string>();
  /** Contents erased from the workspace (`quire erase`), by hash, with the date: never read again. */
  private erased = new Map<string, string>();
  private total = 0;
  private done = 0;
  private readonly started = Date.now();

  constructor(
    private readonly ws: OpenWorkspace,
    private readonly options: SyncOptions,
  ) {
    this.workspace = ws.settings.slug;
  }

  async run(): Promise<SyncReport> {
    const { store, settings } = this.ws;
    // A reader of a shared index never indexes: the machine that writes it does.
    if (store.readOnly) throw new ReadOnlyIndexError('indexing');
    const full = !this.options.paths;
    const leftovers = full ? await store.pruneIncomplete() : 0;
    const files = full
      ? await discoverFiles(settings.folders, { includeUnsupported: true })
      : await filesAt(this.options.paths ?? [], settings.folders);
    const known = new Map((await store.listPaths()).map((p) => [p.path, p]));
    this.attachments = new Map();
    for (const row of known.values()) if (row.parent) this.noteAttachment(row);
    const stored = await store.listDocuments();
    this.kinds = new Map(stored.map((d) => [d.id, d.kind]));
    const documents = new Set(stored.map((d) => d.id));
    this.erased = await new ErasedDocuments(this.ws.dir).read();
    if (full) await rm(this.scratchDir, { recursive: true, force: true });
    this.total = files.length;

    const work: WorkItem[] = [];
    for (const file of files) {
      const previous = known.get(file.path);
      const supported = isSupportedPath(file.path);
      if (previous && previous.size === file.size && previous.mtimeMs === file.mtimeMs) {
        // A file recorded as unsupported-type is read once Quire supports its kind (after an upgrade).
        if (previous.errorCode && !(supported && previous.errorCode === UNSUPPORTED_TYPE)) {
          this.finish(file.path, 'failed', {
            code: previous.errorCode,
            message: previous.errorMessage ?? '',
          });
          continue;
        }
        if (previous.documentId && documents.has(previous.documentId)) {
          // An email some of whose attachments lost their document (re-indexed) is read again for them.
          if (!this.attachmentsMissing(file.path, documents)) {
            this.finish(file.path, 'unchanged');
            continue;
          }
          work.push({ ...file, reread: true });
          this.emitState(file.path, 'queued');
          continue;
        }
      }
      if (!supported) {
        this.fail(file, { code: UNSUPPORTED_TYPE, message: unsupportedTypeMessage(file.path) });
        continue;
      }
      work.push(file);
      this.emitState(file.path, 'queued');
    }

    await this.process(work, known, documents);
    await this.flush();
    // Attachments an email read again no longer holds.
    if (this.dropped.size > 0) {
      await this.ws.ingestLog.append([...this.dropped].map((path) => ({ event: 'removed' as const, path })));
      for (const path of this.dropped) this.emitState(path, 'removed');
    }

    const present = new Set(files.map((f) => f.path));
    // A full sync removes every path not in the folders now (also those of a detached folder); an
    // attachment goes with the file it came in.
    const scope = this.options.paths ?? null;
    const gone = [...known.keys()].filter((path) => {
      const file = rootOf(path, known);
      return !present.has(file) && (scope === null || scope.some((root) => inside(file, root)));
    });
    if (gone.length > 0) {
      await store.deletePaths(gone);
      await this.ws.ingestLog.append(gone.map((path) => ({ event: 'removed', path })));
      for (const path of gone) this.emitState(path, 'removed');
    }
    this.report.removed = gone.filter((path) => known.get(path)?.documentId).length;

    let orphans: DocumentId[] = [];
    if (full) {
      const referenced = new Set(
        (await store.listPaths()).map((p) => p.documentId).filter((id) => id !== null),
      );
      orphans = [...(await store.listDocumentIds())].filter((id) => !referenced.has(id));
      if (orphans.length > 0) await store.deleteDocuments(orphans);
    }
    // What left the index (a file's document or its path) is pruned from every file of it once the new
    // state is committed. A full sync always prunes (without removals, about the cost of a compaction): a
    // crash before the prune leaves older versions holding it, which the next full sync removes.
    const removed = gone.length > 0 || orphans.length > 0 || leftovers > 0 || this.dropped.size > 0;
    if (full || removed) await store.prune();
    else if (this.report.embedded > 0) await store.optimize();
    // Past VECTOR_INDEX_MIN_ROWS chunks the ANN index is built in the background (below it: nothing). A
    // failure leaves searches on the exact flat scan; the next sync tries again.
    if (store instanceof LanceVectorStore)
      store.ensureVectorIndex({ onProgress: this.options.onVectorIndex }).catch(() => undefined);
    this.emitProgress(true);
    return this.report;
  }

  /** Where an attachment is written for the parser to read, and deleted once read (inside the workspace). */
  private get scratchDir(): string {
    return join(this.ws.dir, 'attachments-tmp');
  }

  /**
   * Parses up to `parseAhead` files ahead of the embedder, which takes them in order. An email's
   * attachments join `work` just after it, so a family is written at about the same time.
   */
  private async process(work: WorkItem[], known: Map<string, StoredPath>, documents: Set<DocumentId>) {
    const ahead = Math.max(1, this.options.parseAhead ?? 2);
    const inFlight: Promise<Prepared>[] = [];
    let next = 0;
    const startNext = () => {
      const file = work[next];
      if (!file) return;
      next++;
      const prepared = this.prepare(file, known.get(file.path), documents);
      prepared.catch(() => undefined); // awaited in order below; this only marks the rejection handled
      inFlight.push(prepared);
    };
    for (let i = 0; i < ahead; i++) startNext();
    while (inFlight.length > 0) {
      const prepared = await (inFlight.shift() as Promise<Prepared>);
      startNext();
      const children = await this.commit(prepared, known.get(prepared.file.path), documents);
      if (children.length > 0) {
        work.splice(next, 0, ...children);
        this.total += children.length;
      }
      // (Attachments join the work after the file already being read ahead.)
      while (inFlight.length < ahead && next < work.length) startNext();
      if (this.pending.chunks >= (this.options.batchChunks ?? 512)) await this.flush();
    }
  }

  private async prepare(
    file: WorkItem,
    previous: StoredPath | undefined,
    documents: Set<DocumentId>,
  ): Promise<Prepared> {
    let id: DocumentId;
    try {
      id = documentId(
        file.data ? createHash('sha256').update(file.data).digest('hex') : await sha256OfFile(file.path),
      );
    } catch (error) {
      return { file, id: null, error: failure(file.path, error) };
    }
    const erasedAt = this.erased.get(id);
    if (erasedAt) return { file, id: null, error: { code: ERASED, message: erasedMessage(erasedAt) } };
    // An email already indexed is read again for its attachments, unless it is a file only touched.
    const linked = documents.has(id);
    const intact = !file.parent && previous?.documentId === id && !file.reread;
    if (linked && (this.kinds.get(id) !== 'email' || intact)) return { file, id };
    this.emitState(file.path, 'parsing');
    // An attachment is read from a copy in the workspace's scratch folder, deleted once read.
    const scratch = file.data ? join(this.scratchDir, `${randomUUID()}-${basename(file.path)}`) : null;
    try {
      if (scratch && file.data) {
        await mkdir(this.scratchDir, { recursive: true });
        await writeFile(scratch, file.data);
      }
      const parsed = await this.ws.parser.parse(scratch ?? file.path, {
        chunking: this.ws.settings.chunking,
        ocr: this.ws.settings.ocr,
        onOcrProgress: ({ done, total }) => this.emitState(file.path, 'parsing', { ocr: { done, total } }),
        onPageProgress: ({ done, total }) => this.emitState(file.path, 'parsing', { parse: { done, total } }),
      });
      if (linked) return { file, id, parsed, linked };
      if (parsed.chunks.length === 0)
        throw new DocumentParseError('no-text', 'The document has no extractable text');
      return { file, id, parsed };
    } catch (error) {
      // The pool closing or the sync being stopped says nothing about the file: the sync itself stops.
      if (error instanceof ParsePoolError || (error instanceof Error && error.name === 'AbortError'))
        throw error;
      return { file, id: null, error: failure(file.path, error) };
    } finally {
      if (scratch) await rm(scratch, { force: true });
    }
  }

  /** Records a file that failed (by its size and modification time), logs it and reports it. */
  private fail(file: WorkItem, error: { code: string; message: string }): void {
    this.record({
      path: file.path,
      documentId: null,
      size: file.size,
      mtimeMs: file.mtimeMs,
      errorCode: error.code,
      errorMessage: error.message,
      parent: file.parent ?? null,
    });
    this.pending.log.push({ event: 'failed', path: file.path, code: error.code, message: error.message });
    this.finish(file.path, 'failed', error);
  }

  /** Queues a path row to be written, and notes it as this run's current row. */
  private record(row: StoredPath): void {
    this.pending.paths.push(row);
    if (row.parent) this.noteAttachment(row);
    this.dropped.delete(row.path);
  }

  private noteAttachment(row: StoredPath): void {
    const parent = row.parent as string;
    const siblings = (this.attachments.get(parent) ?? []).filter((r) => r.path !== row.path);
    this.attachments.set(parent, [...siblings, row]);
  }

  /** Every attachment row below the email at `path` (its attachments, and theirs). */
  private below(path: string): StoredPath[] {
    return (this.attachments.get(path) ?? []).flatMap((row) => [row, ...this.below(row.path)]);
  }

  /**
   * Queues the deletion of every attachment path recorded below the email at `path` (it is read again, or
   * the path now holds other content): those it still has are recorded again as they are read.
   */
  private dropAttachmentsOf(path: string): void {
    for (const { path: below } of this.below(path)) {
      this.pending.deletes.push(below);
      this.dropped.add(below);
      this.attachments.delete(below);
    }
    this.attachments.delete(path);
  }

  /**
   * Records a path whose content is a document already indexed (a file touched, renamed, moved or copied,
   * an attachment met before). An email is read again (`parsed`, not embedded) for its attachments,
   * unless it is a file only touched, whose attachment paths stand.
   */
  private link(file: WorkItem, id: DocumentId, previous: StoredPath | undefined, parsed?: ParseResult) {
    const unchanged = previous?.documentId === id;
    if (parsed || !unchanged) this.dropAttachmentsOf(file.path);
    this.record(this.pathRow(file, id, null));
    if (!unchanged) this.pending.log.push({ event: 'linked', path: file.path, documentId: id });
    this.finish(file.path, unchanged ? 'unchanged' : 'indexed', undefined, id);
    return parsed ? this.attachmentsOf(file, parsed) : [];
  }

  /** Whether an attachment recorded below the email at `path` names a document the index lacks. */
  private attachmentsMissing(path: string, documents: ReadonlySet<DocumentId>): boolean {
    return this.below(path).some((row) => row.documentId !== null && !documents.has(row.documentId));
  }

  private pathRow(
    file: WorkItem,
    documentId: DocumentId | null,
    err: { code: string; message: string } | null,
  ): StoredPath {
    return {
      path: file.path,
      documentId,
      size: file.size,
      mtimeMs: file.mtimeMs,
      errorCode: err?.code ?? null,
      errorMessage: err?.message ?? null,
      parent: file.parent ?? null,
    };
  }

  /**
   * The attachments of an email just read, as work to do next: each under its own path below the email,
   * those that cannot be read (encrypted, of a kind Quire does not read, nested too deep) recorded as
   * failed at once.
   */
  private attachmentsOf(file: WorkItem, parsed: ParseResult): WorkItem[] {
    const depth = (file.depth ?? 0) + 1;
    const work: WorkItem[] = [];
    for (const [i, attachment] of (parsed.document.attachments ?? []).entries()) {
      const child: WorkItem = {
        path: attachmentPath(file.path, i + 1, attachment.name),
        size: attachment.size,
        mtimeMs: file.mtimeMs,
        parent: file.path,
        depth,
      };
      if (attachment.error || !attachment.data) {
        this.fail(child, attachment.error ?? { code: 'corrupt', message: 'The attachment has no content' });
      } else if (!isSupportedPath(child.path)) {
        this.fail(child, { code: UNSUPPORTED_TYPE, message: unsupportedTypeMessage(child.path) });
      } else if (depth > MAX_ATTACHMENT_DEPTH) {
        this.fail(child, {
          code: 'too-large',
          message: `An attachment nested more than ${MAX_ATTACHMENT_DEPTH} messages deep is not read`,
        });
      } else {
        work.push({ ...child, data: attachment.data });
        this.emitState(child.path, 'queued');
      }
    }
    return work;
  }

  /** Writes what `prepared` holds; returns the attachments of an email to read next. */
  private async commit(
    prepared: Prepared,
    previous: StoredPath | undefined,
    documents: Set<DocumentId>,
  ): Promise<WorkItem[]> {
    const { file, id, parsed, error } = prepared;
    if (error || !id) {
      this.dropAttachmentsOf(file.path);
      this.fail(file, error ?? { code: 'corrupt', message: 'Unknown failure' });
      return [];
    }
    if (!parsed || documents.has(id) || prepared.linked) {
      // Same content as a document already indexed (touched, renamed, moved or copied), or as a file
      // parsed just before it in this run (identical copies in one folder): only the path is recorded.
      // An email's attachments are recorded below each of its paths.
      return this.link(file, id, previous, parsed?.document.kind === 'email' ? parsed : undefined);
    }
    this.dropAttachmentsOf(file.path);
    const { document, chunks } = parsed;
    const vectors = await this.embed(file.path, id, document.pages.length, chunks);
    this.pending.records.push({
      document: {
        id,
        kind: document.kind,
        title: document.title,
        pageCount: document.pages.length,
        chunkCount: chunks.length,
        indexedAt: Date.now(),
        email: document.email ?? null,
        date: document.date ?? null,
        bates: batesRange(document.pages),
      },
      pages: document.pages.map((p) => ({
        documentId: id,
        page: p.page,
        text: p.text,
        ...(p.source === 'ocr' && p.ocr
          ? { source: 'ocr' as const, confidence: p.ocr.confidence, words: p.ocr.words }
          : {}),
        ...(p.quality === undefined ? {} : { quality: p.quality }),
        ...(p.label === undefined ? {} : { label: p.label }),
        ...(p.labelSource === undefined ? {} : { labelSource: p.labelSource }),
        ...(p.labelMarks === undefined ? {} : { labelMarks: p.labelMarks }),
        ...(p.bates === undefined ? {} : { bates: p.bates }),
      })),
      chunks: chunks.map((c) => {
        const page = document.pages[c.page - 1];
        return {
          id: chunkId(id, c.ordinal),
          documentId: id,
          ordinal: c.ordinal,
          page: c.page,
          headingPath: c.headingPath,
          start: c.start,
          end: c.end,
          text: c.text,
          tokenCount: c.tokenCount,
          ...(page?.source === 'ocr' && page.ocr
            ? { source: 'ocr' as const, confidence: page.ocr.confidence }
            : {}),
          ...chunkLabels(page, c.start, c.end),
        };
      }),
      vectors,
    });
    this.record(this.pathRow(file, id, null));
    this.pending.log.push({
      event: 'embedded',
      path: file.path,
      documentId: id,
      pages: document.pages.length,
      chunks: chunks.length,
    });
    this.pending.chunks += chunks.length;
    documents.add(id);
    this.kinds.set(id, document.kind);
    this.report.embedded++;
    this.report.pages += document.pages.length;
    this.finish(file.path, 'indexed', undefined, id, document.pages.length);
    return this.attachmentsOf(file, parsed);
  }

  /**
   * The vectors of a document's chunks (null without an embedding model), embedded in slices of
   * {@link EMBED_SLICE} so that `embedding` events can say how many are done: from 0, then after a slice
   * at most every {@link PROGRESS_INTERVAL_MS}, and after the last. Each text is embedded on its own, so
   * the vectors are those of one call with every chunk.
   */
  private async embed(
    path: string,
    id: DocumentId,
    pages: number,
    chunks: readonly { headingPath: string[]; text: string }[],
  ): Promise<Float32Array[] | null> {
    const embedder = this.ws.embedder;
    const total = chunks.length;
    const progress = (done: number) =>
      this.emitState(path, 'embedding', {
        documentId: id,
        pages,
        ...(embedder ? { embed: { done, total } } : {}),
      });
    progress(0);
    if (!embedder) return null;
    const texts = chunks.map((c) => embeddingText(c.headingPath, c.text));
    const vectors: Float32Array[] = [];
    let reported = performance.now();
    for (let start = 0; start < total; start += EMBED_SLICE) {
      vectors.push(...(await embedder.embed(texts.slice(start, start + EMBED_SLICE), 'document')));
      const now = performance.now();
      if (vectors.length === total || now - reported >= PROGRESS_INTERVAL_MS) {
        reported = now;
        progress(vectors.length);
      }
    }
    return vectors;
  }

  /** Writes the gathered documents (chunks and pages first, documents, then paths) and logs them. */
  private async flush(): Promise<void> {
    const { records, deletes, paths, log } = this.pending;
    this.pending = { records: [], deletes: [], paths: [], log: [], chunks: 0 };
    if (records.length > 0) await this.ws.store.addDocuments(records);
    const rewritten = new Set(paths.map((row) => row.path));
    const dropped = deletes.filter((path) => !rewritten.has(path));
    if (dropped.length > 0) await this.ws.store.deletePaths(dropped);
    if (paths.length > 0) await this.ws.store.upsertPaths(paths);
    if (log.length > 0) await this.ws.ingestLog.append(log);
  }

  private finish(
    path: string,
    outcome: Outcome,
    error?: { code: string; message: string },
    id?: DocumentId,
    pages?: number,
  ): void {
    if (outcome === 'failed' && error) this.report.failed.push({ path, ...error });
    else if (outcome !== 'failed') this.report[outcome]++;
    this.done++;
    this.emitState(path, outcome === 'unchanged' ? 'indexed' : outcome, { documentId: id, pages, error });
    this.emitProgress(false);
  }

  private emitState(
    path: string,
    state: DocumentState,
    extra: {
      documentId?: string;
      pages?: number;
      error?: { code: string; message: string };
      ocr?: { done: number; total: number };
      parse?: { done: number; total: number };
      embed?: { done: number; total: number };
    } = {},
  ): void {
    this.options.onEvent?.({ type: 'document', workspace: this.workspace, path, state, ...extra });
  }

  private emitProgress(finished: boolean): void {
    const elapsed = (Date.now() - this.started) / 1000;
    const rate = this.done / Math.max(elapsed, 1e-3);
    const remaining = this.total - this.done;
    this.options.onEvent?.({
      type: 'progress',
      workspace: this.workspace,
      total: this.total,
      done: this.done,
      pages: this.report.pages,
      etaSeconds: this.done > 0 && elapsed > 1 ? remaining / rate : null,
      finished,
    });
  }
}

/** The printed label and Bates number of a chunk's text, from its page. */
function chunkLabels(
  page: ParsedPage | undefined,
  start: number,
  end: number,
): { pageLabel?: string; bates?: string } {
  if (!page) return {};
  const pageLabel = labelOfRange(page, start, end);
  return {
    ...(pageLabel === null ? {} : { pageLabel }),
    ...(page.bates === undefined ? {} : { bates: page.bates }),
  };
}
