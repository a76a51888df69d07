import { agreedReadings, type MarginTexts, type Reading } from './page-labels.ts';

// A Bates stamp: a prefix of capitals ("ACME", "ABC", "DEF-EXH"), an optional "-", "_" or space, and a
// number of 4–10 digits, usually zero-padded to a fixed width.
const STAMP = /(?<![A-Za-z0-9])([A-Z]{2,}(?:[-_.][A-Z]+)*)([-_ ]?)(\d{4,10})(?![A-Za-z0-9])/g;

/**
 * Each page's Bates number as printed (`ACME-0001234`), from its running head or foot (`margins`, one per
 * page): a stamp whose number rises by one per page with the same prefix and width on a neighbouring page
 * (a page without a stamp, such as one scanned without a text layer, may come between); null elsewhere.
 * A number that does not rise with the page (a form number, a year) is not one. Pure.
 */
export function batesNumbers(margins: readonly MarginTexts[]): (string | null)[] {
  const readings = margins.map(stampsOf);
  return agreedReadings(readings, { fill: false }).map((reading) =>
    reading === null ? null : stampText(reading),
  );
}

/** The first and last Bates numbers of a document's pages (in page order); null when it has none. */
export function batesRange(
  pages: readonly { bates?: string | null }[],
): { first: string; last: string } | null {
  const stamped = pages.flatMap((page) => (page.bates ? [page.bates] : []));
  const first = stamped[0];
  const last = stamped[stamped.length - 1];
  return first === undefined || last === undefined ? null : { first, last };
}

/** The stamps in a page's margins, keyed by prefix, separator and digit count (the same through a production). */
function stampsOf(margins: MarginTexts): Reading[] {
  if (margins === null) return [];
  const text = [margins.header, margins.footer].filter((part) => part !== null).join('\n');
  return [...text.matchAll(STAMP)].map(([, prefix = '', separator = '', digits = '']) => ({
    key: `${prefix}${separator}|${digits.length}`,
    value: Number(digits),
  }));
}

function stampText(reading: Reading): string {
  const bar = reading.key.lastIndexOf('|');
  const width = Number(reading.key.slice(bar + 1));
  return `${reading.key.slice(0, bar)}${String(reading.value).padStart(width, '0')}`;
}
