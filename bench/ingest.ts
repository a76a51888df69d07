// npm run bench:ingest — ingestion figures, all measured in one run on the same generated files:
//   1. text extraction pages/s: Quire (pdfjs) vs pdftotext (poppler-utils), as a ratio (goal ≥ 0.5)
//   2. end-to-end pages/s with the built-in embedder (goal: 1,000 pages ≤ 30 s), peak RSS (goal ≤ 1 GB
//      excluding model weights) and event-loop lag p99 during the ingest (goal ≤ 50 ms)
//   3. time to re-scan 10,000 unchanged files (goal ≤ 5 s)
//   4. parsing pages/s of each format on the real files of ../shared/realdocs, as a ratio of PDF's
//      (bench/ingest-formats.ts); `npm run bench:ingest -- formats` runs only this part
// Prints figures; asserts nothing. BENCH_PAGES and BENCH_RESCAN_FILES make it smaller or larger.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createParser, ParsePool, parseDocument } from '@quire/ingest';
import { BUILTIN_MODEL_FILE } from '@quire/models';
import { OpenWorkspace, syncWorkspace, WorkspaceRegistry } from '@quire/server';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { formatSpeeds } from './ingest-formats.ts';

const run = promisify(execFile);
const PAGES = Number(process.env.BENCH_PAGES ?? 1000);
const PAGES_PER_FILE = 20;
const RESCAN_FILES = Number(process.env.BENCH_RESCAN_FILES ?? 10_000);
const root = join(tmpdir(), 'quire-bench-ingest');

const WORDS =
  `the tenant landlord shall pay rent deposit notice premises repair agreement party clause breach remedy
  liability indemnity insurance payment invoice schedule period month year written consent assignment
  maintenance inspection default interest renewal option price dispute arbitration confidential information
  obligations under this agreement within thirty days of receipt for any reason whatsoever including`.split(
    /\s+/,
  );

function pageText(file: number, page: number): string[] {
  let seed = file * 1000 + page;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from(
    { length: 46 },
    (_, line) =>
      Array.from({ length: 9 }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ') +
      (line % 6 === 5 ? '.' : ''),
  );
}

async function writeBenchPdf(path: string, file: number, pages: number): Promise<void> {
  const pdf = await PDFDocument.create();
  pdf.setCreationDate(new Date(0));
  pdf.setModificationDate(new Date(0));
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < pages; p++) {
    const page = pdf.addPage([612, 792]);
    pageText(file, p).forEach((line, i) => {
      page.drawText(line, { x: 60, y: 740 - i * 15, size: 10, font });
    });
  }
  await writeFile(path, await pdf.save());
}

async function ensureCorpus(dir: string, files: number, pagesPerFile: number): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (let f = 0; f < files; f++) {
    const path = join(dir, `doc-${String(f).padStart(5, '0')}.pdf`);
    if (!existsSync(path)) await writeBenchPdf(path, f, pagesPerFile);
    paths.push(path);
  }
  return paths;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const megabytes = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;
const line = (label: string, value: string, goal = '') =>
  console.log(`${label.padEnd(58)} ${value.padStart(14)}  ${goal}`);

async function extraction(paths: string[]): Promise<void> {
  console.log('\n1. Text extraction (sequential, one process each; pdfjs warmed up on one file first)');
  if (paths[0]) await parseDocument(paths[0]);
  let started = performance.now();
  for (const path of paths) await parseDocument(path);
  const quireMs = performance.now() - started;
  const quireRate = PAGES / (quireMs / 1000);
  line('Quire (pdfjs-dist, one file at a time, in process)', `${quireRate.toFixed(0)} pages/s`);
  const pool = new ParsePool();
  // As sync runs it: with the default OCR setting, so every page's text layer is also judged.
  const parse = (path: string) =>
    pool.parse(path, {}, undefined, { ocr: { enabled: true, languages: ['eng'] } });
  await Promise.all([parse(paths[0] ?? ''), parse(paths[1] ?? '')]); // warm both workers
  started = performance.now();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < paths.length; i = next++) await parse(paths[i] ?? '');
  };
  await Promise.all([worker(), worker()]);
  const poolRate = PAGES / ((performance.now() - started) / 1000);
  await pool.close();
  line(
    'Quire parse pool (as sync runs it: 2 workers, pages judged for OCR)',
    `${poolRate.toFixed(0)} pages/s`,
  );
  try {
    await run('pdftotext', ['-v']);
  } catch {
    line('pdftotext', 'not installed', '(apt-get install poppler-utils)');
    return;
  }
  started = performance.now();
  for (const path of paths) await run('pdftotext', [path, '-'], { maxBuffer: 64 * 1024 * 1024 });
  const popplerRate = PAGES / ((performance.now() - started) / 1000);
  line('pdftotext (poppler-utils, one file at a time)', `${popplerRate.toFixed(0)} pages/s`);
  started = performance.now();
  next = 0;
  const popplerWorker = async () => {
    for (let i = next++; i < paths.length; i = next++) {
      await run('pdftotext', [paths[i] ?? '', '-'], { maxBuffer: 64 * 1024 * 1024 });
    }
  };
  await Promise.all([popplerWorker(), popplerWorker()]);
  const popplerParallel = PAGES / ((performance.now() - started) / 1000);
  line('pdftotext, two files at a time', `${popplerParallel.toFixed(0)} pages/s`);
  line('ratio, one at a time each (Quire / pdftotext)', (quireRate / popplerRate).toFixed(2), 'goal ≥ 0.5');
  line('ratio, Quire pool vs pdftotext one at a time', (poolRate / popplerRate).toFixed(2), 'goal ≥ 0.5');
  line('ratio, both two at a time', (poolRate / popplerParallel).toFixed(2));
}

