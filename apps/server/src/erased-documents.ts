import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The per-file code of a file whose content was erased from the workspace (sync skips it). */
export const ERASED = 'erased';

/** The removal marker written where erased text was: `[removed: erased on 2026-12-06]`. */
export const removalMarker = (at: string): string => `[removed: erased on ${at.slice(0, 10)}]`;

/** Why a sync does not read a file whose content was erased on `at` (ISO date). */
export const erasedMessage = (at: string): string =>
  `Erased from this workspace on ${at.slice(0, 10)}; it is not read again unless its content changes (or read it into another workspace)`;

/** One line of `<workspace>/erased.json`: a content hash and when it was erased, never a path or text. */
export interface ErasedEntry {
  documentId: string;
  at: string;
}

/**
 * The contents a workspace was told to forget (`<workspace>/erased.json`). Quire never deletes a user's
 * file, so an erased file left in a watched folder would otherwise be read back by the next sync: sync
 * skips a file whose sha256 is listed here (code `erased`). A file whose content changes has a new hash
 * and is read again.
 */
export class ErasedDocuments {
  readonly file: string;

  constructor(workspaceDir: string) {
    this.file = join(workspaceDir, 'erased.json');
  }

  /** Every erased content hash, with the date it was erased. */
  async read(): Promise<Map<string, string>> {
    const text = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (text === null) return new Map();
    const { erased } = JSON.parse(text) as { erased: ErasedEntry[] };
    return new Map(erased.map((e) => [e.documentId, e.at]));
  }

  /** Adds hashes (a temp file renamed over the old one, so a crash never leaves half a list). */
  async add(documentIds: readonly string[], at: string): Promise<void> {
    const all = await this.read();
    for (const id of documentIds) if (!all.has(id)) all.set(id, at);
    const erased: ErasedEntry[] = [...all].map(([documentId, when]) => ({ documentId, at: when }));
    await mkdir(join(this.file, '..'), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify({ erased }, null, 1)}\n`);
    await rename(temp, this.file);
  }
}
