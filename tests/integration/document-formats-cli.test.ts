// OpenDocument text, EPUB, RTF and Word 97–2003 through the real `quire sync` and `quire search`
// (issue 16): copies of the real files of ../shared/realdocs (office/simple.odt, office/fake-doc.rtf, the
// two office/*.doc, web/winter-sports.epub) in a temp folder, beside damaged copies of each kind. Each real
// file is indexed and a phrase read from it is found on its page under its heading; each damaged copy is
// listed in `failed` with its code while the sync carries on.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type SyncReport, WorkspaceRegistry, WorkspaceService } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quireJson, quireJsonInProcess, runQuire } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const REALDOCS = fileURLToPath(new URL('../../../shared/realdocs', import.meta.url));
const SOURCES = {
  odt: join(REALDOCS, 'office/simple.odt'),
  rtf: join(REALDOCS, 'office/fake-doc.rtf'),
  duplicates: join(REALDOCS, 'office/duplicate-paragraphs.doc'),
  emphasized: join(REALDOCS, 'office/fake-doc-emphasized-text.doc'),
  epub: join(REALDOCS, 'web/winter-sports.epub'),
};
const required = process.env.CI === 'true';

interface Hit {
  documentId: string;
  path: string;
  page: number;
  headingPath: string[];
  text: string;
}

let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;
let folder: string;
let report: SyncReport;
const file = (name: string) => join(folder, name);

// `add` and `sync` run the real `quire` binary; searches and status run its entry point in this process.
const search = async (query: string): Promise<Hit[]> =>
  (await quireJsonInProcess<{ hits: Hit[] }>(home, ['search', 'formats', query, '--k', '10'])).hits;

/** The best hit of `name` holding `text`. */
async function hitOf(query: string, name: string, text: string): Promise<Hit | undefined> {
  return (await search(query)).find((hit) => hit.path === file(name) && hit.text.includes(text));
}

