// The shapes of the whole-matter views (issue 18) as the CLI prints them with `--json` and the HTTP API
// returns them: a public contract (add fields, never rename or remove them). The web UI mirrors these.
import type { DocumentDate } from '@quire/ingest';
import type { Scope } from './scope.ts';

/** Where an event's or a summary sentence's words are: a verbatim quote of one page. */
export interface MatterCitation {
  path: string;
  documentId: string;
  /** Physical page, 1-based (what the viewer opens). */
  page: number;
  /** The page number printed on the page, or null. */
  pageLabel: string | null;
  /** The Bates number stamped on the page, or null. */
  bates: string | null;
  /** Verbatim text of the page: `pageText.slice(start, end)`. */
  quote: string;
  start: number;
  end: number;
  /** The quote was found on the cited page when the view was built (always checked; false is shown). */
  verified: boolean;
}

/** One dated statement of the matter, merged across documents that state the same thing on the same date. */
export interface TimelineEvent {
  /** Stable within a workspace's index: the first citation's document, page and offset. */
  id: string;
  /** ISO 8601: `1903-12-17`, or `1903-12` / `1903` when only the month or year is stated. */
  date: string;
  /** The end of a range, in the same form. */
  dateEnd?: string;
  precision: 'day' | 'month' | 'year';
  /** The date was worked out from another one ("the next day", "yesterday"). */
  relative: boolean;
  /** The sentence that states it (the first citation's quote). */
  text: string;
  /** A one-line summary by the chat model, when one is configured and its summary was checked. */
  summary?: string;
  /** Every document stating it: the first is where `text` comes from. */
  citations: MatterCitation[];
}

export interface TimelineResult {
  events: TimelineEvent[];
  /** The documents' scope (`in`, `kinds`, `from`, …) the events were read from; null: the whole workspace. */
  scope: Scope | null;
  scopeDocuments: number | null;
  /** Events' own dates kept (overlapping): `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; null: no bound. */
  since: string | null;
  until: string | null;
  /** Indexed documents whose events are not computed yet (background work still running); 0 when complete. */
  pending: number;
}

/** A document's summary: the few sentences that best represent it (extractive), or written by the chat
 *  model with each sentence cited (generated). */
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
  /** The first of its paths (identical copies share one document). */
  path: string;
  paths: string[];
  title: string | null;
  /** pdf, word, email, sheet, slides, image, web, text, ebook (the scope kinds). */
  kind: string;
  date: DocumentDate | null;
  pageCount: number;
  /** Senders and recipients of an email; the parties a contract or letter names; else empty. */
  parties: string[];
  summary: DocumentSummary;
  /** Other documents that are versions of this one (near-duplicates), most similar first. */
  versions: DocumentVersionRef[];
  /** For an email attachment: the email file it came with. */
  attachedTo?: string;
}

export interface MatterOverview {
  documents: DocumentOverview[];
  /** Documents grouped by kind, each group's documents by date (undated last). */
  groups: { kind: string; documentIds: string[] }[];
  pending: number;
}

export interface VersionsResult {
  groups: {
    documents: { documentId: string; path: string; title: string | null; date: string | null }[];
    pairs: { a: string; b: string; similarity: number }[];
  }[];
  pending: number;
}

/** Two documents compared page by page (`changes` as in @quire/matter's PageDiff, spans into each page). */
export interface CompareResult {
  a: { documentId: string; path: string; title: string | null; pageCount: number };
  b: { documentId: string; path: string; title: string | null; pageCount: number };
  similarity: number;
  pages: {
    pageA: number | null;
    pageB: number | null;
    /** Text of each side's page, so a client can render the marked differences. */
    textA: string | null;
    textB: string | null;
    changes: (
      | { kind: 'added'; b: { start: number; end: number }; text: string }
      | { kind: 'removed'; a: { start: number; end: number }; text: string }
      | {
          kind: 'changed';
          a: { start: number; end: number };
          b: { start: number; end: number };
          text: string;
          was: string;
        }
    )[];
  }[];
}
