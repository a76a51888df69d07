// Removal that removes (issue 19, must-show 1): a document whose file is deleted, and the old text of a
// file that changed, leave no trace in the data home once `quire sync` has run: a byte scan of every file
// (what `grep -r` sees) and of every retained LanceDB version finds their words 0 times, while the kept
// documents are still found; search, ask and the page viewer keep working on a real server on 127.0.0.1.
// Built-in embedding model, so passages carry vectors too.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { LanceVectorStore } from '@quire/index';
import { startServer } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { scanForMarker } from '../helpers/byte-scan.ts';
import { quireJson, runQuireInProcess } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

/** One word of each document that no other document has (left alone by English stemming). */
const KEPT = 'quendalith';
const GONE = 'zorvexquill';
/** In the deleted file's name only. */
const GONE_NAME = 'plimbarton';
const OLD = 'brumfeldak';
const NEW = 'sepharnovel';
/** In a folder attached, then detached. */
const DETACHED = 'velkrandor';

const W = '/api/workspaces/removal';

let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;
let folder: string;
let server: Awaited<ReturnType<typeof startServer>> | undefined;

interface SyncJson {
  indexed: number;
  unchanged: number;
  removed: number;
  failed: unknown[];
}
interface Hit {
  path: string;
  page: number;
  documentId: string;
  text: string;
}

const pdf = (name: string, pages: string[]) =>
  simplePdf(pages).then((bytes) => writeFile(join(folder, name), bytes));