describe.skipIf(!required && !existsSync(SOURCES.odt))(
  'OpenDocument text, EPUB, RTF and .doc files of ../shared/realdocs',
  () => {
    beforeAll(async () => {
      tmp = await tempDir('quire-formats-');
      home = join(tmp.path, 'home');
      folder = join(tmp.path, 'matter');
      await mkdir(folder);
      await copyFile(SOURCES.odt, file('simple.odt'));
      await copyFile(SOURCES.rtf, file('fake-doc.rtf'));
      await copyFile(SOURCES.duplicates, file('duplicate-paragraphs.doc'));
      await copyFile(SOURCES.emphasized, file('fake-doc-emphasized-text.doc'));
      await copyFile(SOURCES.epub, file('winter-sports.epub'));
      // Damaged copies: a zip cut short, an RTF whose groups are never closed, a .doc marked encrypted
      // (the fEncrypted bit of its File Information Block, at the sector that starts the WordDocument stream).
      const odt = await readFile(SOURCES.odt);
      await writeFile(file('cut.odt'), odt.subarray(0, odt.length - 300));
      const epub = await readFile(SOURCES.epub);
      await writeFile(file('cut.epub'), epub.subarray(0, epub.length - 300));
      const rtf = await readFile(SOURCES.rtf, 'latin1');
      await writeFile(file('cut.rtf'), rtf.slice(0, rtf.lastIndexOf('}') - 1), 'latin1');
      const doc = Buffer.from(await readFile(SOURCES.duplicates));
      const fib = [...Array(doc.length >> 9).keys()]
        .map((n) => n << 9)
        .find((o) => o > 0 && doc.readUInt16LE(o) === 0xa5ec);
      if (fib === undefined) throw new Error('no Word FIB in duplicate-paragraphs.doc');
      doc.writeUInt16LE(doc.readUInt16LE(fib + 0x0a) | 0x0100, fib + 0x0a);
      await writeFile(file('locked.doc'), doc);

      await quireJson(home, ['add', folder, '--workspace', 'formats']);
      const sync = await runQuire(home, ['sync', 'formats', '--json'], { timeoutMs: 600_000 });
      if (sync.code !== 0) throw new Error(`quire sync exited ${sync.code}: ${sync.stderr}`);
      report = JSON.parse(sync.stdout.trim().split('\n').pop() ?? '') as SyncReport;
    }, 620_000);
    afterAll(() => tmp?.cleanup());

    it('indexes each real file and lists each damaged copy in failed with its code', async () => {
      expect(report.indexed).toBe(5);
      expect(
        report.failed.map(({ path, code }) => ({ path, code })).sort((a, b) => a.path.localeCompare(b.path)),
      ).toEqual([
        { path: file('cut.epub'), code: 'corrupt' },
        { path: file('cut.odt'), code: 'corrupt' },
        { path: file('cut.rtf'), code: 'corrupt' },
        { path: file('locked.doc'), code: 'encrypted' },
      ]);
      const status = await quireJsonInProcess<{
        documents: { path: string; state: string; pages: number }[];
      }>(home, ['status', 'formats']);
      const byPath = new Map(status.documents.map((d) => [d.path, d]));
      for (const name of [
        'simple.odt',
        'fake-doc.rtf',
        'duplicate-paragraphs.doc',
        'fake-doc-emphasized-text.doc',
      ]) {
        expect(byPath.get(file(name))).toMatchObject({ state: 'indexed', pages: 1 });
      }
      // The EPUB: nine chapter files in its spine, each longer than 2,000 words cut into ~500-word pages.
      expect(byPath.get(file('winter-sports.epub'))).toMatchObject({ state: 'indexed', pages: 163 });
    });

    it('finds a paragraph of the ODT under its heading', async () => {
      // simple.odt: a text:h "These are a few of my favorite things:" over the paragraph "This is my third thought."
      expect(await hitOf('my third thought', 'simple.odt', 'This is my third thought.')).toMatchObject({
        page: 1,
        headingPath: ['These are a few of my favorite things:'],
      });
    });

    it('finds a table cell of the RTF under its heading', async () => {
      // fake-doc.rtf: "My First Heading" (\outlinelevel0), then a 3-row table whose last row is "Row 2, Cell 1 | Row 2, Cell 2".
      expect(await hitOf('Row 2, Cell 2', 'fake-doc.rtf', 'Row 2, Cell 1 | Row 2, Cell 2')).toMatchObject({
        page: 1,
        headingPath: ['My First Heading'],
      });
    });

    it('finds a paragraph of each .doc', async () => {
      // duplicate-paragraphs.doc opens with "This document contains duplicates"; the other has the
      // paragraph "I am a bold italic bold-italic text." after its table.
      expect(
        await hitOf(
          'document contains duplicates',
          'duplicate-paragraphs.doc',
          'This document contains duplicates',
        ),
      ).toMatchObject({ page: 1 });
      expect(
        await hitOf(
          'bold italic bold-italic text',
          'fake-doc-emphasized-text.doc',
          'I am a bold italic bold-italic text.',
        ),
      ).toMatchObject({ page: 1 });
    });

    it('finds a passage of an EPUB chapter on the page that chapter starts, under its heading', async () => {
      // winter-sports.epub: chapter V's heading "CHAPTER V / ICE-HOCKEY" starts page 102, followed by
      // "...the ice over which a hockey match has been played is perfectly useless for skaters...".
      const hit = await hitOf(
        'ice over which a hockey match has been played is perfectly useless for skaters',
        'winter-sports.epub',
        'perfectly useless for skaters',
      );
      expect(hit?.page).toBe(102);
      expect(hit?.headingPath.join(' ')).toMatch(/CHAPTER V\s+ICE-HOCKEY/);
    });

    it('gives the viewer each kind’s page as a text layout at the indexed offsets', async () => {
      const registry = new WorkspaceRegistry(home);
      const service = new WorkspaceService(registry, { watch: false });
      try {
        const app = createApp({ home, registry, service, webRoot: join(tmp.path, 'no-web') });
        const cases = [
          { name: 'simple.odt', query: 'my third thought', page: 1, format: 'odt', pageCount: 1 },
          { name: 'fake-doc.rtf', query: 'Row 2, Cell 2', page: 1, format: 'rtf', pageCount: 1 },
          {
            name: 'duplicate-paragraphs.doc',
            query: 'document contains duplicates',
            page: 1,
            format: 'doc',
            pageCount: 1,
          },
          {
            name: 'winter-sports.epub',
            query: 'ice over which a hockey match has been played',
            page: 102,
            format: 'epub',
            pageCount: 163,
          },
        ];
        for (const c of cases) {
          const hit = (await search(c.query)).find((h) => h.path === file(c.name));
          const base = `/api/workspaces/formats/documents/${hit?.documentId}`;
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
