import { EventEmitter } from 'node:events';
import { ensureBuiltinModel } from '@quire/models';
import type { ModelBuildEvent } from './ingest-events.ts';

/** Progress events of a build are sent at most once per this share (1 %). */
const STEP = 0.01;

/**
 * Generates the built-in embedding model in the background when the server starts, so that a new
 * install's first file does not wait for it. A workspace that needs the model meanwhile waits for the
 * same build (`ensureBuiltinModel` shares one build per file). Emits `model-build` events only when a
 * build actually runs; nothing when the model is already there.
 */
export class BuiltinWarmup {
  readonly events = new EventEmitter<{ 'model-build': [ModelBuildEvent] }>();
  private last: ModelBuildEvent | null = null;
  private run: Promise<void> | null = null;

  constructor(readonly modelsDir: string) {
    this.events.setMaxListeners(0);
  }

  /** The latest event of this warm-up's build, if one ran (a late subscriber starts from it). */
  get state(): ModelBuildEvent | null {
    return this.last;
  }

  /** Starts the warm-up (once); resolves when the model is in place or its build failed. Never rejects. */
  start(): Promise<void> {
    this.run ??= ensureBuiltinModel(this.modelsDir, {
      onBuild: () => this.emit({ state: 'building', share: 0 }),
      onProgress: (share) => {
        const previous = this.last?.share ?? 0;
        if (share < 1 && share - previous >= STEP) this.emit({ state: 'building', share });
      },
    }).then(
      () => {
        if (this.last) this.emit({ state: 'ready', share: 1 });
      },
      (error: unknown) =>
        this.emit({ state: 'failed', error: error instanceof Error ? error.message : String(error) }),
    );
    return this.run;
  }

  private emit(fields: Omit<ModelBuildEvent, 'type' | 'model'>): void {
    this.last = { type: 'model-build', model: 'builtin', ...fields };
    this.events.emit('model-build', this.last);
  }
}
