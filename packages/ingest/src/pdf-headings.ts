import type { LaidOutLine } from './reading-order.ts';
import type { HeadingMark } from './types.ts';

const HEADING_SIZE_RATIO = 1.3;
const MAX_HEADING_WORDS = 12;
const MAX_LEVEL = 6;
const HAS_TWO_LETTERS = /\p{L}.*\p{L}/su;

interface Candidate {
  page: number;
  offset: number;
  text: string;
  size: number;
  lastLine: LaidOutLine;
}

export function detectHeadings(pages: readonly (readonly LaidOutLine[])[]): HeadingMark[][] {
  const body = bodyFontHeight(pages);
  const marks: HeadingMark[][] = pages.map(() => []);
  if (body <= 0) return marks;
  const candidates: Candidate[] = [];
  pages.forEach((lines, page) => {
    let previous: Candidate | null = null;
    for (const line of lines) {
      if (!isHeadingLine(line, body)) {
        previous = null;
        continue;
      }
      const size = Math.round(line.height * 2) / 2;
      if (previous !== null && continuesHeading(previous, line, size)) {
        previous.text = `${previous.text} ${line.text}`;
        previous.lastLine = line;
        continue;
      }
      previous = { page, offset: line.offset, text: line.text, size, lastLine: line };
      candidates.push(previous);
    }
  });
  const sizes = [...new Set(candidates.map((candidate) => candidate.size))].sort((a, b) => b - a);
  for (const candidate of candidates) {
    const level = Math.min(MAX_LEVEL, sizes.indexOf(candidate.size) + 1);
    marks[candidate.page]?.push({ offset: candidate.offset, level, text: candidate.text });
  }
  return marks;
}

function continuesHeading(previous: Candidate, line: LaidOutLine, size: number): boolean {
  const previousEnd = previous.lastLine.offset + previous.lastLine.text.length;
  const words = `${previous.text} ${line.text}`.split(' ').length;
  return previous.size === size && line.offset === previousEnd + 1 && words <= MAX_HEADING_WORDS;
}

function isHeadingLine(line: LaidOutLine, body: number): boolean {
  return (
    line.height >= HEADING_SIZE_RATIO * body &&
    line.text.split(' ').length <= MAX_HEADING_WORDS &&
    HAS_TWO_LETTERS.test(line.text)
  );
}

function bodyFontHeight(pages: readonly (readonly LaidOutLine[])[]): number {
  const weighted: { height: number; weight: number }[] = [];
  let total = 0;
  for (const lines of pages) {
    for (const line of lines) {
      weighted.push({ height: line.height, weight: line.text.length });
      total += line.text.length;
    }
  }
  weighted.sort((a, b) => a.height - b.height);
  let seen = 0;
  for (const { height, weight } of weighted) {
    seen += weight;
    if (seen * 2 >= total) return height;
  }
  return 0;
}
