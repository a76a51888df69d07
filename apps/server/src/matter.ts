// The whole-matter views of a workspace (issue 18): its chronology, its overview and its versions, built
// from each document's facts (matter-facts.ts) and cited like answers: every quote is read back from the
// stored page it cites and marked verified only when it is there.
import type { DocumentId, StoredDocument, StoredPage, StoredPath, VectorStore } from '@quire/index';
import { labelOfRange } from '@quire/ingest';
import {
  compareVersions,
  documentSignature,
  eventWithin,
  findVersions,
  mergeEvents,
  type Signature,
  type SourcedEvent,
  similarity,
  type VersionGroup,
} from '@quire/matter';
import { QuireError } from './errors.ts';
import {
  type DocumentFacts,
  type Generate,
  type GeneratedFacts,
  type MatterFacts,
  matterFactsOf,
  signatureOf,
} from './matter-facts.ts';
import type {
  CompareResult,
  DocumentOverview,
  DocumentVersionRef,
  MatterCitation,
  MatterOverview,
  TimelineEvent,
  TimelineResult,
  VersionsResult,
} from './matter-types.ts';
import type { OpenWorkspace } from './open-workspace.ts';
import { normalizeScope, resolveScope, SCOPE_KINDS, type Scope, type ScopeKind } from './scope.ts';

export interface MatterViewOptions {
  /** Compute missing document facts first (the CLI) instead of reporting them as `pending` (the server,
   *  which computes them in the background). */
  complete?: boolean;
  /** With `complete`: also have the chat model, if any, write what it has not yet. */
  generate?: Generate;
  /** Called while missing facts are computed (with `complete`). */
  onProgress?: (done: number, total: number) => void;
}

export interface TimelineOptions extends MatterViewOptions {
  scope?: Scope | null;
  /** Events' own dates: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  since?: string | null;
  until?: string | null;
}

/** The scope kind of a stored document's kind (`docx` → `word`); the stored kind when none names it. */
export function scopeKindOf(kind: string): string {
  for (const [name, kinds] of Object.entries(SCOPE_KINDS) as [ScopeKind, readonly string[]][])
    if (kinds.includes(kind)) return name;
  return kind;
}

/** What the views read of the index once: documents, their paths, and their facts. */
interface Matter {
  documents: StoredDocument[];
  /** Each document's paths, files before attachments, then by name. */
  paths: Map<string, string[]>;
  parents: Map<string, string>;
  facts: Map<string, DocumentFacts>;
  pending: number;
}

async function readMatter(ws: OpenWorkspace, options: MatterViewOptions): Promise<Matter> {
  const store = matterFactsOf(ws);
  if (options.complete)
    await store.update(ws, { onDocument: options.onProgress, generate: options.generate ?? {} });
  else if (!store.busy) void store.update(ws).catch(() => undefined);
  const [documents, rows] = await ws.withIndex((s) => Promise.all([s.listDocuments(), s.listPaths()]));
  const facts = new Map<string, DocumentFacts>();
  let pending = 0;
  for (const doc of documents) {
    const f = await store.read(doc.id);
    if (f) facts.set(doc.id, f);
    else pending++;
  }
  return { documents, ...pathsOf(rows), facts, pending };
}

function pathsOf(rows: readonly StoredPath[]): {
  paths: Map<string, string[]>;
  parents: Map<string, string>;
} {
  const paths = new Map<string, string[]>();
  const parents = new Map<string, string>();
  const sorted = [...rows].sort(
    (a, b) => Number(Boolean(a.parent)) - Number(Boolean(b.parent)) || (a.path < b.path ? -1 : 1),
  );
  for (const row of sorted) {
    if (row.documentId === null) continue;
    paths.set(row.documentId, [...(paths.get(row.documentId) ?? []), row.path]);
    if (row.parent && !parents.has(row.documentId)) parents.set(row.documentId, row.parent);
  }
  return { paths, parents };
}

/** What the workspace's chat model wrote of each document so far (empty without a chat model). */
async function generatedOf(ws: OpenWorkspace, ids: readonly string[]): Promise<Map<string, GeneratedFacts>> {
  const out = new Map<string, GeneratedFacts>();
  if (!ws.hasChatModel) return out;
  const generator = await ws.generator().catch(() => null);
  if (!generator) return out;
  const store = matterFactsOf(ws);
  for (const id of ids) {
    const generated = await store.readGenerated(id, generator.modelId);
    if (generated) out.set(id, generated);
  }
  return out;
}

/** Documents in `scope` (all without one). */
async function inScope(ws: OpenWorkspace, matter: Matter, scope: Scope | null | undefined) {
  const resolved = await ws.withIndex((s) => resolveScope(s, scope, ws.settings.folders));
  if (!resolved) return { documents: matter.documents, resolved: null };
  const filter = resolved.filter;
  const allowed =
    'include' in filter
      ? (id: string) => filter.include.includes(id as DocumentId)
      : (id: string) => !filter.exclude.includes(id as DocumentId);
  return { documents: matter.documents.filter((d) => allowed(d.id)), resolved };
}

/** Reads pages of documents for checking quotes, a few documents at a time. */
class PageReader {
  private readonly pages = new Map<string, Map<number, StoredPage>>();
  constructor(private readonly ws: OpenWorkspace) {}

