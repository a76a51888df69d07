import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type InstalledModel, type ModelsFile, modelsFileSchema } from './installed-model.ts';
import { ModelManagerError } from './manager-errors.ts';

export const MODELS_FILE = 'models.json';

/** Reads `<modelsDir>/models.json`; an absent file is an empty list. */
export async function readModelsFile(modelsDir: string): Promise<InstalledModel[]> {
  const path = join(modelsDir, MODELS_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if (cause instanceof Error && 'code' in cause && cause.code === 'ENOENT') return [];
    throw cause;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ModelManagerError('models-file-corrupt', `${path} is not valid JSON.`, { cause });
  }
  const parsed = modelsFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ModelManagerError(
      'models-file-corrupt',
      `${path} has an unexpected shape: ${parsed.error.message}`,
      {
        cause: parsed.error,
      },
    );
  }
  return parsed.data.models;
}

/** Writes `<modelsDir>/models.json` atomically (a temp file renamed over the old one). */
export async function writeModelsFile(modelsDir: string, models: readonly InstalledModel[]): Promise<void> {
  await mkdir(modelsDir, { recursive: true });
  const path = join(modelsDir, MODELS_FILE);
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const content: ModelsFile = { version: 1, models: [...models] };
  try {
    await writeFile(temp, `${JSON.stringify(content, null, 2)}\n`);
    await rename(temp, path);
  } catch (cause) {
    await rm(temp, { force: true });
    throw cause;
  }
}

/** A short, lower-case id from a file or model name: `Qwen3-4B-Q4_K_M.gguf` → `qwen3-4b-q4_k_m`. */
export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/\.gguf$/, '')
    .replace(/[^a-z0-9._]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return slug || 'model';
}

/** `base`, or `base-2`, `base-3`… whichever is not taken. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
