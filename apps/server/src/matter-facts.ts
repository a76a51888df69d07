// What the whole-matter views need of each document, computed once per document after it is indexed and
// kept beside the index: its dated statements (the chronology's events), its MinHash signature (versions),
// its extractive summary and the parties it names. Documents are content-addressed, so a document's facts
// never go stale; a document that leaves the index takes its facts with it. The server computes missing
// facts in the background after every sync; the CLI's views compute what is missing before answering.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentId, StoredDocument, VectorStore } from '@quire/index';
import type { Generator } from '@quire/inference';
import {
  type DocumentEvent,
  documentEvents,
  documentParties,
  documentSignature,
  extractiveSummary,
  type GeneratedSummary,
  generateDocumentSummary,
  type Signature,
  type SummarySentence,
  summarizeEvents,
} from '@quire/matter';
import type { OpenWorkspace } from './open-workspace.ts';

/** Bumped when what is computed changes: facts of an older version are computed again. */
export const MATTER_FACTS_VERSION = 1;

export interface DocumentFacts {
  version: number;
  documentId: string;
  events: DocumentEvent[];
  signature: { values: number[]; shingles: number };
  summary: SummarySentence[];
  parties: string[];
}

/** What the chat model wrote of a document: its summary (null: none verified) and a one-line summary of
 *  each of its events (aligned with `DocumentFacts.events`, null where none was accepted). */
export interface GeneratedFacts {
  version: number;
  documentId: string;
  modelId: string;
  /** Absent: not written yet; null: the model wrote none that could be verified. */
  summary?: GeneratedSummary | null;
  /** Null: not written yet. */
  events: (string | null)[] | null;
}

export interface MatterFactsReport {
  computed: number;
  removed: number;
  failed: number;
  /** Documents the chat model summarised in this run. */
  generated: number;
}

export interface UpdateOptions {
  /** Called after each document whose facts were computed. */
  onDocument?: (done: number, total: number) => void;
  /** What the chat model (if one is configured) writes too. Default: document summaries and events. */
  generate?: Generate;
}

/** What the chat model writes: document summaries (the overview), one-line event summaries (the timeline). */
export interface Generate {
  summaries?: boolean;
  events?: boolean;
}

/** The date "yesterday" is counted from: the document's own date, else an email's sent date. */
export function documentDay(doc: StoredDocument): string | null {
  return doc.date?.value ?? doc.email?.date?.slice(0, 10) ?? null;
}

export function signatureOf(facts: DocumentFacts): Signature {
  return { values: Uint32Array.from(facts.signature.values), shingles: facts.signature.shingles };
}

/** Computes one document's facts from its stored pages. */
export async function computeFacts(store: VectorStore, doc: StoredDocument): Promise<DocumentFacts | null> {
  const [record] = await store.readDocuments([doc.id]);
  if (!record) return null;
  const pages = record.pages.map((p) => ({ page: p.page, text: p.text }));
  const signature = documentSignature(pages.map((p) => p.text).join('\n'));
  return {
    version: MATTER_FACTS_VERSION,
    documentId: doc.id,
    events: documentEvents(pages, documentDay(doc)),
    signature: { values: [...signature.values], shingles: signature.shingles },
    summary: extractiveSummary(pages),
    parties: doc.kind === 'email' ? [] : documentParties(pages),
  };
}

/** One workspace's document facts, in `<workspace>/matter/<document id>.json`. */
export class MatterFacts {
  readonly dir: string;
  private running: Promise<MatterFactsReport> | null = null;
  private again = false;
  private readonly cache = new Map<string, DocumentFacts>();

  constructor(workspaceDir: string) {
    this.dir = join(workspaceDir, 'matter');
  }

