// Printed page labels and Bates numbers (issue 17) wherever a page is named, on a real server on
// 127.0.0.1 over generated PDFs: search hits, an answer's citations, sources and closest passages, the
// audit log, and the OpenAI endpoint's citations. `page` stays the physical page.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batesOf, batesPdf, romanFrontMatterPdf } from '../fixtures/labelled-pdfs.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let server: Awaited<ReturnType<typeof startServer>>;
const W = '/api/workspaces/labels';
// romanFrontMatterPdf: physical pages 1–7 printed i, ii, iii, 1, 2, 3, 4.
const HANDBOOK_LABELS = ['i', 'ii', 'iii', '1', '2', '3', '4'];

interface Marked {
  path: string;
  page: number;
  pageLabel: string | null;
  bates: string | null;
}

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${server.url}${path}`, init);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

const post = <T>(path: string, body: unknown) =>
  json<T>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** What each page of the fixtures should be called: the handbook's labels; the production's numbers and stamps. */
function expectMarks(item: Marked): void {
  if (item.path.endsWith('handbook.pdf')) {
    expect(item, `handbook p. ${item.page}`).toMatchObject({
      pageLabel: HANDBOOK_LABELS[item.page - 1],
      bates: null,
    });
  } else {
    expect(item, `production p. ${item.page}`).toMatchObject({
      pageLabel: String(item.page),
      bates: batesOf(item.page),
    });
  }
}

beforeAll(async () => {
  tmp = await tempDir('quire-labels-api-');
  const folder = join(tmp.path, 'matter');
  await mkdir(folder);
  await writeFile(join(folder, 'handbook.pdf'), await romanFrontMatterPdf());
  await writeFile(join(folder, 'production.pdf'), await batesPdf({ pages: 4 }));
  server = await startServer({ home: join(tmp.path, 'home'), port: 0, watch: false, warmBuiltin: false });
  const created = await fetch(`${server.url}/api/workspaces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Labels', folders: [folder] }),
  });
  expect(created.status).toBe(201);
  await server.service.sync('labels');
});

afterAll(async () => {
  await server?.close();
  await tmp?.cleanup();
});

describe('page labels and Bates numbers through the API', () => {
  it('search hits carry the printed label and the Bates number beside the physical page', async () => {
    const { hits } = await json<{ hits: Marked[] }>(`${W}/search?q=romanmarker5x`);
    expect(hits[0]).toMatchObject({ page: 5, pageLabel: '2', bates: null });
    const stamped = await json<{ hits: Marked[] }>(`${W}/search?q=batesmarker3x`);
    expect(stamped.hits[0]).toMatchObject({ page: 3, pageLabel: '3', bates: 'ACME-0001236' });
    const all = await json<{ hits: Marked[] }>(
      `${W}/search?q=${encodeURIComponent('tenant quarter rent')}&k=20`,
    );
    expect(all.hits.length).toBeGreaterThan(8);
    for (const hit of all.hits) expectMarks(hit);
  });

  it('an answer’s citations, sources and passages, and its audit entry, name pages as printed', async () => {
    const result = await post<{
      citations: (Marked & { start: number })[];
      sources: Marked[];
      passages: Marked[];
    }>(`${W}/ask`, { question: 'What does the romanmarker5x clause set out for the tenant?' });
    const named = [...result.citations, ...result.sources, ...result.passages];
    expect(named.length).toBeGreaterThan(0);
    for (const item of named) expectMarks(item);
    expect(result.sources.some((s) => s.page === 5 && s.pageLabel === '2')).toBe(true);

    const { entries } = await json<{ entries: { citations: Marked[] }[] }>(`${W}/audit`);
    const last = entries.at(-1);
    expect(last?.citations).toEqual(
      result.citations.map((c) =>
        expect.objectContaining({ page: c.page, pageLabel: c.pageLabel, bates: c.bates }),
      ),
    );
  });

  it('the OpenAI endpoint’s citations and passages carry them too', async () => {
    const completion = await post<{ quire: { citations: Marked[]; passages: Marked[] } }>(
      '/v1/chat/completions',
      {
        model: 'quire:labels',
        messages: [
          { role: 'user', content: 'What does the batesmarker2x clause say about repairs to the roof?' },
        ],
      },
    );
    const named = [...completion.quire.citations, ...completion.quire.passages];
    expect(named.length).toBeGreaterThan(0);
    for (const item of named) expectMarks(item);
    expect(named.some((item) => item.bates === batesOf(2))).toBe(true);
  });
});
