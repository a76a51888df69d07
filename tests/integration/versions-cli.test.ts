// Versions (issue 18, must-show 3) on a generated matter: a contract PDF, two edited drafts, a scanned
// print of the original (image-only pages read by OCR) and unrelated documents, one of them another deal
// on the same template. `quire versions` finds the four as one group; `quire compare` marks exactly the
// drafts' edits on their pages; `quire search` folds the versions into one hit and still returns k hits;
// the API's /versions, /compare and /search answer the same on a real server on 127.0.0.1. Full text only.
import { join } from 'node:path';
import { startServer, WorkspaceRegistry } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADDED_SENTENCE,
  FILES,
  REMOVED_SENTENCE,
  writeContractVersions,
} from '../fixtures/contract-versions.ts';
import { quireJsonInProcess, runQuire, runQuireInProcess } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

type Change =
  | { kind: 'added'; b: { start: number; end: number }; text: string }
  | { kind: 'removed'; a: { start: number; end: number }; text: string }
  | {
      kind: 'changed';
      a: { start: number; end: number };
      b: { start: number; end: number };
      text: string;
      was: string;
    };
interface Compared {
  a: { documentId: string; path: string; pageCount: number };
  b: { documentId: string; path: string; pageCount: number };
  similarity: number;
  pages: {
    pageA: number | null;
    pageB: number | null;
    textA: string | null;
    textB: string | null;
    changes: Change[];
  }[];
}
interface Versions {
  groups: {
    documents: { documentId: string; path: string }[];
    pairs: { a: string; b: string; similarity: number }[];
  }[];
  pending: number;
}
interface Folded {
  documentId: string;
  path: string;
  page: number;
  chunkId: string;
  text: string;
  score: number;
}
interface Hit extends Folded {
  otherVersions?: Folded[];
  versions?: { documentId: string; path: string; title: string | null; similarity: number }[];
}

const PHRASE = 'free from defects in material and workmanship';
const GROUP = [FILES.original, FILES.draft2, FILES.draft3, FILES.scan];

let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;
let matter: string;
const rel = (path: string) => path.slice(matter.length + 1);
const words = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  tmp = await tempDir('quire-versions-');
  matter = await writeContractVersions(join(tmp.path, 'matter'));
  home = join(tmp.path, 'home');
  const registry = new WorkspaceRegistry(home);
  let settings = await registry.create('Versions');
  settings = await registry.update(settings, { embeddingModel: null });
  await registry.addFolder(settings, matter);
  // The real binary: OCR runs in its parse workers.
  const sync = await runQuire(home, ['sync', 'versions', '--json']);
  expect(sync.code, sync.stderr).toBe(0);
  expect(JSON.parse(sync.stdout)).toMatchObject({ indexed: 6, failed: [] });
});
afterAll(async () => {
  await tmp?.cleanup();
});

/** The changes of a comparison, page by page, with whitespace made single spaces. */
function changesOf(result: Compared) {
  return result.pages
    .filter((p) => p.changes.length > 0)
    .map((p) => ({
      pageA: p.pageA,
      pageB: p.pageB,
      changes: p.changes.map((c) =>
        c.kind === 'changed'
          ? { kind: c.kind, text: words(c.text), was: words(c.was) }
          : { kind: c.kind, text: words(c.text) },
      ),
    }));
}

/** Every change's offsets point at its text in the page it names. */
function expectSpansOnPages(result: Compared) {
  for (const page of result.pages)
    for (const c of page.changes) {
      if (c.kind !== 'added')
        expect(page.textA?.slice(c.a.start, c.a.end)).toBe(c.kind === 'changed' ? c.was : c.text);
      if (c.kind !== 'removed') expect(page.textB?.slice(c.b.start, c.b.end)).toBe(c.text);
    }
}

