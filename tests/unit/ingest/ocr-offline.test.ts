import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// OCR must make no network request: not for the language data, not for Tesseract's WebAssembly cores
// (the LSTM one that reads, the legacy one that detects a page's orientation).
// tesseract.js runs in worker threads, which an `--import` preload does not reach, so the guard
// (tests/helpers/no-network.cjs) is a CommonJS `--require` preload: Node runs those in every worker
// thread too. A probe proves it is active in workers; then OCR runs, and nothing but the probe may be refused.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const GUARD = path.join(ROOT, 'tests', 'helpers', 'no-network.cjs');

const module = (relative: string) => pathToFileURL(path.join(ROOT, relative)).href;
const SCRIPT = `
import { Worker } from 'node:worker_threads';
import { OcrPool } from '${module('packages/ingest/src/ocr/ocr-pool.ts')}';
import { drawTextImage, SCANNED_LINES, scannedPdf, textImageFile, turnCanvas } from '${module('tests/fixtures/ocr-documents.ts')}';

// Probe: a worker thread's request is refused by the guard.
const probe = await new Promise((resolve) => {
  const worker = new Worker(
    "(async () => fetch('http://203.0.113.1/'))().then(() => 'fetched', (error) => 'refused: ' + error.message).then((r) => require('node:worker_threads').parentPort.postMessage(r))",
    { eval: true },
  );
  worker.once('message', (message) => { resolve(message); void worker.terminate(); });
  worker.once('error', (error) => resolve('error: ' + error.message));
});
const pool = new OcrPool({ size: 2 });
try {
  const upsideDown = turnCanvas(drawTextImage(SCANNED_LINES, { pageHeight: 300 }), 180).toBuffer('image/png');
  const [page, image, orientation] = await Promise.all([
    pool.ocrPdfPage(await scannedPdf(), 1),
    pool.ocrImageFile(textImageFile('png')),
    pool.detectOrientation(upsideDown, { dpi: 200 }),
  ]);
  process.stdout.write(JSON.stringify({ probe, page: page.text, image: image.text, orientation }));
} finally {
  await pool.terminate();
}
`;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'quire-ocr-offline-'));
  await writeFile(path.join(dir, 'ocr-offline.mts'), SCRIPT);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('OCR offline', () => {
  it('reads a scanned PDF page and an image, and detects a page upside down, with every network request refused, in all threads', async () => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--require', GUARD, '--import', 'tsx', path.join(dir, 'ocr-offline.mts')],
        { cwd: ROOT, env, timeout: 110_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as {
      probe: string;
      page: string;
      image: string;
      orientation: { rotation: number } | null;
    };
    expect(result.probe).toMatch(/^refused: network access attempted: fetch http:\/\/203\.0\.113\.1\//);
    expect(result.page).toContain('ZANQUILLO');
    expect(result.image).toContain('Quintavesh');
    expect(result.orientation?.rotation).toBe(180);
    const attempts = run.stderr.split('\n').filter((line) => line.startsWith('NETWORK-ATTEMPT'));
    expect(attempts).toEqual(['NETWORK-ATTEMPT worker fetch http://203.0.113.1/']);
  }, 120_000);
});
