// How an email is named to a reader, in one rule for the web UI, the CLI, the OpenAI endpoint and the
// evidence bundle ("report.pdf, p. 2 — attached to 'Q3 numbers', J. Smith → A. Jones, 17 Mar 2014").
// Pure and browser-safe: the web imports it as `@quire/inference/email-ref`.
import type { EmailRef } from './types.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A sender or recipient as people say it: `"J. Smith" <j.smith@example.com>` → `J. Smith`, else the address. */
export function personName(address: string): string {
  const named = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(address);
  if (!named) return address.trim();
  return named[1]?.trim() || named[2]?.trim() || address.trim();
}

/** Recipients in a few words: `A. Jones`, `A. Jones and B. Brown`, `A. Jones and 2 others`. */
export function recipientsText(to: readonly string[]): string {
  const [first, second] = to.map(personName);
  if (first === undefined) return '';
  if (second === undefined) return first;
  return to.length === 2 ? `${first} and ${second}` : `${first} and ${to.length - 1} others`;
}

/**
 * An ISO date (UTC) for people: `17 Mar 2014`, with `time` `17 Mar 2014, 09:05 UTC`. Shown in UTC, as
 * the index stores it, so a date never moves a day with the reader's time zone. Null when absent or
 * unreadable.
 */
export function formatEmailDate(iso: string | null, time = false): string | null {
  if (iso === null) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const day = `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
  if (!time) return day;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

/** An email's subject as shown: the subject, else "(no subject)". */
export function subjectText(subject: string | null): string {
  return subject?.trim() || '(no subject)';
}

/** One email in a line: `'Q3 numbers', J. Smith → A. Jones, 17 Mar 2014` (parts it lacks left out). */
export function emailRefText(ref: Pick<EmailRef, 'subject' | 'from' | 'to' | 'date'>): string {
  const people = [ref.from === null ? '' : personName(ref.from), recipientsText(ref.to)]
    .filter(Boolean)
    .join(' → ');
  return [`'${subjectText(ref.subject)}'`, people, formatEmailDate(ref.date)].filter(Boolean).join(', ');
}

/** `attached to 'Q3 numbers', J. Smith → A. Jones, 17 Mar 2014 and to …`; '' when there is no email. */
export function attachedToText(refs: readonly EmailRef[] | undefined): string {
  return refs && refs.length > 0 ? `attached to ${refs.map(emailRefText).join(' and to ')}` : '';
}
