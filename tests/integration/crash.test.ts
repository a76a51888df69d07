import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '@lancedb/lancedb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { scanForMarker } from '../helpers/byte-scan.ts';
import { quireJson, runQuireInProcess } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const BIN = fileURLToPath(new URL('../../apps/server/bin/quire.mjs', import.meta.url));
const FILES = 120;
const PAGES = 4;
const sentence = (file: number, page: number) =>
  `File ${file} page ${page} holds the marker crashword${file}x${page} and ordinary lease wording about rent and notice.`;

let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;
let folder: string;
const fileName = (file: number) => `doc-${String(file).padStart(3, '0')}.pdf`;

/** Starts `quire sync`, kills it with SIGKILL after `ms`; resolves whether it was still running then. */
function syncAndKill(ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'sync', 'crash', '--json'], {
      env: { ...process.env, QUIRE_HOME: home },
      stdio: 'ignore',
    });
    let exited = false;
    child.on('exit', () => {
      exited = true;
    });
    setTimeout(() => {
      const running = !exited;
      child.kill('SIGKILL');
      child.on('close', () => resolve(running));
      if (exited) resolve(false);
    }, ms);
  });
}

beforeAll(async () => {
  tmp = await tempDir();
  home = join(tmp.path, 'home');
  folder = join(tmp.path, 'big');
  await mkdir(folder);
  for (let f = 0; f < FILES; f++) {
    const pages = Array.from({ length: PAGES }, (_, p) => sentence(f, p + 1).repeat(6));
    await writeFile(join(folder, fileName(f)), await simplePdf(pages));
  }
  await quireJson(home, ['add', folder, '--workspace', 'crash']);
});
afterAll(() => tmp.cleanup());

describe('kill -9 during a sync', () => {
  it('converges to exactly the folder content without re-embedding finished documents', async () => {
    // Deterministic "random" moments, spread over start-up, parsing, embedding and writing.
    const moments = [1800, 2600, 3400, 4300, 5200];
    const killedWhileRunning = [];
    for (const ms of moments) killedWhileRunning.push(await syncAndKill(ms));
    expect(killedWhileRunning.filter(Boolean).length).toBeGreaterThanOrEqual(3);

    const final = await quireJson<{ indexed: number; unchanged: number; failed: unknown[] }>(home, [
      'sync',
      'crash',
    ]);
    expect(final.failed).toEqual([]);
    expect(final.indexed + final.unchanged).toBe(FILES);

    const db = await connect(join(home, 'crash', 'index'));
    try {
      const table = async (name: string) => (await db.openTable(name)).query().toArray();
      const [documents, chunks, pages, paths] = await Promise.all([
        table('documents'),
        table('chunks'),
        table('pages'),
        table('paths'),
      ]);
      expect(paths).toHaveLength(FILES);
      expect(paths.every((p) => p.documentId && !p.errorCode)).toBe(true);
      expect(documents).toHaveLength(FILES);
      const ids = new Set(documents.map((d) => String(d.id)));
      expect(new Set(paths.map((p) => String(p.documentId)))).toEqual(ids);
      const chunkIds = chunks.map((c) => String(c.id));
      expect(new Set(chunkIds).size).toBe(chunkIds.length);
      expect(chunks.every((c) => ids.has(String(c.documentId)))).toBe(true);
      expect(pages.every((p) => ids.has(String(p.documentId)))).toBe(true);
      expect(chunks.length).toBe(documents.reduce((sum, d) => sum + Number(d.chunkCount), 0));
      expect(pages).toHaveLength(FILES * PAGES);
    } finally {
      db.close();
    }

    const log = (await readFile(join(home, 'crash', 'ingest.jsonl'), 'utf8')).split('\n').flatMap((line) => {
      try {
        return [JSON.parse(line) as { event: string; documentId?: string }];
      } catch {
        return []; // a line cut short by the kill
      }
    });
    const embedded = log.filter((e) => e.event === 'embedded').map((e) => e.documentId);
    expect(new Set(embedded).size).toBe(embedded.length);

    for (const f of [0, 57, 119]) {
      const result = await quireJson<{ hits: { path: string; page: number }[] }>(home, [
        'search',
        'crash',
        `crashword${f}x3`,
        '--k',
        '1',
      ]);
      expect(result.hits[0]?.path.endsWith(`doc-${String(f).padStart(3, '0')}.pdf`)).toBe(true);
      expect(result.hits[0]?.page).toBe(3);
    }
    const status = await quireJson<{ counts: Record<string, number> }>(home, ['status', 'crash']);
    expect(status.counts.indexed).toBe(FILES);
  });

  it('loses no document still in the folder when a sync that removes documents is killed (before or during its prune)', async () => {
    const removed = [3, 44, 90, 101, 117];
    for (const f of removed) await rm(join(folder, fileName(f)));
    // Spread over start-up, the removals and the prune at the end (a sync that finished leaves the rest
    // nothing to remove).
    for (const ms of [2000, 3500, 5000]) await syncAndKill(ms);
    const final = await quireJson<{ indexed: number; unchanged: number; failed: unknown[] }>(home, [
      'sync',
      'crash',
    ]);
    expect(final).toMatchObject({ indexed: 0, unchanged: FILES - removed.length, failed: [] });
    const db = await connect(join(home, 'crash', 'index'));
    try {
      const documents = await (await db.openTable('documents')).countRows();
      const paths = await (await db.openTable('paths')).query().toArray();
      expect(documents).toBe(FILES - removed.length);
      expect(paths.map((p) => String(p.path)).sort()).toEqual(
        Array.from({ length: FILES }, (_, f) => f)
          .filter((f) => !removed.includes(f))
          .map((f) => join(folder, fileName(f))),
      );
    } finally {
      db.close();
    }

    for (const f of [3, 90, 117])
      expect(await scanForMarker(home, `crashword${f}x2`)).toEqual({ files: [], versions: [] });
    for (const f of [0, 45, 118]) {
      expect((await scanForMarker(home, `crashword${f}x2`)).versions.length, `file ${f}`).toBeGreaterThan(0);
      const run = await runQuireInProcess(home, ['search', 'crash', `crashword${f}x2`, '--k', '1', '--json']);
      const hits = (JSON.parse(run.stdout) as { hits: { path: string; page: number }[] }).hits;
      expect(hits[0]?.path.endsWith(fileName(f)), `file ${f}`).toBe(true);
      expect(hits[0]?.page).toBe(2);
    }
  });
});
