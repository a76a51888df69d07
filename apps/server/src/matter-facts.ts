// What the whole-matter views need of each document, computed once per document after it is indexed and
// kept beside the index: its dated statements (the chronology's events), its MinHash signature (versions),
// its extractive summary and the parties it names. Documents are content-addressed, so a document's facts
// never go stale; a document that leaves the index takes its facts with it. The server computes missing
// facts in the background after every sync; the CLI's views compute what is missing before answering.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentId, StoredDocument, VectorStore } from '@quire/index';
import {
  type DocumentEvent,
  documentEvents,
  documentParties,
  documentSignature,
  extractiveSummary,
  type Signature,
  type SummarySentence,
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

export interface MatterFactsReport {
  computed: number;
  removed: number;
  failed: number;
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
  update(ws: OpenWorkspace, onDocument?: (done: number, total: number) => void): Promise<MatterFactsReport> {
    if (this.running) {
      this.again = true;
      return this.running.then(() => this.update(ws, onDocument));
    }
    const run = this.run(ws, onDocument).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.update(ws).catch(() => undefined);
      }
    });
    this.running = run;
    return run;
  }

  /** Whether a background update is running. */
  get busy(): boolean {
    return this.running !== null;
  }

  private async run(
    ws: OpenWorkspace,
    onDocument?: (done: number, total: number) => void,
  ): Promise<MatterFactsReport> {
    const report: MatterFactsReport = { computed: 0, removed: 0, failed: 0 };
    const documents = await ws.withIndex((store) => store.listDocuments());
    const live = new Set<string>(documents.map((d) => d.id));
    for (const id of await this.listIds()) {
      if (live.has(id)) continue;
      await rm(this.file(id), { force: true });
      this.cache.delete(id);
      report.removed++;
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
    return report;
  }

  private async write(facts: DocumentFacts): Promise<void> {
    const file = this.file(facts.documentId);
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, JSON.stringify(facts));
    await rename(temp, file);
    this.cache.set(facts.documentId, facts);
  }

  private async listIds(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.filter((n) => /^[0-9a-f]{64}\.json$/.test(n)).map((n) => n.slice(0, -5));
  }

  private file(id: DocumentId | string): string {
    return join(this.dir, `${id}.json`);
  }
}

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
