import { type Atom, atomsOf } from './text-atoms.ts';
import { countTokens } from './tokens.ts';
import type { Chunk, ChunkOptions, HeadingMark, ParsedDocument, ParsedPage } from './types.ts';

const DEFAULT_MAX_TOKENS = 400;
const DEFAULT_OVERLAP = 0.15;
const MIN_FILL_FOR_SENTENCE_BREAK = 0.5;

/**
 * Splits a parsed document into chunks of at most `maxTokens` tokens (as counted by
 * `countTokens`; default 400). A chunk never crosses a page or a heading: each heading starts a
 * new chunk that contains the heading line. Chunks end between sentences when that keeps them at
 * least half full, otherwise between words (a word longer than `maxTokens` is cut). The next chunk
 * repeats whole sentences (or else words) from the end of the previous one, about
 * `overlap * maxTokens` tokens (default 0.15). Runs in time linear in the text length.
 */
export function chunkDocument(doc: ParsedDocument, options: ChunkOptions = {}): Chunk[] {
  const maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
  const overlap = options.overlap ?? DEFAULT_OVERLAP;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    throw new RangeError(`maxTokens must be a positive integer, got ${maxTokens}`);
  }
  if (!(overlap >= 0 && overlap < 1)) throw new RangeError(`overlap must be in [0, 1), got ${overlap}`);
  const sizes = { maxTokens, overlapTokens: Math.floor(maxTokens * overlap) };
  const chunks: Chunk[] = [];
  const openHeadings: HeadingMark[] = [];
  for (const page of doc.pages) {
    let sectionStart = 0;
    for (const mark of headingsInOrder(page)) {
      chunkSection(page, sectionStart, mark.offset, pathOf(openHeadings), sizes, chunks);
      while ((openHeadings[openHeadings.length - 1]?.level ?? 0) >= mark.level) openHeadings.pop();
      openHeadings.push(mark);
      sectionStart = mark.offset;
    }
    chunkSection(page, sectionStart, page.text.length, pathOf(openHeadings), sizes, chunks);
  }
  return chunks;
}

function headingsInOrder(page: ParsedPage): HeadingMark[] {
  return page.headings
    .filter((mark) => mark.offset >= 0 && mark.offset <= page.text.length)
    .sort((a, b) => a.offset - b.offset);
}

function pathOf(headings: readonly HeadingMark[]): string[] {
  return headings.map((heading) => heading.text);
}

function chunkSection(
  page: ParsedPage,
  from: number,
  to: number,
  headingPath: string[],
  sizes: { maxTokens: number; overlapTokens: number },
  chunks: Chunk[],
): void {
  const atoms = atomsOf(page.text, from, to, sizes.maxTokens);
  const total = new Float64Array(atoms.length + 1);
  atoms.forEach((atom, index) => {
    total[index + 1] = (total[index] ?? 0) + atom.tokens;
  });
  const tokensBetween = (a: number, b: number): number => (total[b] ?? 0) - (total[a] ?? 0);
  let first = 0;
  while (first < atoms.length) {
    const end = chunkEnd(atoms, first, tokensBetween, sizes.maxTokens);
    const start = atoms[first]?.start ?? 0;
    const stop = atoms[end - 1]?.end ?? start;
    const text = page.text.slice(start, stop);
    chunks.push({
      ordinal: chunks.length,
      page: page.page,
      headingPath: [...headingPath],
      start,
      end: stop,
      text,
      tokenCount: countTokens(text),
    });
    if (end >= atoms.length) break;
    first = overlapStart(atoms, first, end, tokensBetween, sizes);
  }
}

function chunkEnd(
  atoms: readonly Atom[],
  first: number,
  tokensBetween: (a: number, b: number) => number,
  maxTokens: number,
): number {
  let end = first + 1;
  while (end < atoms.length && tokensBetween(first, end + 1) <= maxTokens) end++;
  if (end === atoms.length) return end;
  const minFill = MIN_FILL_FOR_SENTENCE_BREAK * maxTokens;
  for (let candidate = end; candidate > first && tokensBetween(first, candidate) >= minFill; candidate--) {
    if (atoms[candidate - 1]?.endsSentence) return candidate;
  }
  return end;
}

function overlapStart(
  atoms: readonly Atom[],
  first: number,
  end: number,
  tokensBetween: (a: number, b: number) => number,
  sizes: { maxTokens: number; overlapTokens: number },
): number {
  let wordStart = end;
  let sentenceStart = -1;
  for (let k = end - 1; k > first && tokensBetween(k, end) <= sizes.overlapTokens; k--) {
    wordStart = k;
    if (atoms[k - 1]?.endsSentence) sentenceStart = k;
  }
  let next = sentenceStart >= 0 ? sentenceStart : wordStart;
  while (next < end && tokensBetween(next, end + 1) > sizes.maxTokens) next++;
  return next;
}