/**
 * A full garbage collection. `--expose-gc` cannot be given to this process: its worker threads inherit
 * its flags, and that one is refused for workers.
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** The main thread's share of `rss`: its V8 heap and its external memory (ArrayBuffers included). */
const mainThread = (m: NodeJS.MemoryUsage) => `${megabytes(m.heapTotal)} + ${megabytes(m.external)}`;

async function endToEnd(paths: string[], corpusDir: string): Promise<void> {
  console.log(`\n2. End to end: ${paths.length} files, ${PAGES} pages, built-in embedder`);
  const home = join(root, 'home-e2e');
  await rm(home, { recursive: true, force: true });
  const registry = new WorkspaceRegistry(home);
  await registry.addFolder(await registry.create('bench'), corpusDir);
  const parser = createParser();
  const ws = await OpenWorkspace.open(registry, 'bench', { parser });
  const lag = monitorEventLoopDelay({ resolution: 10 });
  // Opening the workspace generated the built-in model (this home is new): its ~140 MB of arrays are
  // garbage now. BENCH_GC=0 leaves them to V8, which may not collect them during the whole ingest.
  if (process.env.BENCH_GC !== '0') collectGarbage();
  const before = process.memoryUsage();
  line('RSS before the ingest (llama.cpp, model and LanceDB loaded)', megabytes(before.rss));
  line('  main thread: V8 heap + external', mainThread(before));
  let peak = before;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    if (now.rss > peak.rss) peak = now;
  }, 50);
  lag.enable();
  const started = performance.now();
  const report = await syncWorkspace(ws);
  const ms = performance.now() - started;
  lag.disable();
  clearInterval(sampler);
  await ws.close();
  await parser.close();
  const modelBytes = (await stat(join(registry.modelsDir, BUILTIN_MODEL_FILE))).size;
  line('documents indexed / failed', `${report.indexed} / ${report.failed.length}`);
  line(`time for ${report.pages} pages`, seconds(ms), `goal: 1,000 pages ≤ 30 s`);
  line('end-to-end throughput', `${(report.pages / (ms / 1000)).toFixed(1)} pages/s`);
  line('peak RSS of this process', megabytes(peak.rss), 'goal ≤ 1 GB excl. model weights');
  line('  of which built-in model file (mapped)', megabytes(modelBytes));
  line('  at the peak: main thread V8 heap + external', mainThread(peak));
  line(
    '  at the peak: the rest (workers, llama.cpp, LanceDB, code)',
    megabytes(peak.rss - peak.heapTotal - peak.external),
  );
  line(
    'event-loop lag p50 / p99 / max',
    `${(lag.percentile(50) / 1e6).toFixed(1)} / ${(lag.percentile(99) / 1e6).toFixed(1)} / ${(lag.max / 1e6).toFixed(1)} ms`,
    'goal p99 ≤ 50 ms',
  );
}

async function rescan(): Promise<void> {
  console.log(`\n3. Re-scan of ${RESCAN_FILES} unchanged files`);
  const dir = join(root, `rescan-${RESCAN_FILES}`);
  await mkdir(dir, { recursive: true });
  const have = new Set(await readdir(dir));
  for (let i = 0; i < RESCAN_FILES; i++) {
    const name = `small-${String(i).padStart(5, '0')}.pdf`;
    if (have.has(name)) continue;
    const pdf = await PDFDocument.create();
    pdf.setCreationDate(new Date(0));
    pdf.setModificationDate(new Date(0));
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf
      .addPage([612, 792])
      .drawText(`Small file ${i}: notice period and rent.`, { x: 60, y: 700, size: 11, font });
    await writeFile(join(dir, name), await pdf.save());
  }
  const home = join(root, `home-rescan-${RESCAN_FILES}`);
  const registry = new WorkspaceRegistry(home);
  await registry.addFolder(await registry.create('rescan'), dir);
  const ws = await OpenWorkspace.open(registry, 'rescan');
  try {
    let started = performance.now();
    const first = await syncWorkspace(ws);
    line(
      'first sync (kept between bench runs)',
      seconds(performance.now() - started),
      `indexed ${first.indexed}`,
    );
    started = performance.now();
    const again = await syncWorkspace(ws);
    line(
      're-scan, nothing changed',
      seconds(performance.now() - started),
      `goal ≤ 5 s (unchanged ${again.unchanged})`,
    );
  } finally {
    await ws.close();
  }
}

const files = Math.ceil(PAGES / PAGES_PER_FILE);
const corpusDir = join(root, `corpus-${PAGES}`);
const phase = process.argv[2];
if (phase === undefined) {
  // Each phase runs in its own process, so memory figures belong to that phase alone.
  console.log(`Generating (or reusing) ${files} PDFs of ${PAGES_PER_FILE} pages in ${corpusDir}…`);
  await ensureCorpus(corpusDir, files, PAGES_PER_FILE);
  for (const name of ['extraction', 'e2e', 'rescan', 'formats']) {
    const child = await run(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name], {
      env: process.env,
      maxBuffer: 16 * 1024 * 1024,
    });
    process.stdout.write(child.stdout);
  }
} else if (phase === 'formats') {
  await formatSpeeds();
} else {
  const paths = await ensureCorpus(corpusDir, files, PAGES_PER_FILE);
  if (phase === 'extraction') await extraction(paths);
  if (phase === 'e2e') await endToEnd(paths, corpusDir);
  if (phase === 'rescan') await rescan();
}
