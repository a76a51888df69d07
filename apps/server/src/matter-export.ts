// The chronology written out for people and spreadsheets: Markdown (a dated list, each event with its
// sources as the UI cites them) and CSV (one row per event, RFC 4180 quoting, formula-looking cells
// defused so a spreadsheet never runs a document's text).
import { pageRef } from '@quire/inference/page-ref';
import type { MatterCitation, TimelineEvent, TimelineResult } from './matter-types.ts';

/** English month names, from the platform's own calendar data. */
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });
const monthName = (month: number) => MONTH.format(Date.UTC(2000, month - 1, 1));

/** `17 March 2014`, `March 2014` or `2014`, as the ISO form states it. */
export function formatIsoDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  const m = Number(month);
  if (!month || !(m >= 1 && m <= 12)) return year ?? iso;
  const name = monthName(m);
  return day ? `${Number(day)} ${name} ${year}` : `${name} ${year}`;
}

/** An event's date as read: `17 March 2014`, `March 2014 – June 2015`, marked when worked out. */
export function formatEventDate(event: Pick<TimelineEvent, 'date' | 'dateEnd' | 'relative'>): string {
  const range = event.dateEnd
    ? `${formatIsoDate(event.date)} – ${formatIsoDate(event.dateEnd)}`
    : formatIsoDate(event.date);
  return event.relative ? `${range} (worked out)` : range;
}

/** `lease.pdf, p. 3 (PDF p. 5)`: a citation's document and page as printed. */
export function citationRef(c: MatterCitation): string {
  const name = c.path.split(/[\\/]/).pop() ?? c.path;
  return `${name}, ${pageRef(c)}`;
}

export function timelineMarkdown(title: string, result: TimelineResult): string {
  const lines = [`# Chronology: ${title}`, ''];
  if (result.since || result.until)
    lines.push(
      `Events ${result.since ? `from ${result.since} ` : ''}${result.until ? `to ${result.until}` : ''}`.trim(),
      '',
    );
  if (result.events.length === 0) lines.push('No dated statements found.');
  for (const event of result.events) {
    lines.push(`- **${formatEventDate(event)}** — ${oneLine(event.summary ?? event.text)}`);
    for (const c of event.citations) lines.push(`  - ${citationRef(c)}: “${oneLine(c.quote)}”`);
  }
  if (result.pending > 0) lines.push('', `(${result.pending} documents not read for dates yet.)`);
  return `${lines.join('\n')}\n`;
}

const CSV_HEADER = [
  'date',
  'date_end',
  'precision',
  'relative',
  'event',
  'path',
  'page',
  'page_label',
  'bates',
  'sources',
];

export function timelineCsv(result: TimelineResult): string {
  const rows = [CSV_HEADER];
  for (const e of result.events) {
    const first = e.citations[0];
    rows.push([
      e.date,
      e.dateEnd ?? '',
      e.precision,
      String(e.relative),
      oneLine(e.summary ?? e.text),
      first?.path ?? '',
      first ? String(first.page) : '',
      first?.pageLabel ?? '',
      first?.bates ?? '',
      e.citations.map(citationRef).join('; '),
    ]);
  }
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
  // A cell starting like a formula is read by spreadsheets as one: prefix it so it stays text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
