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
