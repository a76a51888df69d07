import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  chunkDocument,
  type DocumentErrorCode,
  DocumentParseError,
  ParsePool,
  parseDocument,
} from '@quire/ingest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ParsePoolError } from '../../../packages/ingest/src/parse-pool-errors.ts';
import { type FixtureManifest, writeDocumentFixtures } from '../../fixtures/documents.ts';
import { writeTextHeavyPdf } from '../../fixtures/pathological.ts';
import { tempDir } from '../../helpers/temp.ts';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus', import.meta.url));
const KNOWN_CODES: readonly DocumentErrorCode[] = [
  'encrypted',
  'corrupt',
  'no-text',
  'unsupported',
  'too-large',
];

let dir: { path: string; cleanup: () => Promise<void> };
let manifest: FixtureManifest;
let pool: ParsePool;
const slowPdf = (): string => path.join(dir.path, 'slow.pdf');
const slowPagePdf = (): string => path.join(dir.path, 'slow-page.pdf');
const hungryPdf = (): string => path.join(dir.path, 'hungry.pdf');
const pages100Pdf = (): string => path.join(dir.path, 'hundred-pages.pdf');
const fixture = (file: string): string => path.join(manifest.dir, file);

beforeAll(async () => {
  dir = await tempDir('quire-parse-pool-');
  manifest = await writeDocumentFixtures(path.join(dir.path, 'documents'));
  await writeTextHeavyPdf(slowPdf(), { pages: 800, linesPerPage: 60 });
  // One page of 120,000 lines: ~4 s before its only page is read (page progress restarts the time limit).
  await writeTextHeavyPdf(slowPagePdf(), { pages: 1, linesPerPage: 120_000 });
  await writeTextHeavyPdf(hungryPdf(), { pages: 400, linesPerPage: 200 });
  await writeTextHeavyPdf(pages100Pdf(), { pages: 100, linesPerPage: 40 });
  pool = new ParsePool({ size: 2 });
});

afterAll(async () => {
  await pool?.close();
  await dir?.cleanup();
});

async function inProcess(file: string, maxTokens?: number) {
  const document = await parseDocument(file);
  return { document, chunks: chunkDocument(document, maxTokens === undefined ? {} : { maxTokens }) };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected the parse to fail'),
    (error: unknown) => error,
  );
}

function codeOf(error: unknown): string | undefined {
  return error instanceof DocumentParseError ? error.code : undefined;
}

function messageOf(error: unknown): string | undefined {
  return error instanceof Error ? error.message : undefined;
}

