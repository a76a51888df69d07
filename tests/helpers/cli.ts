import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../apps/server/bin/quire.mjs', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const NO_NETWORK = fileURLToPath(new URL('./no-network.cjs', import.meta.url));

export interface RunOptions {
  /** Preload a guard that makes any non-loopback connection, DNS lookup or fetch fail loudly. */
  forbidNetwork?: boolean;
  /** Extra environment for the child. */
  env?: Record<string, string>;
  /** Longest run before the child is killed. Default 170 s. */
  timeoutMs?: number;
  /** Called with the child's pid once it is started (e.g. to sample its memory). */
  onSpawn?: (pid: number) => void;
}

/** Runs the real `quire` command in a child process with `QUIRE_HOME=home`. */
export function runQuire(home: string, args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, QUIRE_HOME: home, ...options.env };
  // `--require` (not `--import`): Node runs it in worker threads too (parse and OCR workers).
  if (options.forbidNetwork) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require ${NO_NETWORK}`.trim();
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env, maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 170_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
  });
}

/** Runs `quire … --json` and parses stdout, failing loudly with stderr when the command failed. */
export async function quireJson<T>(
  home: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<T> {
  const run = await runQuire(home, [...args, '--json'], options);
  if (run.code !== 0) throw new Error(`quire ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/**
 * Runs `quire <args>` in this process through the command's own entry point (`runCli`, as bin/quire.mjs
 * does), capturing what it writes and its exit code. A search or ask then costs no new Node process (tsx,
 * pdf.js, LanceDB and llama loaded again, seconds each on a busy machine); tests of the process itself
 * (crashes, signals, the network guard, memory) keep `runQuire`, and each file keeps one real-binary run.
 * `env` is set for the run and restored after. Runs must not overlap (stdout is captured process-wide):
 * keep the tests of a file sequential.
 */
export async function runQuireInProcess(
  home: string,
  args: readonly string[],
  options: Pick<RunOptions, 'env'> = {},
): Promise<CliRun> {
  // Loaded on first use: files that only spawn the binary do not load the server into the test process.
  const [{ vi }, { runCli }] = await Promise.all([import('vitest'), import('../../apps/server/src/cli.ts')]);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const capture = (into: string[]) => (chunk: string | Uint8Array) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const saved = Object.entries(options.env ?? {}).map(([name, value]) => {
    const before = process.env[name];
    process.env[name] = value;
    return [name, before] as const;
  });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture(stdout));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture(stderr));
  process.exitCode = undefined;
  try {
    await runCli(['--home', home, ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const [name, before] of saved) {
      if (before === undefined) delete process.env[name];
      else process.env[name] = before;
    }
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

/** `quireJson` through `runQuireInProcess`. */
export async function quireJsonInProcess<T>(
  home: string,
  args: readonly string[],
  options: Pick<RunOptions, 'env'> = {},
): Promise<T> {
  const run = await runQuireInProcess(home, [...args, '--json'], options);
  if (run.code !== 0) throw new Error(`quire ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
