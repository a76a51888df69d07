// An email file's attachments are documents of their own, each recorded under a path of its own below
// the email's: `<email path>::<n>/<name>` (n its 1-based place in the message). Such a path is never a
// file on disk: its bytes are read from the email (see attachment-bytes.ts).
import type { StoredDocument, StoredPath, VectorStore } from '@quire/index';
import type { EmailRef } from '@quire/inference';
import type { EmailHeaders } from '@quire/ingest';

/** Attached messages inside attached messages are read to this depth (the email file itself is 0). */
export const MAX_ATTACHMENT_DEPTH = 3;

const SEPARATOR = '::';

/** The path recorded for attachment `n` (1-based) of the email at `parent`. */
export function attachmentPath(parent: string, n: number, name: string): string {
  // A name is a label, never a path: separators and control characters become `_`.
  const safe = name.replace(/[/\\\p{Cc}]/gu, '_').trim() || `attachment-${n}`;
  return `${parent}${SEPARATOR}${n}/${safe}`;
}

/**
 * Whether `path` has the shape {@link attachmentPath} gives (a file whose own name holds `::<n>/` is
 * taken for one too, which costs only a read of the families).
 */
export const isAttachmentPath = (path: string): boolean => /::\d+\//.test(path);

/** The 1-based place of an attachment in its email, from its path and its parent's; null if not one. */
export function attachmentPlace(path: string, parent: string): number | null {
  const rest = path.startsWith(parent + SEPARATOR) ? path.slice(parent.length + SEPARATOR.length) : null;
  const match = rest === null ? null : /^(\d+)\//.exec(rest);
  return match ? Number(match[1]) : null;
}

/** The file an attachment path came from (itself for a file), following `parent` links in `rows`. */
export function rootOf(path: string, rows: ReadonlyMap<string, Pick<StoredPath, 'parent'>>): string {
  let current = path;
  for (let i = 0; i <= MAX_ATTACHMENT_DEPTH + 1; i++) {
    const parent = rows.get(current)?.parent;
    if (!parent) return current;
    current = parent;
  }
  return current;
}

/** An attachment of an email as the email endpoint lists it. */
export interface AttachmentEntry {
  /** 0-based place in the message (as `emailAttachmentData` counts). */
  index: number;
  name: string;
  size: number;
  path: string;
  documentId: string | null;
  error: { code: string; message: string } | null;
}

/** What `GET …/documents/:documentId/email` answers. */
export interface EmailView {
  documentId: string;
  /** Its first path (a file, or an attachment path for an attached message). */
  path: string;
  headers: EmailHeaders;
  /** In the message's order, each a document of its own unless it could not be read. */
  attachments: AttachmentEntry[];
  /** The messages of the conversation, oldest first, this one included with `current: true`. */
  thread: ThreadEntry[];
  /** The emails this one came attached to (a forwarded message). */
  attachedTo: EmailRef[];
}

/** A message of an email's conversation. */
export interface ThreadEntry {
  documentId: string;
  path: string;
  subject: string | null;
  from: string | null;
  date: string | null;
  /** The message asked about. */
  current: boolean;
}

/**
 * The email families of one workspace's index, read once (its paths and documents): which emails each
 * attachment came with, each email's attachments, and conversations linked by `Message-ID`,
 * `In-Reply-To` and `References`.
 */
export class EmailFamilies {
  private readonly rows: Map<string, StoredPath>;
  private readonly documents: Map<string, StoredDocument>;

  private constructor(paths: readonly StoredPath[], documents: readonly StoredDocument[]) {
    this.rows = new Map(paths.map((p) => [p.path, p]));
    this.documents = new Map(documents.map((d) => [d.id, d]));
  }

  static async read(store: VectorStore): Promise<EmailFamilies> {
    const [paths, documents] = await Promise.all([store.listPaths(), store.listDocuments()]);
    return new EmailFamilies(paths, documents);
  }

  /**
   * The families, read only when one of `hits` (each with every path of its document) is an attachment:
   * a search or an answer that cites none reads nothing more.
   */
  static async readFor(
    store: VectorStore,
    hits: readonly { paths: readonly string[] }[],
  ): Promise<EmailFamilies> {
    const attachment = hits.some((hit) => hit.paths.some(isAttachmentPath));
    return attachment ? EmailFamilies.read(store) : new EmailFamilies([], []);
  }

