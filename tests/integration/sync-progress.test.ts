// Progress of a long document through a real sync (issue 14): `parsing` events count its pages as the
// parse workers read them, `embedding` events count its chunks as the built-in model embeds them in
// slices, both ending at their totals; the vectors are those of one call with every chunk; `quire sync
// --events` prints the same events as JSON lines.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chunkId, documentId } from '@quire/index';
import { chunkDocument, createParser, parseDocument } from '@quire/ingest';
import { sha256OfFile } from '@quire/models';
import {
  type DocumentStateEvent,
  type IngestEvent,
  OpenWorkspace,
  type SyncReport,
  syncWorkspace,
  WorkspaceRegistry,
} from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddingText } from '../../apps/server/src/sync.ts';
import { variedTextPdf } from '../fixtures/varied-pdf.ts';
import { runQuire } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const PAGES = 120;
let tmp: { path: string; cleanup: () => Promise<void> };
let folder: string;
let file: string;

beforeAll(async () => {
  tmp = await tempDir('quire-sync-progress-');
  folder = join(tmp.path, 'matter');
  file = join(folder, 'long-report.pdf');
  await mkdir(folder);
  await writeFile(file, await variedTextPdf(PAGES));
});
afterAll(() => tmp.cleanup());

type Progress = { done: number; total: number };

/** The `field` progress of `events`, in order: each rising, all of one total, ending at that total. */
function expectRisingToTotal(events: readonly DocumentStateEvent[], field: 'parse' | 'embed'): Progress[] {
  const steps = events.flatMap((e) => (e[field] ? [e[field]] : []));
  expect(steps.length, `${field} events`).toBeGreaterThan(1);
  const total = steps[0]?.total ?? 0;
  for (const [i, step] of steps.entries()) {
    expect(step.total).toBe(total);
    if (i > 0) expect(step.done).toBeGreaterThan(steps[i - 1]?.done ?? 0);
  }
  expect(steps.at(-1)).toEqual({ done: total, total });
  return steps;
}

/** The document events of one file, checked for the order of states and where progress appears. */
function expectProgressOfLongFile(events: readonly DocumentStateEvent[], chunks: number): void {
  const states = events.map((e) => e.state).filter((s, i, all) => s !== all[i - 1]);
  expect(states).toEqual(['queued', 'parsing', 'embedding', 'indexed']);
  for (const e of events) {
    if (e.parse) expect(e.state).toBe('parsing');
    if (e.embed) expect(e.state).toBe('embedding');
    expect(e.ocr).toBeUndefined();
  }
  const pages = expectRisingToTotal(events, 'parse');
  expect(pages.at(-1)).toEqual({ done: PAGES, total: PAGES });
  const embedded = expectRisingToTotal(events, 'embed');
  expect(embedded[0]).toEqual({ done: 0, total: chunks });
  expect(embedded.at(-1)).toEqual({ done: chunks, total: chunks });
  // Slices of 64 chunks: progress in between, not only at the ends.
  expect(embedded.length).toBeGreaterThan(2);
  for (const e of events.filter((e) => e.state === 'embedding')) {
    expect(e).toMatchObject({ pages: PAGES, documentId: expect.any(String) });
  }
}

describe('progress of a long document', () => {
  it('counts pages while parsing and chunks while embedding; the vectors are unchanged', async () => {
    const registry = new WorkspaceRegistry(join(tmp.path, 'home'));
    await registry.addFolder(await registry.create('Long'), folder);
    const parser = createParser();
    const ws = await OpenWorkspace.open(registry, 'long', { parser });
    try {
      const events: DocumentStateEvent[] = [];
      const report = await syncWorkspace(ws, {
        onEvent: (event) => {
          if (event.type === 'document') events.push(event);
        },
      });
      expect(report).toMatchObject({ indexed: 1, embedded: 1, pages: PAGES, failed: [] });
      const id = documentId(await sha256OfFile(file));
      const [stored] = await ws.store.listDocuments();
      expect(stored).toMatchObject({ id, pageCount: PAGES });
      const chunks = stored?.chunkCount ?? 0;
      expect(chunks).toBeGreaterThan(3 * 64);
      expectProgressOfLongFile(events, chunks);

      // Every stored vector is the one a single call with all the chunks gives (order kept across slices).
      const embedder = ws.embedder;
      if (!embedder) throw new Error('the workspace should have the built-in embedding model');
      const parsed = chunkDocument(await parseDocument(file), ws.settings.chunking);
      expect(parsed).toHaveLength(chunks);
      const whole = await embedder.embed(
        parsed.map((c) => embeddingText(c.headingPath, c.text)),
        'document',
      );
      for (const ordinal of [0, 1, 63, 64, 65, 127, 128, chunks - 2, chunks - 1]) {
        const vector = whole[ordinal];
        if (!vector) throw new Error(`no vector ${ordinal}`);
        const [hit] = await ws.store.search({ mode: 'vector', query: '', vector, k: 1 });
        expect(hit?.chunk.id, `chunk ${ordinal}`).toBe(chunkId(id, ordinal));
        expect(hit?.score).toBeGreaterThan(0.99999);
      }
    } finally {
      await ws.close();
      await parser.close();
    }
  });

  it('`quire sync --events` prints every event as a JSON line, then the report with --json', async () => {
    const home = join(tmp.path, 'cli-home');
    const add = await runQuire(home, ['add', folder, '--workspace', 'Long', '--json']);
    expect(add.code, add.stderr).toBe(0);
    const sync = await runQuire(home, ['sync', 'long', '--events', '--json']);
    expect(sync.code, sync.stderr).toBe(0);
    const lines = sync.stdout.trim().split('\n');
    const report = JSON.parse(lines.pop() ?? '') as SyncReport;
    expect(report).toMatchObject({ indexed: 1, pages: PAGES, failed: [] });
    const events = lines.map((line) => JSON.parse(line) as IngestEvent);
    const documents = events.filter((e): e is DocumentStateEvent => e.type === 'document');
    const chunks = documents.find((e) => e.embed)?.embed?.total ?? 0;
    expectProgressOfLongFile(documents, chunks);
    expect(events.at(-1)).toMatchObject({ type: 'progress', done: 1, total: 1, finished: true });
  });
});
