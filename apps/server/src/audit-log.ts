import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { AnswerMode, Citation, SupportLevel } from '@quire/inference';
import { appendJsonLines, readJsonLines } from './json-lines.ts';
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
  /** sha256 of the answer text, so a copy of the answer can be matched to this entry. */
  answerHash: string;
  citations: Pick<
    Citation,
    'n' | 'chunkId' | 'documentId' | 'path' | 'page' | 'pageLabel' | 'bates' | 'start' | 'end' | 'verified'
  >[];
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A workspace's `audit.jsonl`: one line per answer given, never rewritten. */
export class AuditLog {
  readonly file: string;

  constructor(workspaceDir: string) {
    this.file = join(workspaceDir, 'audit.jsonl');
  }

  async append(entry: AuditEntry): Promise<void> {
    await appendJsonLines(this.file, [entry]);
  }

  /** Every entry, oldest first (none before the first answer). */
  entries(): Promise<AuditEntry[]> {
    return readJsonLines<AuditEntry>(this.file);
  }
}
