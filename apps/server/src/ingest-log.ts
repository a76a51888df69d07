import { join } from 'node:path';
import { appendJsonLines } from './json-lines.ts';

/** One line of a workspace's `ingest.jsonl`: what happened to which file, durably, in order. */
export type IngestLogEntry =
  | { event: 'embedded'; path: string; documentId: string; pages: number; chunks: number }
  | { event: 'linked'; path: string; documentId: string }
  | { event: 'failed'; path: string; code: string; message: string }
  | { event: 'removed'; path: string };

/**
 * A workspace's `ingest.jsonl` (append-only JSON lines with a time stamp), written after the index write
 * they describe has committed. `embedded` means the file was parsed and embedded; `linked` means its
 * content was already indexed (a rename, a move, a copy) and only the path was recorded.
 */
export class IngestLog {
  readonly file: string;

  constructor(workspaceDir: string) {
    this.file = join(workspaceDir, 'ingest.jsonl');
  }

  async append(entries: readonly IngestLogEntry[]): Promise<void> {
    const time = new Date().toISOString();
    await appendJsonLines(
      this.file,
      entries.map((entry) => ({ time, ...entry })),
    );
  }
}
