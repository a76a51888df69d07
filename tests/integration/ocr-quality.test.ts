// Page text quality (issue 15) through the real CLI and store, on real documents read in place from
// ../shared (symbolic links, never copied): the scanned memo `realdocs/pdf/pdf-with-ocr-text.pdf`, whose
// hidden text layer is a scanner's junk OCR (`A l e t t e r froas Calif&rr-.la.`), and
// `corpus/pdf/90ms_rksj_h_sample.pdf`, whose Japanese text extracts as Latin symbols (`œ { Œ e X g`)
// that no rule calls garbled. A quote is never shown from junk without a word on its quality: the memo
// is read by OCR into readable text, and a junk layer that stays carries a low quality.
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LanceVectorStore } from '../../packages/index/src/lance-store.ts';
import { documentId, type StoredPage } from '../../packages/index/src/types.ts';
import { loadEnglishWords } from '../../packages/ingest/src/ocr/english-words.ts';
import { OcrPool } from '../../packages/ingest/src/ocr/ocr-pool.ts';
import { pageQuality } from '../../packages/ingest/src/ocr/page-quality.ts';
import { parsePdf } from '../../packages/ingest/src/pdf-parser.ts';
import { quireJson, runQuire } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
const MEMO = join(SHARED, 'realdocs/pdf/pdf-with-ocr-text.pdf');
const SYMBOLS = join(SHARED, 'corpus/pdf/90ms_rksj_h_sample.pdf');
/** What the web UI calls low quality (apps/web/src/lib/ocr.ts LOW_QUALITY). */
const LOW_QUALITY = 0.7;
const offline = { forbidNetwork: true };

interface Status {
  documents: { path: string; documentId: string | null; state: string }[];
}

describe.skipIf(!existsSync(MEMO) && process.env.CI !== 'true')('page text quality on real documents', () => {
  let home: string;
  let pages: Map<string, StoredPage>;
  let isKnownWord: (word: string) => boolean;

  beforeAll(async () => {
    const tmp = await tempDir('quire-ocr-quality-');
    home = join(tmp.path, 'home');
    const folder = join(tmp.path, 'matter');
    await mkdir(folder);
    await symlink(MEMO, join(folder, 'memo.pdf'));
    await symlink(SYMBOLS, join(folder, 'symbols.pdf'));
    await quireJson(home, ['--embedding-model', 'none', 'add', folder, '--workspace', 'Quality'], offline);
    const sync = await runQuire(home, ['sync', 'quality', '--json'], offline);
    expect(sync.code, sync.stderr).toBe(0);
    const status = await quireJson<Status>(home, ['status', 'quality']);
    // Straight from the store the CLI wrote, as the server's routes and answers read it.
    const store = await LanceVectorStore.open(join(home, 'quality', 'index'), { embedding: null });
    pages = new Map();
    try {
      for (const doc of status.documents) {
        expect(doc.state, doc.path).toBe('indexed');
        const page = await store.getPage(documentId(doc.documentId ?? ''), 1);
        if (page) pages.set(doc.path.split('/').at(-1) ?? '', page);
      }
    } finally {
      await store.close();
    }
    const words = await loadEnglishWords({ cacheDir: join(tmp.path, 'cache') });
    isKnownWord = (word) => words.has(word);
  });

  it('reads the memo by OCR into readable text, its quality stored and returned with the page', () => {
    const memo = pages.get('memo.pdf');
    expect(memo).toMatchObject({ source: 'ocr' });
    expect(memo?.text).toContain('Central Aguirre');
    expect(memo?.text).not.toContain('A l e t t e r');
    expect(memo?.quality).toBeGreaterThanOrEqual(LOW_QUALITY);
    expect(memo?.quality).toBeLessThanOrEqual(1);
  });

  it('keeps a junk text layer no rule replaces, with a low quality a citation can show', () => {
    const symbols = pages.get('symbols.pdf');
    expect(symbols?.source).toBeUndefined();
    expect(symbols?.text).toContain('œ');
    expect(symbols?.quality).toBeLessThan(LOW_QUALITY);
  });

  it('cites the memo with its source, confidence and quality', async () => {
    const answer = await quireJson<{
      citations: { path: string; source?: string; confidence?: number; quality?: number }[];
    }>(home, ['ask', 'quality', 'Which sugar refining company in California sent a letter?'], offline);
    const memo = answer.citations.find((c) => c.path.endsWith('/memo.pdf'));
    expect(memo).toMatchObject({ source: 'ocr', quality: pages.get('memo.pdf')?.quality });
    expect(memo?.confidence).toBeGreaterThan(0);
  });

  it('gives a closest passage from the memo its source, confidence and quality too', async () => {
    // Half of this question's words are on no page: no answer is confirmed, the passages are shown.
    const answer = await quireJson<{
      support: string;
      passages: { path: string; source?: string; confidence?: number; quality?: number }[];
    }>(
      home,
      [
        'ask',
        'quality',
        'Which sugar refining company sent the letter about tariffs, shipping insurance and freight rates?',
      ],
      offline,
    );
    expect(answer.support).toBe('closest');
    const memo = answer.passages.find((p) => p.path.endsWith('/memo.pdf'));
    expect(memo).toMatchObject({ source: 'ocr', quality: pages.get('memo.pdf')?.quality });
    expect(memo?.confidence).toBeGreaterThan(0);
  });

  it('keeps the junk layer with a low quality when OCR cannot read the page', async () => {
    // A real Tesseract pool whose every recognition runs out of time: the page's reading fails, and
    // the garbled layer is kept as the only text there is, marked as reading poorly.
    const pool = new OcrPool({ size: 1, jobTimeoutMs: 1 });
    try {
      const parsed = await parsePdf(await readFile(MEMO), { ocr: { pool, isKnownWord } });
      const [page] = parsed.pages;
      expect(page?.source).toBeUndefined();
      expect(page?.text).toContain('A l e t t e r');
      expect(page?.quality).toBe(pageQuality(page?.text ?? '', isKnownWord));
      expect(page?.quality).toBeLessThan(0.5);
    } finally {
      await pool.terminate();
    }
  });
});
