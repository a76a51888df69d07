import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PdfOcr } from '../pdf-parser.ts';
import type { OcrSettings } from '../types.ts';
import { loadEnglishWords } from './english-words.ts';
import { OcrPool } from './ocr-pool.ts';

// The English word list is cached under the system's temporary folder (it is derived from an installed
// npm package, so losing it only costs re-reading the head of that package's file).
const WORD_CACHE = path.join(tmpdir(), `quire-cache-${process.getuid?.() ?? 'user'}`);

// Plain data read from an installed package, shared by every owner of OCR pools in this thread.
let words: Promise<Set<string>> | undefined;

/**
 * The OCR pools of one owner (an in-process parser, a parse worker): one pool per language set, of
 * `poolSize` Tesseract workers started on first use and stopped when idle. `close()` stops them all.
 */
export class OcrPools {
  readonly #poolSize: number;
  readonly #pools = new Map<string, OcrPool>();

  constructor(poolSize: number) {
    this.#poolSize = poolSize;
  }

  /**
   * What the parsers need to read scanned and garbled pages with the given settings (null when OCR is
   * off): this owner's pool for the settings' languages, and the English word list that tells real
   * text from junk.
   */
  async context(settings: OcrSettings | null | undefined): Promise<Omit<PdfOcr, 'onProgress'> | null> {
    if (!settings?.enabled) return null;
    const languages = settings.languages.length > 0 ? settings.languages : ['eng'];
    const key = languages.join('+');
    let pool = this.#pools.get(key);
    if (pool === undefined) {
      pool = new OcrPool({ size: this.#poolSize, languages });
      this.#pools.set(key, pool);
    }
    words ??= loadEnglishWords({ cacheDir: WORD_CACHE });
    const known = await words;
    return { pool, isKnownWord: (word) => known.has(word) };
  }

  /** Stops every pool's workers; their running and queued pages fail with `OcrError` `terminated`. */
  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => pool.terminate()));
  }
}
