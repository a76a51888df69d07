// npm run bench:long — issue 14, long documents at speed: the 619-page PDF, the 872-page DOCX and the
// 2.4 MB HTML filing of ../shared/realdocs, each alone in a fresh folder, data home and workspace, indexed
// by the real `quire sync … --events --json` in a fresh process. The built-in model is generated once up
// front in a shared QUIRE_MODELS_DIR (a warm-up sync), so its build never counts. Per file: pages, chunks,
// wall time of the process, parse time (first `parsing` event to the first `embedding` one) and embed time
// (to `indexed`: embedding and building the rows), pages per second of parsing, time from `parsing` to the
// first page-progress event, the number of progress events (pages, OCR, embedding), and the peak RSS of
// the process tree (the sync process and its parse workers, every 100 ms). Event times are when this
// process read each line. Prints figures; asserts nothing. BENCH_LONG_FILES=pdf,docx,html picks files.
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { DocumentStateEvent, IngestEvent, SyncReport } from '@quire/server';
import { simplePdf } from '../tests/fixtures/simple-pdf.ts';
import { samplePeak } from '../tests/helpers/tree-memory.ts';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(REPO, 'apps/server/bin/quire.mjs');
const REALDOCS = join(REPO, '../shared/realdocs');
const ROOT = join(tmpdir(), 'quire-bench-long');
const ENV = { ...process.env, QUIRE_MODELS_DIR: join(ROOT, 'models') };
const FILES: Record<string, string> = {
  pdf: join(REALDOCS, 'pdf/DA-619p.pdf'),
  docx: join(REALDOCS, 'office/handbook-872p.docx'),
  html: join(REALDOCS, 'web/example-10k.html'),
};
const chosen = (process.env.BENCH_LONG_FILES ?? 'pdf,docx,html').split(',').map((s) => s.trim());
/** Pages parsed per second; none for a document read as one page (a DOCX) or not parsed. */
const pagesPerSecond = (r: { pages: number; parseMs: number | undefined }) =>
  r.parseMs && r.pages > 1 ? (r.pages / (r.parseMs / 1000)).toFixed(0) : '—';
const seconds = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);

interface Timed {
  at: number;
  event: IngestEvent;
}

interface Row {
  file: string;
  pages: number;
  chunks: number;
  wallMs: number;
  parseMs: number | undefined;
  embedMs: number | undefined;
  firstPageMs: number | undefined;
  /** From `parsing` to the last page-progress event: every page's text layer read. */
  pagesReadMs: number | undefined;
  /** From `parsing` to the last OCR progress event (undefined: no page needed OCR). */
  ocrDoneMs: number | undefined;
  /** From the process's start to its first event (runtime, model and index loaded, folder scanned). */
  startMs: number | undefined;
  /** From `indexed` to the run's last event (the write to the index and its optimisation). */
  writeMs: number | undefined;
  pageEvents: number;
  ocrEvents: number;
  embedEvents: number;
  peakMb: number;
  note: string;
}

async function measure(file: string): Promise<Row> {
  const name = basename(file);
  const folder = await mkdtemp(join(ROOT, 'folder-'));
  const home = await mkdtemp(join(ROOT, 'home-'));
  await copyFile(file, join(folder, name));
  await run(process.execPath, [BIN, 'add', folder, '--workspace', 'w', '--home', home], { env: ENV });

  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'sync', 'w', '--home', home, '--events', '--json'], {
    env: ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const peak = samplePeak(child.pid ?? 0, 100);
  const lines: Timed[] = [];
  let report: SyncReport | undefined;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const at = performance.now() - started;
    const value = JSON.parse(line) as IngestEvent | SyncReport;
    if ('type' in value) lines.push({ at, event: value });
    else report = value;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - started;
  const peakMb = peak.stop();
  if (code !== 0 || report === undefined) throw new Error(`quire sync of ${name} exited ${code}: ${stderr}`);

  const documents = lines.filter(
    (l): l is { at: number; event: DocumentStateEvent } => l.event.type === 'document',
  );
  const firstAt = (test: (e: DocumentStateEvent) => boolean) => documents.find((l) => test(l.event))?.at;
  const parsing = firstAt((e) => e.state === 'parsing');
  const embedding = firstAt((e) => e.state === 'embedding');
  const indexed = firstAt((e) => e.state === 'indexed');
  const firstPage = firstAt((e) => e.parse !== undefined);
  const lastAt = (test: (e: DocumentStateEvent) => boolean) => documents.findLast((l) => test(l.event))?.at;
  const since = (at: number | undefined) =>
    parsing !== undefined && at !== undefined ? at - parsing : undefined;
  const count = (test: (e: DocumentStateEvent) => boolean) => documents.filter((l) => test(l.event)).length;
  const log = await readFile(join(home, 'w', 'ingest.jsonl'), 'utf8').catch(() => '');
  const embedded = log
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { event: string; chunks?: number })
    .find((entry) => entry.event === 'embedded');
  const failed = report.failed[0];
  const note =
    report.indexed + report.failed.length === 0
      ? 'not indexed: quire sync found no file it reads'
      : failed
        ? `failed: ${failed.code}, ${failed.message}`
        : '';
  await rm(home, { recursive: true, force: true });
  await rm(folder, { recursive: true, force: true });
  return {
    file: name,
    pages: report.pages,
    chunks: embedded?.chunks ?? 0,
    wallMs,
    parseMs: parsing !== undefined && embedding !== undefined ? embedding - parsing : undefined,
    embedMs: embedding !== undefined && indexed !== undefined ? indexed - embedding : undefined,
    firstPageMs: since(firstPage),
    pagesReadMs: since(lastAt((e) => e.parse !== undefined)),
    ocrDoneMs: since(lastAt((e) => e.ocr !== undefined)),
    startMs: lines[0]?.at,
    writeMs: indexed !== undefined && lines.length > 0 ? (lines.at(-1)?.at ?? indexed) - indexed : undefined,
    pageEvents: count((e) => e.parse !== undefined),
    ocrEvents: count((e) => e.ocr !== undefined),
    embedEvents: count((e) => e.embed !== undefined),
    peakMb,
    note,
  };
}

