// A scanned image's OCR reading carries its text quality, as a PDF page's does, so that a quote from a
// poor reading of an image can say so.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadEnglishWords } from '../../../packages/ingest/src/ocr/english-words.ts';
import { OcrPool } from '../../../packages/ingest/src/ocr/ocr-pool.ts';
import { pageQuality } from '../../../packages/ingest/src/ocr/page-quality.ts';
import { parseDocument } from '../../../packages/ingest/src/parse-document.ts';
import { SCANNED_WORDS, textImageFile } from '../../fixtures/ocr-documents.ts';

let dir: string;
let pool: OcrPool;
let isKnownWord: (word: string) => boolean;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'quire-image-quality-'));
  const words = await loadEnglishWords({ cacheDir: dir });
  isKnownWord = (word) => words.has(word);
  pool = new OcrPool({ size: 1 });
});

afterAll(async () => {
  await pool?.terminate();
  await rm(dir, { recursive: true, force: true });
});

it("gives an OCR'd image page the quality of its reading", async () => {
  const file = path.join(dir, 'scan.png');
  await writeFile(file, textImageFile('png'));
  const { pages } = await parseDocument(file, { ocr: { pool, isKnownWord } });
  expect(pages).toHaveLength(1);
  const [page] = pages;
  expect(page?.source).toBe('ocr');
  expect(page?.text).toContain(SCANNED_WORDS[0]);
  expect(page?.quality).toBeTypeOf('number');
  expect(page?.quality).toBe(pageQuality(page?.text ?? '', isKnownWord));
});
