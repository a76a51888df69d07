// Web pages and plain text through the real `quire sync` and `quire search` (issue 16; issue 14's HTML
// filing), read in place from ../shared/realdocs/web beside the repository, never copied:
// - example-10k.html, a 2.4 MB inline-XBRL 10-K whose 45 `page-break-after:always` rules make 46 pages,
//   whose headings are bold paragraphs (no h1–h6) and whose hidden XBRL header must stay out of the text;
// - norwich-city.txt, UTF-8 text without blank lines whose dashes went through Latin-1 (`â\u0080\u0093`).
// Then the viewer's routes for both: the page's blocks at the indexed text's offsets, the original file
// with its charset, a web page under a sandboxing Content-Security-Policy.
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createApp,
  type DocumentStateEvent,
  type IngestEvent,
  type SyncReport,
  WorkspaceRegistry,
  WorkspaceService,
} from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quireJson, quireJsonInProcess, runQuire } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const LOCATION = fileURLToPath(new URL('../../../shared/realdocs/web', import.meta.url));
const WEB = existsSync(LOCATION) ? realpathSync(LOCATION) : LOCATION;
const FILING = join(WEB, 'example-10k.html');
const NORWICH = join(WEB, 'norwich-city.txt');
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
let events: DocumentStateEvent[];
let seconds: number;

// `add` and `sync` run the real `quire` binary; searches and status run its entry point in this process.
const search = async (query: string): Promise<Hit[]> =>
  (await quireJsonInProcess<{ hits: Hit[] }>(home, ['search', 'web', query, '--k', '5'])).hits;

describe.skipIf(!required && !existsSync(FILING))(
  'web pages and text files of ../shared/realdocs/web',
  () => {
    beforeAll(async () => {
      tmp = await tempDir('quire-web-text-');
      home = join(tmp.path, 'home');
      await quireJson(home, ['add', WEB, '--workspace', 'web']);
      const started = Date.now();
      const sync = await runQuire(home, ['sync', 'web', '--events', '--json']);
      seconds = (Date.now() - started) / 1000;
      if (sync.code !== 0) throw new Error(`quire sync exited ${sync.code}: ${sync.stderr}`);
      const lines = sync.stdout.trim().split('\n');
      report = JSON.parse(lines.pop() ?? '') as SyncReport;
      events = lines
        .map((line) => JSON.parse(line) as IngestEvent)
        .filter((e): e is DocumentStateEvent => e.type === 'document');
    });
    afterAll(() => tmp?.cleanup());

    it('indexes the filing as its 46 pages and the text file, with page progress while parsing', async () => {
      // The EPUB beside them is read too (document-formats-cli.test.ts searches it).
      expect(report.failed).toEqual([]);
      const status = await quireJsonInProcess<{
        documents: { path: string; state: string; pages: number }[];
      }>(home, ['status', 'web']);
      const byPath = new Map(status.documents.map((d) => [d.path, d]));
      expect(byPath.get(FILING)).toMatchObject({ state: 'indexed', pages: 46 });
      expect(byPath.get(NORWICH)).toMatchObject({ state: 'indexed' });
      expect(byPath.get(join(WEB, 'winter-sports.epub'))).toMatchObject({ state: 'indexed' });
      expect(byPath.get(NORWICH)?.pages).toBeGreaterThan(5);
      const pages = events.filter((e) => e.path === FILING && e.parse).map((e) => e.parse);
      expect(pages.length).toBeGreaterThan(0);
      expect(pages.at(-1)).toEqual({ done: 46, total: 46 });
      console.log(`realdocs/web: ${report.indexed} indexed in ${seconds.toFixed(1)} s (whole process)`);
    });

    it('finds a heading of the filing on its page, under that heading', async () => {
      const [hit] = await search('special note regarding forward-looking statements');
      expect(hit).toMatchObject({
        path: FILING,
        page: 3,
        heading: 'SPECIAL NOTE REGARDING FORWARD-LOOKING STATEMENTS',
      });
      expect(hit?.text.startsWith('SPECIAL NOTE REGARDING FORWARD-LOOKING STATEMENTS\n\n')).toBe(true);
    });

    it('finds a figure of the filing’s tables on its page, with the note it belongs to', async () => {
      const [hit] = await search('60,500,369');
      expect(hit).toMatchObject({ path: FILING, page: 30 });
      expect(hit?.headingPath).toEqual(['NOTE 10. LONG-TERM DEBT AND LIABILITIES']);
      expect(hit?.text).toContain('Total long-term debt, gross | $60,500,369');
    });

    it('keeps the hidden XBRL header out of the text, and finds a line of the text file, its dashes repaired', async () => {
      // The filer's central index key 0000013156 is only in the hidden header.
      const hidden = await search('0000013156 EntityCentralIndexKey');
      for (const hit of hidden) expect(hit.text).not.toContain('0000013156');
      const [hit] = await search('Norwich City 278');
      expect(hit).toMatchObject({ path: NORWICH, page: 1 });
      expect(hit?.text).toContain('1997–2004 Norwich City 278 (84)');
    });

    it('gives the viewer the cited page’s blocks and the original files with their charset', async () => {
      const registry = new WorkspaceRegistry(home);
      const service = new WorkspaceService(registry, { watch: false });
      try {
        const app = createApp({ home, registry, service, webRoot: join(tmp.path, 'no-web') });
        const [hit] = await search('60,500,369');
        const base = `/api/workspaces/web/documents/${hit?.documentId}`;
        const layout = (await (await app.request(`${base}/layout?page=30`)).json()) as {
          kind: string;
          page: number;
          format: string;
          current: boolean;
          pageCount: number;
          text: string;
          blocks: { kind: string; start: number; end: number; text: string }[];
        };
        const stored = (await (await app.request(`${base}/pages/30`)).json()) as { text: string };
        expect(layout).toMatchObject({
          kind: 'text',
          format: 'html',
          current: true,
          pageCount: 46,
          page: 30,
        });
        expect(layout.text).toBe(stored.text);
        expect(layout.text.endsWith('30')).toBe(false); // its printed page number is a footer, not text
        for (const block of layout.blocks) expect(layout.text.slice(block.start, block.end)).toBe(block.text);
        expect(layout.blocks.some((b) => b.kind === 'table' && b.text.includes('$60,500,369'))).toBe(true);
        expect((await app.request(`${base}/layout?page=47`)).status).toBe(404);

        const file = await app.request(`/api/workspaces/web/files/${hit?.documentId}`);
        expect(file.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(file.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
        expect((await file.arrayBuffer()).byteLength).toBe(2_456_707);
        const text = await app.request(`/api/workspaces/web/file?path=${encodeURIComponent(NORWICH)}`);
        expect(text.status).toBe(200);
        expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
        expect(text.headers.get('content-security-policy')).toBeNull();
        await text.arrayBuffer();
      } finally {
        await service.close();
      }
    });
  },
);
