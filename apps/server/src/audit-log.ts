import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { AnswerMode, Citation, SupportLevel } from '@quire/inference';
import { appendJsonLines, readJsonLines } from './json-lines.ts';
import { type Erasure, markerOf, rewriteJsonLines } from './redaction.ts';
import type { Scope } from './scope.ts';

/** One line of `<workspace>/audit.jsonl`, written for every answer (append-only). */
export interface AuditEntry {
  time: string;
  threadId: string | null;
  question: string;
  standaloneQuery: string;
  retrievedChunkIds: string[];
  models: { embedding: string | null; chat: string | null; rerank: string | null };
  mode: AnswerMode;
  /** How well the sources supported the answer (absent in entries written before support levels). */
  support?: SupportLevel;
  /** The part of the workspace asked (null: all of it; absent in entries written before scopes). */
  scope?: Scope | null;
  /**
   * Who asked: the named token's name (`quire tokens add`), `owner` for the owner's access token, null
   * without a token (loopback, the CLI); absent in entries written before named tokens.
   */
  askedBy?: string | null;
  /** sha256 of the answer text, so a copy of the answer can be matched to this entry. */
  answerHash: string;
  citations: (Pick<
    Citation,
    'n' | 'chunkId' | 'documentId' | 'path' | 'page' | 'pageLabel' | 'bates' | 'start' | 'end' | 'verified'
  > & {
    /** Set when the cited document was erased (ISO time): its path is then the removal marker. */
    erased?: string;
  })[];
  /**
   * Tombstones of documents erased after this answer (`quire erase`) that it cited or retrieved: their
   * hash and when; the entry keeps nothing of their text or paths. Absent: none.
   */
  erased?: { documentId: string; at: string }[];
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * A workspace's `audit.jsonl`: one line per answer given, never rewritten except to erase a document
 * (`quire erase`), which keeps every entry and its hashes.
 */
export class AuditLog {
  readonly file: string;

  constructor(workspaceDir: string) {
    this.file = join(workspaceDir, 'audit.jsonl');
  }

  async append(entry: AuditEntry): Promise<void> {
    await appendJsonLines(this.file, [entry]);
  }

  /**
   * Tombstones what `erasure` erased in every entry (see {@link redactAuditEntry}), the file rewritten
   * atomically; returns how many entries changed (with `dryRun`, how many would).
   */
  redact(erasure: Erasure, dryRun = false): Promise<number> {
    return rewriteJsonLines(this.file, redactAuditEntry(erasure), dryRun);
  }

  /** Every entry, oldest first (none before the first answer). */
  entries(): Promise<AuditEntry[]> {
    return readJsonLines<AuditEntry>(this.file);
  }
}

/**
 * A redactor of audit entries, oldest first (null: an entry left as it is). An entry that cited or
 * retrieved an erased document keeps everything that is not its text (time, question, chunk ids, pages
 * and offsets, `answerHash`, the document's hash) and gets a tombstone (`erased`); the erased document's
 * paths become the removal marker. The answer text was never kept here, only its hash. A later question
 * of the same thread that the chat model rewrote to stand alone (from the erased answer) loses that
 * rewrite.
 */
export function redactAuditEntry(erasure: Erasure): (entry: AuditEntry) => AuditEntry | null {
  const marker = markerOf(erasure);
  const tainted = new Set<string>();
  const documentOf = (chunkId: string) => chunkId.slice(0, chunkId.lastIndexOf(':'));
  return (entry) => {
    const before = new Set((entry.erased ?? []).map((e) => e.documentId));
    const hit = new Set(
      [...entry.citations.map((c) => c.documentId), ...entry.retrievedChunkIds.map(documentOf)].filter(
        (id) => erasure.documentIds.has(id) && !before.has(id),
      ),
    );
    const rewritten =
      entry.threadId !== null &&
      tainted.has(entry.threadId) &&
      entry.models.chat !== null &&
      entry.standaloneQuery !== entry.question &&
      entry.standaloneQuery !== marker;
    if (entry.threadId !== null && hit.size > 0) tainted.add(entry.threadId);
    if (hit.size === 0 && !rewritten) return null;
    return {
      ...entry,
      standaloneQuery: rewritten ? marker : entry.standaloneQuery,
      citations: entry.citations.map((c) =>
        hit.has(c.documentId) ? { ...c, path: marker, erased: erasure.at } : c,
      ),
      erased: [...(entry.erased ?? []), ...[...hit].map((documentId) => ({ documentId, at: erasure.at }))],
    };
  };
}
