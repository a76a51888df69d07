// npm run bench:ocr — OCR throughput on generated scanned pages (a dense page of ~32 lines of 13 pt text,
// scanned at 200 DPI, stored as JPEG in a PDF), offline:
//   1. pages/s with one Tesseract worker (baseline) and with two (the pool's default on 2 cores)
//   2. the share of time spent rendering (pdf.js onto @napi-rs/canvas, on the main thread) vs recognizing
//      (Tesseract, in the workers), summed over pages
//   3. word accuracy against the generated text, mean confidence, worker start time, event-loop lag of
//      this thread (rendering runs on it) and peak RSS
// Prints figures; asserts nothing. OCR_BENCH_PAGES sets the number of pages (default 12).
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type OcrPage, type OcrPageFailure, OcrPool } from '../packages/ingest/src/ocr/ocr-pool.ts';
import { denseLines, imagePdf } from '../tests/fixtures/ocr-documents.ts';

const PAGES = Number(process.env.OCR_BENCH_PAGES ?? 12);

function wordAccuracy(truth: readonly string[], text: string): number {
  const found = new Map<string, number>();
  for (const word of text.split(/\s+/)) found.set(word, (found.get(word) ?? 0) + 1);
  let right = 0;
  let total = 0;
  for (const word of truth.join(' ').split(/\s+/)) {
    total++;
    const count = found.get(word) ?? 0;
    if (count > 0) {
      right++;
      found.set(word, count - 1);
    }
  }
  return right / total;
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function run(workers: number, pdf: Uint8Array, truths: readonly string[][]) {
  const pool = new OcrPool({ size: workers });
  try {
    // Start the workers first so that pages/s measures reading, not Tesseract's start.
    const startAt = performance.now();
    await Promise.all(Array.from({ length: workers }, () => pool.ocrPdfPage(pdf, 1, { dpi: 72 })));
    const startMs = performance.now() - startAt;
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const started = performance.now();
    let lastReport = 0;
    const results = await pool.ocrPdfPages(
      pdf,
      truths.map((_, index) => index + 1),
      {
        onProgress: ({ done, total }) => {
          if (process.stdout.isTTY && performance.now() - lastReport > 500) {
            lastReport = performance.now();
            process.stdout.write(`\r  ${workers} worker(s): ${done}/${total} pages`);
          }
        },
      },
    );
    const wallMs = performance.now() - started;
    lag.disable();
    if (process.stdout.isTTY) process.stdout.write('\r\x1b[K');
    const pages = results.filter((result): result is OcrPage => !('error' in result));
    const failed = results.filter((result): result is OcrPageFailure => 'error' in result);
    const renderMs = pages.reduce((sum, page) => sum + page.renderMs, 0);
    const recognizeMs = pages.reduce((sum, page) => sum + page.recognizeMs, 0);
    const accuracy = pages.reduce(
      (sum, page) => sum + wordAccuracy(truths[page.page - 1] ?? [], page.text),
      0,
    );
    const confidence = pages.reduce((sum, page) => sum + page.confidence, 0);
    return {
      workers,
      pagesPerSecond: pages.length / (wallMs / 1000),
      wallMs,
      startMs,
      renderMs,
      recognizeMs,
      renderShare: renderMs / (renderMs + recognizeMs),
      accuracy: accuracy / pages.length,
      confidence: confidence / pages.length,
      dpi: pages[0]?.dpi ?? 0,
      lagP99Ms: lag.percentile(99) / 1e6,
      failed: failed.length,
    };
  } finally {
    await pool.terminate();
  }
}

const truths = Array.from({ length: PAGES }, (_, index) => denseLines(index + 1));
const generatedAt = performance.now();
const pdf = await imagePdf(truths.map((lines) => ({ lines })));
console.log(
  `OCR bench: ${PAGES} generated scanned pages (200 DPI JPEG, ~32 lines each, ${(pdf.length / 1e6).toFixed(1)} MB, ` +
    `made in ${((performance.now() - generatedAt) / 1000).toFixed(1)} s), ${availableParallelism()} cores, offline`,
);
const baseline = await run(1, pdf, truths);
const pooled = await run(2, pdf, truths);
clearInterval(sampler);

const ms = (value: number) => `${Math.round(value)} ms`;
for (const result of [baseline, pooled]) {
  console.log(
    `${result.workers} worker${result.workers === 1 ? ' ' : 's'}: ${result.pagesPerSecond.toFixed(2)} pages/s ` +
      `(${(result.wallMs / 1000).toFixed(1)} s for ${PAGES} pages at ${Math.round(result.dpi)} DPI; workers started in ${ms(result.startMs)})` +
      ` | per page: render ${ms(result.renderMs / PAGES)}, recognize ${ms(result.recognizeMs / PAGES)}` +
      ` | time share: rendering ${(result.renderShare * 100).toFixed(1)}%, recognition ${((1 - result.renderShare) * 100).toFixed(1)}%` +
      ` | word accuracy ${(result.accuracy * 100).toFixed(1)}%, confidence ${result.confidence.toFixed(1)}` +
      ` | event-loop lag p99 ${ms(result.lagP99Ms)}` +
      (result.failed > 0 ? ` | ${result.failed} page(s) FAILED` : ''),
  );
}
console.log(
  `2 workers vs 1: ×${(pooled.pagesPerSecond / baseline.pagesPerSecond).toFixed(2)} pages/s; ` +
    `peak RSS ${Math.round(peakRss / 2 ** 20)} MB`,
);
