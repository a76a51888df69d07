// Resident memory of a process and all its descendants (Linux /proc), for memory-budget tests and the
// memory bench: the figure issue 14 sets its goals on (worker threads, child processes and their threads
// all count).
import { readdirSync, readFileSync } from 'node:fs';

/**
 * VmRSS and RssAnon (kB) summed over `root` and every descendant (by ppid), and their pids; with
 * `descendants: false`, of `root` alone.
 */
export function treeMemory(
  root: number,
  { descendants = true }: { descendants?: boolean } = {},
): { rss: number; anon: number; pids: number[] } {
  const children = new Map<number, number[]>();
  for (const entry of descendants ? readdirSync('/proc') : []) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {} // gone meanwhile
  }
  const pids: number[] = [];
  for (const queue = [root]; queue.length > 0; ) {
    const pid = queue.pop() as number;
    pids.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  let rss = 0;
  let anon = 0;
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      rss += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      anon += Number(/RssAnon:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {}
  }
  return { rss, anon, pids };
}

/** Samples `treeMemory(pid)` every `everyMs` until `stop()`, which returns the peak VmRSS in MB. */
export function samplePeak(pid: number, everyMs = 100): { stop: () => number } {
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, treeMemory(pid).rss / 1024);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
