// Dated statements of a page: every sentence that states a date, with the date read (absolute, partial
// or a range) and the offsets of the sentence and of the date's wording, so a chronology can quote the
// sentence verbatim and cite its page. Offline: dates are read by chrono-node, sentences cut by the
// splitter answers are quoted with. The rules are described in docs/chronology.md.
import { splitSentences } from '@quire/inference';
import * as chrono from 'chrono-node';
import { yearMentions } from './chronology-years.ts';

export type DatePrecision = 'day' | 'month' | 'year';

/** A span of page text: `text.slice(start, end)`. */
export interface TextSpan {
  start: number;
  end: number;
}

export interface DatedStatement {
  /** ISO 8601: `2014-03-17`, or `2014-03` / `2014` when only the month or year is stated. */
  date: string;
  /** The end of a range ("from 1 to 15 March 2014", "2019–2021"), in the same form. */
  dateEnd?: string;
  precision: DatePrecision;
  /** True when the date was worked out from another date ("the next day", "yesterday", "on 5 May"). */
  relative: boolean;
  /** The sentence stating it: `page.text.slice(start, end)` is the verbatim quote. */
  sentence: TextSpan;
  /** Where the date's wording is in `page.text` (inside `sentence`). */
  dateText: TextSpan;
}

export interface DatedStatementContext {
  /** The document's own date (YYYY-MM-DD), which relative dates such as "yesterday" are counted from. */
  documentDate: string | null;
}

/** Years outside this span are read as noise (OCR slips, part numbers), not dates. */
export const MIN_YEAR = 1800;
export const MAX_YEAR = 2199;

/** Relative wording counted from an earlier date of the narrative, not from when the document was written. */
const ANAPHORIC =
  /\b(?:later|earlier|after(?:wards)?|before|following|previous|preceding|prior|next\s+day)\b/i;
