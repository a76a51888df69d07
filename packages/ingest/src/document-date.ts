import type { DocumentDate, ParsedDocument } from './types.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;
const MONTH_NAME =
  '(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(\\d{4})(?!\\d)';

/** `12 March 2021`, `12th of March, 2021`, `12 Mar. 2021`. */
const DAY_MONTH_YEAR = new RegExp(
  `(?<![\\d\\p{L}])${DAY}(?:\\s+of)?\\s+${MONTH_NAME}\\.?,?\\s+${YEAR}`,
  'giu',
);
/** `March 12, 2021`, `Mar. 12th 2021`. */
const MONTH_DAY_YEAR = new RegExp(`(?<!\\p{L})${MONTH_NAME}\\.?\\s+${DAY},?\\s+${YEAR}`, 'giu');
/** `2021-03-12`, `2021/03/12`, `2021.03.12` (also the date of an ISO timestamp). */
const YEAR_MONTH_DAY = /(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)/g;
/** `12.03.2021` (day first, as dotted dates are written), `12/03/2021` or `03-12-2021` when unambiguous. */
const NUMERIC_DAY_MONTH = /(?<![\d.])(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?!\d)/g;

/** How many characters of a document's first pages {@link textDate} reads. */
const TEXT_DATE_SCAN = 20_000;

/**
 * The first full date (day, month and year) written in `text`, as `YYYY-MM-DD`, or null: `12 March 2021`,
 * `March 12, 2021`, `12th of March 2021`, `2021-03-12`, `12.03.2021` (dots: day first); a date with
 * slashes or dashes and the year last only when its order cannot be mistaken (`25/03/2021`, `03/25/2021`,
 * `03/03/2021`, never `04/03/2021`). English month names, full or abbreviated. Impossible dates and years
 * before 1900 or after next year are not dates.
 */
export function firstFullDate(text: string, now: Date = new Date()): string | null {
  const maxYear = now.getUTCFullYear() + 1;
  const readers: Array<[RegExp, (match: RegExpExecArray) => string | null]> = [
    [DAY_MONTH_YEAR, ([, day, month, year]) => isoDay(year, monthOf(month), day)],
    [MONTH_DAY_YEAR, ([, month, day, year]) => isoDay(year, monthOf(month), day)],
    [YEAR_MONTH_DAY, ([, year, , month, day]) => isoDay(year, month, day)],
    [
      NUMERIC_DAY_MONTH,
      ([, first, separator, second, year]) => {
        if (separator === '.' || first === second || Number(first) > 12) return isoDay(year, second, first);
        return Number(second) > 12 ? isoDay(year, first, second) : null;
      },
    ],
  ];
  const found = readers.flatMap(([pattern, read]) => {
    const date = firstMatch(text, pattern, (match) => {
      const value = read(match);
      return value !== null && Number(value.slice(0, 4)) <= maxYear ? value : null;
    });
    return date === null ? [] : [date];
  });
  found.sort((a, b) => a.index - b.index);
  return found[0]?.value ?? null;
}

/** The first match of `pattern` (global) in `text` that `read` makes a date of, and where it starts. */
function firstMatch(
  text: string,
  pattern: RegExp,
  read: (match: RegExpExecArray) => string | null,
): { index: number; value: string } | null {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const value = read(match);
    if (value !== null) return { index: match.index, value };
  }
  return null;
}

function monthOf(name: string | undefined): number | undefined {
  const index = MONTHS.findIndex((month) => name?.toLowerCase().startsWith(month));
  return index < 0 ? undefined : index + 1;
}

/** `YYYY-MM-DD` for a real calendar day from 1900 on, else null. */
function isoDay(
  year: string | undefined,
  month: string | number | undefined,
  day: string | undefined,
): string | null {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (!Number.isInteger(y) || y < 1900 || !Number.isInteger(m) || m < 1 || m > 12) return null;
  if (!Number.isInteger(d) || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The day of an ISO 8601 timestamp (`2021-03-12T09:30:00Z` → `2021-03-12`), or null when it is not one. */
export function dayOfTimestamp(timestamp: string | null | undefined): string | null {
  const match = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(timestamp ?? '');
  return match ? isoDay(match[1], match[2], match[3]) : null;
}

/**
 * The document date of a metadata timestamp (`2021-03-12T09:30:00Z`, `2021-03-12`) with `source`; null
 * when it is absent or not a full date.
 */
export function metadataDate(
  timestamp: string | null | undefined,
  source: DocumentDate['source'] = 'office-metadata',
): DocumentDate | null {
  const value = dayOfTimestamp(timestamp);
  return value === null ? null : { value, source };
}

/**
 * An Office file's date from its docProps/core.xml: `dcterms:created`, else `dcterms:modified` (source
 * `office-metadata`); null when neither reads as a date.
 */
export function officeMetadataDate(coreXml: string): DocumentDate | null {
  const read = (element: string): DocumentDate | null =>
    metadataDate(new RegExp(`<dcterms:${element}\\b[^>]*>([^<]*)<`).exec(coreXml)?.[1]);
  return read('created') ?? read('modified');
}

/** A document's date from its text: the first full date in its first pages (source `text`), else null. */
export function textDate(document: Pick<ParsedDocument, 'pages'>): DocumentDate | null {
  let text = '';
  for (const page of document.pages) {
    if (text.length >= TEXT_DATE_SCAN) break;
    text += `${page.text}\n\n`;
  }
  const value = firstFullDate(text.slice(0, TEXT_DATE_SCAN));
  return value === null ? null : { value, source: 'text' };
}