describe('quire versions, compare and search', () => {
  it('versions finds exactly one group: the original, both drafts and the scanned print', async () => {
    const result = await quireJsonInProcess<Versions>(home, ['versions', 'versions']);
    expect(result.pending).toBe(0);
    expect(result.groups).toHaveLength(1);
    const [group] = result.groups;
    expect(group?.documents.map((d) => rel(d.path)).sort()).toEqual([...GROUP].sort());
    expect(group?.pairs).toHaveLength(6);
    for (const pair of group?.pairs ?? []) expect(pair.similarity).toBeGreaterThanOrEqual(0.7);
  });

  it('compare marks exactly the edits of a draft, on their pages', async () => {
    const result = await quireJsonInProcess<Compared>(home, [
      'compare',
      'versions',
      FILES.original,
      FILES.draft2,
    ]);
    expect(rel(result.a.path)).toBe(FILES.original);
    expect(rel(result.b.path)).toBe(FILES.draft2);
    expect(result.pages.map((p) => [p.pageA, p.pageB])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
    expect(changesOf(result)).toEqual([
      { pageA: 2, pageB: 2, changes: [{ kind: 'changed', text: 'forty-five', was: 'thirty' }] },
      { pageA: 3, pageB: 3, changes: [{ kind: 'removed', text: REMOVED_SENTENCE }] },
      { pageA: 4, pageB: 4, changes: [{ kind: 'added', text: ADDED_SENTENCE }] },
    ]);
    expectSpansOnPages(result);

    // The second draft against the first: only the term changed; documents named by id work too.
    const ids = await quireJsonInProcess<Compared>(home, ['compare', 'versions', FILES.draft2, FILES.draft3]);
    const byId = await quireJsonInProcess<Compared>(home, [
      'compare',
      'versions',
      ids.a.documentId,
      ids.b.documentId,
    ]);
    expect(byId).toEqual(ids);
    expect(changesOf(byId)).toEqual([
      { pageA: 4, pageB: 4, changes: [{ kind: 'changed', text: 'five', was: 'three' }] },
    ]);

    const human = await runQuireInProcess(home, ['compare', 'versions', FILES.original, FILES.draft2]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('Page 2 ↔ 2:\n  ~ thirty → forty-five');
    const missing = await runQuireInProcess(home, ['compare', 'versions', FILES.original, 'no/such.pdf']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('No indexed document no/such.pdf');
  });

  it('search folds the versions of a passage into one hit that lists them', async () => {
    const { hits } = await quireJsonInProcess<{ hits: Hit[] }>(home, [
      'search',
      'versions',
      PHRASE,
      '--k',
      '5',
    ]);
    // The phrase is on page 3 of every version and of the other deal: one folded hit and the other deal's.
    expect(hits.map((h) => [rel(h.path), h.page]).slice(1)).toEqual([[FILES.otherDeal, 3]]);
    const [best] = hits;
    expect(GROUP).toContain(rel(best?.path ?? ''));
    expect(best?.page).toBe(3);
    const others = GROUP.filter((p) => p !== rel(best?.path ?? '')).sort();
    expect(best?.otherVersions?.map((h) => [rel(h.path), h.page]).sort()).toEqual(others.map((p) => [p, 3]));
    for (const folded of best?.otherVersions ?? []) expect(words(folded.text)).toContain(PHRASE);
    expect(best?.versions?.map((v) => rel(v.path)).sort()).toEqual(others);
    expect(hits[1]).not.toHaveProperty('versions');

    const human = await runQuireInProcess(home, ['search', 'versions', PHRASE, '--k', '5']);
    expect(human.stdout).toContain('also in 3 other versions');
  });

  it('search still returns k hits when versions fold', async () => {
    const k = 4;
    const { hits } = await quireJsonInProcess<{ hits: Hit[] }>(home, [
      'search',
      'versions',
      'Goods',
      '--k',
      String(k),
    ]);
    expect(hits).toHaveLength(k);
    const fromGroup = new Set(
      hits.filter((h) => GROUP.includes(rel(h.path) as never)).map((h) => h.documentId),
    );
    expect(fromGroup.size).toBe(1);
    const folded = hits.flatMap((h) => h.otherVersions ?? []);
    // More passages matched than k: without folding-aware retrieval fewer than k would be left.
    expect(folded.length).toBeGreaterThanOrEqual(k);
    for (const h of folded) expect(GROUP).toContain(rel(h.path));
  });
});

describe('the API on 127.0.0.1', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const W = '/api/workspaces/versions';
  const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${server.url}${path}`);
    return { status: response.status, body: (await response.json()) as T };
  };

  beforeAll(async () => {
    server = await startServer({ home, port: 0, watch: false, warmBuiltin: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('/versions, /compare and /search answer as the CLI does', async () => {
    const versions = await get<Versions>(`${W}/versions`);
    expect(versions.status).toBe(200);
    expect(versions.body).toEqual(await quireJsonInProcess<Versions>(home, ['versions', 'versions']));

    const cli = await quireJsonInProcess<Compared>(home, [
      'compare',
      'versions',
      FILES.original,
      FILES.draft2,
    ]);
    const compared = await get<Compared>(`${W}/compare?a=${cli.a.documentId}&b=${cli.b.documentId}`);
    expect(compared.status).toBe(200);
    expect(compared.body).toEqual(cli);

    const search = await get<{ hits: Hit[] }>(`${W}/search?q=${encodeURIComponent(PHRASE)}&k=5`);
    expect(search.status).toBe(200);
    const cliSearch = await quireJsonInProcess<{ hits: Hit[] }>(home, [
      'search',
      'versions',
      PHRASE,
      '--k',
      '5',
    ]);
    expect(search.body.hits).toEqual(cliSearch.hits);
  });

  it('/compare with a malformed id is a 400 saying why, with an unknown one a 404', async () => {
    const bad = await get<{ error: { message: string } }>(`${W}/compare?a=not-an-id&b=${'0'.repeat(64)}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('document id');
    const unknown = await get<{ error: { code: string } }>(
      `${W}/compare?a=${'0'.repeat(64)}&b=${'1'.repeat(64)}`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not-found');
  });
});
