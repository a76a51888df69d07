import { join } from 'node:path';
import { appendJsonLines, readJsonLines } from './json-lines.ts';
import { type Erasure, erasedPath, markerOf, rewriteJsonLines } from './redaction.ts';

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

  /**
   * Removes the paths of what `erasure` erased from the log (see {@link redactIngestEntry}), also those
   * its documents had earlier (before a rename); the file is rewritten atomically. Returns how many
   * entries changed.
   */
  async redact(erasure: Erasure): Promise<number> {
    const entries = await readJsonLines<IngestLogEntry>(this.file);
    const paths = new Set(erasure.paths);
    for (const e of entries)
      if ('documentId' in e && erasure.documentIds.has(e.documentId)) paths.add(e.path);
    return rewriteJsonLines<IngestLogEntry>(this.file, redactIngestEntry({ ...erasure, paths }));
  }
}

/**
 * A redactor of ingest-log entries (null: an entry left as it is). A file's name can say as much as its
 * text ("privileged email to X.eml"), so every entry of an erased path (or of an attachment below one)
 * has its path, and a failure its message, replaced by the removal marker; the document hash stays.
 */
export function redactIngestEntry(erasure: Erasure): (entry: IngestLogEntry) => IngestLogEntry | null {
  const marker = markerOf(erasure);
  return (entry) => {
    const named = erasedPath(erasure, entry.path);
    const hashed = 'documentId' in entry && erasure.documentIds.has(entry.documentId);
    if (!(named || hashed) || entry.path === marker) return null;
    return entry.event === 'failed'
      ? { ...entry, path: marker, message: marker }
      : { ...entry, path: marker };
  };
}
