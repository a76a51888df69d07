import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Shingles are this many words long. */
export const SHINGLE_WORDS = 8;

/**
 * The words of a text as the reading-order tests compare them: NFKC, lower case, a word hyphenated
 * at a line's end joined, punctuation dropped, whitespace collapsed.
 */
export function wordsOf(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/(\p{L})[-\u00ad]\s*\n\s*(\p{L})/gu, '$1$2')
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** Every run of {@link SHINGLE_WORDS} consecutive words, joined by spaces. */
export function shinglesOf(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++)
    out.push(words.slice(i, i + SHINGLE_WORDS).join(' '));
  return out;
}

/** Share of `text`'s shingles found among `oracle`'s (1 for a text too short to have any). */
export function shingleShare(text: string, oracle: ReadonlySet<string>): { share: number; count: number } {
  const own = shinglesOf(wordsOf(text));
  if (own.length === 0) return { share: 1, count: 0 };
  return { share: own.filter((shingle) => oracle.has(shingle)).length / own.length, count: own.length };
}

/**
 * The oracle's words with a page's running head taken out where it first occurs and its running foot
 * where it last occurs (Quire keeps them out of the page text; pdftotext does not).
 */
export function oracleWords(
  oracle: string,
  margins: { header: string | null; footer: string | null } | undefined,
): string[] {
  let words = wordsOf(oracle);
  for (const line of (margins?.header ?? '').split('\n')) words = without(words, wordsOf(line), 'first');
  for (const line of (margins?.footer ?? '').split('\n').reverse())
    words = without(words, wordsOf(line), 'last');
  return words;
}

function without(words: string[], part: readonly string[], which: 'first' | 'last'): string[] {
  if (part.length === 0) return words;
  const last = words.length - part.length;
  for (let k = 0; k <= last; k++) {
    const i = which === 'first' ? k : last - k;
    if (part.every((word, j) => words[i + j] === word))
      return [...words.slice(0, i), ...words.slice(i + part.length)];
  }
  return words;
}

/** Whether poppler's pdftotext is installed. */
export async function hasPdftotext(): Promise<boolean> {
  return run('pdftotext', ['-v']).then(
    () => true,
    () => false,
  );
}

/** pdftotext's text of every page of a file (one call, split at form feeds), index 0 = page 1. */
export async function pdftotextPages(file: string): Promise<string[]> {
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 256 * 1024 * 1024 });
  return stdout.split('\f');
}

/** pdftotext's text of the part of page `page` inside `x`,`y`,`width`,`height` (points, top left origin). */
export async function pdftotextRegion(
  file: string,
  page: number,
  [x, y, width, height]: readonly [number, number, number, number],
): Promise<string> {
  const args = [
    '-f',
    `${page}`,
    '-l',
    `${page}`,
    '-x',
    `${x}`,
    '-y',
    `${y}`,
    '-W',
    `${width}`,
    '-H',
    `${height}`,
  ];
  const { stdout } = await run('pdftotext', [...args, '-enc', 'UTF-8', file, '-']);
  return stdout;
}
