import { type TokenRun, tokenRuns } from './tokens.ts';

export interface Atom {
  start: number;
  end: number;
  tokens: number;
  endsSentence: boolean;
}

const SENTENCE_END = /[.!?\u2026\u3002\uff01\uff1f]["'\u2019\u201d)\]]*$/u;
const MAY_END_SENTENCE = /[.!?\u2026\u3002\uff01\uff1f"'\u2019\u201d)\]]/;
const STARTS_LOWERCASE = /^\p{Ll}/u;
const LIST_MARKER = /^(?:\d{1,3}|[a-z]|[ivxlc]{1,6})[.)]$/i;
const BLANK_LINE = /\n[^\S\n]*\n/;
const CHARS_PER_HARD_CUT_TOKEN = 3;

export function atomsOf(text: string, from: number, to: number, maxTokens: number): Atom[] {
  const atoms: Atom[] = [];
  let word: TokenRun[] = [];
  const finishWord = (): void => {
    const first = word[0];
    const last = word[word.length - 1];
    if (first === undefined || last === undefined) return;
    const tokens = word.reduce((sum, run) => sum + run.tokens, 0);
    if (tokens <= maxTokens) atoms.push({ start: first.start, end: last.end, tokens, endsSentence: false });
    else atoms.push(...splitWord(text, word, maxTokens));
    word = [];
  };
  for (const run of tokenRuns(text.slice(from, to))) {
    const absolute = { start: from + run.start, end: from + run.end, tokens: run.tokens };
    if (word.length > 0 && word[word.length - 1]?.end !== absolute.start) finishWord();
    word.push(absolute);
  }
  finishWord();
  atoms.forEach((atom, index) => {
    const next = atoms[index + 1];
    atom.endsSentence =
      next === undefined || (next.start > atom.end && isSentenceBoundary(text, atom, next.start));
  });
  return atoms;
}

function isSentenceBoundary(text: string, word: { start: number; end: number }, nextStart: number): boolean {
  if (nextStart - word.end > 1 && BLANK_LINE.test(text.slice(word.end, nextStart))) return true;
  if (!MAY_END_SENTENCE.test(text.charAt(word.end - 1))) return false;
  const tail = text.slice(Math.max(word.start, word.end - 8), word.end);
  if (!SENTENCE_END.test(tail) || STARTS_LOWERCASE.test(text.charAt(nextStart))) return false;
  return !LIST_MARKER.test(text.slice(word.start, Math.min(word.end, word.start + 8)));
}

function splitWord(text: string, runs: readonly TokenRun[], maxTokens: number): Atom[] {
  const pieces: Atom[] = [];
  let pieceStart = runs[0]?.start ?? 0;
  let pieceTokens = 0;
  const cut = (at: number): void => {
    if (at > pieceStart)
      pieces.push({ start: pieceStart, end: at, tokens: pieceTokens, endsSentence: false });
    pieceStart = at;
    pieceTokens = 0;
  };
  for (const run of runs) {
    if (run.tokens > maxTokens) {
      cut(run.start);
      for (const [from, to] of hardCuts(text, run.start, run.end, maxTokens * CHARS_PER_HARD_CUT_TOKEN)) {
        pieceTokens = Math.ceil((to - from) / CHARS_PER_HARD_CUT_TOKEN);
        cut(to);
      }
      continue;
    }
    if (pieceTokens + run.tokens > maxTokens) cut(run.start);
    pieceTokens += run.tokens;
  }
  cut(runs[runs.length - 1]?.end ?? pieceStart);
  return pieces;
}

function* hardCuts(text: string, start: number, end: number, length: number): Generator<[number, number]> {
  let from = start;
  while (from < end) {
    let to = Math.min(end, from + length);
    if (to < end && isLowSurrogate(text.charCodeAt(to))) to--;
    yield [from, to];
    from = to;
  }
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
