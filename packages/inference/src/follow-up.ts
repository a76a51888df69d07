import { queryTerms, stem } from './query-terms.ts';
import type { ChatMessage, Generator } from './types.ts';

/** A previous question and answer of the same conversation. */
export interface PriorTurn {
  question: string;
  answer: string;
}

const ANAPHORA =
  /\b(it|its|this|that|these|those|they|them|their|theirs|he|she|him|her|his|hers|there|then|same|such|above|former|latter)\b/i;
const CONTINUATION = /^\s*(and|also|what about|how about|and what|so|but|then|or)\b/i;

/** Whether `question` leans on earlier turns (pronouns, "and …", "what about …", or too few words of its own). */
export function looksLikeFollowUp(question: string): boolean {
  return ANAPHORA.test(question) || CONTINUATION.test(question) || queryTerms(question).length < 3;
}

/**
 * Without a chat model: the question plus the key terms of the previous question that it does not
 * already contain, when it reads as a follow-up; otherwise the question unchanged.
 */
export function carryForward(history: readonly PriorTurn[], question: string): string {
  const previous = history.at(-1);
  if (!previous || !looksLikeFollowUp(question)) return question;
  const have = new Set(queryTerms(question).map(stem));
  const carried = queryTerms(previous.question).filter((term) => !have.has(stem(term)));
  return carried.length === 0 ? question : `${question} ${carried.join(' ')}`;
}

const REWRITE_SYSTEM =
  'Rewrite the last question of the conversation as one standalone question that can be understood ' +
  'without the conversation. Keep names, numbers and terms exactly. Reply with the question only.';

/**
 * With a chat model: asks it to rewrite the follow-up as a standalone question. The rewrite is used only
 * if it is short and shares a word with the conversation; otherwise {@link carryForward} decides.
 */
export async function standaloneQuestion(
  history: readonly PriorTurn[],
  question: string,
  generator: Generator | null,
  signal?: AbortSignal,
): Promise<string> {
  if (history.length === 0 || !looksLikeFollowUp(question)) return question;
  if (!generator) return carryForward(history, question);
  const transcript = history
    .slice(-3)
    .map((turn) => `User: ${turn.question}\nAssistant: ${turn.answer.slice(0, 400)}`)
    .join('\n');
  const messages: ChatMessage[] = [
    { role: 'system', content: REWRITE_SYSTEM },
    { role: 'user', content: `${transcript}\nUser: ${question}\n\nStandalone question:` },
  ];
  const rewritten = (await generator.generate(messages, { maxTokens: 96, signal }))
    .replace(/\[[^\]]*\]|【[^】]*】/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const context = new Set(
    [...history.flatMap((t) => queryTerms(t.question)), ...queryTerms(question)].map(stem),
  );
  const shared = queryTerms(rewritten).filter((term) => context.has(stem(term))).length;
  const usable = rewritten.length > 0 && rewritten.length <= 400 && shared >= 1;
  return usable ? rewritten : carryForward(history, question);
}
