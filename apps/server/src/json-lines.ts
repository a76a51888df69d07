import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Appends one JSON line per value (creating the folder if needed): the format of every Quire log. */
export async function appendJsonLines(file: string, values: readonly unknown[]): Promise<void> {
  if (values.length === 0) return;
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${values.map((v) => JSON.stringify(v)).join('\n')}\n`);
}

/**
 * The values of a JSON-lines file, oldest first; none when it does not exist. A line that does not
 * parse (cut short by a crash mid-write) is skipped.
 */
export async function readJsonLines<T>(file: string): Promise<T[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as T];
    } catch {
      return []; // a line cut short by a crash mid-write
    }
  });
}