  async load(ids: readonly string[]): Promise<void> {
    const todo = ids.filter((id) => !this.pages.has(id));
    for (let i = 0; i < todo.length; i += 16) {
      const batch = todo.slice(i, i + 16) as DocumentId[];
      const records = await this.ws.withIndex((s: VectorStore) => s.readDocuments(batch));
      for (const id of batch) this.pages.set(id, new Map());
      for (const r of records) this.pages.set(r.document.id, new Map(r.pages.map((p) => [p.page, p])));
    }
  }

  citation(
    doc: { id: string; path: string },
    at: { page: number; start: number; end: number; quote: string },
  ): MatterCitation {
    const page = this.pages.get(doc.id)?.get(at.page);
    return {
      path: doc.path,
      documentId: doc.id,
      page: at.page,
      pageLabel: page ? labelOfRange(page, at.start, at.end) : null,
      bates: page?.bates ?? null,
      quote: at.quote,
      start: at.start,
      end: at.end,
      verified: page !== undefined && page.text.slice(at.start, at.end) === at.quote,
    };
  }
}

/** The chronology of the documents in scope, events between `since` and `until`, merged and sorted. */
export async function timeline(ws: OpenWorkspace, options: TimelineOptions = {}): Promise<TimelineResult> {
  const matter = await readMatter(ws, options);
  const { documents, resolved } = await inScope(ws, matter, options.scope);
  const since = options.since ?? null;
  const until = options.until ?? null;
  const generated = await generatedOf(
    ws,
    documents.map((d) => d.id),
  );
  const sourced: SourcedEvent<{ path: string; summary: string | null }>[] = [];
  for (const doc of documents) {
    const facts = matter.facts.get(doc.id);
    const path = matter.paths.get(doc.id)?.[0];
    if (!facts || path === undefined) continue;
    const summaries = generated.get(doc.id)?.events ?? [];
    facts.events.forEach((event, i) => {
      if (eventWithin(event, since, until))
        sourced.push({ ...event, documentId: doc.id, extra: { path, summary: summaries[i] ?? null } });
    });
  }
  const merged = mergeEvents(sourced);
  const reader = new PageReader(ws);
  await reader.load([...new Set(sourced.map((e) => e.documentId))]);
  const events: TimelineEvent[] = merged.map((event) => {
    const first = event.sources[0] as (typeof sourced)[number];
    const summary = event.sources.find((source) => source.extra.summary)?.extra.summary;
    return {
      id: `${first.documentId.slice(0, 16)}:${first.page}:${first.start}`,
      date: event.date,
      ...(event.dateEnd ? { dateEnd: event.dateEnd } : {}),
      precision: event.precision,
      relative: event.relative,
      text: first.quote,
      ...(summary ? { summary } : {}),
      citations: event.sources.map((s) => reader.citation({ id: s.documentId, path: s.extra.path }, s)),
    };
  });
  return {
    events,
    scope: resolved ? normalizeScope(options.scope) : null,
    scopeDocuments: resolved?.documents ?? null,
    since,
    until,
    pending: matter.pending,
  };
}

/** Groups of the matter's documents that are versions of one another, from their computed signatures. */
function versionGroups(matter: Matter): VersionGroup[] {
  const signatures = new Map<string, Signature>();
  for (const [id, facts] of matter.facts) signatures.set(id, signatureOf(facts));
  const docs = [...signatures.keys()].map((id) => ({ id, text: '' }));
  return findVersions(docs, undefined, signatures);
}

/** Version groups of the matter's documents (from their signatures), as a map from a document to the
 *  other versions of it, most similar first. */
function versionsOf(matter: Matter): Map<string, DocumentVersionRef[]> {
  const titles = new Map<string, string | null>(matter.documents.map((d) => [d.id, d.title]));
  const groups = versionGroups(matter);
  const out = new Map<string, DocumentVersionRef[]>();
  for (const group of groups) {
    for (const pair of group.pairs) {
      for (const [self, other] of [
        [pair.a, pair.b],
        [pair.b, pair.a],
      ] as const) {
        const refs = out.get(self) ?? [];
        refs.push({
          documentId: other,
          path: matter.paths.get(other)?.[0] ?? '',
          title: titles.get(other) ?? null,
          similarity: pair.similarity,
        });
        out.set(self, refs);
      }
    }
  }
  for (const refs of out.values()) refs.sort((a, b) => b.similarity - a.similarity);
  return out;
}

/** Other versions of each document of the workspace (computed facts only): for search to fold hits. */
export async function versionMap(ws: OpenWorkspace): Promise<Map<string, DocumentVersionRef[]>> {
  // Only what is computed: a sync computes the facts of what it indexed (the CLI's at its end, the server's
  // in the background), so a search never starts that work itself.
  const store: MatterFacts = matterFactsOf(ws);
  const [documents, rows] = await ws.withIndex((s) => Promise.all([s.listDocuments(), s.listPaths()]));
  const facts = new Map<string, DocumentFacts>();
  for (const doc of documents) {
    const f = await store.read(doc.id);
    if (f) facts.set(doc.id, f);
  }
  return versionsOf({ documents, ...pathsOf(rows), facts, pending: 0 });
}

/** Every document in scope with what it is, its date, parties, summary and versions, grouped by kind. */
export async function overview(
  ws: OpenWorkspace,
  options: MatterViewOptions & { scope?: Scope | null } = {},
): Promise<MatterOverview> {
  const matter = await readMatter(ws, options);
  const { documents } = await inScope(ws, matter, options.scope);
  const versions = versionsOf(matter);
  const reader = new PageReader(ws);
  await reader.load(documents.filter((d) => matter.facts.has(d.id)).map((d) => d.id));
  const generated = await generatedOf(
    ws,
    documents.map((d) => d.id),
  );
  const overviews: DocumentOverview[] = documents.map((doc) => {
    const paths = matter.paths.get(doc.id) ?? [];
    const path = paths[0] ?? '';
    const facts = matter.facts.get(doc.id);
    const parent = matter.parents.get(doc.id);
    return {
      documentId: doc.id,
      path,
      paths,
      title: doc.title,
      kind: scopeKindOf(doc.kind),
      date: doc.date ?? null,
      pageCount: doc.pageCount,
      parties: doc.email ? emailParties(doc) : (facts?.parties ?? []),
      summary: summaryOf(reader, { id: doc.id, path }, facts, generated.get(doc.id)),
      versions: versions.get(doc.id) ?? [],
      ...(parent ? { attachedTo: parent } : {}),
    };
  });
  return { documents: overviews, groups: groupByKind(overviews), pending: matter.pending };
}

/** The chat model's summary when it wrote one with a verified sentence, else the extractive one; every
 *  quote is read back from its page. */
function summaryOf(
  reader: PageReader,
  doc: { id: string; path: string },
  facts: DocumentFacts | undefined,
  generated: GeneratedFacts | undefined,
): DocumentOverview['summary'] {
  const written = generated?.summary?.sentences
    .map((s) => ({ text: s.text, citations: s.citations.map((c) => reader.citation(doc, c)) }))
    .filter((s) => s.citations.some((c) => c.verified));
  if (written && written.length > 0) return { mode: 'generated', sentences: written };
  return {
    mode: 'extractive',
    sentences: (facts?.summary ?? []).map((s) => ({
      text: s.text,
      citations: [reader.citation(doc, { ...s, quote: s.text })],
    })),
  };
}

function emailParties(doc: StoredDocument): string[] {
  const email = doc.email;
  if (!email) return [];
  return [...new Set([email.from, ...email.to, ...email.cc].filter((p): p is string => Boolean(p)))];
}

/** Groups in the order of SCOPE_KINDS; within one, by date (undated last), then by path. */
function groupByKind(docs: readonly DocumentOverview[]): MatterOverview['groups'] {
  const order = Object.keys(SCOPE_KINDS);
  const kinds = [...new Set(docs.map((d) => d.kind))].sort(
    (a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || (a < b ? -1 : 1),
  );
  return kinds.map((kind) => ({
    kind,
    documentIds: docs
      .filter((d) => d.kind === kind)
      .sort((a, b) => {
        const da = a.date?.value ?? '9999';
        const db = b.date?.value ?? '9999';
        return da < db ? -1 : da > db ? 1 : a.path < b.path ? -1 : 1;
      })
      .map((d) => d.documentId),
  }));
}

/** The groups of documents that are versions of one another. */
export async function versions(ws: OpenWorkspace, options: MatterViewOptions = {}): Promise<VersionsResult> {
  const matter = await readMatter(ws, options);
  const byId = new Map<string, StoredDocument>(matter.documents.map((d) => [d.id, d]));
  const groups = versionGroups(matter);
  return {
    groups: groups.map((g) => ({
      documents: g.ids.map((id) => ({
        documentId: id,
        path: matter.paths.get(id)?.[0] ?? '',
        title: byId.get(id)?.title ?? null,
        date: byId.get(id)?.date?.value ?? null,
      })),
      pairs: g.pairs.map((p) => ({ ...p })),
    })),
    pending: matter.pending,
  };
}

/** A document named by its id or one of its paths (absolute, or relative to a watched folder). */
async function findDocument(ws: OpenWorkspace, ref: string): Promise<{ id: DocumentId; path: string }> {
  const rows = await ws.withIndex((s) => s.listPaths());
  const byId = rows.find((r) => r.documentId === ref);
  if (byId?.documentId) return { id: byId.documentId, path: byId.path };
  const row = rows.find(
    (r) =>
      r.documentId !== null &&
      (r.path === ref || ws.settings.folders.some((f) => r.path === `${f}/${ref.replace(/^\.?\//, '')}`)),
  );
  if (!row?.documentId) throw new QuireError('not-found', `No indexed document ${ref} in this workspace`);
  return { id: row.documentId, path: row.path };
}

/** Two documents compared page by page, the differences marked. */
export async function compare(ws: OpenWorkspace, refA: string, refB: string): Promise<CompareResult> {
  const [a, b] = [await findDocument(ws, refA), await findDocument(ws, refB)];
  const records = await ws.withIndex((s) => s.readDocuments([a.id, b.id]));
  const recordOf = (id: string) => {
    const r = records.find((x) => x.document.id === id);
    if (!r) throw new QuireError('not-found', `Document ${id} is no longer indexed`);
    return r;
  };
  const [ra, rb] = [recordOf(a.id), recordOf(b.id)];
  const facts = matterFactsOf(ws);
  const [fa, fb] = [await facts.read(a.id), await facts.read(b.id)];
  const pagesA = ra.pages.map((p) => ({ page: p.page, text: p.text }));
  const pagesB = rb.pages.map((p) => ({ page: p.page, text: p.text }));
  const textOf = (pages: { page: number; text: string }[], n: number | null) =>
    n === null ? null : (pages.find((p) => p.page === n)?.text ?? null);
  const similarityOf =
    fa && fb
      ? similarityOfFacts(fa, fb)
      : similarityOfPages(
          pagesA.map((p) => p.text),
          pagesB.map((p) => p.text),
        );
  return {
    a: { documentId: a.id, path: a.path, title: ra.document.title, pageCount: ra.document.pageCount },
    b: { documentId: b.id, path: b.path, title: rb.document.title, pageCount: rb.document.pageCount },
    similarity: similarityOf,
    pages: compareVersions(pagesA, pagesB).map((d) => ({
      pageA: d.pageA,
      pageB: d.pageB,
      textA: textOf(pagesA, d.pageA),
      textB: textOf(pagesB, d.pageB),
      changes: d.changes.map((c) => ({ ...c })),
    })),
  };
}

function similarityOfFacts(a: DocumentFacts, b: DocumentFacts): number {
  return similarity(signatureOf(a), signatureOf(b));
}

function similarityOfPages(a: readonly string[], b: readonly string[]): number {
  return similarity(documentSignature(a.join('\n')), documentSignature(b.join('\n')));
}
