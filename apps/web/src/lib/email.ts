// How email families read in the UI (issue 16): an email named by its subject, an attachment by its
// name with the email it came with ("report.pdf, p. 2 — attached to 'Q3 numbers', J. Smith → A. Jones,
// 17 Mar 2014"), dates for people. Pure, for the cards, the passages and the viewer. How an email itself
// is named is the one rule of `@quire/inference/email-ref`, shared with the server (re-exported here).
import { attachedToText as emailsText, subjectText } from '@quire/inference/email-ref';
import type { Citation, EmailRef } from './api.ts';
import { baseName } from './format.ts';
import { describeFailure } from './ingest-state.ts';

export {
  emailRefText,
  formatEmailDate,
  personName,
  recipientsText,
  subjectText,
} from '@quire/inference/email-ref';

/** Anything that names a document, and the emails it came attached to (absent: not an attachment). */
export interface SourceOf {
  path: string;
  attachedTo?: readonly EmailRef[];
}

/** Whether a document is an email message (`.eml`, `.msg`, an attached message too), from its path. */
export function isEmailPath(path: string): boolean {
  return /\.(?:eml|msg)$/i.test(path);
}

/**
 * The path of the email an attachment came with, from its virtual path `<email path>::<n>/<name>`
 * (the innermost email for an attachment of an attached message); null for a file of its own.
 */
export function attachmentParent(path: string): string | null {
  return /^(.+)::\d+\/[^/\\]+$/.exec(path)?.[1] ?? null;
}

/** The emails a document came attached to; empty when it is not an attachment. */
export function attachedToOf(source: SourceOf): readonly EmailRef[] {
  return source.attachedTo ?? [];
}

/**
 * What a source is called: an email by its subject (when known: `subject` undefined means not loaded
 * yet, and the file name stands in), anything else, attachments included, by its file name.
 */
export function sourceName(path: string, subject?: string | null): string {
  if (isEmailPath(path) && subject !== undefined) return subjectText(subject);
  return baseName(path);
}

/** "attached to 'Q3 numbers', J. Smith → A. Jones, 17 Mar 2014 and to …"; empty for a file of its own. */
export function attachedToText(source: SourceOf): string {
  return emailsText(attachedToOf(source));
}

/**
 * A search hit, citation or passage in one line: `report.pdf, p. 2 — attached to 'Q3 numbers', J. Smith →
 * A. Jones, 17 Mar 2014`; an email's own by its subject (`Q3 numbers, p. 1`).
 */
export function sourceLabel(source: SourceOf & { page: number }, subject?: string | null): string {
  const where = `${sourceName(source.path, subject)}, p. ${source.page}`;
  const parents = attachedToText(source);
  return parents ? `${where} — ${parents}` : where;
}

/** Why an attachment was not read, in plain words (an S/MIME-encrypted part: "Encrypted: …"). */
export function attachmentProblem(error: { code: string; message: string }): string {
  if (error.code === 'encrypted')
    return 'Encrypted: only the recipient’s key can open it, so Quire could not read it.';
  return describeFailure(error).reason;
}

/**
 * What the viewer needs to open a document at its first page, with nothing quoted (and, for an
 * attachment, the emails it came with).
 */
export function pageOneCitation(document: SourceOf & { documentId: string }): Citation {
  const parents = attachedToOf(document);
  return {
    n: 0,
    chunkId: '',
    documentId: document.documentId,
    path: document.path,
    page: 1,
    heading: null,
    quote: '',
    start: 0,
    end: 0,
    ...(parents.length > 0 ? { attachedTo: [...parents] } : {}),
  };
}

const HEADER_LINE = /^(?:Subject|From|To|Cc|Date|Attachments):/;

/**
 * Where the header card lines (`Subject: …`, `From: …`, `To: …`, `Cc: …`, `Date: …`, `Attachments: …`)
 * that open an email's first page text end (the blank line after them, or any other line, ends them):
 * the viewer shows them as a card instead, and the body from here. 0 when the text does not open with them.
 */
export function emailHeaderEnd(text: string): number {
  let end = 0;
  let at = 0;
  while (at < text.length) {
    const next = text.indexOf('\n', at);
    const lineEnd = next === -1 ? text.length : next;
    const line = text.slice(at, lineEnd);
    if (!HEADER_LINE.test(line)) break;
    end = lineEnd;
    at = lineEnd + 1;
  }
  return end;
}

/**
 * The path of the email a listed document came attached to: the server's `parent`, else (a row a live
 * event added) read from its virtual path; null for a file of its own.
 */
export function parentEmailOf(row: { path: string; parent?: string }): string | null {
  return row.parent ?? attachmentParent(row.path);
}
