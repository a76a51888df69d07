// What can go wrong when asking, in plain words (issue 15): the question box's length limit, and a
// failed question's error turned into what happened, what to do, and whether trying again can help.
import { ApiError } from './api.ts';

/**
 * The longest question the server takes, in characters after trimming: `AskBody.question` in
 * apps/server/src/api/workspace-routes.ts (`max(4000)`); tests/e2e/answers.test.ts checks they agree.
 */
export const MAX_QUESTION_CHARS = 4000;
/** The counter appears from this many characters, before the limit is hit. */
export const COUNTER_FROM = Math.round(MAX_QUESTION_CHARS * 0.85);

const count = (n: number) => n.toLocaleString('en-US');

/** The question box's counter: `"3,612 / 4,000"` once the question nears the limit, else null. */
export function questionCounter(question: string): { text: string; over: boolean } | null {
  const length = question.trim().length;
  if (length < COUNTER_FROM) return null;
  return { text: `${count(length)} / ${count(MAX_QUESTION_CHARS)}`, over: length > MAX_QUESTION_CHARS };
}

/** Why a question cannot be sent as it is (too long), in words; null when it can. */
export function questionProblem(question: string): string | null {
  const length = question.trim().length;
  if (length <= MAX_QUESTION_CHARS) return null;
  return `This question is ${count(length)} characters long; Quire takes questions of up to ${count(MAX_QUESTION_CHARS)}. Shorten it by ${count(length - MAX_QUESTION_CHARS)} ${length - MAX_QUESTION_CHARS === 1 ? 'character' : 'characters'} (ask about one point at a time), then ask again.`;
}

/** A failed question, for the reader: what happened and what to do, and whether "Try again" can help. */
export interface AskProblem {
  message: string;
  retryable: boolean;
}

/** The plain-words problem of an error thrown while asking (an {@link ApiError} or anything else). */
export function askProblem(error: unknown): AskProblem {
  if (!(error instanceof ApiError)) {
    return {
      message:
        'Something went wrong in this page while asking. Try again; if it keeps failing, reload the page.',
      retryable: true,
    };
  }
  const detail = error.message.trim().replace(/[.\s]+$/, '');
  switch (error.code) {
    case 'invalid-request':
    case 'payload-too-large':
      if (/too big|too long|too large|at most|limit/i.test(detail) || error.code === 'payload-too-large') {
        return {
          message: `The question is too long for Quire (up to ${count(MAX_QUESTION_CHARS)} characters). Shorten it, then ask again.`,
          retryable: false,
        };
      }
      if (/question/i.test(detail) && /too small|at least|empty|required/i.test(detail)) {
        return { message: 'Type a question first, then ask.', retryable: false };
      }
      return {
        message:
          'Quire could not take this question as it is. Edit it (plain text works best) and ask again; if it keeps failing, start a new conversation.',
        retryable: false,
      };
    case 'not-found':
      return {
        message:
          'This workspace or conversation no longer exists (it may have been deleted in another window). Start a new conversation, or pick the workspace again from the list.',
        retryable: false,
      };
    case 'unauthorized':
      return {
        message:
          'Quire asked for its access token. Open the address that `quire serve` printed, then ask again.',
        retryable: false,
      };
    case 'model-missing':
    case 'model-invalid':
    case 'model-too-large':
    case 'model-not-found':
      return {
        message: `The workspace’s chat model could not be used (${detail}). Choose another chat model, or none, in Settings, then ask again.`,
        retryable: false,
      };
    case 'timeout':
      return {
        message: 'Quire took too long to answer. Try again; if it keeps happening, ask a shorter question.',
        retryable: true,
      };
    case 'conflict':
      return {
        message: `Quire is busy with this workspace (${detail}). Wait a moment, then try again.`,
        retryable: true,
      };
    default:
      break;
  }
  if (error.status === null && error.code === null) {
    return {
      message:
        'The connection to Quire was lost before the answer came. Check that Quire is still running (`npm start` or `quire serve`), then try again.',
      retryable: true,
    };
  }
  if (error.status === 429 || error.status === 503) {
    return { message: 'Quire is busy. Wait a moment, then try again.', retryable: true };
  }
  if (error.code === 'internal' || (error.status ?? 500) >= 500) {
    return {
      message: `Something went wrong in Quire while answering (${detail}). Try again; if it keeps failing, restart Quire and look at its output.`,
      retryable: true,
    };
  }
  return {
    message: `Quire could not answer this question: ${detail}. Change the question, then ask again.`,
    retryable: false,
  };
}
