import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * Where Quire keeps its data: `--home`, else `QUIRE_HOME`, else `./workspaces` (relative to the
 * current directory). Created on first use.
 */
export function resolveHome(flag?: string): string {
  return resolve(flag ?? process.env.QUIRE_HOME ?? 'workspaces');
}

export async function ensureHome(home: string): Promise<string> {
  await mkdir(home, { recursive: true });
  return home;
}
