// The whole-matter views (issue 18) as the web UI reads them: the response shapes of the timeline,
// overview and compare routes (copied from `apps/server/src/matter-types.ts`, the public contract, and
// kept equal to it by tests/unit/web/matter-mirror.test.ts), and the pure rules the Overview, Timeline
// and Compare screens share: how a partial or ranged date reads, where a document's date came from, and
// a matter citation as the page viewer opens it.
import type { Citation } from '@quire/inference';
import type { AskResult } from '@quire/server';
import { baseName } from './format.ts';

/** A scope as the server echoes it (lib/scope.ts's `Scope`, named here so this file imports no other lib
 *  module that imports the API client: the client imports these shapes). */
type Scope = NonNullable<AskResult['scope']>;

/** Where an event's or a summary sentence's words are: a verbatim quote of one page. */
export interface MatterCitation {
  path: string;
  documentId: string;
  /** Physical page, 1-based (what the viewer opens). */
  page: number;
  pageLabel: string | null;
  bates: string | null;
  /** Verbatim text of the page: `pageText.slice(start, end)`. */
  quote: string;
  start: number;
  end: number;
  verified: boolean;
}

export interface TimelineEvent {
  id: string;
  /** ISO 8601: `1903-12-17`, or `1903-12` / `1903` when only the month or year is stated. */
  date: string;
  dateEnd?: string;
  precision: 'day' | 'month' | 'year';
  /** The date was worked out from another one ("the next day", "yesterday"). */
  relative: boolean;
  text: string;
  summary?: string;
  citations: MatterCitation[];
}

export interface TimelineResult {
  events: TimelineEvent[];
  scope: Scope | null;
  scopeDocuments: number | null;
  since: string | null;
  until: string | null;
  /** Indexed documents whose events are not computed yet. */
  pending: number;
}

export interface DocumentDate {
  /** `YYYY-MM-DD`. */
  value: string;
  source: 'email' | 'pdf-metadata' | 'office-metadata' | 'text';
}

export interface DocumentSummary {
  mode: 'extractive' | 'generated';
  sentences: { text: string; citations: MatterCitation[] }[];
}

export interface DocumentVersionRef {
  documentId: string;
  path: string;
  title: string | null;
  /** Estimated share of 5-word shingles the two documents have in common (0–1). */
  similarity: number;
}

export interface DocumentOverview {
  documentId: string;
  path: string;
  paths: string[];
  title: string | null;
  kind: string;
  date: DocumentDate | null;
  pageCount: number;
  parties: string[];
  summary: DocumentSummary;
  versions: DocumentVersionRef[];
  attachedTo?: string;
}

export interface MatterOverview {
  documents: DocumentOverview[];
  /** Documents grouped by kind, each group's documents by date (undated last). */
  groups: { kind: string; documentIds: string[] }[];
  pending: number;
}

export interface Span {
  start: number;
  end: number;
}

export type PageChange =
  | { kind: 'added'; b: Span; text: string }
  | { kind: 'removed'; a: Span; text: string }
  | { kind: 'changed'; a: Span; b: Span; text: string; was: string };

export interface ComparedPage {
  pageA: number | null;
  pageB: number | null;
  textA: string | null;
  textB: string | null;
  changes: PageChange[];
}

export interface CompareResult {
  a: { documentId: string; path: string; title: string | null; pageCount: number };
  b: { documentId: string; path: string; title: string | null; pageCount: number };
  similarity: number;
  pages: ComparedPage[];
}

/** English month names, from the platform's calendar data. */
const MONTHS: readonly string[] = Array.from({ length: 12 }, (_, i) =>
  new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2000, i, 1)),
);

interface DateParts {
  year: string;
  month?: string;
  day?: number;
}

function partsOf(iso: string): DateParts {
  const [year = iso, month, day] = iso.split('-');
  const name = month === undefined ? undefined : MONTHS[Number(month) - 1];
  return { year, month: name, day: day === undefined ? undefined : Number(day) };
}

/** An ISO date as read, as precise as it is written: `2014-03-17` "17 March 2014", `2014-03` "March 2014". */
export function formatIsoDate(iso: string): string {
  const { year, month, day } = partsOf(iso);
  return [day, month, year].filter((part) => part !== undefined).join(' ');
}

/**
 * An event's date in words, a range sharing what its ends share: "17 March 2014", "March 2014", "2014",
 * "1–15 March 2014", "28 February – 3 March 2014", "March–May 2014", "2014–2016",
 * "30 December 2013 – 2 January 2014". Whether it was worked out is marked apart ({@link TimelineEvent.relative}).
 */
export function eventDateText(event: Pick<TimelineEvent, 'date' | 'dateEnd'>): string {
  if (!event.dateEnd || event.dateEnd === event.date) return formatIsoDate(event.date);
  const from = partsOf(event.date);
  const to = partsOf(event.dateEnd);
  const sameShape = (from.day === undefined) === (to.day === undefined) && !from.month === !to.month;
  if (sameShape && from.year === to.year) {
    if (from.day !== undefined && from.month === to.month)
      return `${from.day}–${to.day} ${to.month} ${to.year}`;
    if (from.day !== undefined) return `${from.day} ${from.month} – ${to.day} ${to.month} ${to.year}`;
    if (from.month) return `${from.month}–${to.month} ${to.year}`;
  }
  if (sameShape && !from.month) return `${from.year}–${to.year}`;
  return `${formatIsoDate(event.date)} – ${formatIsoDate(event.dateEnd)}`;
}

/** Where a document's date was read, in words. */
export const DATE_SOURCES: Record<DocumentDate['source'], string> = {
  email: "the email's Date header",
  'pdf-metadata': "the PDF's properties",
  'office-metadata': "the file's properties",
  text: 'its text',
};

/** A bound of the timeline as the route takes it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
export function isDateBound(text: string): boolean {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!match) return false;
  const month = match[2] === undefined ? 1 : Number(match[2]);
  const day = match[3] === undefined ? 1 : Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** A document as the views name it: its title, else its file name. */
export function documentName(doc: { title: string | null; path: string }): string {
  return doc.title?.trim() || baseName(doc.path);
}

/** Similarity as a share: `0.934` → "93% alike". */
export function similarityText(similarity: number): string {
  return `${Math.round(similarity * 100)}% alike`;
}

/** A matter citation as the page viewer opens it (numbered `n` in its title), its quote highlighted. */
export function viewerCitation(citation: MatterCitation, n: number): Citation {
  return {
    n,
    chunkId: `${citation.documentId}:${citation.page}:${citation.start}`,
    documentId: citation.documentId,
    path: citation.path,
    page: citation.page,
    heading: null,
    quote: citation.quote,
    start: citation.start,
    end: citation.end,
    verified: citation.verified,
    pageLabel: citation.pageLabel,
    bates: citation.bates,
  };
}

/**
 * Whether an event holds every word of a filter typed by the reader (case-insensitive), in its sentence,
 * summary, date as shown or its documents' names.
 */
export function eventMatches(event: TimelineEvent, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [
    event.text,
    event.summary ?? '',
    eventDateText(event),
    ...event.citations.map((c) => baseName(c.path)),
  ]
    .join('\n')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}
