// The real `quire sync` and `quire status` over a folder holding files Quire does not read: each is listed
// as unsupported-type (never in silence), once, and forgotten when deleted; hidden, lock and partial files
// stay ignored; a file recorded as unsupported is read once Quire supports its kind.
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LanceVectorStore } from '@quire/index';
import { WorkspaceRegistry } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { quireJson, quireJsonInProcess } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

interface SyncJson {
  indexed: number;
  unchanged: number;
  removed: number;
  failed: { path: string; code: string; message: string }[];
  embedded: number;
}
interface StatusJson {
  documents: { path: string; state: string; error: { code: string; message: string } | null }[];
  counts: Record<string, number>;
}

let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;
let folder: string;
let registry: WorkspaceRegistry;
let first: SyncJson;

// `add` and the first sync run the real `quire` binary; later syncs and status run its entry point in this
// process (no new Node process each).
const sync = () => quireJsonInProcess<SyncJson>(home, ['sync', 'Mixed']);
const status = () => quireJsonInProcess<StatusJson>(home, ['status', 'Mixed']);
const logLines = async () =>
  (await readFile(join(registry.dir('mixed'), 'ingest.jsonl'), 'utf8')).split('\n').filter(Boolean);
const byPath = (failed: SyncJson['failed']) => [...failed].sort((a, b) => a.path.localeCompare(b.path));

beforeAll(async () => {
  tmp = await tempDir();
  home = join(tmp.path, 'home');
  folder = join(tmp.path, 'matter');
  await mkdir(folder);
  await writeFile(join(folder, 'lease.pdf'), await simplePdf(['The tenant pays rent monthly.']));
  await writeFile(join(folder, 'voicemail.mp3'), Buffer.from('ID3\u0004\u0000 not much of a song'));
  await writeFile(
    join(folder, 'board deck.ppt'),
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  );
  await writeFile(join(folder, '.hidden.mp3'), 'hidden');
  await writeFile(join(folder, '~$lock.docx'), 'lock');
  await writeFile(join(folder, 'download.pdf.crdownload'), 'partial');
  await writeFile(join(folder, 'upload.part'), 'partial');
  await writeFile(join(folder, 'scratch.tmp'), 'temporary');
  registry = new WorkspaceRegistry(home);
  await quireJson(home, ['add', folder, '--workspace', 'Mixed', '--embedding-model', 'none']);
  first = await quireJson<SyncJson>(home, ['sync', 'Mixed']);
});
afterAll(() => tmp.cleanup());

describe('files Quire does not read (real quire sync and status)', () => {
  it('lists the mp3 and the ppt as unsupported-type, and only them; the PDF is indexed', () => {
    expect(first.indexed).toBe(1);
    expect(byPath(first.failed)).toEqual([
      {
        path: join(folder, 'board deck.ppt'),
        code: 'unsupported-type',
        message: 'Quire does not read .ppt files',
      },
      {
        path: join(folder, 'voicemail.mp3'),
        code: 'unsupported-type',
        message: 'Quire does not read .mp3 files',
      },
    ]);
  });

  it('shows them in quire status as failed with their code; hidden, lock and partial files are not there', async () => {
    const now = await status();
    const rows = Object.fromEntries(now.documents.map((d) => [d.path, d]));
    expect(Object.keys(rows).sort()).toEqual(
      [join(folder, 'board deck.ppt'), join(folder, 'lease.pdf'), join(folder, 'voicemail.mp3')].sort(),
    );
    expect(rows[join(folder, 'voicemail.mp3')]).toMatchObject({
      state: 'failed',
      error: { code: 'unsupported-type', message: 'Quire does not read .mp3 files' },
    });
    expect(rows[join(folder, 'lease.pdf')]?.state).toBe('indexed');
    expect(now.counts).toMatchObject({ indexed: 1, failed: 2, queued: 0 });
  });

  it('logs each once and reports nothing new on the next sync', async () => {
    const log = await logLines();
    expect(log.filter((l) => l.includes('"unsupported-type"'))).toHaveLength(2);
    const again = await sync();
    expect(again).toMatchObject({ indexed: 0, unchanged: 1, removed: 0, embedded: 0 });
    expect(byPath(again.failed)).toEqual(byPath(first.failed));
    expect(await logLines()).toEqual(log);
  });

  it('drops a deleted unsupported file from the list and from status', async () => {
    await rm(join(folder, 'voicemail.mp3'));
    const after = await sync();
    expect(after.removed).toBe(0); // it was never a document
    expect(after.failed.map((f) => f.path)).toEqual([join(folder, 'board deck.ppt')]);
    const now = await status();
    expect(now.documents.map((d) => d.path)).not.toContain(join(folder, 'voicemail.mp3'));
    expect(now.counts).toMatchObject({ indexed: 1, failed: 1 });
  });

  it('reads a file recorded as unsupported-type once Quire supports its kind', async () => {
    // As an older Quire, which did not read .txt, would have recorded it.
    const notes = join(folder, 'notes.txt');
    await writeFile(notes, 'The landlord repairs the roof.');
    const info = await stat(notes);
    const store = await LanceVectorStore.openExisting(registry.indexDir(await registry.get('mixed')));
    try {
      await store.upsertPaths([
        {
          path: notes,
          documentId: null,
          size: info.size,
          mtimeMs: info.mtimeMs,
          errorCode: 'unsupported-type',
          errorMessage: 'Quire does not read .txt files',
        },
      ]);
    } finally {
      await store.close();
    }
    expect((await status()).documents.find((d) => d.path === notes)?.state).toBe('queued');
    const after = await sync();
    expect(after).toMatchObject({ indexed: 1, unchanged: 1, embedded: 1 });
    expect(after.failed.map((f) => f.path)).toEqual([join(folder, 'board deck.ppt')]);
    expect((await status()).documents.find((d) => d.path === notes)?.state).toBe('indexed');
  });
});
