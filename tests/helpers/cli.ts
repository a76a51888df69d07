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
