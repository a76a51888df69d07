// How a turn is presented by its evidence level (issue 15): an answer only when its sources support it,
// otherwise the closest passages to read or "not found". Pure, for TurnView, the panel and the clipboard.
import type { AskResult } from './api.ts';
import { numberCitations } from './citation-numbering.ts';
import type { Turn } from './conversation.ts';

/** What the label above an answer says: how it was made (when answered), else how well it is supported. */
export type TurnLabel = 'generated' | 'extractive' | 'closest' | 'not-found';

export const TURN_LABELS: Record<TurnLabel, string> = {
  generated: 'Generated',
  extractive: 'Extracted from the documents',
  closest: 'No answer found — closest passages',
  'not-found': 'Not found in these documents',
};

/** The label of a turn once it has a result; null while it streams, or when it stopped or failed. */
export function turnLabel(turn: Turn): TurnLabel | null {
  if (turn.status !== 'done' || !turn.mode) return null;
  if (turn.support === 'closest' || turn.support === 'not-found') return turn.support;
  return turn.mode === 'refused' ? 'not-found' : turn.mode;
}

/** Whether the turn's text is shown as an answer: when its sources support it, or while it streams. */
export function showsAnswer(turn: Turn): boolean {
  if (turn.answer === '') return false;
  if (turn.status === 'done') return turnLabel(turn) === 'generated' || turnLabel(turn) === 'extractive';
  return turn.mode !== 'refused';
}

export type ClosestPassage = AskResult['passages'][number];

/**
 * The passages to read of a `closest` turn: those the server sent, else (a turn reopened from its
 * thread, which keeps no passages) the first quote of each source its citations name.
 */
export function closestPassages(turn: Turn): ClosestPassage[] {
  if (turnLabel(turn) !== 'closest') return [];
  if (turn.passages.length > 0) return turn.passages;
  return numberCitations(turn.answer, turn.citations)
    .cards.flatMap((card) => card.quotes.slice(0, 1))
    .map((c) => ({
      n: c.n,
      chunkId: c.chunkId,
      documentId: c.documentId,
      path: c.path,
      page: c.page,
      heading: c.heading,
      text: c.quote,
      start: c.start,
      end: c.end,
      score: 0,
    }));
}
