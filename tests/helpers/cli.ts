import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../apps/server/bin/quire.mjs', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `quire` command in a child process with `QUIRE_HOME=home`. */
export function runQuire(home: string, args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, QUIRE_HOME: home }, maxBuffer: 64 * 1024 * 1024, timeout: 170_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs `quire … --json` and parses stdout, failing loudly with stderr when the command failed. */
export async function quireJson<T>(home: string, args: readonly string[]): Promise<T> {
  const run = await runQuire(home, [...args, '--json']);
  if (run.code !== 0) throw new Error(`quire ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
