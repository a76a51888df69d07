import { type BlocksLayout, headingMarks, layoutBlocks } from './block-layout.ts';
import type { HtmlBlock } from './html-blocks.ts';
import type { DocumentKind, ParsedDocument, ParsedPage, ParseProgress } from './types.ts';

/**
 * Words on a page of a file without physical pages (a web page or text file with no page breaks): a
 * page ends at the block boundary before it would exceed this, so a cited page is about a printed
 * page's worth of text and the viewer opens near the passage.
 */
export const PAGE_WORDS = 500;
/** A page between two marked page breaks longer than this is cut into pages of {@link PAGE_WORDS} too. */
export const MAX_MARKED_PAGE_WORDS = 4 * PAGE_WORDS;
/** A page may end before a heading once it holds this many words, so that sections tend to start a page. */
const HEADING_BREAK_WORDS = PAGE_WORDS / 2;
const PAGE_NUMBER = /^(?:page\s+)?[-–—]?\s*(?:\d{1,4}|[ivxlcdm]{1,7}|[a-z]-\d{1,3})\s*[-–—]?$/i;

/** The blocks of one page, and the page number printed at its foot (a marked page's last block), if any. */
export interface BlockPage {
  blocks: HtmlBlock[];
  footer: string | null;
}

/**
 * Cuts a document's blocks into pages. With marked page breaks (`breaks`: indices of the blocks that
 * start a page, from CSS `page-break-*`/`break-*` or form feeds) the pages are the file's own, a last
 * block that is only a page number (`12`, `- 12 -`, `xii`, `F-3`) becomes the page's footer, and only a
 * page over {@link MAX_MARKED_PAGE_WORDS} is cut further. Without breaks, pages of about
 * {@link PAGE_WORDS} words end between blocks (before a heading once half full; a heading never ends a
 * page); a block longer than a page is cut between lines, then sentences, then words (a table between rows).
 */
export function paginate(blocks: readonly HtmlBlock[], breaks: readonly number[]): BlockPage[] {
  if (breaks.length === 0) return bounded(blocks).map((page) => ({ blocks: page, footer: null }));
  const pages: BlockPage[] = [];
  const starts = [0, ...breaks.filter((index) => index > 0 && index < blocks.length)];
  starts.forEach((start, i) => {
    const segment = blocks.slice(start, starts[i + 1] ?? blocks.length);
    const last = segment.at(-1);
    const footer = last?.kind === 'paragraph' && PAGE_NUMBER.test(last.text) ? last.text : null;
    if (footer !== null) segment.pop();
    if (wordsOf(segment) <= MAX_MARKED_PAGE_WORDS) pages.push({ blocks: segment, footer });
    else for (const page of bounded(segment)) pages.push({ blocks: page, footer: null });
  });
  return pages;
}

/**
 * A parsed document of `pages`: each page's text is its blocks separated by blank lines, with a heading
 * mark per heading block. `onPages` is told after each page (of all).
 */
export function blockDocument(
  kind: DocumentKind,
  title: string | null,
  pages: readonly BlockPage[],
  onPages?: (progress: ParseProgress) => void,
): ParsedDocument {
  const parsed: ParsedPage[] = pages.map((page, index) => {
    const layout: BlocksLayout = layoutBlocks(page.blocks);
    const parsedPage: ParsedPage = { page: index + 1, text: layout.text, headings: headingMarks(layout) };
    if (page.footer !== null) parsedPage.margins = { header: null, footer: page.footer };
    onPages?.({ done: index + 1, total: pages.length });
    return parsedPage;
  });
  return { kind, title, pages: parsed };
}

export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d || code === 0xa0;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

function wordsOf(blocks: readonly HtmlBlock[]): number {
  return blocks.reduce((sum, block) => sum + countWords(block.text), 0);
}

function bounded(blocks: readonly HtmlBlock[]): HtmlBlock[][] {
  const pages: HtmlBlock[][] = [];
  let page: HtmlBlock[] = [];
  let words = 0;
  for (const block of blocks.flatMap(splitBlock)) {
    const count = countWords(block.text);
    const full = words + count > PAGE_WORDS || (block.kind === 'heading' && words >= HEADING_BREAK_WORDS);
    if (page.length > 0 && full) {
      const carried: HtmlBlock[] = [];
      while (page.length > 1 && page.at(-1)?.kind === 'heading') carried.unshift(page.pop() as HtmlBlock);
      pages.push(page);
      page = carried;
      words = wordsOf(carried);
    }
    page.push(block);
    words += count;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/** A block longer than a page as blocks of at most a page (a heading is never cut). */
function splitBlock(block: HtmlBlock): HtmlBlock[] {
  if (block.kind === 'heading' || countWords(block.text) <= PAGE_WORDS) return [block];
  if (block.rows !== undefined) {
    return pack(block.rows, (row) => countWords(row.join(' '))).map((rows) => ({
      kind: 'table',
      text: rows.map((row) => row.join(' | ')).join('\n'),
      rows,
    }));
  }
  return pack(pieces(block.text), countWords).map((parts) => ({ ...block, text: parts.join('').trim() }));
}

/** Lines, then sentences of a line too long, then words of a sentence too long. */
function pieces(text: string): string[] {
  return text.split('\n').flatMap((line, index, lines) => {
    const withBreak = index < lines.length - 1 ? `${line}\n` : line;
    if (countWords(line) <= PAGE_WORDS) return [withBreak];
    return (withBreak.match(/[^.!?]+(?:[.!?]+\s*|$)/g) ?? [withBreak]).flatMap((sentence) =>
      countWords(sentence) <= PAGE_WORDS ? [sentence] : (sentence.match(/\S+\s*/g) ?? [sentence]),
    );
  });
}

/** Greedy groups of `items` of at most a page of words each (an item longer than a page stays whole). */
function pack<T>(items: readonly T[], words: (item: T) => number): T[][] {
  const groups: T[][] = [];
  let group: T[] = [];
  let count = 0;
  for (const item of items) {
    const n = words(item);
    if (group.length > 0 && count + n > PAGE_WORDS) {
      groups.push(group);
      group = [];
      count = 0;
    }
    group.push(item);
    count += n;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}
