// ParsePool's workers are child processes: the RSS watchdog stops a file that needs too much native
// memory, a worker that crashes fails its file alone, and no worker outlives its pool or its parent
// process (close(), exit, SIGKILL). Real child processes and real files throughout.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DocumentParseError, ParsePool } from '@quire/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureManifest, writeDocumentFixtures } from '../../fixtures/documents.ts';
import { writeTextHeavyPdf } from '../../fixtures/pathological.ts';
import { scansPdf } from '../../fixtures/scans-pdf.ts';
import { tempDir } from '../../helpers/temp.ts';

const OCR = { ocr: { enabled: true, languages: ['eng'] } };
const POOL_MODULE = new URL('../../../packages/ingest/src/parse-pool.ts', import.meta.url).href;

let dir: { path: string; cleanup: () => Promise<void> };
let manifest: FixtureManifest;
const fixture = (file: string): string => path.join(manifest.dir, file);
const slowPdf = (): string => path.join(dir.path, 'slow.pdf');
const imagesPdf = (): string => path.join(dir.path, 'ten-scans.pdf');

beforeAll(async () => {
  dir = await tempDir('quire-parse-processes-');
  manifest = await writeDocumentFixtures(path.join(dir.path, 'documents'));
  await writeTextHeavyPdf(slowPdf(), { pages: 800, linesPerPage: 60 });
  await writeFile(imagesPdf(), await scansPdf(10));
});

afterAll(async () => {
  await dir?.cleanup();
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected the parse to fail'),
    (error: unknown) => error,
  );
}

/** Whether `pid` is a live process (a zombie, dead and not yet reaped by its new parent, is not). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  for (const until = performance.now() + ms; performance.now() < until; ) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

/**
 * Runs `body` as an ES module in a new Node process (tsx registered, `ParsePool` imported), with
 * extra Node flags; resolves its stdout and stderr, or calls `onLine` for each line of stdout.
 */
function runScript(
  body: string,
  options: { flags?: string[]; onLine?: (line: string, kill: () => void) => void } = {},
): Promise<{ stdout: string; stderr: string }> {
  const script = [
    `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};`,
    'register();',
    `const { ParsePool } = await import(${JSON.stringify(POOL_MODULE)});`,
    body,
  ].join('\n');
  const args = [...(options.flags ?? []), '--input-type=module', '-e', script];
  if (options.onLine === undefined) {
    return promisify(execFile)(process.execPath, args, { cwd: tmpdir(), timeout: 60_000 });
  }
  const onLine = options.onLine;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (stdout + chunk.toString()).split('\n');
      stdout = lines.pop() ?? '';
      for (const line of lines) onLine(line, () => child.kill('SIGKILL'));
    });
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ stdout, stderr });
    });
  });
}

