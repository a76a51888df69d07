import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DocumentId, LanceVectorStore } from '@quire/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureManifest, writeDocumentFixtures } from '../fixtures/documents.ts';
import { quireJson, quireJsonInProcess, runQuire } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

interface SyncJson {
  indexed: number;
  unchanged: number;
  removed: number;
  failed: { path: string; code: string; message: string }[];
}
interface SearchJson {
  hits: { path: string; page: number; heading: string | null; text: string; score: number }[];
  retrieval: string;
  notice?: string;
}
interface AskJson {
  answer: string;
  mode: string;
  citations: {
    n: number;
    path: string;
    page: number;
    quote: string;
    documentId: string;
    start: number;
    end: number;
  }[];
}

let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;
let manifest: FixtureManifest;
let firstSync: SyncJson;

beforeAll(async () => {
  tmp = await tempDir();
  home = join(tmp.path, 'home');
  manifest = await writeDocumentFixtures(join(tmp.path, 'matter'));
  await quireJson(home, ['add', manifest.dir, '--workspace', 'Acme Lease', '--embedding-model', 'none']);
  firstSync = await quireJson<SyncJson>(home, ['sync', 'Acme Lease']);
});
afterAll(() => tmp.cleanup());
// `add` and the first sync run the real `quire` binary, as do the misuse checks (exit codes, stderr, stdout
// holding only JSON); later syncs, searches and asks run its entry point in this process (no new Node each).

const readable = () => manifest.files.filter((f) => !f.expectedError);
const unreadable = () => manifest.files.filter((f) => f.expectedError);

describe('quire sync (full-text only, no models)', () => {
  it('indexes the readable files and lists every bad file with its code', () => {
    expect(firstSync.indexed).toBe(readable().length);
    expect(firstSync.unchanged).toBe(0);
    expect(firstSync.removed).toBe(0);
    const failed = Object.fromEntries(firstSync.failed.map((f) => [f.path, f.code]));
    expect(failed).toEqual(Object.fromEntries(unreadable().map((f) => [f.path, f.expectedError])));
    for (const f of firstSync.failed) expect(f.message.length).toBeGreaterThan(5);
    expect(failed[join(manifest.dir, 'encrypted.pdf')]).toBe('encrypted');
    expect(failed[join(manifest.dir, 'truncated.pdf')]).toBe('corrupt');
    expect(failed[join(manifest.dir, 'empty.pdf')]).toBe('no-text');
    expect(failed[join(manifest.dir, 'renamed.docx')]).toBe('unsupported');
  });

  it('re-indexes nothing on a second sync', async () => {
    const second = await quireJsonInProcess<SyncJson>(home, ['sync', 'acme-lease']);
    expect(second.indexed).toBe(0);
    expect(second.unchanged).toBe(readable().length);
    expect(second.failed.map((f) => f.path).sort()).toEqual(firstSync.failed.map((f) => f.path).sort());
  });
});

describe('quire search --json', () => {
  it('returns the right document and page first for words found only on that page', async () => {
    const words = readable().flatMap((file) => file.uniqueWords.map((w) => ({ file, ...w })));
    expect(words.length).toBeGreaterThan(8);
    for (const w of words) {
      const result = await quireJsonInProcess<SearchJson>(home, ['search', 'Acme Lease', w.word, '--k', '3']);
      expect(result.retrieval).toBe('fulltext');
      expect(result.notice).toMatch(/full-text only/);
      const [top] = result.hits;
      expect(top, w.word).toBeDefined();
      expect({ word: w.word, path: top?.path, page: top?.page }).toEqual({
        word: w.word,
        path: w.file.path,
        page: w.page,
      });
      expect(top?.text.toLowerCase()).toContain(w.word);
      if (w.file.file.endsWith('.docx')) expect(top?.heading).toBe(w.heading);
    }
  });

  it('never returns text from files that could not be read', async () => {
    const hidden = manifest.files.flatMap((f) => f.hiddenWords ?? []);
    for (const word of hidden) {
      const result = await quireJsonInProcess<SearchJson>(home, ['search', 'Acme Lease', word]);
      expect(result.hits).toEqual([]);
    }
  });
});

describe('quire ask --json without a chat model', () => {
  it('answers extractively with quotes found verbatim on the cited pages', async () => {
    const questions = [
      'How much notice must the tenant give before ending the lease?',
      'What is the security deposit?',
      'How are fees billed?',
    ];
    const store = await LanceVectorStore.openExisting(join(home, 'acme-lease', 'index'));
    try {
      for (const question of questions) {
        const answer = await quireJsonInProcess<AskJson>(home, ['ask', 'acme-lease', question]);
        expect(answer.mode).toBe('extractive');
        expect(answer.citations.length).toBeGreaterThan(0);
        for (const c of answer.citations) {
          expect(answer.answer).toContain(`[${c.n}]`);
          const page = await store.getPage(c.documentId as DocumentId, c.page);
          expect(page?.text.slice(c.start, c.end)).toBe(c.quote);
          expect(readable().map((f) => f.path)).toContain(c.path);
        }
      }
    } finally {
      await store.close();
    }
  });

  it('refuses when nothing in the documents matches', async () => {
    const answer = await quireJsonInProcess<AskJson>(home, ['ask', 'acme-lease', 'xylophonic zanzibarite?']);
    expect(answer.mode).toBe('refused');
    expect(answer.citations).toEqual([]);
  });
});

describe('misuse', () => {
  it('exits non-zero with one line for an unknown workspace', async () => {
    const run = await runQuire(home, ['search', 'no-such-matter', 'rent']);
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/No workspace named "no-such-matter"/);
  });

  it('exits non-zero for a missing argument, a bad --k and a folder that does not exist', async () => {
    for (const args of [
      ['search', 'acme-lease'],
      ['search', 'acme-lease', 'rent', '--k', 'lots'],
      ['add', join(tmp.path, 'nope'), '--workspace', 'x'],
    ]) {
      const run = await runQuire(home, args);
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(run.stderr.trim().length).toBeGreaterThan(0);
    }
  });

  it('prints nothing but JSON on stdout with --json', async () => {
    const run = await runQuire(home, ['search', 'acme-lease', 'rent', '--json']);
    expect(() => JSON.parse(run.stdout)).not.toThrow();
  });
});

describe('removal', () => {
  it('drops a deleted file from the index on the next sync', async () => {
    const extra = join(manifest.dir, 'extra.docx');
    const notes = manifest.files.find((f) => f.file === 'notes.docx');
    if (!notes) throw new Error('fixture notes.docx missing');
    await writeFile(extra, await readFile(notes.path));
    const added = await quireJsonInProcess<SyncJson>(home, ['sync', 'acme-lease']);
    expect(added.indexed).toBe(1);
    await rm(extra);
    const removed = await quireJsonInProcess<SyncJson>(home, ['sync', 'acme-lease']);
    expect(removed.removed).toBe(1);
    const word = notes.uniqueWords[0]?.word ?? '';
    const result = await quireJsonInProcess<SearchJson>(home, ['search', 'acme-lease', word]);
    expect(result.hits.every((h) => h.path !== extra)).toBe(true);
    expect(result.hits[0]?.path).toBe(notes.path);
  });
});