  /** The facts of a document, or null when they are not computed (yet). */
  async read(id: string): Promise<DocumentFacts | null> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const text = await readFile(this.file(id), 'utf8').catch(() => null);
    if (text === null) return null;
    try {
      const facts = JSON.parse(text) as DocumentFacts;
      if (facts.version !== MATTER_FACTS_VERSION || facts.documentId !== id) return null;
      this.cache.set(id, facts);
      return facts;
    } catch {
      return null; // a half-written file from a crash: computed again
    }
  }

  /** What `modelId` wrote of a document, or null when it has not (yet). */
  async readGenerated(id: string, modelId: string): Promise<GeneratedFacts | null> {
    const text = await readFile(this.file(id, modelTag(modelId)), 'utf8').catch(() => null);
    if (text === null) return null;
    try {
      const facts = JSON.parse(text) as GeneratedFacts;
      return facts.version === MATTER_FACTS_VERSION && facts.modelId === modelId ? facts : null;
    } catch {
      return null;
    }
  }

  /** Of `documents`, those whose facts are not computed yet. */
  async missing(documents: readonly StoredDocument[]): Promise<StoredDocument[]> {
    const have = new Set(await this.listIds());
    const out: StoredDocument[] = [];
    for (const doc of documents) {
      if (!have.has(doc.id) || (await this.read(doc.id)) === null) out.push(doc);
    }
    return out;
  }

  /**
   * Computes the facts of every indexed document that lacks them (one document at a time, so memory stays
   * that of one document) and removes those of documents no longer indexed. Runs once at a time: a call
   * while one runs is served by that run and one more after it.
   */
  update(ws: OpenWorkspace, options: UpdateOptions = {}): Promise<MatterFactsReport> {
    if (this.running) {
      this.again = true;
      return this.running.then(() => this.update(ws, options));
    }
    const run = this.run(ws, options).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.update(ws).catch(() => undefined);
      }
    });
    this.running = run;
    return run;
  }

  /**
   * Removes a document's facts (its files and what is cached) at once, as `quire erase` needs; a run under
   * way that read the document before it left the index is followed by one that removes what it wrote.
   */
  async forget(id: string): Promise<void> {
    this.cache.delete(id);
    for (const name of await readdir(this.dir).catch(() => [] as string[]))
      if (name.startsWith(`${id}.`)) await rm(join(this.dir, name), { force: true });
    if (this.running) this.again = true;
  }

  /** Whether a background update is running. */
  get busy(): boolean {
    return this.running !== null;
  }

  private async run(
    ws: OpenWorkspace,
    { onDocument, generate = { summaries: true, events: true } }: UpdateOptions,
  ): Promise<MatterFactsReport> {
    const report: MatterFactsReport = { computed: 0, removed: 0, failed: 0, generated: 0 };
    const documents = await ws.withIndex((store) => store.listDocuments());
    const live = new Set<string>(documents.map((d) => d.id));
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const id = /^([0-9a-f]{64})(?:\.[0-9a-f]{16})?\.json$/.exec(name)?.[1];
      if (id === undefined || live.has(id)) continue;
      await rm(join(this.dir, name), { force: true });
      this.cache.delete(id);
      if (name === `${id}.json`) report.removed++;
    }
    const todo = await this.missing(documents);
    if (todo.length > 0) await mkdir(this.dir, { recursive: true });
    let done = 0;
    for (const doc of todo) {
      try {
        const facts = await ws.withIndex((store) => computeFacts(store, doc));
        if (facts) {
          await this.write(facts);
          report.computed++;
        }
      } catch {
        report.failed++; // its pages could not be read now (the document is being replaced): next run
      }
      onDocument?.(++done, todo.length);
    }
    await this.generate(ws, documents, generate, report);
    return report;
  }

  /**
   * With a chat model, each document's summary and its events' one-line summaries (those `what` asks for)
   * are written by it, once per document and model, after every document has its facts (the views never
   * wait for it). Without one this does nothing.
   */
  private async generate(
    ws: OpenWorkspace,
    documents: readonly StoredDocument[],
    what: Generate,
    report: MatterFactsReport,
  ): Promise<void> {
    if (!ws.hasChatModel || !(what.summaries || what.events)) return;
    const generator = await ws.generator().catch(() => null);
    if (!generator) return;
    for (const doc of documents) {
      const facts = await this.read(doc.id);
      if (!facts) continue;
      const had = await this.readGenerated(doc.id, generator.modelId);
      const needSummary = Boolean(what.summaries) && had?.summary === undefined;
      const needEvents = Boolean(what.events) && (had?.events ?? null) === null && facts.events.length > 0;
      if (!needSummary && !needEvents) continue;
      const summary = needSummary ? await this.summarise(ws, doc, generator) : had?.summary;
      const events = needEvents
        ? await summarizeEvents(
            facts.events.map((e) => ({
              date: e.date,
              text: e.quote,
              ...(doc.title ? { context: doc.title } : {}),
            })),
            generator,
          )
        : (had?.events ?? null);
      const generated: GeneratedFacts = {
        version: MATTER_FACTS_VERSION,
        documentId: doc.id,
        modelId: generator.modelId,
        ...(summary === undefined ? {} : { summary }),
        events,
      };
      await this.writeFile(this.file(doc.id, modelTag(generator.modelId)), generated);
      report.generated++;
    }
  }

  private async summarise(
    ws: OpenWorkspace,
    doc: StoredDocument,
    generator: Generator,
  ): Promise<GeneratedSummary | null> {
    const [record] = await ws.withIndex((store) => store.readDocuments([doc.id]));
    if (!record) return null;
    return generateDocumentSummary(
      {
        title: doc.title,
        kind: doc.kind,
        pages: record.pages.map((p) => ({ page: p.page, text: p.text })),
        chunks: record.chunks.map((c) => ({
          page: c.page,
          start: c.start,
          end: c.end,
          text: c.text,
          headingPath: c.headingPath,
        })),
      },
      generator,
    );
  }

  private async write(facts: DocumentFacts): Promise<void> {
    await this.writeFile(this.file(facts.documentId), facts);
    this.cache.set(facts.documentId, facts);
  }

  private async writeFile(file: string, value: unknown): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, JSON.stringify(value));
    await rename(temp, file);
  }

  private async listIds(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.filter((n) => /^[0-9a-f]{64}\.json$/.test(n)).map((n) => n.slice(0, -5));
  }

  private file(id: DocumentId | string, tag?: string): string {
    return join(this.dir, tag ? `${id}.${tag}.json` : `${id}.json`);
  }
}

/** A chat model's files are told apart by the start of its file's hash. */
const modelTag = (modelId: string) => modelId.slice(0, 16);

const byWorkspace = new WeakMap<OpenWorkspace, MatterFacts>();

/** The matter facts of an open workspace (one instance per open workspace). */
export function matterFactsOf(ws: OpenWorkspace): MatterFacts {
  let facts = byWorkspace.get(ws);
  if (!facts) {
    facts = new MatterFacts(ws.dir);
    byWorkspace.set(ws, facts);
  }
  return facts;
}
