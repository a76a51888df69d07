import { copyFile, mkdir, open, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FolderWatcher, OpenWorkspace, syncWorkspace, WorkspaceRegistry } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let folder: string;
let ws: OpenWorkspace;
let watcher: FolderWatcher;
let registry: WorkspaceRegistry;

const pdf = (word: string, extra = '') => simplePdf([`This page mentions ${word} ${extra}.`]);

async function topPaths(word: string): Promise<string[]> {
  const hits = await ws.store.search({ mode: 'fulltext', query: word, k: 5 });
  return hits.flatMap((h) => (h.chunk.text.includes(word) ? h.paths : []));
}

async function logEntries(): Promise<{ event: string; path: string; documentId?: string }[]> {
  const text = await readFile(join(registry.dir('watched'), 'ingest.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 400));
  await watcher.idle();
}

/** Waits until `check` passes (file events take a moment to arrive), then returns. */
async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await settle();
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

beforeAll(async () => {
  tmp = await tempDir();
  folder = join(tmp.path, 'matter');
  await mkdir(folder);
  await writeFile(join(folder, 'before-start.pdf'), await pdf('preexistingword'));
  registry = new WorkspaceRegistry(join(tmp.path, 'home'));
  const settings = await registry.create('Watched');
  await registry.addFolder(settings, folder);
  ws = await OpenWorkspace.open(registry, 'watched');
  watcher = await FolderWatcher.start(ws, { debounceMs: 150, stableMs: 600, reconcileMs: 300 });
  await watcher.idle();
});
afterAll(async () => {
  await watcher.close();
  await ws.close();
  await tmp.cleanup();
});

describe('a watched folder (chokidar on a real temp folder)', () => {
  it('indexes what was there before the watcher started', async () => {
    expect(await topPaths('preexistingword')).toEqual([join(folder, 'before-start.pdf')]);
  });

  it('picks up an added file', async () => {
    await writeFile(join(folder, 'added.pdf'), await pdf('addedword'));
    await eventually(async () => expect(await topPaths('addedword')).toEqual([join(folder, 'added.pdf')]));
  });

  it('replaces a modified file: the new text is found, the old text is gone, no duplicate document', async () => {
    await writeFile(join(folder, 'added.pdf'), await pdf('modifiedword'));
    await eventually(async () => {
      expect(await topPaths('modifiedword')).toEqual([join(folder, 'added.pdf')]);
      expect(await topPaths('addedword')).toEqual([]);
      const { documents, paths } = await ws.store.counts();
      expect(documents).toBe(paths);
    });
  });

  it('costs nothing when a file is only touched', async () => {
    const embeddedBefore = (await logEntries()).filter((e) => e.event === 'embedded').length;
    const now = new Date();
    await utimes(join(folder, 'added.pdf'), now, now);
    await settle();
    expect((await logEntries()).filter((e) => e.event === 'embedded').length).toBe(embeddedBefore);
    expect(await topPaths('modifiedword')).toEqual([join(folder, 'added.pdf')]);
  });

  it('follows a rename and a move between subfolders without re-embedding', async () => {
    await writeFile(join(folder, 'old-name.pdf'), await pdf('renamedword'));
    await eventually(async () => expect(await topPaths('renamedword')).toHaveLength(1));
    const embedded = (await logEntries()).filter((e) => e.event === 'embedded').length;
    await rename(join(folder, 'old-name.pdf'), join(folder, 'new-name.pdf'));
    await eventually(async () =>
      expect(await topPaths('renamedword')).toEqual([join(folder, 'new-name.pdf')]),
    );
    await mkdir(join(folder, 'sub'));
    await rename(join(folder, 'new-name.pdf'), join(folder, 'sub', 'new-name.pdf'));
    await eventually(async () =>
      expect(await topPaths('renamedword')).toEqual([join(folder, 'sub', 'new-name.pdf')]),
    );
    expect((await logEntries()).filter((e) => e.event === 'embedded').length).toBe(embedded);
  });

  it('drops a deleted file and its chunks', async () => {
    const before = await ws.store.counts();
    await rm(join(folder, 'sub', 'new-name.pdf'));
    await eventually(async () => {
      expect(await topPaths('renamedword')).toEqual([]);
      const after = await ws.store.counts();
      expect(after.documents).toBe(before.documents - 1);
      expect(after.chunks).toBeLessThan(before.chunks);
    });
  });

  it('waits for a file written slowly in pieces, and indexes it once', async () => {
    const bytes = await pdf('slowlywrittenword');
    const path = join(folder, 'slow.pdf');
    const handle = await open(path, 'w');
    const piece = Math.ceil(bytes.length / 4);
    for (let i = 0; i < 4; i++) {
      await handle.write(bytes.subarray(i * piece, (i + 1) * piece));
      await new Promise((resolve) => setTimeout(resolve, 350));
    }
    await handle.close();
    await eventually(async () => expect(await topPaths('slowlywrittenword')).toEqual([path]));
    const entries = (await logEntries()).filter((e) => e.path === path);
    expect(entries.map((e) => e.event)).toEqual(['embedded']);
  });

  it('ignores lock, temporary and hidden files', async () => {
    for (const name of ['~$notes.docx', '.~lock.notes.docx#', 'report.pdf.part', 'scan.tmp', '.hidden.pdf']) {
      await writeFile(join(folder, name), await pdf('lockfileword'));
    }
    await settle();
    expect(await topPaths('lockfileword')).toEqual([]);
    expect(
      (await ws.store.listPaths()).some((p) => p.path.includes('lock') || p.path.includes('.part')),
    ).toBe(false);
  });

  it('lists a dropped file of a kind Quire does not read as unsupported-type, once, and forgets it when deleted', async () => {
    const mp3 = join(folder, 'voicemail.mp3');
    await writeFile(mp3, 'ID3 not much of a song');
    await eventually(async () =>
      expect((await ws.store.listPaths()).find((p) => p.path === mp3)).toMatchObject({
        documentId: null,
        errorCode: 'unsupported-type',
        errorMessage: 'Quire does not read .mp3 files',
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 800)); // the reconciliation after the change
    await watcher.idle();
    expect((await logEntries()).filter((e) => e.path === mp3).map((e) => e.event)).toEqual(['failed']);
    await rm(mp3);
    await eventually(async () =>
      expect((await ws.store.listPaths()).some((p) => p.path === mp3)).toBe(false),
    );
    expect((await logEntries()).filter((e) => e.path === mp3).map((e) => e.event)).toEqual([
      'failed',
      'removed',
    ]);
  });

  it('embeds identical copies once and finds the text under both paths', async () => {
    const embedded = (await logEntries()).filter((e) => e.event === 'embedded').length;
    await copyFile(join(folder, 'before-start.pdf'), join(folder, 'copy-of-before-start.pdf'));
    await eventually(async () =>
      expect((await topPaths('preexistingword')).sort()).toEqual(
        [join(folder, 'before-start.pdf'), join(folder, 'copy-of-before-start.pdf')].sort(),
      ),
    );
    expect((await logEntries()).filter((e) => e.event === 'embedded').length).toBe(embedded);
  });

  it('converges when 500 files are copied in at once', async () => {
    const staging = join(tmp.path, 'staging');
    await mkdir(staging);
    for (let i = 0; i < 500; i++)
      await writeFile(join(staging, `bulk-${i}.pdf`), await pdf(`bulkword${i}x`, `number ${i}`));
    const pathsBefore = (await ws.store.listPaths()).length;
    await mkdir(join(folder, 'bulk'));
    await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        copyFile(join(staging, `bulk-${i}.pdf`), join(folder, 'bulk', `bulk-${i}.pdf`)),
      ),
    );
    await eventually(
      async () => expect((await ws.store.listPaths()).length).toBe(pathsBefore + 500),
      120_000,
    );
    for (const i of [0, 1, 99, 250, 498, 499]) {
      expect(await topPaths(`bulkword${i}x`)).toEqual([join(folder, 'bulk', `bulk-${i}.pdf`)]);
    }
    const { documents, paths } = await ws.store.counts();
    expect(documents).toBe(paths - 1); // the identical copy shares a document
  });
});

describe('a sync that fails as a whole (the index, a model or the disk, not one file)', () => {
  it('is reported and tried again within seconds, and the queued file is then indexed', async () => {
    const other = join(tmp.path, 'retried');
    await mkdir(other);
    await writeFile(join(other, 'waiting.pdf'), await pdf('retriedword'));
    const settings = await registry.create('Retried');
    await registry.addFolder(settings, other);
    const retried = await OpenWorkspace.open(registry, 'retried');
    const errors: unknown[] = [];
    let calls = 0;
    const w = await FolderWatcher.start(retried, {
      retryMs: 200,
      onError: (error) => errors.push(error),
      sync: async (target, options) => {
        calls++;
        if (calls <= 2) throw new Error(`the index could not be written (attempt ${calls})`);
        return syncWorkspace(target, options);
      },
    });
    try {
      await eventually(async () => {
        const hits = await retried.store.search({ mode: 'fulltext', query: 'retriedword', k: 5 });
        expect(hits.flatMap((h) => h.paths)).toEqual([join(other, 'waiting.pdf')]);
      }, 30_000);
      expect(errors.map((e) => (e as Error).message)).toEqual([
        'the index could not be written (attempt 1)',
        'the index could not be written (attempt 2)',
      ]);
      // (Retried after 200 ms, then 400 ms: the next periodic reconciliation is 10 min away.)
    } finally {
      await w.close();
      await retried.close();
    }
  });
});
