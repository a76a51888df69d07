/**
 * The file a `ParsePool` worker starts from. Running from TypeScript sources (CLI through tsx,
 * vitest), it is a small `.mjs` that registers tsx in the worker and imports `parse-worker.ts`;
 * from compiled JavaScript it is `parse-worker.js` itself.
 */
export function parseWorkerUrl(): URL {
  const fromSources = new URL(import.meta.url).pathname.endsWith('.ts');
  return new URL(fromSources ? './parse-worker-tsx.mjs' : './parse-worker.js', import.meta.url);
}

const ENTRY_POINT_FLAGS = new Set(['-e', '--eval', '-p', '--print', '--input-type']);

/**
 * The parent's Node flags minus those that choose its entry point (`-e`, `--print`,
 * `--input-type`): workers inherit `process.execArgv`, and `--input-type` makes a worker fail to
 * load a file. Other flags (`--import` preloads, `--conditions`) still apply in the worker.
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let index = 0; index < execArgv.length; index++) {
    const arg = execArgv[index] ?? '';
    const [flag = '', value] = arg.split('=', 2);
    if (!ENTRY_POINT_FLAGS.has(flag)) kept.push(arg);
    else if (value === undefined) index++;
  }
  return kept;
}
