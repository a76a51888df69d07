import { EventEmitter } from 'node:events';
import type { DocumentParser } from '@quire/ingest';
import { FolderWatcher } from './folder-watcher.ts';
import type { IngestEvent } from './ingest-events.ts';
import { matterFactsOf } from './matter-facts.ts';
import { OpenWorkspace } from './open-workspace.ts';
import { StatusTracker } from './status-tracker.ts';
import { type SyncOptions, type SyncReport, syncWorkspace } from './sync.ts';
import type { WorkspaceRegistry } from './workspace-registry.ts';

export interface WorkspaceServiceOptions {
  /** Watch every workspace's folders and keep their indexes current. Default true. */
  watch?: boolean;
  /** One parser for every workspace (its giver closes it). Default: each workspace parses in process. */
  parser?: DocumentParser;
  onError?: (workspace: string, error: unknown) => void;
  /**
   * A watched workspace that fails to open (its index or embedding model could not be loaded) is tried
   * again after this long, doubling after each failure in a row up to 5 min. Default 5 s.
   */
  retryOpenMs?: number;
}

interface Entry {
  ws: OpenWorkspace;
  watcher: FolderWatcher | null;
  tracker: StatusTracker;
}

/**
 * The server's workspaces: each opened once and shared by every request, watched (when asked) so its
 * index follows its folders, with one typed event stream (`'ingest'`) for progress of all of them.
 */
export class WorkspaceService {
  readonly events = new EventEmitter<{ ingest: [IngestEvent] }>();
  private readonly open = new Map<string, Promise<Entry>>();
  /** Opens that failed in a row, and the pending retry, per watched workspace. */
  private readonly retries = new Map<string, { failures: number; timer: NodeJS.Timeout }>();
  private closed = false;

  constructor(
    readonly registry: WorkspaceRegistry,
    private readonly options: WorkspaceServiceOptions = {},
  ) {
    this.events.setMaxListeners(0);
  }

  /** Opens and watches every workspace of the data home; indexing continues in the background. */
  async start(): Promise<void> {
    for (const settings of await this.registry.list()) void this.get(settings.slug).catch(() => undefined);
  }

  /** The open workspace named `nameOrSlug` (opened, and watched, on first use). */
  async get(nameOrSlug: string): Promise<OpenWorkspace> {
    return (await this.entry(nameOrSlug)).ws;
  }

  /** Resolves when every watched workspace has caught up with its folders. */
  async idle(): Promise<void> {
    for (const entry of this.open.values()) await (await entry).watcher?.idle();
  }

  private async entry(nameOrSlug: string): Promise<Entry> {
    const { slug } = await this.registry.get(nameOrSlug);
    let entry = this.open.get(slug);
    if (!entry) {
      entry = this.openEntry(slug);
      this.open.set(slug, entry);
      entry.then(
        () => this.retries.delete(slug),
        (error) => {
          this.open.delete(slug);
          this.options.onError?.(slug, error);
          this.retryOpen(slug);
        },
      );
    }
    return entry;
  }

  /**
   * A watched workspace whose folders nobody would otherwise look at again (its status is read from disk)
   * is opened again after a pause, so that its queued files are indexed once the cause has passed.
   */
  private retryOpen(slug: string): void {
    if (this.closed || !(this.options.watch ?? true)) return;
    const failures = (this.retries.get(slug)?.failures ?? 0) + 1;
    clearTimeout(this.retries.get(slug)?.timer);
    const delay = Math.min(300_000, (this.options.retryOpenMs ?? 5000) * 2 ** (failures - 1));
    const timer = setTimeout(() => {
      if (this.closed || this.open.has(slug)) return;
      // A workspace deleted meanwhile is not retried (`get` fails on the registry, not on opening).
      this.registry.get(slug).then(
        () => void this.get(slug).catch(() => undefined),
        () => this.retries.delete(slug),
      );
    }, delay);
    timer.unref();
    this.retries.set(slug, { failures, timer });
  }

  private async openEntry(slug: string): Promise<Entry> {
    const ws = await OpenWorkspace.open(this.registry, slug, { parser: this.options.parser });
    const tracker = new StatusTracker(ws.dir);
    const entry: Entry = { ws, watcher: null, tracker };
    // A reader of a shared index has no folders of its own to watch: the indexing machine reads them.
    if ((this.options.watch ?? true) && !ws.settings.readOnly) {
      entry.watcher = await FolderWatcher.start(ws, {
        onEvent: (event) => {
          tracker.onEvent(event);
          this.events.emit('ingest', event);
          this.afterSync(ws, event);
        },
        onError: (error) => this.options.onError?.(slug, error),
      });
    }
    return entry;
  }

  /** Runs a sync of a workspace now (e.g. a re-index), with its events on the shared stream. */
  async sync(nameOrSlug: string, options: Omit<SyncOptions, 'onEvent'> = {}): Promise<SyncReport> {
    const entry = await this.entry(nameOrSlug);
    return syncWorkspace(entry.ws, {
      ...options,
      onEvent: (event) => {
        entry.tracker.onEvent(event);
        this.events.emit('ingest', event);
        this.afterSync(entry.ws, event);
      },
    });
  }

  /** Once a sync run ends, the whole-matter views' facts of new documents are computed in the background. */
  private afterSync(ws: OpenWorkspace, event: IngestEvent): void {
    if (event.type !== 'progress' || !event.finished || this.closed) return;
    void matterFactsOf(ws)
      .update(ws)
      .catch((error) => this.options.onError?.(ws.settings.slug, error));
  }

  /** Closes a workspace (its watcher, models and index); the next `get` opens it afresh. */
  async release(nameOrSlug: string): Promise<void> {
    const { slug } = await this.registry.get(nameOrSlug);
    const pending = this.open.get(slug);
    this.open.delete(slug);
    const entry = await pending?.catch(() => null);
    if (!entry) return;
    await entry.watcher?.close();
    await entry.tracker.flush();
    await entry.ws.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const { timer } of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
    for (const pending of this.open.values()) {
      const entry = await pending.catch(() => null);
      if (!entry) continue;
      await entry.watcher?.close();
      await entry.tracker.flush();
      await entry.ws.close();
    }
    this.open.clear();
  }
}
