// Spreadsheets and slide decks through the real `quire sync` and `quire search` (issue 16), read in place
// from ../shared/realdocs/office beside the repository, never copied: a cell value of each XLSX is found
// with its column header on its sheet's page, a slide title and a table cell of the PPTX decks on their
// slide's page; then the viewer's layout route for a sheet page and a slide (the Word view's `text` kind).
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type SyncReport, WorkspaceRegistry, WorkspaceService } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quireJson, quireJsonInProcess, runQuire } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const LOCATION = fileURLToPath(new URL('../../../shared/realdocs/office', import.meta.url));
const OFFICE = existsSync(LOCATION) ? realpathSync(LOCATION) : LOCATION;
const STANLEY = join(OFFICE, 'stanley-cups.xlsx');
const VODAFONE = join(OFFICE, 'vodafone.xlsx');
const SEGMENTS = join(OFFICE, '2023-half-year-analyses-by-segment.xlsx');
const TABLE_DECK = join(OFFICE, 'fake-power-point-table.pptx');
const SAMPLE_DECK = join(OFFICE, 'sample-presentation.pptx');
const BULLET_DECK = join(OFFICE, 'fake-power-point.pptx');
const required = process.env.CI === 'true';

interface Hit {
  path: string;
  page: number;
  heading: string | null;
  headingPath: string[];
  text: string;
  documentId: string;
}

let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;
let report: SyncReport;

// `add` and `sync` run the real `quire` binary; searches and status run its entry point in this process.
const search = async (query: string): Promise<Hit[]> =>
  (await quireJsonInProcess<{ hits: Hit[] }>(home, ['search', 'office', query, '--k', '10'])).hits;

/** The best hit of `file` holding `text`. */
async function hitOf(query: string, file: string, text: string): Promise<Hit | undefined> {
  return (await search(query)).find((hit) => hit.path === file && hit.text.includes(text));
}

describe.skipIf(!required && !existsSync(STANLEY))(
  'spreadsheets and slide decks of ../shared/realdocs/office',
  () => {
    beforeAll(async () => {
      tmp = await tempDir('quire-office-');
      home = join(tmp.path, 'home');
      await quireJson(home, ['add', OFFICE, '--workspace', 'office']);
      const sync = await runQuire(home, ['sync', 'office', '--json'], { timeoutMs: 600_000 });
      if (sync.code !== 0) throw new Error(`quire sync exited ${sync.code}: ${sync.stderr}`);
      report = JSON.parse(sync.stdout.trim().split('\n').pop() ?? '') as SyncReport;
    }, 620_000);
    afterAll(() => tmp?.cleanup());

    it('indexes every workbook and deck, a page per sheet and per slide', async () => {
      const failed = new Set(report.failed.map((f) => f.path));
      for (const file of [STANLEY, VODAFONE, SEGMENTS, TABLE_DECK, SAMPLE_DECK, BULLET_DECK]) {
        expect(failed.has(file)).toBe(false);
      }
      const status = await quireJsonInProcess<{
        documents: { path: string; state: string; pages: number }[];
      }>(home, ['status', 'office']);
      const pages = new Map(status.documents.map((d) => [d.path, d]));
      expect(pages.get(STANLEY)).toMatchObject({ state: 'indexed', pages: 2 });
      expect(pages.get(SEGMENTS)).toMatchObject({ state: 'indexed', pages: 5 });
      expect(pages.get(SAMPLE_DECK)).toMatchObject({ state: 'indexed', pages: 4 });
      expect(pages.get(TABLE_DECK)).toMatchObject({ state: 'indexed', pages: 1 });
    });

    it('finds a cell value of each workbook with its column header, on its sheet’s page', async () => {
      expect(
        await hitOf(
          'Maple Leafs TOR Stanley Cups 13',
          STANLEY,
          'Team: Maple Leafs; Location: TOR; Stanley Cups: 13',
        ),
      ).toMatchObject({
        page: 1,
        headingPath: ['Stanley Cups'],
      });
      expect(
        await hitOf(
          'Mobile churn',
          VODAFONE,
          'Topic: Mobile churn; Period: Nine quarters to 30 June 2023; Page: 11',
        ),
      ).toMatchObject({
        page: 1,
        headingPath: ['Index'],
      });
      const beverages = await hitOf('Powdered and Liquid Beverages sales 12,339', SEGMENTS, '12,339');
      expect(beverages).toMatchObject({ page: 3, headingPath: ['Prod.Rev.and results 30 06 2023'] });
      expect(beverages?.text).toMatch(/Powdered and Liquid Beverages; [^\n]*12,339/);
    });

    it('finds a slide title and a table cell on their slide', async () => {
      expect(
        await hitOf('second content slide', SAMPLE_DECK, 'This is the second content slide'),
      ).toMatchObject({
        page: 3,
        heading: 'This is the second content slide',
      });
      const cell = await hitOf('Tangerine Pink Aqua', TABLE_DECK, 'Tangerine | Pink | Aqua');
      expect(cell).toMatchObject({ page: 1, heading: 'A Slide with a Table' });
    });

    it('gives the viewer a sheet page and a slide as text layouts at the indexed offsets', async () => {
      const registry = new WorkspaceRegistry(home);
      const service = new WorkspaceService(registry, { watch: false });
      try {
        const app = createApp({ home, registry, service, webRoot: join(tmp.path, 'no-web') });
        const cases = [
          {
            file: STANLEY,
            page: 2,
            format: 'spreadsheet',
            pageCount: 2,
            query: 'Maple Leafs TOR Stanley Cups 13',
          },
          { file: TABLE_DECK, page: 1, format: 'slides', pageCount: 1, query: 'Tangerine Pink Aqua' },
        ];
        for (const c of cases) {
          const hit = (await search(c.query)).find((h) => h.path === c.file);
          const base = `/api/workspaces/office/documents/${hit?.documentId}`;
          const layout = (await (await app.request(`${base}/layout?page=${c.page}`)).json()) as {
            kind: string;
            format: string;
            current: boolean;
            pageCount: number;
            text: string;
            blocks: { kind: string; start: number; end: number; text: string }[];
          };
          const stored = (await (await app.request(`${base}/pages/${c.page}`)).json()) as { text: string };
          expect(layout).toMatchObject({
            kind: 'text',
            format: c.format,
            current: true,
            pageCount: c.pageCount,
          });
          expect(layout.text).toBe(stored.text);
          for (const block of layout.blocks)
            expect(layout.text.slice(block.start, block.end)).toBe(block.text);
          expect((await app.request(`${base}/layout?page=${c.pageCount + 1}`)).status).toBe(404);
        }
      } finally {
        await service.close();
      }
    });
  },
);
