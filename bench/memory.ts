// npm run bench:memory — issue 14: peak RSS and wall time of `quire sync` in a fresh process with a fresh
// data home, over ../shared/corpus, ../shared/realdocs and a generated worst case (a 200 × 200 inch page, a
// 20,000 × 20,000-pixel scan, thousands of tiny pages, many large images). The built-in model is generated
// once up front in a shared QUIRE_MODELS_DIR, so its build never counts. RSS is the whole process tree's
// (VmRSS of the sync process and every descendant by ppid, summed, every 150 ms). A file's figure is the
// largest tree RSS sampled while status.json showed it parsing or embedding (others may be in flight too);
// its rise, that less the RSS when it started. Prints figures; asserts nothing. Knobs:
// BENCH_MEMORY_FOLDERS=corpus,realdocs,worst, BENCH_MEMORY_TINY_PAGES (3000), BENCH_MEMORY_IMAGES (500),
// BENCH_MEMORY_KILL_MB (12000: a sync tree above it is killed), BENCH_MEMORY_TRACE=<dir> (every sample to
// <dir>/<folder>.jsonl), BENCH_MEMORY_BASELINE=realdocs (folders synced again with QUIRE_MEMORY_MB=off,
// printed as ratios; '' for none). The syncs run with the default memory budget unless QUIRE_MEMORY_MB is set.
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  giantScanPdf,
  hugePagePdf,
  largeImagesPdf,
  tinyPagesPdf,
} from '../tests/fixtures/worst-case-pdfs.ts';
import { treeMemory } from '../tests/helpers/tree-memory.ts';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(REPO, 'apps/server/bin/quire.mjs');
const ROOT = join(tmpdir(), 'quire-bench-memory');
const ENV = { ...process.env, QUIRE_MODELS_DIR: join(ROOT, 'models') };
const SAMPLE_MS = 150;
const KILL_MB = Number(process.env.BENCH_MEMORY_KILL_MB ?? 12_000);
const TINY_PAGES = Number(process.env.BENCH_MEMORY_TINY_PAGES ?? 3000);
const IMAGES = Number(process.env.BENCH_MEMORY_IMAGES ?? 500);
const TRACE = process.env.BENCH_MEMORY_TRACE;
const FOLDERS: Record<string, { goalGb: number; dir: () => Promise<string> }> = {
  corpus: { goalGb: 1.0, dir: async () => join(REPO, '../shared/corpus') },
  realdocs: { goalGb: 1.0, dir: async () => join(REPO, '../shared/realdocs') },
  worst: { goalGb: 1.2, dir: worstCase },
};
const chosen = (process.env.BENCH_MEMORY_FOLDERS ?? 'corpus,realdocs,worst').split(',').map((s) => s.trim());
// Folders also synced with no memory budget (QUIRE_MEMORY_MB=off), as the baseline in the same run.
const BASELINE = (process.env.BENCH_MEMORY_BASELINE ?? 'realdocs').split(',').map((s) => s.trim());
const mb = (kb: number) => kb / 1024;
/**
 * CPU seconds (user + system) of this process's children that have ended and been waited for, their own
 * descendants included (cutime + cstime of /proc/self/stat, in clock ticks of 1/100 s): read before and
 * after a sync, the CPU the whole sync tree used, which the machine's load does not inflate as it does
 * wall time.
 */
function childrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Writes the PDF `make` builds to `path` unless it exists. */
async function makePdf(path: string, make: () => Promise<Uint8Array>): Promise<void> {
  if (existsSync(path)) return;
  const started = performance.now();
  await writeFile(path, await make());
  console.log(`  generated ${path} in ${seconds(performance.now() - started)}`);
}

/** The generated worst-case folder (kept between runs; each file is made only when missing). */
async function worstCase(): Promise<string> {
  const dir = join(ROOT, `worst-${TINY_PAGES}-${IMAGES}`);
  await mkdir(dir, { recursive: true });
  await makePdf(join(dir, 'huge-page-200in.pdf'), hugePagePdf);
  await makePdf(join(dir, 'giant-scan-20000px.pdf'), () => giantScanPdf(20_000));
  await makePdf(join(dir, `tiny-pages-${TINY_PAGES}.pdf`), () => tinyPagesPdf(TINY_PAGES));
  await makePdf(join(dir, `large-images-${IMAGES}.pdf`), () => largeImagesPdf(IMAGES));
  return dir;
}

/** A tree sample, with the files parsing or embedding in the latest status.json. */
type Sample = { t: number; rss: number; main: number; anon: number; procs: number; active: string[] };
interface SyncReport {
  indexed: number;
  unchanged: number;
  failed: { path: string; code: string; message: string }[];
  pages: number;
}
const highest = (samples: Sample[]) =>
  samples.reduce<Sample | undefined>((a, b) => (a && a.rss >= b.rss ? a : b), undefined);

