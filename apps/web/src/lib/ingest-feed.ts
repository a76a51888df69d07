import { onCleanup } from 'solid-js';
import { type IngestEvent, type ModelBuildEvent, subscribeIngest } from './api.ts';

type Listener = (event: IngestEvent) => void;
type BuildListener = (event: ModelBuildEvent) => void;

const listeners = new Set<Listener>();
const buildListeners = new Set<BuildListener>();
let unsubscribe: (() => void) | null = null;
/** The latest model-build event, handed to a listener that comes after it was sent. */
let lastBuild: ModelBuildEvent | null = null;

function subscribe(): void {
  unsubscribe ??= subscribeIngest(
    (event) => {
      for (const each of listeners) each(event);
    },
    undefined,
    (event) => {
      lastBuild = event;
      for (const each of buildListeners) each(event);
    },
  );
}

function unsubscribeWhenUnused(): void {
  if (listeners.size > 0 || buildListeners.size > 0) return;
  unsubscribe?.();
  unsubscribe = null;
  lastBuild = null;
}

/**
 * Calls `listener` with every ingestion event of every workspace until the calling component is
 * cleaned up. All components share one `EventSource` on `/api/events`, opened with the first listener
 * and closed with the last.
 */
export function onIngestEvent(listener: Listener): void {
  listeners.add(listener);
  subscribe();
  onCleanup(() => {
    listeners.delete(listener);
    unsubscribeWhenUnused();
  });
}

/**
 * Calls `listener` with every event of the built-in model's generation (the server sends where it
 * stands on connecting; a listener added later starts from the latest event) until the calling component
 * is cleaned up; same `EventSource` as above.
 */
export function onModelBuildEvent(listener: BuildListener): void {
  buildListeners.add(listener);
  subscribe();
  if (lastBuild) listener(lastBuild);
  onCleanup(() => {
    buildListeners.delete(listener);
    unsubscribeWhenUnused();
  });
}
