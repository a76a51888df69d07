// No imports: the web UI bundles this file (through `@quire/inference/citation-markers`) to find the same
// markers in an answer as the server does.

/** One bracketed citation such as `[1]`, `[1, 2]`, `[1-3]`, `【1】` or `[Source 1]`, at `start..end` in the answer. */
export interface MarkerGroup {
  start: number;
  end: number;
  /** Every number the marker names, ranges expanded, in written order. */
  numbers: number[];
}

const ITEM = String.raw`(?:sources?|src|doc(?:ument)?s?)?\s*#?\d{1,3}(?:\s*[-–—]\s*\d{1,3})?`;
const MARKER = new RegExp(
  String.raw`[\[【]\s*(${ITEM}(?:\s*(?:,|;|and|&)\s*${ITEM})*)\s*(?:†[^\]】]*)?[\]】]`,
  'giu',
);
const NUMBER_OR_RANGE = /(\d{1,3})(?:\s*[-–—]\s*(\d{1,3}))?/g;
const MAX_RANGE = 20;

function expand(inner: string): number[] {
  const numbers: number[] = [];
  for (const match of inner.matchAll(NUMBER_OR_RANGE)) {
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : Number(match[2]);
    if (high < low || high - low > MAX_RANGE) {
      numbers.push(low);
      continue;
    }
    for (let n = low; n <= high; n++) numbers.push(n);
  }
  return numbers;
}

/** Finds the citation markers in a model's answer, in order. Adjacent markers (`[1][3]`) are separate groups. */
export function findMarkerGroups(answer: string): MarkerGroup[] {
  return [...answer.matchAll(MARKER)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    numbers: expand(match[1] ?? ''),
  }));
}

/** `answer` with every marker replaced by spaces, so offsets still line up and markers are not read as words. */
export function maskMarkers(answer: string, groups: readonly MarkerGroup[]): string {
  let masked = answer;
  for (const group of groups) {
    masked = masked.slice(0, group.start) + ' '.repeat(group.end - group.start) + masked.slice(group.end);
  }
  return masked;
}