  /** Every email the document came attached to (none for a document that is never an attachment). */
  attachedTo(documentId: string): EmailRef[] {
    const refs: EmailRef[] = [];
    for (const row of this.rows.values()) {
      if (row.documentId !== documentId || !row.parent) continue;
      const ref = this.refOf(row.parent);
      if (ref && !refs.some((r) => r.path === ref.path)) refs.push(ref);
    }
    return refs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** `{ attachedTo }` when the document is an attachment, else nothing: spread into an API object. */
  field(documentId: string): { attachedTo?: EmailRef[] } {
    const refs = this.attachedTo(documentId);
    return refs.length > 0 ? { attachedTo: refs } : {};
  }

  /** The email document with this id, or null when it is not an email. */
  email(documentId: string): (StoredDocument & { email: EmailHeaders }) | null {
    const document = this.documents.get(documentId);
    return document?.email ? (document as StoredDocument & { email: EmailHeaders }) : null;
  }

  /** The paths the document is recorded under (files and attachment paths), sorted. */
  pathsOf(documentId: string): string[] {
    return [...this.rows.values()]
      .filter((row) => row.documentId === documentId)
      .map((row) => row.path)
      .sort();
  }

  /** The attachments recorded below the email at `path`, in message order. */
  attachmentsOf(path: string): AttachmentEntry[] {
    const entries: AttachmentEntry[] = [];
    for (const row of this.rows.values()) {
      if (row.parent !== path) continue;
      const n = attachmentPlace(row.path, path);
      if (n === null) continue;
      entries.push({
        index: n - 1,
        name: row.path.slice(row.path.lastIndexOf('/') + 1),
        size: row.size,
        path: row.path,
        documentId: row.documentId,
        error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '' } : null,
      });
    }
    return entries.sort((a, b) => a.index - b.index);
  }

  /**
   * The conversation of an email: every email of the workspace linked to it through `Message-ID`,
   * `In-Reply-To` and `References` (in either direction, transitively), oldest first, itself included.
   */
  thread(documentId: string): ThreadEntry[] {
    const emails = [...this.documents.values()].filter((d) => d.email);
    const byMessageId = new Map<string, string[]>();
    const linksOf = (d: StoredDocument) => {
      const h = d.email as EmailHeaders;
      return [...(h.inReplyTo ? [h.inReplyTo] : []), ...h.references];
    };
    for (const d of emails) {
      const id = d.email?.messageId;
      if (id) byMessageId.set(id, [...(byMessageId.get(id) ?? []), d.id]);
    }
    // Undirected links: a message to those it names, and back.
    const neighbours = new Map<string, Set<string>>();
    const join = (a: string, b: string) => {
      if (a === b) return;
      neighbours.set(a, (neighbours.get(a) ?? new Set()).add(b));
      neighbours.set(b, (neighbours.get(b) ?? new Set()).add(a));
    };
    for (const d of emails) {
      for (const id of linksOf(d)) for (const other of byMessageId.get(id) ?? []) join(d.id, other);
      // Copies of one message (the same Message-ID in two files) are one message's places.
      for (const other of byMessageId.get(d.email?.messageId ?? '') ?? []) join(d.id, other);
    }
    if (!this.documents.get(documentId)?.email) return [];
    const seen = new Set([documentId]);
    const queue = [documentId];
    while (queue.length > 0) {
      for (const next of neighbours.get(queue.shift() as string) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return [...seen]
      .map((id) => {
        const h = this.documents.get(id)?.email as EmailHeaders;
        return {
          documentId: id,
          path: this.pathsOf(id)[0] ?? '',
          subject: h.subject,
          from: h.from,
          date: h.date,
          current: id === documentId,
        };
      })
      .sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.path.localeCompare(b.path));
  }

  private refOf(path: string): EmailRef | null {
    const row = this.rows.get(path);
    const email = row?.documentId ? this.email(row.documentId) : null;
    if (!row?.documentId || !email) return null;
    const { subject, from, to, date } = email.email;
    return { path, documentId: row.documentId, subject, from, to, date };
  }
}
