import type { DocumentDate } from './types.ts';

// A PDF date: `D:YYYYMMDDHHmmSSOHH'mm'`, everything after the year optional (PDF 32000-1 §7.9.4).
const PDF_DATE = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?/;
// Before this no PDF was written; 1970-01-01 itself is Unix time 0, what tools write for "no date".
const EARLIEST = '1970-01-02';

/**
 * The document's date from a PDF's info dictionary (pdf.js `getMetadata().info`): its `CreationDate`,
 * else its `ModDate`, as the day written there (the writer's own time zone). A date that cannot be read,
 * or is before 1970 or after `today`, is ignored; none: undefined.
 */
export function pdfDate(info: unknown, today: Date = new Date()): DocumentDate | undefined {
  if (typeof info !== 'object' || info === null) return undefined;
  const fields: Record<string, unknown> = { ...info };
  for (const field of ['CreationDate', 'ModDate']) {
    const value = dayOf(fields[field], today);
    if (value !== null) return { value, source: 'pdf-metadata' };
  }
  return undefined;
}

function dayOf(raw: unknown, today: Date): string | null {
  if (typeof raw !== 'string') return null;
  const match = PDF_DATE.exec(raw.trim());
  if (!match) return null;
  const [, year = '', month = '01', day = '01'] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const value = `${year}-${month}-${day}`;
  // Date.UTC rolls an impossible day over (Feb 30 → Mar 2): the round trip catches it.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return null;
  // A day ahead of UTC's today is still today somewhere east of it.
  const latest = new Date(today.getTime() + 86_400_000).toISOString().slice(0, 10);
  return value >= EARLIEST && value <= latest ? value : null;
}
