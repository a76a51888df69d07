/**
 * A number as a spreadsheet shows it under the common parts of an Excel number format: decimals (`0.00`),
 * thousands separators (`#,##0`), percent (`0%`), literal text and currency symbols (`"€"#,##0`,
 * `[$$-409]#,##0.00`), a negative section in parentheses (`#,##0;(#,##0)`); dates already come as dates.
 * `General` or no format: the number with at most 15 significant digits (no binary noise).
 */
export function formatCellNumber(value: number, numFmt: string | undefined): string {
  const sections = (numFmt ?? '').split(';');
  const negative = value < 0 && sections.length > 1;
  const section = (negative ? sections[1] : sections[0]) ?? '';
  const literal = section
    .replace(/\[\$([^\]-]*)[^\]]*\]/g, '"$1"')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/_./g, '')
    .replace(/\\(.)/g, '"$1"')
    .replace(/\*./g, '');
  const pattern = /[#0?][#0?,]*(?:\.[#0?]*)?/.exec(literal.replace(/"[^"]*"/g, (q) => ' '.repeat(q.length)));
  if (section.trim() === '' || /general/i.test(section) || pattern === null) return plain(value);
  const spec = pattern[0];
  const decimals = (spec.split('.')[1] ?? '').length;
  const grouped = spec.includes(',') && /[#0?],[#0?]/.test(spec);
  const percent = literal.replace(/"[^"]*"/g, '').includes('%');
  const shownValue = Math.abs(percent ? value * 100 : value);
  const digits = shownValue.toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: grouped,
  });
  const unquote = (text: string) => text.replace(/"([^"]*)"/g, '$1');
  const before = unquote(literal.slice(0, pattern.index));
  const after = unquote(literal.slice(pattern.index + spec.length));
  const sign = value < 0 && !negative ? '-' : '';
  return `${sign}${before}${digits}${after}`.trim();
}

/** A date as an ISO date, with the time (hh:mm, or hh:mm:ss) when it has one (read as UTC, as Excel dates are). */
export function formatDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  const day = iso.slice(0, 10);
  if (iso.slice(11, 19) === '00:00:00') return day;
  return iso.slice(17, 19) === '00' ? `${day} ${iso.slice(11, 16)}` : `${day} ${iso.slice(11, 19)}`;
}

function plain(value: number): string {
  return String(Number(value.toPrecision(15)));
}