// Warm-up in its own home: generates the built-in model into the shared models folder (first run only)
// and fills tsx's transform cache, so neither counts in the measured runs.
await mkdir(ROOT, { recursive: true });
const warm = await mkdtemp(join(ROOT, 'warmup-'));
await writeFile(join(warm, 'warmup.pdf'), await simplePdf(['A warm-up page.']));
let started = performance.now();
await run(process.execPath, [BIN, 'add', warm, '--workspace', 'w', '--home', join(warm, 'home')], {
  env: ENV,
});
await run(process.execPath, [BIN, 'sync', 'w', '--home', join(warm, 'home'), '--json'], { env: ENV });
await rm(warm, { recursive: true, force: true });
console.log(`Warm-up sync (models in ${ENV.QUIRE_MODELS_DIR}): ${seconds(performance.now() - started)}`);
console.log(
  `Load average: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')}`,
);

const rows: Row[] = [];
for (const key of chosen) {
  const file = FILES[key];
  if (!file) throw new Error(`BENCH_LONG_FILES: unknown file ${key} (pdf, docx, html)`);
  started = performance.now();
  const row = await measure(file);
  rows.push(row);
  console.log(`\n== ${row.file}${row.note ? ` (${row.note})` : ''}`);
  console.log(`  pages ${row.pages}, chunks ${row.chunks}, wall ${seconds(row.wallMs)} (the whole process)`);
  console.log(
    `    of the wall: start-up to the first event ${seconds(row.startMs)}; ` +
      `after indexed, writing and optimising ${seconds(row.writeMs)}`,
  );
  console.log(
    `  parse ${seconds(row.parseMs)} (${pagesPerSecond(row)} pages/s), embed ${seconds(row.embedMs)}`,
  );
  console.log(
    `    of the parse: every page read at ${seconds(row.pagesReadMs)}` +
      `${row.ocrDoneMs === undefined ? '' : `, OCR done at ${seconds(row.ocrDoneMs)}`}` +
      ' (the rest: running heads, headings, chunks, results sent back)',
  );
  console.log(
    `  first page progress ${seconds(row.firstPageMs)} after parsing started; progress events: ` +
      `${row.pageEvents} pages, ${row.ocrEvents} OCR, ${row.embedEvents} embedding`,
  );
  console.log(`  peak RSS of the process tree ${row.peakMb.toFixed(0)} MB`);
}

console.log(
  '\n| file | pages | chunks | wall | parse | embed | pages/s | first page event | progress events (pages / OCR / embed) | peak RSS |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.file} | ${r.pages} | ${r.chunks} | ${seconds(r.wallMs)} | ${seconds(r.parseMs)} | ${seconds(r.embedMs)} | ` +
      `${pagesPerSecond(r)} | ${seconds(r.firstPageMs)} | ${r.pageEvents} / ${r.ocrEvents} / ${r.embedEvents} | ${r.peakMb.toFixed(0)} MB |`,
  );
}
console.log(
  `(load average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')})`,
);
