import type { Stats } from 'node:fs';
import { basename } from 'node:path';
import { isIgnoredPath } from '@quire/ingest';
import { type FSWatcher, watch } from 'chokidar';
import type { IngestEvent } from './ingest-events.ts';
import type { OpenWorkspace } from './open-workspace.ts';
import { type SyncReport, syncWorkspace } from './sync.ts';

export interface WatchOptions {
  onEvent?: (event: IngestEvent) => void;
  /** Called after every sync the watcher runs (initial reconciliation, changes, clean-up). */
  onSync?: (report: SyncReport, kind: 'full' | 'changes') => void;
  onError?: (error: unknown) => void;
  /** Quiet time gathering file events into one sync. Default 300 ms. */
  debounceMs?: number;
  /** A file must keep its size this long before it is read (slow writes, copies). Default 1500 ms. */
  stableMs?: number;
  /** Quiet time after changes before a full reconciliation removes leftovers. Default 5 s. */
  reconcileMs?: number;
  /** A full reconciliation also runs this often, in case the file system dropped events. Default 10 min. */
  reconcileEveryMs?: number;
  /**
   * After a sync fails as a whole (not a file: the index, a model, the disk), a full reconciliation is
   * tried again after this long, doubling after each failure in a row up to 5 min. Default 5 s.
   */
  retryMs?: number;
  /** What runs a sync (a test gives one that fails). Default {@link syncWorkspace}. */
  sync?: typeof syncWorkspace;
}

/**
 * Hidden files and folders are not watched, and temporary and lock files are never indexed; any other
 * file is (a kind Quire does not read is listed by the sync as `unsupported-type`).
 */
function ignored(path: string, stats?: Stats): boolean {
  const name = basename(path);
  if (name.startsWith('.')) return true;
  return Boolean(stats?.isFile()) && isIgnoredPath(path);
}

/**
 * Keeps one workspace's index following its folders: a full reconciliation once the watcher is ready
 * (catching whatever changed while Quire was not running), then syncs of just the changed paths as
 * files are added, changed, renamed or deleted, and a full reconciliation after a quiet spell (removing
 * documents no file refers to any more). Syncs never overlap; events arriving during one are gathered
 * for the next.
 */
export class FolderWatcher {
  private readonly changed = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private periodic: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private closed = false;
  /** Syncs that failed in a row (reset by one that completes). */
  private failures = 0;
  /** The pending reconciliation is a retry after a failure (which `idle()` does not wait for). */
  private retrying = false;

  private constructor(
    private readonly ws: OpenWorkspace,
    private readonly watcher: FSWatcher,
    private readonly options: WatchOptions,
  ) {}

  /** Starts watching; the initial reconciliation runs in the background (`idle()` waits for it). */
  static async start(ws: OpenWorkspace, options: WatchOptions = {}): Promise<FolderWatcher> {
    const watcher = watch([...ws.settings.folders], {
      ignored,
      ignoreInitial: true,
      followSymlinks: false,
      awaitWriteFinish: { stabilityThreshold: options.stableMs ?? 1500, pollInterval: 100 },
    });
    const self = new FolderWatcher(ws, watcher, options);
    // A new folder is not scanned here: chokidar reports each file in it (once its size is stable), and
    // only files it reported will have their deletion reported too.
    for (const event of ['add', 'change', 'unlink', 'unlinkDir'] as const) {
      watcher.on(event, (path: string) => self.noteChange(path));
    }
    watcher.on('error', (error) => options.onError?.(error));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    void self.enqueue('full');
    self.periodic = setInterval(() => void self.enqueue('full'), options.reconcileEveryMs ?? 600_000);
    self.periodic.unref();
    return self;
  }

  /** Resolves when no sync is running or waiting (including the pending reconciliation). */
  async idle(): Promise<void> {
    for (;;) {
      const running = this.running;
      await running;
      const waiting = this.timer || (this.reconcileTimer && !this.retrying) || this.changed.size > 0;
      if (running === this.running && !waiting) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private noteChange(path: string): void {
    if (this.closed) return;
    this.changed.add(path);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.enqueue('changes');
    }, this.options.debounceMs ?? 300);
  }

  private enqueue(kind: 'full' | 'changes'): Promise<void> {
    this.running = this.running.then(async () => {
      if (this.closed) return;
      const paths = kind === 'changes' ? [...this.changed] : undefined;
      if (kind === 'changes') {
        if (!paths || paths.length === 0) return;
        this.changed.clear();
      }
      try {
        const report = await (this.options.sync ?? syncWorkspace)(this.ws, {
          paths,
          onEvent: this.options.onEvent,
        });
        this.options.onSync?.(report, kind);
        // A reconciliation that found changes runs again after a quiet spell: chokidar drops the events of
        // a file that is deleted while it waits for the file's size to settle.
        const changedSomething = report.indexed + report.removed > 0;
        this.failures = 0;
        if (kind === 'changes' || changedSomething) this.scheduleReconcile();
      } catch (error) {
        this.options.onError?.(error);
        // The files it was to read stay queued: try again soon rather than at the next periodic pass.
        this.failures++;
        const retry = Math.min(300_000, (this.options.retryMs ?? 5000) * 2 ** (this.failures - 1));
        this.scheduleReconcile(retry, true);
      }
    });
    return this.running;
  }

  private scheduleReconcile(afterMs = this.options.reconcileMs ?? 5000, retry = false): void {
    if (this.closed) return;
    clearTimeout(this.reconcileTimer);
    this.retrying = retry;
    this.reconcileTimer = setTimeout(() => {
      this.reconcileTimer = undefined;
      this.retrying = false;
      void this.enqueue('full');
    }, afterMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.reconcileTimer);
    clearInterval(this.periodic);
    await this.watcher.close();
    await this.running;
  }
}
