import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The file a `ParsePool` worker process starts from. From compiled JavaScript it is `parse-worker.js` itself.
// From the TypeScript sources (the CLI through tsx, vitest) it is `parse-worker.ts` and the modules it
// imports, bundled by esbuild into one plain ES module (npm packages stay imports), cached in
// `packages/ingest/node_modules/.cache/quire-parse-worker/` and named by a hash of the sources: built
// once after each change of `src/`, in ~20 ms. A worker that registered tsx instead cost ~300 MB of
// resident memory each (measured as a worker thread) (tsx's loader thread transforms pdfjs's 1 MB and 2.3 MB modules); if the bundle
// cannot be built or written, workers fall back to that (`parse-worker-tsx.mjs`) with a warning.

const SOURCES = new URL('./', import.meta.url);
const FROM_SOURCES = new URL(import.meta.url).pathname.endsWith('.ts');
// Part of the bundle's hash: change it when the build options below change.
const BUNDLE_FORMAT = 'esm-node20-1';
// Bundles of other sources are deleted once unused this long (each process that uses one touches it).
const STALE_BUNDLE_MS = 7 * 24 * 60 * 60 * 1000;

let bundle: { url: URL; ready: boolean } | undefined;
let preparing: Promise<URL> | undefined;

/**
 * The worker entry if it can be used now: `parse-worker.js` when compiled, else the bundle of the
 * current sources if it is already built. `undefined`: await {@link prepareParseWorkerUrl} first.
 */
export function parseWorkerUrl(): URL | undefined {
  if (!FROM_SOURCES) return new URL('./parse-worker.js', import.meta.url);
  bundle ??= locateBundle();
  return bundle.ready ? bundle.url : undefined;
}

/** Builds the bundle of the sources if needed. Resolves to the worker entry; never rejects. */
export function prepareParseWorkerUrl(): Promise<URL> {
  const ready = parseWorkerUrl();
  if (ready !== undefined) return Promise.resolve(ready);
  preparing ??= buildBundle().catch((error: unknown) => {
    process.emitWarning(
      `Could not bundle the parse worker (${String(error)}); parse workers load their TypeScript ` +
        'through tsx instead, which costs ~300 MB of memory per worker.',
      { code: 'QUIRE_PARSE_WORKER_BUNDLE' },
    );
    return new URL('./parse-worker-tsx.mjs', import.meta.url);
  });
  return preparing.then((url) => {
    bundle = { url, ready: true };
    return url;
  });
}

/** Where the bundle of the current sources is (or is to be written), and whether it is there. */
function locateBundle(): { url: URL; ready: boolean } {
  const dir = fileURLToPath(SOURCES);
  const hash = createHash('sha256').update(BUNDLE_FORMAT);
  for (const name of sourceFiles(dir)) {
    hash.update(`\0${name}\0`).update(readFileSync(path.join(dir, name)));
  }
  const file = path.join(cacheDir(), `parse-worker-${hash.digest('hex').slice(0, 16)}.mjs`);
  const ready = existsSync(file);
  if (ready) touch(file);
  return { url: pathToFileURL(file), ready };
}

/** The `.ts` files under `dir` (sub-folders included), as sorted relative paths. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => name.split(path.sep).join('/'))
    .sort();
}

function cacheDir(): string {
  return fileURLToPath(new URL('../node_modules/.cache/quire-parse-worker/', SOURCES));
}

function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // Only the clean-up of old bundles depends on it.
  }
}

async function buildBundle(): Promise<URL> {
  const target = bundle ?? locateBundle();
  const file = fileURLToPath(target.url);
  const { build } = await import('esbuild');
  await mkdir(path.dirname(file), { recursive: true });
  // Written beside and renamed: another process (or test file) building the same bundle never reads half.
  const partial = `${file}.${randomBytes(6).toString('hex')}.partial`;
  try {
    await build({
      entryPoints: [fileURLToPath(new URL('./parse-worker.ts', SOURCES))],
      outfile: partial,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
    });
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
  await removeStaleBundles(path.dirname(file), path.basename(file));
  return target.url;
}

async function removeStaleBundles(dir: string, keep: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name === keep || !name.startsWith('parse-worker-')) continue;
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info !== null && Date.now() - info.mtimeMs > STALE_BUNDLE_MS) await rm(file, { force: true });
  }
}

const ENTRY_POINT_FLAGS = new Set(['-e', '--eval', '-p', '--print', '--input-type']);
const PRELOAD_FLAGS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader']);
const TSX_MODULE = /^tsx(?:\/|$)|[\\/]node_modules[\\/]tsx[\\/]/;
// The inspector's port is the parent's: a worker would fail to listen on it (or wait for a debugger).
const INSPECT_FLAGS = new Set([
  '--inspect',
  '--inspect-brk',
  '--inspect-wait',
  '--inspect-port',
  '--debug-port',
]);
// Flags whose value may be the next argument.
const VALUE_FLAGS = new Set([...ENTRY_POINT_FLAGS, ...PRELOAD_FLAGS, '--inspect-port', '--debug-port']);

/**
 * The parent's Node flags for a worker process, minus those that choose the parent's entry point (`-e`,
 * `--print`: the worker would run that code instead of its file; `--input-type` makes it fail to load
 * a file) and minus tsx's preloads (`npx tsx …` adds `--require …/tsx/dist/preflight.cjs
 * --import …/tsx/dist/loader.mjs`): a worker runs plain JavaScript, and tsx's loader would cost it
 * ~50 MB for nothing; and minus the inspector's (`--inspect…`, whose port is taken by the parent).
 * Other flags (other preloads, `--conditions`, `--max-old-space-size`) still apply in the worker.
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let index = 0; index < execArgv.length; index++) {
    const arg = execArgv[index] ?? '';
    const [flag = '', inline] = arg.split('=', 2);
    const separate = inline === undefined && VALUE_FLAGS.has(flag);
    const value = separate ? (execArgv[index + 1] ?? '') : (inline ?? '');
    const dropped =
      ENTRY_POINT_FLAGS.has(flag) ||
      INSPECT_FLAGS.has(flag) ||
      (PRELOAD_FLAGS.has(flag) && TSX_MODULE.test(value));
    if (!dropped) kept.push(arg);
    if (separate) {
      index++;
      if (!dropped) kept.push(value);
    }
  }
  return kept;
}
