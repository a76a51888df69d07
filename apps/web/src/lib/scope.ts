// The part of a workspace a question is asked of (issue 17), as the Ask screen's chips show and edit it.
// Pure: what each chip says, how a chip is removed, and how a picked document becomes a path glob.
import type { AskResult } from './api.ts';
import { baseName, plural } from './format.ts';

/** A scope as the server takes and echoes it (`apps/server/src/scope.ts`); null: the whole workspace. */
export type Scope = NonNullable<AskResult['scope']>;
export type ScopeKind = NonNullable<Scope['kinds']>[number];

/** The kinds a scope can name, in the order the Kind chip offers them, with their names in words. */
export const SCOPE_KINDS: readonly { kind: ScopeKind; name: string }[] = [
  { kind: 'pdf', name: 'PDF' },
  { kind: 'word', name: 'Word' },
  { kind: 'email', name: 'Email' },
  { kind: 'sheet', name: 'Spreadsheet' },
  { kind: 'slides', name: 'Slides' },
  { kind: 'image', name: 'Image' },
  { kind: 'web', name: 'Web page' },
  { kind: 'text', name: 'Text' },
  { kind: 'ebook', name: 'E-book' },
];

/** The chips a scope shows, one per thing it restricts (the two dates are one chip). */
export type ChipKey = 'in' | 'notIn' | 'kinds' | 'dates' | 'from' | 'to';

export interface ScopeChip {
  key: ChipKey;
  /** What the chip is: "Documents", "Excluding", "Kind", "Dates", "From", "To". */
  name: string;
  /** What it restricts to, short: "lease.pdf and 2 more", "PDF, Email", "2021-01-01 to 2021-12-31". */
  value: string;
  /** Everything it restricts to, for its tooltip. */
  full: string;
}

/** Characters picomatch reads as a pattern; a path holding them is matched literally once they are escaped. */
const GLOB_CHARACTERS = /[\\*?[\]{}()!+@]/g;

/**
 * The `in`/`notIn` entry that names exactly the document at `path` (absolute, as the documents list gives
 * it): the path with picomatch's special characters escaped. A Windows path (`C:\…`) is written with `/`,
 * as the server compares paths.
 */
export function globOfPath(path: string): string {
  const slashed = /^[A-Za-z]:\\/.test(path) ? path.replaceAll('\\', '/') : path;
  return slashed.replace(GLOB_CHARACTERS, '\\$&');
}

/** The path an entry made by {@link globOfPath} names, or null for a pattern written by hand (`lease*`). */
export function pathOfGlob(glob: string): string | null {
  const unescaped = glob.replace(/\\(.)/g, '$1');
  const literal = glob.replace(/\\./g, '').match(GLOB_CHARACTERS) === null;
  return literal && (unescaped.startsWith('/') || /^[A-Za-z]:\//.test(unescaped)) ? unescaped : null;
}

/** What a glob is called on its chip: a picked document by its file name, a pattern as written. */
export function globName(glob: string): string {
  const path = pathOfGlob(glob);
  return path === null ? glob : baseName(path);
}

/** A list in a few words: "lease.pdf", "lease.pdf, memo.docx", "lease.pdf and 2 more". */
function listed(values: readonly string[]): string {
  if (values.length <= 2) return values.join(', ');
  return `${values[0]} and ${plural(values.length - 1, 'more', 'more')}`;
}

const kindName = (kind: ScopeKind) => SCOPE_KINDS.find((k) => k.kind === kind)?.name ?? kind;

/** The chips of a scope, in a fixed order; none for the whole workspace. */
export function scopeChips(scope: Scope | null): ScopeChip[] {
  if (!scope) return [];
  const chips: ScopeChip[] = [];
  const add = (key: ChipKey, name: string, values: readonly string[] | undefined) => {
    if (values?.length) chips.push({ key, name, value: listed(values), full: values.join(', ') });
  };
  add('in', 'Documents', scope.in?.map(globName));
  add('notIn', 'Excluding', scope.notIn?.map(globName));
  add('kinds', 'Kind', scope.kinds?.map(kindName));
  if (scope.since || scope.until) {
    const value =
      scope.since && scope.until
        ? `${scope.since} to ${scope.until}`
        : scope.since
          ? `since ${scope.since}`
          : `until ${scope.until}`;
    chips.push({ key: 'dates', name: 'Dates', value, full: value });
  }
  add('from', 'From', scope.from);
  add('to', 'To', scope.to);
  return chips;
}

/** The scope with its empty fields dropped; null when nothing is left (the whole workspace). */
export function normalScope(scope: Scope | null | undefined): Scope | null {
  if (!scope) return null;
  const out: Scope = {};
  if (scope.in?.length) out.in = [...scope.in];
  if (scope.notIn?.length) out.notIn = [...scope.notIn];
  if (scope.kinds?.length) out.kinds = [...scope.kinds];
  if (scope.since) out.since = scope.since;
  if (scope.until) out.until = scope.until;
  if (scope.from?.length) out.from = [...scope.from];
  if (scope.to?.length) out.to = [...scope.to];
  return Object.keys(out).length > 0 ? out : null;
}

/** The chips that hold a list. */
export type ListKey = Exclude<ChipKey, 'dates'>;

/** The scope with list `key` set to `values` (empty: that restriction removed). */
export function withList(scope: Scope | null, key: ListKey, values: readonly string[]): Scope | null {
  const next: Scope = { ...scope };
  if (key === 'kinds') next.kinds = SCOPE_KINDS.map((k) => k.kind).filter((k) => values.includes(k));
  else next[key] = [...new Set(values)];
  return normalScope(next);
}

/** The scope with its date range set (an empty day: no limit on that side). */
export function withDates(scope: Scope | null, dates: { since: string; until: string }): Scope | null {
  return normalScope({ ...scope, since: dates.since || undefined, until: dates.until || undefined });
}

/** The scope without one chip's restriction. */
export function withoutChip(scope: Scope | null, key: ChipKey): Scope | null {
  return key === 'dates' ? withDates(scope, { since: '', until: '' }) : withList(scope, key, []);
}

/** Comma- or line-separated names or addresses typed in a From / To box, trimmed, empty ones dropped. */
export function partiesOf(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** The scope in one line for a turn's note: "Documents: lease.pdf · Kind: PDF". */
export function scopeLine(scope: Scope | null): string {
  return scopeChips(scope)
    .map((chip) => `${chip.name}: ${chip.value}`)
    .join(' · ');
}