/** Words before (or starting) a weekday that say which one: "the following Monday", "last Friday". */
const WEEKDAY_QUALIFIER = /\b(following|next|previous|preceding|last)\s+$/i;
/** A weekday is taken only written in full with a capital: "sun", "Sat" or "wed" are usually words. */
const WEEKDAY_NAME = /^(?:(?:next|last|this|on)\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$/;

const COUNT = '(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\\d{1,3})';
const UNIT = '(?:days?|weeks?|months?|years?)';
/**
 * The relative wording taken as a date. The parser also reads durations ("for five years", "within a few
 * weeks") and vague spans ("a few days after") as dates; those state no date and are left out. So is
 * "today", far more often "nowadays" ("still rare today") than an event on the day of writing.
 */
const RELATIVE_WORDING = new RegExp(
  String.raw`^(?:(?:the\s+)?(?:next|following|previous|preceding)\s+day|(?:the\s+)?day\s+(?:after|before)|yesterday|tomorrow|(?:last|next|this)\s+(?:week|month|year)|${COUNT}\s+${UNIT}\s+(?:later|earlier|ago|before|after)|in\s+${COUNT}\s+${UNIT})$`,
  'i',
);
/** "the following day", "the previous day": the day after or before, which the parser does not read. */
const ADJACENT_DAY = /\b(?:the\s+)?(following|previous|preceding)\s+day\b/gi;
/** Words before a month written without year or day that make it a time: "in May", "until June". */
const MONTH_CONTEXT =
  /\b(?:in|during|since|until|till|by|early|mid-?|late|last|next|this|of|from|before|after)\s+$/i;
/** A preposition the parser takes into the date's wording, left out of `dateText`. */
const LEADING_PREPOSITION = /^(?:on|in|from|since|during|by|until|till)\s+/i;
/** Numeric dates: `first/second/year`, for the page-wide day-first rule. */
const NUMERIC_DATE = /\b(\d{1,2})[/.-](\d{1,2})[/.-](?:\d{4}|\d{2})\b/g;
/** What lies between two dates that make one range: "between January and March 2015". */
const RANGE_GAP = /^\s*(?:and|to|through|until|till|[-–—])\s*$/i;

const DAY_MS = 86_400_000;

interface Found {
  start: number;
  end: number;
  date: string;
  dateEnd?: string;
  precision: DatePrecision;
  relative: boolean;
}

/**
 * The dated statements of one page, in text order: one per date expression, so a sentence with two dates
 * gives two. Relative dates need something to count from: wording such as "the next day" or "two weeks
 * later" is counted from the last full date stated before it on the page (else from the document's
 * date); "yesterday", "next month" or a date without year from the document's date. A relative date with
 * nothing to count from is left out. Times of day are ignored.
 */
export function datedStatements(
  page: { text: string; page: number },
  context: DatedStatementContext,
): DatedStatement[] {
  const parser = dayFirst(page.text) ? chrono.en.GB : chrono.en.casual;
  const documentDate = context.documentDate ? parseIsoDay(context.documentDate) : null;
  const statements: DatedStatement[] = [];
  let anchor: number | null = null;
  for (const sentence of splitSentences(page.text)) {
    for (const found of sentenceDates(parser, sentence.text, documentDate, anchor)) {
      statements.push({
        date: found.date,
        ...(found.dateEnd ? { dateEnd: found.dateEnd } : {}),
        precision: found.precision,
        relative: found.relative,
        sentence: { start: sentence.start, end: sentence.end },
        dateText: { start: sentence.start + found.start, end: sentence.start + found.end },
      });
      if (found.precision === 'day' && !found.relative) anchor = parseIsoDay(found.date);
    }
  }
  return statements;
}

/**
 * Whether ambiguous numeric dates on this page (`3/4/2014`) are read day first: only when the page
 * writes some numeric date that can only be day first (`17/3/2014`) and none that can only be month
 * first (`3/17/2014`). Otherwise they are read month first, as in the US.
 */
export function dayFirst(text: string): boolean {
  let dayFirstSeen = false;
  let monthFirstSeen = false;
  for (const m of text.matchAll(NUMERIC_DATE)) {
    const first = Number(m[1]);
    const second = Number(m[2]);
    if (first > 12 && second <= 12) dayFirstSeen = true;
    if (second > 12 && first <= 12) monthFirstSeen = true;
  }
  return dayFirstSeen && !monthFirstSeen;
}

function sentenceDates(
  parser: chrono.Chrono,
  text: string,
  documentDate: number | null,
  anchor: number | null,
): Found[] {
  const reference = documentDate ?? anchor ?? Date.UTC(2000, 0, 1, 12);
  const results = parser.parse(text, { instant: new Date(reference), timezone: 0 });
  const found: Found[] = [];
  /** The last full date stated before `offset`: in this sentence, else before it on the page. */
  const anchorBefore = (offset: number): number | null => {
    const earlier = found.filter((f) => f.end <= offset && f.precision === 'day' && !f.relative);
    const last = earlier.sort((a, b) => a.end - b.end).at(-1);
    return last ? parseIsoDay(last.date) : anchor;
  };
  for (let i = 0; i < results.length; i++) {
    const result = results[i] as chrono.ParsedResult;
    const next = results[i + 1];
    const joined = next && joinsAsRange(text, result, next);
    const read = readResult(
      parser,
      text,
      result,
      joined ? next : undefined,
      documentDate,
      anchorBefore(result.index),
    );
    if (joined) i++;
    if (read) found.push(read);
  }
  for (const m of text.matchAll(ADJACENT_DAY)) {
    const start = m.index;
    const end = start + m[0].length;
    const from = anchorBefore(start) ?? documentDate;
    if (from === null || found.some((f) => start < f.end && f.start < end)) continue;
    const read = dayResult(from + (/^following$/i.test(m[1] as string) ? DAY_MS : -DAY_MS), start, end);
    if (read) found.push(read);
  }
  for (const mention of yearMentions(text)) {
    if (found.some((f) => mention.start < f.end && f.start < mention.end)) continue;
    if (!plausible(mention.year) || (mention.yearEnd !== undefined && !plausible(mention.yearEnd))) continue;
    found.push({
      start: mention.start,
      end: mention.end,
      date: String(mention.year),
      ...(mention.yearEnd !== undefined ? { dateEnd: String(mention.yearEnd) } : {}),
      precision: 'year',
      relative: false,
    });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Two dates the parser read apart that the text joins: "between January and March 2015". */
function joinsAsRange(text: string, first: chrono.ParsedResult, second: chrono.ParsedResult): boolean {
  if (first.end || second.end) return false;
  const gap = text.slice(first.index + first.text.length, second.index);
  if (!RANGE_GAP.test(gap)) return false;
  const before = text.slice(0, first.index);
  return /\band\b/i.test(gap) ? /\bbetween\s+$/i.test(before) : /\b(?:from|between)\s+$/i.test(before);
}

function readResult(
  parser: chrono.Chrono,
  text: string,
  result: chrono.ParsedResult,
  rangeEnd: chrono.ParsedResult | undefined,
  documentDate: number | null,
  anchor: number | null,
): Found | null {
  const start = result.start;
  const tags = result.tags();
  const hasDate = ['day', 'month', 'year', 'weekday'].some((c) => start.isCertain(c as chrono.Component));
  if (!hasDate) return null;
  const numeric = tags.has('parser/SlashDateFormatParser');
  // "12/3" with no year is as often a room, a ratio or a fraction as a date.
  if (numeric && !start.isCertain('year')) return null;
  const before = text.slice(0, result.index);
  const yearFromEnd = !start.isCertain('year') && rangeEnd !== undefined && yearWritten(rangeEnd);
  const relativeTag = [...tags].some((t) => t === 'result/relativeDate' || t.startsWith('casualReference/'));
  const relative = !yearFromEnd && (relativeTag || !yearWritten(result));
  const onlyMonth = start.isCertain('month') && !start.isCertain('day') && !start.isCertain('year');
  if (onlyMonth && !yearFromEnd && !MONTH_CONTEXT.test(before)) return null;

  let wordingStart = result.index;
  const wordingEnd = rangeEnd ? rangeEnd.index + rangeEnd.text.length : result.index + result.text.length;
  const leading = LEADING_PREPOSITION.exec(result.text);
  if (leading) wordingStart += leading[0].length;

  let components = start;
  if (relative) {
    if (result.end) return null; // "Monday to Friday": a schedule, not a date
    const onlyWeekday = start.isCertain('weekday') && !start.isCertain('day') && !start.isCertain('month');
    const qualifier = WEEKDAY_QUALIFIER.exec(before);
    const anaphoric =
      ANAPHORIC.test(result.text) || (qualifier !== null && ANAPHORIC.test(qualifier[1] as string));
    const from = anaphoric ? (anchor ?? documentDate) : documentDate;
    if (from === null) return null;
    if (onlyWeekday) {
      if (!WEEKDAY_NAME.test(result.text.trim())) return null;
      const which = (qualifier?.[1] ?? /^(next|last)\s/i.exec(result.text)?.[1] ?? '').toLowerCase();
      const direction = which === 'following' || which === 'next' ? 1 : which === '' ? 0 : -1;
      if (qualifier) wordingStart = qualifier.index;
      return dayResult(
        weekdayFrom(from, start.get('weekday') as number, direction),
        wordingStart,
        wordingEnd,
      );
    }
    // Relative wording must state a date ("two weeks later"), not a duration ("for two weeks"); a date
    // written without its year ("on 5 May", "in June") is also counted from the document's date.
    const datedWithoutYear = !relativeTag && start.isCertain('month');
    if (!datedWithoutYear && !relativeWordingStatesDate(text, result)) return null;
    const reparsed = parser.parse(text, { instant: new Date(from), timezone: 0 });
    const same = reparsed.find((r) => r.index === result.index && r.text === result.text);
    if (!same) return null;
    components = same.start;
  }
  const year = components.get('year');
  if (year === null) return null;
  const endYear = yearFromEnd ? rangeEnd?.start.get('year') : year;
  if (!plausible(endYear ?? year)) return null;
  const resolvedYear = yearFromEnd ? (endYear as number) : year;
  const precision: DatePrecision = components.isCertain('day')
    ? 'day'
    : components.isCertain('month')
      ? 'month'
      : 'year';
  const date = isoOf(resolvedYear, components.get('month'), components.get('day'), precision);

  let dateEnd: string | undefined;
  const endComponents = rangeEnd?.start ?? result.end;
  if (endComponents) {
    const endPrecision: DatePrecision = endComponents.isCertain('day')
      ? 'day'
      : endComponents.isCertain('month')
        ? 'month'
        : 'year';
    const y = endComponents.get('year');
    if (y === null || !plausible(y)) return null;
    dateEnd = isoOf(y, endComponents.get('month'), endComponents.get('day'), endPrecision);
    if (dateEnd < date) return null;
  }
  return {
    start: wordingStart,
    end: wordingEnd,
    date,
    ...(dateEnd ? { dateEnd } : {}),
    precision,
    relative,
  };
}

/** Whether the result's wording writes its year ("2014", "'14", "3/17/14"), rather than implying it. */
function yearWritten(result: chrono.ParsedResult): boolean {
  const year = result.start.get('year');
  if (year === null || !result.start.isCertain('year')) return false;
  const short = String(year % 100).padStart(2, '0');
  return new RegExp(`(?<!\\d)(?:${year}|'?${short})(?!\\d)`).test(result.text);
}

/** Relative wording that states a date; "two weeks after surgery" is counted from an event, not a date. */
function relativeWordingStatesDate(text: string, result: chrono.ParsedResult): boolean {
  const wording = result.text.trim().replace(/\s+/g, ' ');
  if (!RELATIVE_WORDING.test(wording)) return false;
  if (!/\b(?:after|before)$/i.test(wording)) return true;
  return !/^\s*[\p{L}\d]/u.test(text.slice(result.index + result.text.length));
}

function dayResult(day: number, start: number, end: number): Found | null {
  const date = new Date(day).toISOString().slice(0, 10);
  return plausible(Number(date.slice(0, 4))) ? { start, end, date, precision: 'day', relative: true } : null;
}

/** The `weekday` (0 = Sunday) after (`1`), before (`-1`) or nearest to (`0`) the day `from`. */
function weekdayFrom(from: number, weekday: number, direction: number): number {
  const today = new Date(from).getUTCDay();
  const ahead = (weekday - today + 7) % 7 || (direction === 0 ? 0 : 7);
  const behind = (today - weekday + 7) % 7 || (direction === 0 ? 0 : 7);
  if (direction > 0) return from + ahead * DAY_MS;
  if (direction < 0) return from - behind * DAY_MS;
  return ahead <= behind ? from + ahead * DAY_MS : from - behind * DAY_MS;
}

function isoOf(year: number, month: number | null, day: number | null, precision: DatePrecision): string {
  const y = String(year).padStart(4, '0');
  if (precision === 'year' || month === null) return y;
  const m = String(month).padStart(2, '0');
  if (precision === 'month' || day === null) return `${y}-${m}`;
  return `${y}-${m}-${String(day).padStart(2, '0')}`;
}

function plausible(year: number): boolean {
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

/** Noon UTC of a `YYYY-MM-DD` day (noon, so no time zone moves it to another day); null if malformed. */
function parseIsoDay(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  const time = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
  return Number.isNaN(time) ? null : time;
}