describe('ParsePool worker processes', () => {
  it('warm() starts a worker ahead of the first file, which then parses in it', async () => {
    const pool = new ParsePool({ size: 2 });
    try {
      pool.warm();
      pool.warm(); // already warm: no second worker
      expect(await waitUntil(() => pool.processIds().length === 1, 5_000)).toBe(true);
      const [pid] = pool.processIds();
      expect(pool.stats()).toEqual({ workers: 1, busy: 0, queued: 0 });
      expect((await pool.parse(fixture('contract.pdf'))).document.pages).toHaveLength(4);
      expect(pool.processIds()).toEqual([pid]);
    } finally {
      await pool.close();
    }
  });

  it('kills a worker whose resident memory passes maxRssMb: the file fails `too-large`, the next parses', async () => {
    const pool = new ParsePool({ size: 1, limits: { maxRssMb: 200, timeoutMs: 60_000 } });
    try {
      const error = await rejection(pool.parse(imagesPdf(), {}, undefined, OCR));
      expect(error).toBeInstanceOf(DocumentParseError);
      expect(error).toMatchObject({
        code: 'too-large',
        message: 'parsing needed more than 200 MB of memory',
      });
      expect(pool.stats()).toEqual({ workers: 0, busy: 0, queued: 0 });
      expect((await pool.parse(fixture('contract.pdf'), {}, undefined, OCR)).document.pages).toHaveLength(4);
      expect((await pool.parse(fixture('notes.docx'), {}, undefined, OCR)).chunks.length).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });

  it('gives a file that passes maxRssMb in a reused worker a second try in a new one', async () => {
    const pool = new ParsePool({ size: 1, limits: { maxRssMb: 320, timeoutMs: 60_000 } });
    try {
      // After this file the worker holds ~140 MB (< half the limit): it is kept for the next file.
      await pool.parse(fixture('contract.pdf'));
      const seen = new Set(pool.processIds());
      expect(seen.size).toBe(1);
      const sampler = setInterval(() => {
        for (const pid of pool.processIds()) seen.add(pid);
      }, 20);
      const error = await rejection(pool.parse(imagesPdf(), {}, undefined, OCR));
      clearInterval(sampler);
      expect(error).toMatchObject({
        code: 'too-large',
        message: 'parsing needed more than 320 MB of memory',
      });
      // The reused worker, then a new one for the second try: both killed (SIGKILL: gone a moment later).
      expect(seen.size).toBe(2);
      expect(await waitUntil(() => [...seen].every((pid) => !alive(pid)), 5_000)).toBe(true);
      expect((await pool.parse(fixture('contract.pdf'))).document.pages).toHaveLength(4);
    } finally {
      await pool.close();
    }
  });

  it('fails only the file whose worker was killed from outside (as by the OOM killer)', async () => {
    const pool = new ParsePool({ size: 2 });
    try {
      // Two workers started and ready: slow.pdf goes to the first, two-column.pdf to the second.
      await Promise.all([pool.parse(fixture('contract.pdf')), pool.parse(fixture('notes.docx'))]);
      const [victim] = pool.processIds();
      const slow = rejection(pool.parse(slowPdf()));
      const other = pool.parse(fixture('two-column.pdf'));
      await new Promise((resolve) => setTimeout(resolve, 500));
      process.kill(victim ?? 0, 'SIGKILL');
      expect(await slow).toMatchObject({
        name: 'DocumentParseError',
        code: 'corrupt',
        message: 'the parse worker was killed (SIGKILL)',
      });
      expect((await other).document.pages.length).toBeGreaterThan(0);
      expect((await pool.parse(fixture('contract.pdf'))).document.pages).toHaveLength(4);
    } finally {
      await pool.close();
    }
  });

  it('fails only the file whose worker exits (process.exit in the child)', async () => {
    const crashing = path.join(dir.path, 'exits.pdf');
    await copyFile(fixture('contract.pdf'), crashing);
    // A preload that the workers inherit with the parent's flags: exit on the request for exits.pdf.
    const preload = path.join(dir.path, 'exit-on-request.cjs');
    await writeFile(
      preload,
      `if (process.send) process.on('message', (m) => { if (m && m.path === ${JSON.stringify(crashing)}) process.exit(7); });\n`,
    );
    const { stdout } = await runScript(
      [
        'const pool = new ParsePool({ size: 2 });',
        'const outcome = (file) => pool.parse(file).then((r) => r.document.pages.length, (e) => e.code + ": " + e.message);',
        `const files = ${JSON.stringify([fixture('notes.docx'), crashing, fixture('two-column.pdf')])};`,
        'const first = await Promise.all(files.map(outcome));',
        `const after = await outcome(${JSON.stringify(fixture('contract.pdf'))});`,
        'await pool.close();',
        'process.stdout.write(JSON.stringify({ first, after }));',
      ].join('\n'),
      { flags: ['--require', preload] },
    );
    const { first, after } = JSON.parse(stdout) as { first: unknown[]; after: unknown };
    expect(first[1]).toBe('corrupt: the parse worker exited unexpectedly (exit code 7)');
    expect(first[0]).toBeGreaterThan(0);
    expect(first[2]).toBeGreaterThan(0);
    expect(after).toBe(4);
  });

  it('close() kills every worker, busy or idle, before it resolves', async () => {
    const pool = new ParsePool({ size: 2 });
    await pool.parse(fixture('contract.pdf'));
    const busy = rejection(pool.parse(slowPdf()));
    const queued = rejection(pool.parse(slowPdf()));
    const pids = pool.processIds();
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(alive(pid)).toBe(true);
    await pool.close();
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(await busy).toMatchObject({ name: 'ParsePoolError', code: 'closed' });
    expect(await queued).toMatchObject({ name: 'ParsePoolError', code: 'closed' });
  });

  it.each([
    ['exits', 'process.exit(0)'],
    ['is killed with SIGKILL', null],
  ])('leaves no worker behind when the parent process %s', async (_how, exit) => {
    const pids: number[] = [];
    await runScript(
      [
        'const pool = new ParsePool({ size: 2 });',
        `await pool.parse(${JSON.stringify(fixture('contract.pdf'))});`,
        `pool.parse(${JSON.stringify(slowPdf())}).catch(() => {});`,
        `pool.parse(${JSON.stringify(fixture('notes.docx'))}).catch(() => {});`,
        'await new Promise((resolve) => setTimeout(resolve, 1500));',
        'process.stdout.write(JSON.stringify(pool.processIds()) + "\\n");',
        // One worker idle, one busy parsing slow.pdf, when the parent exits or is killed.
        exit ?? 'await new Promise(() => setInterval(() => {}, 1000));',
      ].join('\n'),
      {
        onLine: (line, kill) => {
          pids.push(...(JSON.parse(line) as number[]));
          if (exit === null) kill();
        },
      },
    );
    expect(pids).toHaveLength(2);
    expect(await waitUntil(() => pids.every((pid) => !alive(pid)), 10_000)).toBe(true);
  });
});
