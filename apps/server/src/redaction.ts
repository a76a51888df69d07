// What `quire erase` removes from the files Quire keeps beside the index (threads, audit log, ingest
// log): the shared description of one erasure and the atomic rewrite of a JSON-lines file.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { EmailRef } from '@quire/inference';
import { removalMarker } from './erased-documents.ts';

/** One erasure: the documents (content hashes) erased, every path they had, and when. */
export interface Erasure {
  documentIds: ReadonlySet<string>;
  /** Paths of the erased documents (and of attachments that came with an erased email). */
  paths: ReadonlySet<string>;
  /** ISO time of the erasure. */
  at: string;
}

/** The text written in place of anything erased: `[removed: erased on YYYY-MM-DD]`. */
export const markerOf = (erasure: Erasure): string => removalMarker(erasure.at);

/** Whether `path` is one of the erased paths or lies below one (an attachment of an erased email). */
export function erasedPath(erasure: Erasure, path: string): boolean {
  if (erasure.paths.has(path)) return true;
  for (let cut = path.indexOf('::'); cut > 0; cut = path.indexOf('::', cut + 2))
    if (erasure.paths.has(path.slice(0, cut))) return true;
  return false;
}

/**
 * The emails an attachment came with, each erased one kept by its hash only: its subject, sender,
 * recipients and path are the erased email's text. Null when none is erased.
 */
export function redactEmailRefs(refs: readonly EmailRef[] | undefined, erasure: Erasure): EmailRef[] | null {
  if (!refs?.some((r) => erasure.documentIds.has(r.documentId))) return null;
  const marker = markerOf(erasure);
  return refs.map((r) =>
    erasure.documentIds.has(r.documentId)
      ? { path: marker, documentId: r.documentId, subject: null, from: null, to: [], date: null }
      : r,
  );
}

/**
 * Rewrites a JSON-lines file through `redact` (null: the line stays as it is), atomically: a temp file
 * renamed over it, and only when the file did not grow meanwhile (an append during the rewrite is read
 * again). Lines that do not parse (cut short by a crash) stay. Returns how many values changed; with
 * `dryRun` only counts them.
 */
export async function rewriteJsonLines<T>(
  file: string,
  redact: (value: T) => T | null,
  dryRun = false,
): Promise<number> {
  for (;;) {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (text === null) return 0;
    let changed = 0;
    const lines = text.split('\n').map((line) => {
      if (line.trim() === '') return line;
      let value: T;
      try {
        value = JSON.parse(line) as T;
      } catch {
        return line;
      }
      const next = redact(value);
      if (next === null) return line;
      changed++;
      return JSON.stringify(next);
    });
    if (changed === 0 || dryRun) return changed;
    const temp = `${file}.${process.pid}.erase.tmp`;
    await writeFile(temp, lines.join('\n'));
    if ((await readFile(file, 'utf8')) !== text) {
      await rm(temp, { force: true });
      continue;
    }
    await rename(temp, file);
    return changed;
  }
}
