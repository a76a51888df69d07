import { isAbsolute, relative, sep } from 'node:path';
import type { DocumentFilter, DocumentId, StoredDocument, StoredPath, VectorStore } from '@quire/index';
import picomatch from 'picomatch';
import { z } from 'zod';
import { QuireError } from './errors.ts';

/**
 * The kinds of file a scope can name, each the document kinds it covers: `word` is every word-processor
 * format, `web` an HTML page, `ebook` an EPUB.
 */
export const SCOPE_KINDS = {
  pdf: ['pdf'],
  word: ['docx', 'doc', 'odt', 'rtf'],
  email: ['email'],
  sheet: ['xlsx'],
  slides: ['pptx'],
  image: ['image'],
  web: ['html'],
  text: ['text'],
  ebook: ['epub'],
} as const satisfies Record<string, readonly string[]>;

export type ScopeKind = keyof typeof SCOPE_KINDS;

const KIND_NAMES = Object.keys(SCOPE_KINDS) as [ScopeKind, ...ScopeKind[]];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Part of a workspace a question is asked of (issue 17). Every field narrows: a document is in scope when
 * it passes all of them. Absent or empty fields do not narrow.
 */
export interface Scope {
  /** Path globs: one of the document's paths must match one (see {@link matchesGlob}). */
  in?: string[];
  /** Path globs: a document with a path matching one is left out. */
  notIn?: string[];
  kinds?: ScopeKind[];
  /** The document's date on or after this day (`YYYY-MM-DD`). A document with no date is left out. */
  since?: string;
  /** The document's date on or before this day (`YYYY-MM-DD`). */
  until?: string;
  /** Email sender: an address or a part of the sender's name or address, any case. */
  from?: string[];
  /** Email recipient (To or Cc), matched like `from`. */
  to?: string[];
}

const Glob = z.string().trim().min(1).max(1000);
const Party = z.string().trim().min(1).max(320);
const Day = z
  .string()
  .regex(DAY, 'expected a date as YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'not a calendar date');

/** A scope as clients send it (the HTTP API's `scope`, the OpenAI endpoint's `quire.scope`). */
export const ScopeSchema = z
  .object({
    in: z.array(Glob).max(100).optional(),
    notIn: z.array(Glob).max(100).optional(),
    kinds: z.array(z.enum(KIND_NAMES)).max(KIND_NAMES.length).optional(),
    since: Day.optional(),
    until: Day.optional(),
    from: z.array(Party).max(50).optional(),
    to: z.array(Party).max(50).optional(),
  })
  .strict()
  .refine((s) => !s.since || !s.until || s.since <= s.until, {
    message: '"since" must not be after "until"',
  });

/** Whether a scope narrows anything (an empty scope is the whole workspace). */
export function isNarrowing(scope: Scope | null | undefined): scope is Scope {
  if (!scope) return false;
  return Boolean(
    scope.in?.length ||
      scope.notIn?.length ||
      scope.kinds?.length ||
      scope.since ||
      scope.until ||
      scope.from?.length ||
      scope.to?.length,
  );
}

/** The scope with its empty fields dropped (what is echoed back and stored with a thread). */
export function normalizeScope(scope: Scope | null | undefined): Scope | null {
  if (!isNarrowing(scope)) return null;
  const out: Scope = {};
  if (scope.in?.length) out.in = [...scope.in];
  if (scope.notIn?.length) out.notIn = [...scope.notIn];
  if (scope.kinds?.length) out.kinds = [...new Set(scope.kinds)];
  if (scope.since) out.since = scope.since;
  if (scope.until) out.until = scope.until;
  if (scope.from?.length) out.from = [...scope.from];
  if (scope.to?.length) out.to = [...scope.to];
  return out;
}

/**
 * Parses a comma-separated list of kind names (the CLI's `--kind pdf,email`, the API's `kind=`), with an
 * error naming the kinds there are.
 */
export function parseKinds(values: readonly string[]): ScopeKind[] {
  const kinds = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  for (const kind of kinds) {
    if (!(kind in SCOPE_KINDS)) {
      throw new QuireError(
        'invalid-request',
        `Unknown kind "${kind}": the kinds are ${KIND_NAMES.join(', ')}`,
      );
    }
  }
  return kinds as ScopeKind[];
}

/** Checks a scope built outside a validated route (the CLI), with the route's messages. */
export function checkScope(scope: Scope): Scope | null {
  const parsed = ScopeSchema.safeParse(scope);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new QuireError('invalid-request', `Invalid scope: ${where}${issue?.message ?? 'invalid'}`);
  }
  return normalizeScope(parsed.data);
}

/**
 * Whether a path glob matches a file: against the path relative to the watched folder holding it and
 * against its absolute path; a glob without a slash also against the file's name (`lease*.pdf`); a glob
 * ending in `/` means everything below that folder. An email attachment (`<email>::<n>/<name>`) matches
 * by its own name and, for folder globs, by where its email is.
 */
export function matchesGlob(glob: string, path: string, folders: readonly string[]): boolean {
  return globMatcher(glob, folders)(path);
}

/** {@link matchesGlob} for one glob, compiled once to test many paths. */
export function globMatcher(glob: string, folders: readonly string[]): (path: string) => boolean {
  const pattern = glob.endsWith('/') ? `${glob}**` : glob;
  const test = picomatch(pattern, { dot: true, nocase: true, basename: !pattern.includes('/') });
  const slashed = (p: string) => p.split(sep).join('/');
  return (path) => {
    if (test(slashed(path))) return true;
    return folders.some((folder) => {
      const rel = relative(folder, path);
      return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && test(slashed(rel));
    });
  };
}

