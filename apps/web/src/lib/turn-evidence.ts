// How a turn is presented by its evidence level (issue 15): an answer only when its sources support it,
// otherwise the closest passages to read or "not found". Pure, for TurnView, the panel and the clipboard.
import type { AskResult, Citation } from './api.ts';
import { numberCitations } from './citation-numbering.ts';
import type { Turn } from './turn.ts';

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
      pageLabel: c.pageLabel ?? null,
      bates: c.bates ?? null,
    }));
}

/** Characters of a closest passage shown around the sentence it was chosen for (or from its start). */
const AROUND_CHARS = 160;
const PLAIN_CHARS = 320;

const collapse = (text: string) => text.replace(/\s+/g, ' ');

/**
 * What a closest passage's card shows: when one of the turn's quotes lies in it, that quote marked with
 * up to {@link AROUND_CHARS} characters either side (cut at words, `…` where the passage goes on);
 * otherwise its first {@link PLAIN_CHARS} characters.
 */
export function passageExcerpt(
  passage: ClosestPassage,
  quotes: readonly Pick<Citation, 'documentId' | 'page' | 'start' | 'end'>[],
): { before: string; quote: string | null; after: string } {
  const inside = quotes.find(
    (q) =>
      q.documentId === passage.documentId &&
      q.page === passage.page &&
      q.start >= passage.start &&
      q.end <= passage.end &&
      q.end > q.start,
  );
  const text = passage.text;
  if (!inside) {
    const flat = collapse(text).trim();
    if (flat.length <= PLAIN_CHARS) return { before: '', quote: null, after: flat };
    const cut = flat.slice(0, PLAIN_CHARS);
    const space = cut.lastIndexOf(' ');
    return {
      before: '',
      quote: null,
      after: `${cut.slice(0, space > 200 ? space : PLAIN_CHARS).trimEnd()}…`,
    };
  }
  const from = inside.start - passage.start;
  const to = inside.end - passage.start;
  let head = Math.max(0, from - AROUND_CHARS);
  if (head > 0) head += Math.max(0, text.slice(head, from).search(/\s/) + 1);
  let tail = Math.min(text.length, to + AROUND_CHARS);
  if (tail < text.length) {
    const space = text.slice(to, tail).search(/\s\S*$/);
    if (space > 0) tail = to + space;
  }
  return {
    before: (head > 0 ? '…' : '') + collapse(text.slice(head, from)).trimStart(),
    quote: collapse(text.slice(from, to)),
    after: collapse(text.slice(to, tail)).trimEnd() + (tail < text.length ? '…' : ''),
  };
}
