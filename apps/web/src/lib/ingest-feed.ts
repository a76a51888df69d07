import { onCleanup } from 'solid-js';
import { type IngestEvent, subscribeIngest } from './api.ts';

type Listener = (event: IngestEvent) => void;

const listeners = new Set<Listener>();
let unsubscribe: (() => void) | null = null;

/**
 * Calls `listener` with every ingestion event of every workspace until the calling component is
 * cleaned up. All components share one `EventSource` on `/api/events`, opened with the first listener
 * and closed with the last.
 */
export function onIngestEvent(listener: Listener): void {
  listeners.add(listener);
  unsubscribe ??= subscribeIngest((event) => {
    for (const each of listeners) each(event);
  });
  onCleanup(() => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      unsubscribe?.();
      unsubscribe = null;
    }
  });
}
