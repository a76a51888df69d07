import type { ParseProgress } from './types.ts';

/** At most one report per this many ms (about ten a second), the last one always. */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * Wraps a progress callback so that it is called at most once per `intervalMs`: the first report goes
 * through, then one per interval, and always the last (`done === total`); a report equal to the one
 * before is dropped. Nothing is delayed, so no timer is left behind.
 */
export function throttleProgress(
  report: (progress: ParseProgress) => void,
  intervalMs = PROGRESS_INTERVAL_MS,
  now: () => number = performance.now.bind(performance),
): (progress: ParseProgress) => void {
  let last: ParseProgress | undefined;
  let lastAt = Number.NEGATIVE_INFINITY;
  return (progress) => {
    if (last !== undefined && last.done === progress.done && last.total === progress.total) return;
    const at = now();
    if (progress.done < progress.total && at - lastAt < intervalMs) return;
    last = { done: progress.done, total: progress.total };
    lastAt = at;
    report(last);
  };
}
