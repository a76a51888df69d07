// Events of a matter: the dated statements of each document (one per sentence and date), and the
// chronology merged across documents, where two documents stating the same thing on the same date become
// one event with both citations. Per-document events are what is computed once after indexing and kept;
// merging runs over the kept events whenever a timeline is asked for, so it follows the scope asked.
import { type DatePrecision, datedStatements } from './dated-statements.ts';
import { normalisedWords } from './minhash.ts';

/** One dated statement of a document: the date and where on which page the sentence stating it is. */
export interface DocumentEvent {
  date: string;
  dateEnd?: string;
  precision: DatePrecision;
  relative: boolean;
  page: number;
  /** The sentence: `pageText.slice(start, end)`. */
  start: number;
  end: number;
  quote: string;
}

/** The dated statements of a document's pages, one per sentence and date (a sentence stating one date
 *  twice gives one event). `documentDate` (YYYY-MM-DD) is what "yesterday" is counted from. */
export function documentEvents(
  pages: readonly { page: number; text: string }[],
  documentDate: string | null,
): DocumentEvent[] {
  const events: DocumentEvent[] = [];
  const seen = new Set<string>();
  for (const page of pages) {
    for (const s of datedStatements(page, { documentDate })) {
      const key = `${page.page}:${s.sentence.start}:${s.date}:${s.dateEnd ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      events.push({
        date: s.date,
        ...(s.dateEnd ? { dateEnd: s.dateEnd } : {}),
        precision: s.precision,
        relative: s.relative,
        page: page.page,
        start: s.sentence.start,
        end: s.sentence.end,
        quote: page.text.slice(s.sentence.start, s.sentence.end),
      });
    }
  }
  return events;
}

/** An event as one document states it, with that document's id (and any fields a caller carries along). */
export type SourcedEvent<T> = DocumentEvent & { documentId: string; extra: T };

export interface MergedEvent<T> {
  date: string;
  dateEnd?: string;
  precision: DatePrecision;
  /** Only when every statement of it is relative. */
  relative: boolean;
  /** Each document's statement of it, in the order given (the first is the event's text). */
  sources: SourcedEvent<T>[];
}

/** Two statements on the same date state the same thing when this share of their content words (the
 *  smaller set's) is in both: a sentence copied into another document with a few words changed, or quoted
 *  in an email, still merges; two different things that happened on one day do not. */
export const SAME_STATEMENT = 0.6;

/**
 * The chronology: statements with the same date (and range end) that state the same thing, merged into
 * one event keeping every source; sorted by date (a partial date before the days of its period, then
 * ranges after single dates) and, on one date, in the order given. Statements of one document are merged
 * only with other documents' (a document repeating a sentence on two pages keeps both).
 */
export function mergeEvents<T>(events: readonly SourcedEvent<T>[]): MergedEvent<T>[] {
  const byDate = new Map<string, { merged: MergedEvent<T>; words: Set<string> }[]>();
  const order: MergedEvent<T>[] = [];
  for (const event of events) {
    const key = `${event.date}|${event.dateEnd ?? ''}|${event.precision}`;
    const words = contentWords(event.quote);
    const candidates = byDate.get(key) ?? [];
    const match = candidates.find(
      (c) =>
        !c.merged.sources.some((s) => s.documentId === event.documentId) &&
        overlap(c.words, words) >= SAME_STATEMENT,
    );
    if (match) {
      match.merged.sources.push(event);
      match.merged.relative &&= event.relative;
      continue;
    }
    const merged: MergedEvent<T> = {
      date: event.date,
      ...(event.dateEnd ? { dateEnd: event.dateEnd } : {}),
      precision: event.precision,
      relative: event.relative,
      sources: [event],
    };
    candidates.push({ merged, words });
    byDate.set(key, candidates);
    order.push(merged);
  }
  return order
    .map((event, i) => ({ event, i }))
    .sort((x, y) => compareDates(x.event, y.event) || x.i - y.i)
    .map(({ event }) => event);
}

function compareDates(a: { date: string; dateEnd?: string }, b: { date: string; dateEnd?: string }): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  const ea = a.dateEnd ?? '';
  const eb = b.dateEnd ?? '';
  return ea === eb ? 0 : ea < eb ? -1 : 1;
}

/** Whether an event's period (`date` … `dateEnd`, partial dates spanning their month or year) meets the
 *  bounds `since` … `until` (each `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or null for none). */
export function eventWithin(
  event: { date: string; dateEnd?: string },
  since: string | null,
  until: string | null,
): boolean {
  const first = event.date;
  const last = event.dateEnd ?? event.date;
  // Compare each bound at the precision both sides state: "2014" meets since 2014-06 (its year does).
  if (since !== null && last.slice(0, since.length) < since.slice(0, last.length)) return false;
  if (until !== null && first.slice(0, until.length) > until.slice(0, first.length)) return false;
  return true;
}

/** Words that say nothing of what happened: articles, auxiliaries, prepositions, and the date's own words
 *  (normalised as the sentences' words are). */
const FUNCTION_WORDS = new Set(
  normalisedWords(
    'a an the and or but of to in on at by for from with as is was were be been being are has had have ' +
      'it its this that these those which who whom on upon into onto than then there their they he she his ' +
      'her we our you your i me my not no so such also any all each per via after before during until since ' +
      'january february march april may june july august september october november december jan feb mar apr ' +
      'jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday day days ' +
      'week weeks month months year years next following previous',
  ),
);

function contentWords(text: string): Set<string> {
  return new Set(normalisedWords(text).filter((w) => !FUNCTION_WORDS.has(w) && !/^\d+$/.test(w)));
}

/** Share of the smaller set's words found in the other; 0 when either is empty. */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const w of small) if (large.has(w)) shared++;
  return shared / small.size;
}
