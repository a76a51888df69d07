// npm run bench:timeline — issue 18, the chronology at speed: ../shared/realdocs added in place (nothing
// copied) to a fresh data home and workspace, synced full-text only (`--embedding-model none`) by the real
// `quire sync` (which ends by reading every new document for the matter views), then, with those facts
// removed, `quire timeline --json` run twice in fresh processes: cold (no document's facts computed: every
// page read for dates, signatures, summaries and parties, then merged) and warm (facts read back from
// <workspace>/matter, merged again). Prints wall times, the ratio of the cold timeline to the sync, pages,
// events (merged, relative, citations, unverified quotes) and pages read per second by the cold run, and
// what a process costs to start. Asserts nothing. BENCH_TIMELINE_FOLDER picks another folder.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { SyncReport } from '@quire/server';
import type { TimelineResult } from '../apps/server/src/matter-types.ts';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(REPO, 'apps/server/bin/quire.mjs');
const FOLDER = process.env.BENCH_TIMELINE_FOLDER ?? join(REPO, '../shared/realdocs');
const SLUG = 'bench';

/** Runs `quire --home <home> <args>`, returning its stdout and wall time. */
async function quire(home: string, args: readonly string[]): Promise<{ stdout: string; ms: number }> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, [BIN, '--home', home, ...args], {
    maxBuffer: 256 * 1024 * 1024,
  });
  return { stdout, ms: performance.now() - started };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function describeTimeline(result: TimelineResult) {
  const citations = result.events.flatMap((e) => e.citations);
  return {
    events: result.events.length,
    merged: result.events.filter((e) => e.citations.length > 1).length,
    relative: result.events.filter((e) => e.relative).length,
    citations: citations.length,
    unverified: citations.filter((c) => !c.verified).length,
    documents: new Set(citations.map((c) => c.documentId)).size,
    pending: result.pending,
  };
}

async function main(): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), 'quire-bench-timeline-'));
  try {
    await quire(home, ['add', FOLDER, '--workspace', SLUG, '--embedding-model', 'none', '--json']);
    const start = await quire(home, ['list', '--json']);
    const sync = await quire(home, ['sync', SLUG, '--json']);
    const report = JSON.parse(sync.stdout) as SyncReport & { matter?: { computed: number } };
    // Computed by the sync: removed, so that the first timeline computes them all again.
    await rm(join(home, SLUG, 'matter'), { recursive: true, force: true });
    const cold = await quire(home, ['timeline', SLUG, '--json']);
    const warm = await quire(home, ['timeline', SLUG, '--json']);
    const coldResult = describeTimeline(JSON.parse(cold.stdout) as TimelineResult);
    const warmResult = describeTimeline(JSON.parse(warm.stdout) as TimelineResult);

    console.log(`Timeline of ${FOLDER} (load average ${loadavg()[0]?.toFixed(2)} on this machine)`);
    console.log(`  process start (quire list)       ${seconds(start.ms)}`);
    console.log(
      `  sync, full text only             ${seconds(sync.ms)}  (${report.indexed} documents, ${report.pages} pages, ${report.failed.length} failed; facts of ${report.matter?.computed ?? 0} documents computed)`,
    );
    console.log(`  timeline, cold (facts computed)  ${seconds(cold.ms)}`);
    console.log(`  timeline, warm (facts on disk)   ${seconds(warm.ms)}`);
    console.log(`  cold timeline / sync             ${(cold.ms / sync.ms).toFixed(2)}`);
    console.log(`  pages read per second, cold      ${(report.pages / (cold.ms / 1000)).toFixed(0)}`);
    console.log(
      `  events ${coldResult.events} (${coldResult.merged} merged, ${coldResult.relative} relative) from ${coldResult.documents} documents; ${coldResult.citations} citations, ${coldResult.unverified} unverified; pending ${coldResult.pending}`,
    );
    if (JSON.stringify(coldResult) !== JSON.stringify(warmResult))
      console.log(`  the warm run differs: ${JSON.stringify(warmResult)}`);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

await main();
