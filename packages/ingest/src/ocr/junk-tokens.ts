/**
 * Tokens that real text is not made of, counted over whitespace-separated tokens: glyph codes read as
 * ASCII punctuation (a body font with no usable encoding extracts `! " # ! "$ % & % '`), and words
 * broken into single letters (a scanner's OCR layer reading `A l e t t e r`).
 */
export interface JunkTokenCounts {
  /** Whitespace-separated tokens. */
  tokens: number;
  /**
   * Tokens of ≥ 2 characters, more than half of them punctuation, symbols or control characters, that are
   * neither numbers (`$1,200.00`, `(12.5%)`, `2024-03-01`) nor ordinary marks (`...`, `--`, `->`, `."`,
   * `'*****'`): `!"#`, `%&%'`, `57:$%,*3`.
   */
  symbolWords: number;
  /** Single Latin letters standing in runs of at least three (`A l e t t e r`, `t h e i r`). */
  spacedLetters: number;
}

const NON_WORD_CHAR = /[\p{P}\p{S}\p{C}]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Digits with the marks numbers, amounts, dates, times and references use, and nothing else. */
const NUMBER = /^[-+±−–([{$€£¥#§]*\d[\d.,:/'’\-–−]*[%‰°)\]}]*[.,;:]?$/u;
/** One character repeated (leaders, rules, masks), possibly inside quotes or brackets. */
const REPEATED = /^["'‘’“”([{]?(.)\1+["'‘’“”)\]}]?[.,;:]?$/u;
/** A word or number in brackets or quotes, as enumerations and citations write them: `(a)`, `[iv]`, `"A"`. */
const ENCLOSED_WORD = /^["'‘“«([{]+[\p{L}\p{N}]+["'’”»)\]}]+[.,;:]?$/u;
/** Pairs of marks that prose, code and formulas use (an operator, a comment, closing quotes). */
const ORDINARY_MARKS = new Set([
  '->',
  '<-',
  '=>',
  '<=',
  '>=',
  '!=',
  '==',
  ':=',
  '+=',
  '-=',
  '&&',
  '||',
  '/*',
  '*/',
  '//',
  '::',
  '."',
  ',"',
  '?"',
  '!"',
  '.”',
  ',”',
  '?”',
  '!”',
  ".'",
  ",'",
  '.’',
  ',’',
  '")',
  '("',
  ').',
  '),',
  '):',
  ');',
  '].',
  '],',
  '.)',
  '.]',
  '(*)',
  '[*]',
  '(?)',
  '—,',
  '—.',
  '…)',
  '(…)',
  '[…]',
  '(...)',
  '[...]',
]);
const SINGLE_LATIN_LETTER = /^\p{Script=Latin}$/u;
/** Single letters in a row before they count as a word broken into letters. */
const MIN_SPACED_RUN = 3;

/** True for a token of glyph codes read as punctuation (see {@link JunkTokenCounts.symbolWords}). */
export function isSymbolWord(token: string): boolean {
  const chars = [...token];
  if (chars.length < 2 || ORDINARY_MARKS.has(token)) return false;
  let marks = 0;
  for (const char of chars) if (NON_WORD_CHAR.test(char) && !LETTER_OR_DIGIT.test(char)) marks++;
  if (marks * 2 <= chars.length) return false;
  return !NUMBER.test(token) && !REPEATED.test(token) && !ENCLOSED_WORD.test(token);
}

/** Counts the junk tokens of a text (NFKC-normalized by the caller or not: both work). */
export function countJunkTokens(text: string): JunkTokenCounts {
  let tokens = 0;
  let symbolWords = 0;
  let spacedLetters = 0;
  let run = 0;
  for (const token of text.split(/\s+/)) {
    if (token === '') continue;
    tokens++;
    if (isSymbolWord(token)) symbolWords++;
    if (SINGLE_LATIN_LETTER.test(token)) {
      run++;
      continue;
    }
    if (run >= MIN_SPACED_RUN) spacedLetters += run;
    run = 0;
  }
  if (run >= MIN_SPACED_RUN) spacedLetters += run;
  return { tokens, symbolWords, spacedLetters };
}
