const CJK_CHAR = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}]';
const TOKEN_PATTERN = new RegExp(
  `${CJK_CHAR}|(?:(?!${CJK_CHAR})[\\p{L}\\p{M}])+|\\p{N}+|[^\\s\\p{L}\\p{M}\\p{N}]`,
  'gu',
);
const NUMBER_START = /^\p{N}/u;
const CHARS_PER_WORD_TOKEN = 6;
const DIGITS_PER_TOKEN = 3;

/**
 * Estimates how many tokens `text` costs, without any model's tokenizer, in linear time.
 *
 * Counts one token per run of letters (plus one more for every 6 characters after the first 6,
 * so "indemnification" counts 3), one per 3 digits of a number, one per punctuation or symbol
 * character, and one per Han/Hiragana/Katakana character (scripts written without spaces).
 * Whitespace is free. The estimate is additive over text split at whitespace, and is close to
 * (usually slightly above) what BPE tokenizers report for English prose.
 */
export function countTokens(text: string): number {
  let count = 0;
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    count += tokensInMatch(match[0]);
  }
  return count;
}

export interface TokenRun {
  start: number;
  end: number;
  tokens: number;
}

export function* tokenRuns(text: string): Generator<TokenRun> {
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    yield { start: match.index, end: match.index + match[0].length, tokens: tokensInMatch(match[0]) };
  }
}

function tokensInMatch(match: string): number {
  if (match.length <= DIGITS_PER_TOKEN) return 1;
  if (NUMBER_START.test(match)) return Math.ceil(match.length / DIGITS_PER_TOKEN);
  return Math.ceil(match.length / CHARS_PER_WORD_TOKEN);
}
