import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentState, IngestEvent, ProgressEvent } from './ingest-events.ts';

/** A document's live state while a sync runs. */
export interface LiveDocument {
  state: DocumentState;
  pages?: number;
  error?: { code: string; message: string };
}

/** What `<workspace>/status.json` holds: the indexing process's live view, refreshed while it works. */
export interface StatusSnapshot {
  pid: number;
  updatedAt: number;
  indexing: boolean;
  progress: ProgressEvent | null;
  documents: Record<string, LiveDocument>;
}

export const STATUS_FILE = 'status.json';

/**
 * Follows ingest events of one workspace and keeps a snapshot of every document's state, written to
 * `status.json` at most twice a second (and when a run finishes) so `quire status` in another process
 * can show queued, parsing and embedding documents.
 */
export class StatusTracker {
  private readonly documents = new Map<string, LiveDocument>();
  private progress: ProgressEvent | null = null;
  private writing: Promise<void> = Promise.resolve();
  private lastWrite = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly workspaceDir: string) {}

  readonly onEvent = (event: IngestEvent): void => {
    if (event.type === 'progress') {
      this.progress = event;
      if (event.finished) {
        for (const [path, doc] of this.documents) if (doc.state === 'removed') this.documents.delete(path);
        this.schedule(true);
        return;
      }
    } else {
      this.documents.set(event.path, { state: event.state, pages: event.pages, error: event.error });
    }
    this.schedule(false);
  };

  snapshot(): StatusSnapshot {
    return {
      pid: process.pid,
      updatedAt: Date.now(),
      indexing: this.progress !== null && !this.progress.finished,
      progress: this.progress,
      documents: Object.fromEntries(this.documents),
    };
  }

  /** Waits for pending snapshot writes. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.write();
  }

  private schedule(now: boolean): void {
    if (now) {
      void this.flush();
      return;
    }
    if (this.timer) return;
    const wait = Math.max(0, 500 - (Date.now() - this.lastWrite));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, wait);
  }

  private write(): Promise<void> {
    this.writing = this.writing.then(async () => {
      this.lastWrite = Date.now();
      const path = join(this.workspaceDir, STATUS_FILE);
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(this.snapshot()));
      await rename(tmp, path);
    });
    return this.writing.catch(() => undefined);
  }
}