const sync = async () => {
  const run = await runQuireInProcess(home, ['sync', 'removal', '--json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as SyncJson;
};
/** Where a word is found in the data home, as paths relative to it. */
const scan = async (word: string) => {
  const found = await scanForMarker(home, word);
  return { files: found.files.map((f) => relative(home, f)), versions: found.versions };
};

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${server?.url}${path}`, init);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

beforeAll(async () => {
  tmp = await tempDir('quire-removal-');
  home = join(tmp.path, 'home');
  folder = join(tmp.path, 'matter');
  await mkdir(folder);
  await pdf('kept-lease.pdf', [
    `The ${KEPT} clause of the lease requires the tenant to repair the roof within thirty days of notice.`,
    `Rent for the ${KEPT} premises is payable monthly in advance to the landlord.`,
  ]);
  await pdf(`${GONE_NAME}-memo.pdf`, [
    `The ${GONE} memorandum records privileged advice about the settlement strategy.`,
    `Counsel marked the ${GONE} notes confidential and addressed them to the client alone.`,
  ]);
  await pdf('schedule.pdf', [`The ${OLD} schedule lists the deliveries of timber for the first quarter.`]);
  await pdf('minutes.pdf', ['Minutes of the annual board meeting: the directors approved the budget.']);
  await quireJson(home, ['add', folder, '--workspace', 'Removal']);
  const first = await quireJson<SyncJson>(home, ['sync', 'removal']);
  expect(first).toMatchObject({ indexed: 4, removed: 0, failed: [] });
});

afterAll(async () => {
  await server?.close();
  await tmp?.cleanup();
});

describe('a document that leaves the index', () => {
  it('leaves no file or retained index version holding its words, nor the old text of a changed file', async () => {
    // Indexed, each word is on disk (the scan sees it).
    for (const word of [GONE, OLD, KEPT]) expect((await scan(word)).files.length, word).toBeGreaterThan(0);

    await rm(join(folder, `${GONE_NAME}-memo.pdf`));
    await pdf('schedule.pdf', [`The ${NEW} schedule lists the deliveries of timber for the second quarter.`]);
    expect(await sync()).toMatchObject({ indexed: 1, unchanged: 2, removed: 1, failed: [] });

    expect(await scan(GONE)).toEqual({ files: [], versions: [] });
    expect(await scan(OLD)).toEqual({ files: [], versions: [] });
    // The deleted file's name is in no file of the index: only the ingest log keeps removed files' paths.
    expect(await scan(GONE_NAME)).toEqual({ files: [join('removal', 'ingest.jsonl')], versions: [] });

    const kept = await scan(KEPT);
    expect(kept.files.length).toBeGreaterThan(0);
    expect(kept.versions.map((v) => v.table)).toEqual(
      expect.arrayContaining(['removal/index/chunks', 'removal/index/pages']),
    );
    expect((await scan(NEW)).versions.length).toBeGreaterThan(0);
  });

  it('search, ask and the page viewer keep working over a real server', async () => {
    server = await startServer({ home, port: 0, watch: false, warmBuiltin: false });
    const found = await json<{ hits: Hit[] }>(`${W}/search?q=${KEPT}`);
    expect(found.hits[0]?.path).toBe(join(folder, 'kept-lease.pdf'));
    // Hybrid search: the nearest passages by meaning still come back, none of them the deleted document's.
    for (const query of [GONE, 'privileged advice about the settlement strategy']) {
      const { hits } = await json<{ hits: Hit[] }>(`${W}/search?q=${encodeURIComponent(query)}`);
      expect(hits.length).toBeGreaterThan(0);
      for (const hit of hits) {
        expect(hit.text).not.toContain(GONE);
        expect(hit.path).not.toContain(GONE_NAME);
      }
    }
    expect((await json<{ hits: Hit[] }>(`${W}/search?q=${NEW}`)).hits[0]?.path).toBe(
      join(folder, 'schedule.pdf'),
    );

    const answer = await json<{ answer: string; citations: Hit[] }>(`${W}/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: `What does the ${KEPT} clause require of the tenant?` }),
    });
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations[0]?.path).toBe(join(folder, 'kept-lease.pdf'));
    expect(answer.answer).not.toContain(GONE);

    const id = found.hits[0]?.documentId ?? '';
    const page = await json<{ page: number; text: string }>(`${W}/documents/${id}/pages/1`);
    expect(page.text).toContain(`The ${KEPT} clause`);
    await server.close();
    server = undefined;
    // What the server wrote (threads, audit log) holds nothing of the removed document either.
    expect(await scan(GONE)).toEqual({ files: [], versions: [] });
  });

  it('is pruned by the next sync when a sync stopped after committing the removal, before its prune', async () => {
    await rm(join(folder, 'minutes.pdf'));
    // What a sync killed right after its removals leaves: the rows deleted in the current version, not pruned.
    const store = await LanceVectorStore.openExisting(join(home, 'removal', 'index'));
    try {
      const row = (await store.listPaths()).find((p) => p.path === join(folder, 'minutes.pdf'));
      expect(row?.documentId).toBeTruthy();
      await store.deletePaths([join(folder, 'minutes.pdf')]);
      await store.deleteDocuments(row?.documentId ? [row.documentId] : []);
    } finally {
      await store.close();
    }
    // The index alone: the conversation asked above may quote the minutes (threads keep their quotes).
    const index = join(home, 'removal', 'index');
    expect((await scanForMarker(index, 'directors')).files.length).toBeGreaterThan(0);

    expect(await sync()).toMatchObject({ indexed: 0, unchanged: 2, removed: 0, failed: [] });
    expect(await scanForMarker(index, 'directors')).toEqual({ files: [], versions: [] });
    for (const word of [KEPT, NEW]) {
      const run = await runQuireInProcess(home, ['search', 'removal', word, '--json']);
      expect((JSON.parse(run.stdout) as { hits: Hit[] }).hits[0]?.text).toContain(word);
    }
  });

  it("leaves nothing of a detached folder's documents once the folder is detached over the API", async () => {
    const extra = join(tmp.path, 'extra');
    await mkdir(extra);
    await writeFile(
      join(extra, 'survey.pdf'),
      await simplePdf([`The ${DETACHED} survey found damp in the cellar.`]),
    );
    server = await startServer({ home, port: 0, watch: false, warmBuiltin: false });
    const send = (method: string, body: unknown) =>
      json(`${W}/folders`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await send('POST', { path: extra });
    await server.service.sync('removal');
    expect((await json<{ hits: Hit[] }>(`${W}/search?q=${DETACHED}`)).hits[0]?.path).toBe(
      join(extra, 'survey.pdf'),
    );
    expect((await scan(DETACHED)).versions.length).toBeGreaterThan(0);

    await send('DELETE', { path: extra });
    for (const hit of (await json<{ hits: Hit[] }>(`${W}/search?q=${DETACHED}`)).hits)
      expect(hit.text).not.toContain(DETACHED);
    await server.close();
    server = undefined;
    expect(await scan(DETACHED)).toEqual({ files: [], versions: [] });
  });
});
