import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PdfOcr } from '../pdf-parser.ts';
import type { OcrSettings } from '../types.ts';
import { loadEnglishWords } from './english-words.ts';
import { OcrPool } from './ocr-pool.ts';

// The English word list is cached under the system's temporary folder (it is derived from an installed
// npm package, so losing it only costs re-reading the head of that package's file).
const WORD_CACHE = path.join(tmpdir(), `quire-cache-${process.getuid?.() ?? 'user'}`);

let words: Promise<Set<string>> | undefined;
const pools = new Map<string, OcrPool>();

/**
 * What the parsers need to read scanned and garbled pages with the given settings (null when OCR is
 * off): one shared OCR pool per language set, of `poolSize` Tesseract workers started on first use and
 * stopped when idle, and the English word list that tells real text from junk.
 */
export async function ocrContext(
  settings: OcrSettings | null | undefined,
  poolSize: number,
): Promise<Omit<PdfOcr, 'onProgress'> | null> {
  if (!settings?.enabled) return null;
  const languages = settings.languages.length > 0 ? settings.languages : ['eng'];
  const key = languages.join('+');
  let pool = pools.get(key);
  if (pool === undefined) {
    pool = new OcrPool({ size: poolSize, languages });
    pools.set(key, pool);
  }
  words ??= loadEnglishWords({ cacheDir: WORD_CACHE });
  const known = await words;
  return { pool, isKnownWord: (word) => known.has(word) };
}