describe('ParsePool', () => {
  it.each(['contract.pdf', 'two-column.pdf', 'blank-page.pdf', 'notes.docx'])(
    'parses and chunks %s in a worker process exactly as in-process',
    async (file) => {
      expect(await pool.parse(fixture(file), { maxTokens: 60 })).toEqual(await inProcess(fixture(file), 60));
    },
  );

  it('keeps error codes and messages across the process boundary', async () => {
    const failing = manifest.files.filter((file) => file.expectedError !== undefined);
    expect(failing.map((file) => file.expectedError)).toEqual(
      expect.arrayContaining(['encrypted', 'corrupt', 'unsupported', 'no-text']),
    );
    for (const file of [...failing.map((entry) => entry.path), path.join(dir.path, 'missing.pdf')]) {
      const expected = await rejection(parseDocument(file));
      expect(expected).toBeInstanceOf(DocumentParseError);
      const error = await rejection(pool.parse(file));
      expect(error, path.basename(file)).toBeInstanceOf(DocumentParseError);
      expect(error).toMatchObject({
        name: 'DocumentParseError',
        code: codeOf(expected),
        message: messageOf(expected),
      });
    }
  });

  it('rejects bad chunk options with a RangeError, as chunkDocument does', async () => {
    expect(await rejection(pool.parse(fixture('contract.pdf'), { maxTokens: 0 }))).toBeInstanceOf(RangeError);
  });

  it('gives up on a slow file with `timeout` and replaces the worker', async () => {
    const strict = new ParsePool({ size: 1, limits: { timeoutMs: 1_000 } });
    try {
      expect(await strict.parse(fixture('two-column.pdf'))).toBeDefined();
      const started = performance.now();
      const error = await rejection(strict.parse(slowPagePdf()));
      expect(error).toBeInstanceOf(DocumentParseError);
      expect(error).toMatchObject({
        code: 'timeout',
        message: expect.stringMatching(/^Gave up after 1 s: /),
      });
      // A generous bound on a loaded machine: the message above names the 1 s limit that stopped it.
      expect(performance.now() - started).toBeLessThan(20_000);
      expect(strict.stats().workers).toBe(0);
      expect(await strict.parse(fixture('two-column.pdf'))).toEqual(
        await inProcess(fixture('two-column.pdf')),
      );
    } finally {
      await strict.close();
    }
  });

  it('refuses a file that exhausts the worker heap with `too-large`, then keeps working', async () => {
    const small = new ParsePool({ size: 1, limits: { maxMemoryMb: 64, timeoutMs: 60_000 } });
    const stderr = vi.spyOn(process.stderr, 'write');
    try {
      const error = await rejection(small.parse(hungryPdf()));
      expect(error).toBeInstanceOf(DocumentParseError);
      expect(error).toMatchObject({ code: 'too-large', message: expect.stringContaining('64 MB') });
      // V8's fatal report (GC trace, native stack) is not relayed from the worker's stderr.
      expect(stderr.mock.calls.map(([text]) => String(text)).join('')).not.toMatch(
        /Last few GCs|FATAL ERROR/,
      );
      stderr.mockRestore();
      expect(await small.parse(fixture('contract.pdf'))).toEqual(await inProcess(fixture('contract.pdf')));
    } finally {
      stderr.mockRestore();
      await small.close();
    }
  });

  it('parses at most `size` files at once, queueing the rest in order', async () => {
    const files = [
      'contract.pdf',
      'notes.docx',
      'two-column.pdf',
      'blank-page.pdf',
      'notes.docx',
      'contract.pdf',
    ];
    const paths = [...files.map(fixture), pages100Pdf()];
    const pending = paths.map((file) => pool.parse(file));
    expect(pool.stats()).toMatchObject({ busy: 2, queued: paths.length - 2 });
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, pool.stats().busy);
    }, 2);
    const results = await Promise.all(pending);
    clearInterval(sampler);
    expect(peak).toBeLessThanOrEqual(2);
    expect(pool.stats()).toEqual({ workers: 2, busy: 0, queued: 0 });
    for (const [index, file] of paths.entries()) expect(results[index]).toEqual(await inProcess(file));
  });

  it('stops a queued or running parse when its signal aborts', async () => {
    const single = new ParsePool({ size: 1 });
    try {
      const running = new AbortController();
      const queued = new AbortController();
      const first = rejection(single.parse(slowPdf(), {}, running.signal));
      const second = rejection(single.parse(fixture('contract.pdf'), {}, queued.signal));
      queued.abort();
      expect(await second).toMatchObject({ name: 'AbortError' });
      expect(single.stats()).toMatchObject({ busy: 1, queued: 0 });
      running.abort();
      expect(await first).toMatchObject({ name: 'AbortError' });
      expect(single.stats()).toEqual({ workers: 0, busy: 0, queued: 0 });
      expect(await single.parse(fixture('notes.docx'))).toEqual(await inProcess(fixture('notes.docx')));
    } finally {
      await single.close();
    }
  });

  it('close() rejects pending files and leaves no worker', async () => {
    const closing = new ParsePool({ size: 1 });
    const pending = [slowPdf(), fixture('contract.pdf'), fixture('notes.docx')].map((file) =>
      rejection(closing.parse(file)),
    );
    await closing.close();
    for (const error of await Promise.all(pending)) {
      expect(error).toBeInstanceOf(ParsePoolError);
      expect(error).toMatchObject({ code: 'closed' });
    }
    expect(closing.stats()).toEqual({ workers: 0, busy: 0, queued: 0 });
    expect(await rejection(closing.parse(fixture('contract.pdf')))).toMatchObject({ code: 'closed' });
  });

  it('works like the CLI: from another folder, tsx registered programmatically, stdout untouched', async () => {
    const script = [
      `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};`,
      'register();',
      `const { ParsePool } = await import(${JSON.stringify(new URL('../../../packages/ingest/src/parse-pool.ts', import.meta.url).href)});`,
      'const pool = new ParsePool();',
      `const ok = await pool.parse(${JSON.stringify(fixture('contract.pdf'))});`,
      `const failed = await pool.parse(${JSON.stringify(fixture('truncated.pdf'))}).catch((error) => error.code);`,
      'process.stdout.write(JSON.stringify({ pages: ok.document.pages.length, failed }));',
      '// no close(): an idle pool must not keep the process alive',
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: tmpdir(),
      timeout: 30_000,
    });
    expect(JSON.parse(stdout)).toEqual({ pages: 4, failed: 'corrupt' });
  });

  it.skipIf(process.env.CI !== 'true' && !existsSync(CORPUS))(
    'reads the whole corpus through the pool, each file parsed or refused with a known code',
    async () => {
      const files = ['pdf', 'docx'].flatMap((kind) =>
        readdirSync(path.join(CORPUS, kind))
          .filter((name) => name.toLowerCase().endsWith(`.${kind}`))
          .map((name) => path.join(CORPUS, kind, name)),
      );
      const corpusPool = new ParsePool({ limits: { timeoutMs: 20_000 } });
      const started = performance.now();
      try {
        const outcomes = await Promise.all(
          files.map((file) =>
            corpusPool.parse(file).then(
              ({ document, chunks }) => {
                for (const chunk of chunks) {
                  expect(chunk.text).toBe(document.pages[chunk.page - 1]?.text.slice(chunk.start, chunk.end));
                }
                return 'parsed';
              },
              (error: unknown) => {
                expect(error, path.basename(file)).toBeInstanceOf(DocumentParseError);
                const code = error instanceof DocumentParseError ? error.code : 'not a DocumentParseError';
                expect(KNOWN_CODES, path.basename(file)).toContain(code);
                return code;
              },
            ),
          ),
        );
        const counts = Object.fromEntries(
          [...new Set(outcomes)].map((outcome) => [outcome, outcomes.filter((o) => o === outcome).length]),
        );
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.info(`parse pool: ${files.length} corpus files in ${seconds} s`, counts);
        expect(counts.parsed ?? 0).toBeGreaterThan(files.length / 4);
      } finally {
        await corpusPool.close();
      }
    },
    60_000,
  );
});