const lower = (value: string) => value.toLowerCase();

function partyMatches(wanted: readonly string[], people: readonly (string | null)[]): boolean {
  const written = people.filter((p): p is string => p !== null).map(lower);
  return wanted.some((w) => written.some((p) => p.includes(lower(w))));
}

/** The documents of a workspace with what a scope looks at: kind, date, email card, paths, parents. */
interface ScopeFacts {
  documents: Map<DocumentId, StoredDocument>;
  paths: StoredPath[];
}

/** Decides, document by document, whether it is in scope. */
class ScopeJudge {
  readonly #facts: ScopeFacts;
  readonly #scope: Scope;
  readonly #pathsOf = new Map<DocumentId, StoredPath[]>();
  readonly #byPath = new Map<string, StoredPath>();
  readonly #in: ((path: string) => boolean)[];
  readonly #notIn: ((path: string) => boolean)[];

  constructor(facts: ScopeFacts, scope: Scope, folders: readonly string[]) {
    this.#facts = facts;
    this.#scope = scope;
    this.#in = (scope.in ?? []).map((glob) => globMatcher(glob, folders));
    this.#notIn = (scope.notIn ?? []).map((glob) => globMatcher(glob, folders));
    for (const row of facts.paths) {
      this.#byPath.set(row.path, row);
      if (row.documentId === null) continue;
      const list = this.#pathsOf.get(row.documentId) ?? [];
      list.push(row);
      this.#pathsOf.set(row.documentId, list);
    }
  }

  inScope(doc: StoredDocument): boolean {
    const s = this.#scope;
    const paths = (this.#pathsOf.get(doc.id) ?? []).map((p) => p.path);
    if (this.#in.length > 0 && !paths.some((p) => this.#in.some((matches) => matches(p)))) return false;
    if (this.#notIn.some((matches) => paths.some((p) => matches(p)))) return false;
    if (s.kinds?.length) {
      const kinds: readonly string[] = s.kinds.flatMap((k) => SCOPE_KINDS[k]);
      if (!kinds.includes(doc.kind)) return false;
    }
    // Dates and people: the document's own, or those of an email it came attached to.
    const family = [doc, ...this.#emailsOf(doc.id)];
    if (s.since || s.until) {
      const inRange = family.some((d) => {
        const day = d.date?.value;
        return day !== undefined && (!s.since || day >= s.since) && (!s.until || day <= s.until);
      });
      if (!inRange) return false;
    }
    if (s.from?.length && !family.some((d) => d.email && partyMatches(s.from ?? [], [d.email.from]))) {
      return false;
    }
    if (s.to?.length) {
      const matched = family.some((d) => d.email && partyMatches(s.to ?? [], [...d.email.to, ...d.email.cc]));
      if (!matched) return false;
    }
    return true;
  }

  /** The emails (every level up) a document came attached to. */
  #emailsOf(id: DocumentId): StoredDocument[] {
    const found: StoredDocument[] = [];
    const seen = new Set<string>();
    const queue = (this.#pathsOf.get(id) ?? []).map((p) => p.parent ?? null);
    while (queue.length > 0) {
      const parent = queue.shift();
      if (!parent || seen.has(parent)) continue;
      seen.add(parent);
      const row = this.#byPath.get(parent);
      const email = row?.documentId ? this.#facts.documents.get(row.documentId) : undefined;
      if (email) found.push(email);
      queue.push(row?.parent ?? null);
    }
    return found;
  }
}

/**
 * A scope resolved against one workspace's index: the documents it allows, as the filter the index
 * query runs with (the shorter of the two lists), and how many documents are in scope. Null for a
 * scope that narrows nothing.
 */
export async function resolveScope(
  store: VectorStore,
  scope: Scope | null | undefined,
  folders: readonly string[],
): Promise<{ filter: DocumentFilter; documents: number } | null> {
  if (!isNarrowing(scope)) return null;
  const [documents, paths] = await Promise.all([store.listDocuments(), store.listPaths()]);
  const judge = new ScopeJudge(
    { documents: new Map(documents.map((d) => [d.id, d])), paths },
    scope,
    folders,
  );
  const include: DocumentId[] = [];
  const exclude: DocumentId[] = [];
  for (const doc of documents) (judge.inScope(doc) ? include : exclude).push(doc.id);
  const filter = include.length <= exclude.length ? { include } : { exclude };
  return { filter, documents: include.length };
}

/** A scope in a line: `in lease*, kinds pdf, since 2021-01-01` (for the CLI and the evidence bundle). */
export function describeScope(scope: Scope | null | undefined): string {
  if (!isNarrowing(scope)) return 'the whole workspace';
  const parts: string[] = [];
  if (scope.in?.length) parts.push(`in ${scope.in.join(', ')}`);
  if (scope.notIn?.length) parts.push(`not in ${scope.notIn.join(', ')}`);
  if (scope.kinds?.length) parts.push(`kinds ${scope.kinds.join(', ')}`);
  if (scope.since) parts.push(`since ${scope.since}`);
  if (scope.until) parts.push(`until ${scope.until}`);
  if (scope.from?.length) parts.push(`from ${scope.from.join(', ')}`);
  if (scope.to?.length) parts.push(`to ${scope.to.join(', ')}`);
  return parts.join('; ');
}
