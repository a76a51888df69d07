import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { AnswerMode, Citation } from '@quire/inference';
import { appendJsonLines } from './json-lines.ts';

/** One line of `<workspace>/audit.jsonl`, written for every answer (append-only). */
export interface AuditEntry {
  time: string;
  threadId: string | null;
  question: string;
  standaloneQuery: string;
  retrievedChunkIds: string[];
  models: { embedding: string | null; chat: string | null; rerank: string | null };
  mode: AnswerMode;
  /** sha256 of the answer text, so a copy of the answer can be matched to this entry. */
  answerHash: string;
  citations: Pick<
    Citation,
    'n' | 'chunkId' | 'documentId' | 'path' | 'page' | 'start' | 'end' | 'verified'
  >[];
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

export async function appendAudit(workspaceDir: string, entry: AuditEntry): Promise<void> {
  await appendJsonLines(join(workspaceDir, 'audit.jsonl'), [entry]);
}
