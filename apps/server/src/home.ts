import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * Where Quire keeps its data: `--home`, else `QUIRE_HOME`, else `./workspaces` (relative to the
 * current directory). Created on first use.
 */
export function resolveHome(flag?: string): string {
  return resolve(flag ?? process.env.QUIRE_HOME ?? 'workspaces');
}

/** Where the models of a data home live: `QUIRE_MODELS_DIR` (shared by several homes), else `<home>/models`. */
export function resolveModelsDir(home: string): string {
  return process.env.QUIRE_MODELS_DIR ? resolve(process.env.QUIRE_MODELS_DIR) : join(home, 'models');
}

export async function ensureHome(home: string): Promise<string> {
  await mkdir(home, { recursive: true });
  return home;
}

/** The memory budget of a `quire sync` or `quire serve` process tree when `QUIRE_MEMORY_MB` is unset. */
export const DEFAULT_MEMORY_BUDGET_MB = 1000;

/**
 * Resident memory, in MB, that a `quire sync` or `quire serve` process and its parse workers together
 * keep within: `QUIRE_MEMORY_MB` (at least 256; `off` for no budget beyond each worker's own limit), else
 * {@link DEFAULT_MEMORY_BUDGET_MB}. A value that is not a number is an error, not silently ignored.
 */
export function resolveMemoryBudgetMb(value = process.env.QUIRE_MEMORY_MB): number | undefined {
  if (value === undefined || value.trim() === '') return DEFAULT_MEMORY_BUDGET_MB;
  if (value.trim().toLowerCase() === 'off') return undefined;
  const mb = Number(value);
  if (!Number.isFinite(mb) || mb < 256) {
    throw new RangeError(`QUIRE_MEMORY_MB must be a number of MB, at least 256, or "off"; got "${value}"`);
  }
  return Math.floor(mb);
}
