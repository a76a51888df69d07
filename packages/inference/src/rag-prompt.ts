import type { ChatMessage, Source } from './types.ts';

export interface RagPromptOptions {
  /** Budget for the listed sources, estimated as characters / 4. Default: no limit. */
  maxSourceTokens?: number;
  /** Token counter for the budget, e.g. a `Generator`'s `countTokens`. Default: characters / 4. */
  countTokens?: (text: string) => number;
}

/** The reply the model is told to give when the sources do not hold the answer. */
export const NOT_IN_DOCUMENTS = 'The documents do not say.';

const SYSTEM_PROMPT = [
  'You answer questions about the user’s documents using only the numbered sources provided.',
  'Rules:',
  '- Use only facts stated in the sources. Do not use outside knowledge and do not guess.',
  '- After each claim, put the number of the source that supports it in square brackets, like [1]. ' +
    'Cite only source numbers that appear in the list.',
  '- Quote the source’s own words in "double quotes" where possible, especially for amounts, dates, ' +
    'names and obligations.',
  `- If the sources do not contain the answer, reply exactly: ${NOT_IN_DOCUMENTS}`,
  '- Be brief: a few sentences at most.',
].join('\n');

/** The file name at the end of a POSIX or Windows path. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

/** A token count estimate good enough for budgeting prompts: one token per four characters. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The label of a source in a prompt: `[n] lease.pdf, page 3 — Article 5 > Rent`. */
export function sourceLabel(source: Source): string {
  const heading = source.headingPath.length > 0 ? ` — ${source.headingPath.join(' > ')}` : '';
  return `[${source.n}] ${fileName(source.path)}, page ${source.page}${heading}`;
}

function renderSource(source: Source): string {
  return `${sourceLabel(source)}\n${source.text.trim()}`;
}

/**
 * The sources, in order, that fit within `maxSourceTokens` (label and text counted); later sources
 * are dropped. The first source is always kept so there is something to answer from.
 */
export function sourcesWithinBudget(
  sources: readonly Source[],
  maxSourceTokens?: number,
  countTokens: (text: string) => number = estimateTokens,
): Source[] {
  if (maxSourceTokens === undefined) return [...sources];
  const kept: Source[] = [];
  let used = 0;
  for (const source of sources) {
    const cost = countTokens(renderSource(source));
    if (kept.length > 0 && used + cost > maxSourceTokens) break;
    kept.push(source);
    used += cost;
  }
  return kept;
}

/**
 * The conversation that asks a model to answer `question` from `sources` with [n] citations: a
 * system message with the rules, and a user message listing each source under its number, file
 * name, page and heading path, then the question. Sources past `maxSourceTokens` are left out.
 */
export function buildRagPrompt(
  question: string,
  sources: readonly Source[],
  options: RagPromptOptions = {},
): ChatMessage[] {
  const listed = sourcesWithinBudget(sources, options.maxSourceTokens, options.countTokens).map(renderSource);
  const sourceList = listed.length > 0 ? listed.join('\n\n') : '(none)';
  const user = [`Sources:\n\n${sourceList}`, `Question: ${question.trim()}`].join('\n\n');
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: user },
  ];
}
