// How an answer's citations are numbered for the reader (issue 15): one card per cited source, numbered
// 1..n in the order the answer first mentions them (no gaps, no repeats, whatever the server's source
// numbers), several quotes of one source on one card, and each marker tied to the quote it follows.
import { findMarkerGroups } from '@quire/inference/citation-markers';
import type { Citation } from './api.ts';

/** One cited source as the reader sees it: its shown number and its quotes, in order of first mention. */
export interface SourceCard {
  /** The number shown, 1..n in order of first mention in the answer. */
  number: number;
  /** The server's source number (`citation.n`). */
  source: number;
  /** The distinct quotes cited from this source (at least one). */
  quotes: Citation[];
}

/** What one number of a marker stands for: a card and, once the citations are known, one of its quotes. */
export interface MarkerRef {
  number: number;
  /** Index in the card's `quotes`; null while the citations are not known (a streaming answer). */
  quote: number | null;
  citation: Citation | null;
}

/** A piece of an answer: plain text, or a citation marker with what each of its numbers stands for. */
export type NumberedPiece =
  | { kind: 'text'; text: string }
  | { kind: 'marker'; raw: string; refs: MarkerRef[] };

export interface Numbering {
  pieces: NumberedPiece[];
  cards: SourceCard[];
}

/** A stable key for one quote of one source (selection, DOM ids). */
export function quoteKey(citation: Pick<Citation, 'n' | 'start' | 'end'>): string {
  return `${citation.n}:${citation.start}-${citation.end}`;
}

const folded = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Numbers the citations of `answer` for display. `citations` null means they are not known yet (an
 * answer still streaming, or stopped): every marker number is then numbered by first mention, so the
 * numbers do not change when the answer completes. With citations, markers naming a source that has no
 * citation stay plain text, and a marker is tied to the quote of its source whose words end just before
 * it (an extractive answer's sentence), else to that source's next quote in order (the last one repeats).
 * Cited sources the text never mentions get the numbers after the mentioned ones.
 */
export function numberCitations(answer: string, citations: readonly Citation[] | null): Numbering {
  const quotesBySource = new Map<number, Citation[]>();
  for (const citation of citations ?? []) {
    const quotes = quotesBySource.get(citation.n) ?? [];
    if (!quotes.some((q) => quoteKey(q) === quoteKey(citation))) quotes.push(citation);
    quotesBySource.set(citation.n, quotes);
  }
  const numbers = new Map<number, number>();
  const mentions = new Map<number, number>();
  /** Per source, its quotes in the order markers first refer to them. */
  const referred = new Map<number, Citation[]>();
  const numberOf = (source: number) => {
    const known = numbers.get(source);
    if (known !== undefined) return known;
    const next = numbers.size + 1;
    numbers.set(source, next);
    return next;
  };

  const pieces: NumberedPiece[] = [];
  let last = 0;
  for (const group of findMarkerGroups(answer)) {
    const raw = answer.slice(group.start, group.end);
    const before = folded(answer.slice(last, group.start));
    const refs: MarkerRef[] = [];
    for (const source of new Set(group.numbers)) {
      if (citations === null) {
        refs.push({ number: numberOf(source), quote: null, citation: null });
        continue;
      }
      const quotes = quotesBySource.get(source);
      if (!quotes) continue;
      const mention = mentions.get(source) ?? 0;
      mentions.set(source, mention + 1);
      const following = quotes.find((q) => {
        const words = folded(q.quote);
        return words !== '' && before.endsWith(words);
      });
      const citation = following ?? quotes[Math.min(mention, quotes.length - 1)];
      if (!citation) continue;
      const order = referred.get(source) ?? [];
      if (!order.includes(citation)) order.push(citation);
      referred.set(source, order);
      refs.push({ number: numberOf(source), quote: null, citation });
    }
    if (group.start > last) pieces.push({ kind: 'text', text: answer.slice(last, group.start) });
    pieces.push(refs.length > 0 ? { kind: 'marker', raw, refs } : { kind: 'text', text: raw });
    last = group.end;
  }
  if (last < answer.length) pieces.push({ kind: 'text', text: answer.slice(last) });

  for (const source of quotesBySource.keys()) numberOf(source);
  const cards: SourceCard[] = [...numbers]
    .filter(([source]) => quotesBySource.has(source))
    .map(([source, number]) => {
      const order = referred.get(source) ?? [];
      const rest = (quotesBySource.get(source) ?? []).filter((q) => !order.includes(q));
      return { number, source, quotes: [...order, ...rest] };
    });
  for (const piece of pieces) {
    if (piece.kind !== 'marker') continue;
    for (const ref of piece.refs) {
      const card = cards.find((c) => c.number === ref.number);
      if (card && ref.citation) ref.quote = card.quotes.indexOf(ref.citation);
    }
  }
  return { pieces: mergeText(pieces), cards };
}

/** Adjacent text pieces joined (a marker that named no cited source reads as the text around it). */
function mergeText(pieces: NumberedPiece[]): NumberedPiece[] {
  const merged: NumberedPiece[] = [];
  for (const piece of pieces) {
    const previous = merged.at(-1);
    if (piece.kind === 'text' && previous?.kind === 'text') previous.text += piece.text;
    else merged.push(piece);
  }
  return merged;
}
