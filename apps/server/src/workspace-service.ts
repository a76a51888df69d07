import { EventEmitter } from 'node:events';
import type { DocumentParser } from '@quire/ingest';
import { FolderWatcher } from './folder-watcher.ts';
import type { IngestEvent } from './ingest-events.ts';
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
      entry.catch((error) => {
        this.open.delete(slug);
        this.options.onError?.(slug, error);
      });
    }
    return entry;
  }

  private async openEntry(slug: string): Promise<Entry> {
    const ws = await OpenWorkspace.open(this.registry, slug, { parser: this.options.parser });
    const tracker = new StatusTracker(ws.dir);
    const entry: Entry = { ws, watcher: null, tracker };
    if (this.options.watch ?? true) {
      entry.watcher = await FolderWatcher.start(ws, {
        onEvent: (event) => {
          tracker.onEvent(event);
          this.events.emit('ingest', event);
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
      },
    });
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