async function measure(
  name: string,
  folder: string,
  goalGb: number,
  env: NodeJS.ProcessEnv = ENV,
): Promise<{ line: string; peakMb: number; wallMs: number; cpuSeconds: number }> {
  const home = await mkdtemp(join(ROOT, `home-${name.replace(/[^a-z0-9]+/gi, '-')}-`));
  await run(process.execPath, [BIN, 'add', folder, '--workspace', 'w', '--home', home], { env: ENV });
  const windows = new Map<string, { start?: number; end?: number }>();
  const samples: Sample[] = [];
  let lastSnapshot = Date.now();
  let active: string[] = [];
  const readStatus = () => {
    let snap: { updatedAt: number; documents: Record<string, { state: string }> };
    try {
      snap = JSON.parse(readFileSync(join(home, 'w', 'status.json'), 'utf8'));
    } catch {
      return; // not written yet, or being replaced
    }
    if (snap.updatedAt === lastSnapshot) return;
    active = [];
    for (const [path, { state }] of Object.entries(snap.documents)) {
      const w = windows.get(path) ?? {};
      windows.set(path, w);
      const busy = state === 'parsing' || state === 'embedding';
      // It changed state some time after the previous snapshot: count it from there.
      if (busy || state === 'indexed' || state === 'failed') w.start ??= lastSnapshot;
      if (!busy && w.start !== undefined) w.end ??= snap.updatedAt;
      if (busy) active.push(`${relative(folder, path)} (${state})`);
    }
    lastSnapshot = snap.updatedAt;
  };
  const started = performance.now();
  const cpuBefore = childrenCpuSeconds();
  const child = spawn(process.execPath, [BIN, 'sync', 'w', '--home', home, '--json'], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  let killed = false;
  const timer = setInterval(() => {
    if (child.pid === undefined) return;
    const now = treeMemory(child.pid);
    readStatus();
    const main = treeMemory(child.pid, { descendants: false }).rss;
    samples.push({ t: Date.now(), rss: now.rss, main, anon: now.anon, procs: now.pids.length, active });
    if (mb(now.rss) > KILL_MB && !killed) {
      killed = true;
      for (const pid of now.pids) process.kill(pid, 'SIGKILL');
    }
  }, SAMPLE_MS);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - started;
  const cpuSeconds = childrenCpuSeconds() - cpuBefore;
  clearInterval(timer);
  readStatus();

  // ingest.jsonl names the files whose content was already indexed (`linked`): they were never parsed.
  const log = await readFile(join(home, 'w', 'ingest.jsonl'), 'utf8').catch(() => '');
  const skip = new Set<string>();
  for (const line of log.split('\n').filter(Boolean)) {
    const entry = JSON.parse(line) as { event: string; path: string };
    if (entry.event === 'linked') skip.add(entry.path);
  }
  const perFile = [...windows]
    .filter(([path, w]) => w.start !== undefined && !skip.has(path))
    .map(([path, { start = 0, end = Date.now() }]) => {
      const inside = samples.filter((s) => s.t >= start && s.t <= end);
      const top = highest(inside);
      const rss = top?.rss ?? 0;
      const own = `${relative(folder, path)} (`;
      const others = (top?.active ?? []).filter((a) => !a.startsWith(own));
      return { path, rss, rise: rss - (inside[0]?.rss ?? rss), ms: end - start, others };
    })
    .sort((a, b) => b.rss - a.rss || b.rise - a.rise);
  const first = samples[0]?.t ?? 0;
  const peak = highest(samples);
  const peakMb = mb(peak?.rss ?? 0);

  console.log(`\n== ${name}: ${folder}`);
  let report: SyncReport | undefined;
  try {
    report = JSON.parse(stdout) as SyncReport;
  } catch {
    console.log(`  sync ${killed ? `KILLED above ${KILL_MB} MB` : `exited ${code}`}: ${stderr.slice(-400)}`);
  }
  if (report) {
    const codes = new Map<string, number>();
    for (const f of report.failed) codes.set(f.code, (codes.get(f.code) ?? 0) + 1);
    const byCode = [...codes].map(([c, n]) => `${c} ${n}`).join(', ');
    const seen = report.indexed + report.unchanged + report.failed.length;
    console.log(`  files seen ${seen}, indexed ${report.indexed} (${report.pages} pages parsed)`);
    console.log(`  failed ${report.failed.length}${byCode ? ` (${byCode})` : ''}`);
    if (report.failed.length <= 5)
      for (const f of report.failed) console.log(`    ${relative(folder, f.path)}: ${f.code}, ${f.message}`);
  }
  const met = peakMb <= goalGb * 1024 ? 'met' : 'NOT met';
  console.log(`  peak RSS of the tree  ${peakMb.toFixed(0)} MB   goal ≤ ${goalGb.toFixed(1)} GB: ${met}`);
  if (peak) {
    const file = mb(peak.rss - peak.anon).toFixed(0);
    const anon = `${mb(peak.anon).toFixed(0)} MB anonymous, ${file} MB file/shared`;
    const when = `${seconds(peak.t - first)} in, ${peak.procs} process(es), the sync process ${mb(peak.main).toFixed(0)} MB`;
    console.log(`    at the peak: ${anon}; ${when}; in flight: ${peak.active.join(', ') || '(none)'}`);
  }
  const atFirst = samples.find((s) => s.active.length > 0)?.rss ?? 0;
  console.log(`    when the first file started (runtime, model, index loaded): ${mb(atFirst).toFixed(0)} MB`);
  const mainPeak = samples.reduce((m, s) => Math.max(m, s.main), 0);
  console.log(`    the sync process alone (no workers) peaked at ${mb(mainPeak).toFixed(0)} MB`);
  console.log(`  CPU time of the tree  ${cpuSeconds.toFixed(1)} s (user + system)`);
  console.log(`  wall time  ${seconds(wallMs)}   (${samples.length} samples)`);
  const list = (title: string, files: typeof perFile) => {
    console.log(`  ${title}`);
    for (const f of files.slice(0, 3)) {
      const rise = `+${mb(f.rise).toFixed(0)} MB while in flight for ${seconds(f.ms)}`;
      const along = f.others.length > 0 ? `; alongside ${f.others.join(', ')}` : '';
      console.log(
        `    ${mb(f.rss).toFixed(0).padStart(6)} MB  ${relative(folder, f.path)}  (${rise}${along})`,
      );
    }
  };
  list('top three files by memory (largest tree RSS sampled while in flight):', perFile);
  list(
    'top three by rise while in flight:',
    [...perFile].sort((a, b) => b.rise - a.rise),
  );
  if (TRACE) {
    const lines = samples.map((s) =>
      JSON.stringify({ ...s, t: s.t - first, rss: Math.round(mb(s.rss)), main: Math.round(mb(s.main)) }),
    );
    await writeFile(join(TRACE, `${name.replace(/[^a-z0-9]+/gi, '-')}.jsonl`), `${lines.join('\n')}\n`);
  }
  await rm(home, { recursive: true, force: true });
  const figure = `${peakMb.toFixed(0)} MB`.padStart(9);
  const cpu = `${cpuSeconds.toFixed(0)} s CPU`;
  const line = `${name.padEnd(10)} ${figure}  ≤ ${goalGb.toFixed(1)} GB  ${met.padEnd(8)} ${seconds(wallMs)}, ${cpu}`;
  return { line, peakMb, wallMs, cpuSeconds };
}

// Warm-up in its own home: generates the built-in model into the shared models folder (first run only)
// and fills tsx's transform cache, so neither counts in the measured runs.
const warm = join(ROOT, 'warmup');
await mkdir(warm, { recursive: true });
await makePdf(join(warm, 'warmup.pdf'), () => tinyPagesPdf(1));
const warmHome = join(ROOT, 'home-warmup');
await rm(warmHome, { recursive: true, force: true });
let started = performance.now();
await run(process.execPath, [BIN, 'add', warm, '--workspace', 'w', '--home', warmHome], { env: ENV });
await run(process.execPath, [BIN, 'sync', 'w', '--home', warmHome, '--json'], { env: ENV });
console.log(`Warm-up sync (models in ${ENV.QUIRE_MODELS_DIR}): ${seconds(performance.now() - started)}`);

const summary: string[] = [];
for (const name of chosen) {
  const folder = FOLDERS[name];
  if (!folder) throw new Error(`BENCH_MEMORY_FOLDERS: unknown folder ${name} (corpus, realdocs, worst)`);
  started = performance.now();
  const dir = await folder.dir();
  if (name === 'worst') console.log(`Worst-case folder ready in ${seconds(performance.now() - started)}`);
  const budgeted = await measure(name, dir, folder.goalGb);
  summary.push(budgeted.line);
  if (!BASELINE.includes(name)) continue;
  // The same sync with no memory budget (each worker's own limit only), right after: the ratio is what
  // the budget costs in time and saves in memory on this machine at this load.
  const off = await measure(`${name}, no budget`, dir, folder.goalGb, { ...ENV, QUIRE_MEMORY_MB: 'off' });
  summary.push(off.line);
  const ratio = `${(budgeted.wallMs / off.wallMs).toFixed(2)}× the wall time, ${(budgeted.cpuSeconds / off.cpuSeconds).toFixed(2)}× the CPU time`;
  summary.push(`  budget vs none: ${(budgeted.peakMb / off.peakMb).toFixed(2)}× the peak, ${ratio}`);
}
console.log('\nfolder     peak RSS  goal      result   wall, CPU');
for (const line of summary) console.log(line);
