// The emails the cards, the viewer's title and its email card show, asked of the server once a minute.
import { type EmailView, emailOf } from './api.ts';

/** Emails are kept this long, so the cards, the viewer's title and its card ask the server once. */
const EMAIL_TTL_MS = 60_000;
const MAX_EMAILS = 40;
const emails = new Map<string, { at: number; promise: Promise<EmailView> }>();

/** An email's card, attachments and thread (`GET …/documents/:id/email`), shared for a minute. */
export function loadEmailView(slug: string, documentId: string): Promise<EmailView> {
  const key = `${slug}\n${documentId}`;
  const kept = emails.get(key);
  if (kept && Date.now() - kept.at < EMAIL_TTL_MS) return kept.promise;
  const promise = emailOf(slug, documentId);
  emails.set(key, { at: Date.now(), promise });
  promise.catch(() => {
    if (emails.get(key)?.promise === promise) emails.delete(key);
  });
  while (emails.size > MAX_EMAILS) {
    const oldest = emails.keys().next().value;
    if (oldest === undefined) break;
    emails.delete(oldest);
  }
  return promise;
}

/** Forgets every kept email (after a reindex, and between tests). */
export function forgetEmailViews(): void {
  emails.clear();
}
