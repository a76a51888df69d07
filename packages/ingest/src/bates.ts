import { agreedReadings, type MarginTexts, type Reading } from './page-labels.ts';

// A Bates stamp: a prefix of capitals ("ACME", "ABC", "DEF-EXH"), an optional "-", "_" or space, and a
// number of 4–10 digits, usually zero-padded to a fixed width.
const STAMP_PARTS = '([A-Z]{2,}(?:[-_.][A-Z]+)*)([-_ ]?)(\\d{4,10})';
const STAMP = new RegExp(`(?<![A-Za-z0-9])${STAMP_PARTS}(?![A-Za-z0-9])`, 'g');
const LONE_STAMP = new RegExp(`^${STAMP_PARTS}$`);

/**
 * Each page's Bates number as printed (`ACME-0001234`), from its running head or foot (`margins`, one per
 * page): a stamp whose number rises by one per page with the same prefix and width on a neighbouring page
 * (a page without a stamp, such as one scanned without a text layer, may come between); null elsewhere.
 * A number that does not rise with the page (a form number, a year) is not one. A document of one page
 * has nothing to rise against: its one stamp counts when it looks like one by itself (see
 * {@link isBatesStamp}). Pure.
 */
export function batesNumbers(margins: readonly MarginTexts[]): (string | null)[] {
  const readings = margins.map(stampsOf);
  const [only] = readings;
  if (readings.length === 1 && only?.length === 1 && only[0] && isBatesStamp(stampText(only[0]))) {
    return [stampText(only[0])];
  }
  return agreedReadings(readings, { fill: false }).map((reading) =>
    reading === null ? null : stampText(reading),
  );
}

/**
 * Whether `text` is nothing but a stamp that reads as a Bates number without a neighbouring page to
 * confirm it: its number zero-padded (`ABC 000123`) or of 6 digits or more, which a form number or a year
 * (`FORM 1040`, `FY 2019`) is not. Such a piece in a page's edge band is a running foot or head even when
 * the pages around it do not repeat it.
 */
export function isBatesStamp(text: string): boolean {
  const digits = LONE_STAMP.exec(text.trim())?.[3];
  return digits !== undefined && (digits.startsWith('0') || digits.length >= 6);
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
