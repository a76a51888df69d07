import { EventEmitter } from 'node:events';
import { acquireGgufModel, ensureBuiltinModel, fileSha256, type GgufModelHandle } from '@quire/models';
import type { ModelBuildEvent } from './ingest-events.ts';

/** Progress events of a build are sent at most once per this share (1 %). */
const STEP = 0.01;

export interface BuiltinWarmupOptions {
  /**
   * Once the model is in place, also initialise llama.cpp, load the model and hash its file, and hold the
   * loaded model until `close()`: a workspace opened afterwards shares it (`acquireGgufModel`) and only
   * creates its contexts. Default true.
   */
  preload?: boolean;
}

/**
 * Generates the built-in embedding model in the background when the server starts, so that a new
 * install's first file does not wait for it, and (`preload`) loads it once generated or found. A
 * workspace that needs the model meanwhile waits for the same build (`ensureBuiltinModel` shares one
 * build per file) and the same load. Emits `model-build` events only when a build actually runs (`ready`
 * once the model is also loaded, with `preload`); nothing when the model is already there. LanceDB needs
 * no warming here: the server's modules import it at start, and a first workspace's index opens in ~50 ms
 * (docs/ingestion.md).
 */
export class BuiltinWarmup {
  readonly events = new EventEmitter<{ 'model-build': [ModelBuildEvent] }>();
  private last: ModelBuildEvent | null = null;
  private run: Promise<void> | null = null;
  private held: Promise<GgufModelHandle | null> | null = null;
  private closed = false;

  constructor(
    readonly modelsDir: string,
    private readonly options: BuiltinWarmupOptions = {},
  ) {
    this.events.setMaxListeners(0);
  }

  /** The latest event of this warm-up's build, if one ran (a late subscriber starts from it). */
  get state(): ModelBuildEvent | null {
    return this.last;
  }

  /**
   * Starts the warm-up (once); resolves when the model is in place (and preloaded, unless `preload` is
   * false) or its build failed. Never rejects.
   */
  start(): Promise<void> {
    this.run ??= ensureBuiltinModel(this.modelsDir, {
      onBuild: () => this.emit({ state: 'building', share: 0 }),
      onProgress: (share) => {
        const previous = this.last?.share ?? 0;
        if (share < 1 && share - previous >= STEP) this.emit({ state: 'building', share });
      },
    }).then(
      // After a build, `ready` waits for the preload: until the model is loaded nothing can be indexed,
      // so a first start keeps saying that it is preparing the model rather than going quiet.
      async (path) => {
        await this.preload(path);
        if (this.last) this.emit({ state: 'ready', share: 1 });
      },
      (error: unknown) =>
        this.emit({ state: 'failed', error: error instanceof Error ? error.message : String(error) }),
    );
    return this.run;
  }

  /** Releases the preloaded model, after a load in progress; a build in progress runs on, unused. */
  async close(): Promise<void> {
    this.closed = true;
    const held = await this.held;
    this.held = null;
    await held?.release();
  }

  private async preload(path: string): Promise<void> {
    if (this.closed || this.options.preload === false) return;
    // A model that fails to load here fails again, with its message, for the workspace that loads it.
    this.held = acquireGgufModel(path).catch(() => null);
    await Promise.all([this.held, fileSha256(path).catch(() => null)]);
  }

  private emit(fields: Omit<ModelBuildEvent, 'type' | 'model'>): void {
    this.last = { type: 'model-build', model: 'builtin', ...fields };
    this.events.emit('model-build', this.last);
  }
}
