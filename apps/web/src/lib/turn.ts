// One question and its answer as the Ask screen holds it: asked live, or loaded from a thread.
import type { AskResult, Citation, ThreadTurn } from './api.ts';
import type { AskProblem } from './ask-problems.ts';
import type { Scope } from './scope.ts';

export type AnswerMode = AskResult['mode'];
/** How well the sources support an answer: `answered`, `closest` (passages, no answer) or `not-found`. */
export type Support = NonNullable<AskResult['support']>;
export type TurnStatus = 'waiting' | 'streaming' | 'done' | 'stopped' | 'error';

/** One question and its answer as shown: live (streamed) or loaded from the thread. */
export interface Turn {
  key: number;
  question: string;
  answer: string;
  status: TurnStatus;
  mode: AnswerMode | null;
  /** How well the sources support the answer; null until it is complete. */
  support: Support | null;
  citations: Citation[];
  /** With `support` `closest` or `not-found`: the closest passages (a turn loaded from a thread has none). */
  passages: AskResult['passages'];
  standaloneQuery: string;
  time: string;
  /** The models that answered (not recorded in threads saved before they were). */
  models: AskResult['models'] | null;
  /** Why the question failed (`status: "error"`). */
  problem: AskProblem | null;
  /** The part of the workspace it was asked of (null: all of it). */
  scope: Scope | null;
  /** How many documents that scope held when asked; null without a scope or when not known (a thread). */
  scopeDocuments: number | null;
}

/**
 * The support of an answer: as the server says, or for a turn saved before it said (issue 15), from its
 * mode: a refusal with passages is `closest`, without `not-found`; any other answer `answered`.
 */
export function supportOf(
  mode: AnswerMode,
  support: Support | undefined,
  passages: readonly unknown[],
): Support {
  if (support) return support;
  if (mode !== 'refused') return 'answered';
  return passages.length > 0 ? 'closest' : 'not-found';
}

let nextKey = 1;

/** A key no other turn of this page has. */
export function newTurnKey(): number {
  return nextKey++;
}

/** A turn loaded from a thread. */
export function turnOf(turn: ThreadTurn): Turn {
  return {
    key: nextKey++,
    question: turn.question,
    answer: turn.answer,
    status: 'done',
    mode: turn.mode,
    // A refusal saved before `support` kept no passages: it reads as closest when it cited any.
    support: supportOf(turn.mode, turn.support, turn.citations),
    citations: turn.citations,
    passages: [],
    standaloneQuery: turn.standaloneQuery,
    time: turn.time,
    models: turn.models ?? null,
    problem: null,
    scope: turn.scope ?? null,
    scopeDocuments: null,
  };
}

/** A question just asked, waiting for its answer. */
export function pendingTurn(key: number, question: string, scope: Scope | null): Turn {
  return {
    key,
    question,
    answer: '',
    status: 'waiting',
    mode: null,
    support: null,
    citations: [],
    passages: [],
    standaloneQuery: question,
    time: new Date().toISOString(),
    models: null,
    problem: null,
    scope,
    scopeDocuments: null,
  };
}
