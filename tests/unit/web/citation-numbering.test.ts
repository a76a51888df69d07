import { describe, expect, it } from 'vitest';
import type { Citation } from '../../../apps/web/src/lib/api.ts';
import {
  type NumberedPiece,
  numberCitations,
  quoteKey,
} from '../../../apps/web/src/lib/citation-numbering.ts';

function cite(n: number, quote: string, start = 0): Citation {
  return {
    n,
    chunkId: `chunk-${n}`,
    documentId: 'd'.repeat(64),
    path: `/docs/doc-${n}.pdf`,
    page: n,
    heading: null,
    quote,
    start,
    end: start + quote.length,
    verified: true,
  };
}

/** Each marker as `[shown number]` followed by the quote it opens (or `?` while unknown). */
function markers(pieces: NumberedPiece[]): string[] {
  return pieces.flatMap((piece) =>
    piece.kind === 'marker' ? piece.refs.map((r) => `[${r.number}] ${r.citation?.quote ?? '?'}`) : [],
  );
}

describe('numberCitations', () => {
  it('numbers sources 1..n in order of first mention, whatever their server numbers', () => {
    const answer = 'Rent is monthly [4]. Notice is two months [2]. Rent again [4].';
    const { cards, pieces } = numberCitations(answer, [
      cite(2, 'Two months notice.'),
      cite(4, 'Monthly rent.'),
    ]);
    expect(cards.map((c) => [c.number, c.source])).toEqual([
      [1, 4],
      [2, 2],
    ]);
    expect(markers(pieces)).toEqual(['[1] Monthly rent.', '[2] Two months notice.', '[1] Monthly rent.']);
  });

  it('puts several quotes of one source on one card, each marker tied to the quote it follows', () => {
    // An extractive answer: three sentences of source 2 and one of source 5, each followed by its marker.
    const a = cite(2, 'The first  sentence.', 10);
    const b = cite(2, 'The second sentence.', 40);
    const c = cite(5, 'Another document says this.', 0);
    const d = cite(2, 'The third sentence.', 80);
    const answer = `${a.quote.replace(/\s+/g, ' ')} [2] ${c.quote} [5] ${b.quote} [2] ${d.quote} [2]`;
    // Citations in an order other than the answer's: the text decides.
    const { cards, pieces } = numberCitations(answer, [d, b, c, a]);
    expect(cards.map((card) => card.number)).toEqual([1, 2]);
    expect(cards[0]?.quotes.map((q) => q.quote)).toEqual([a.quote, b.quote, d.quote]);
    expect(markers(pieces)).toEqual([`[1] ${a.quote}`, `[2] ${c.quote}`, `[1] ${b.quote}`, `[1] ${d.quote}`]);
    const refs = pieces.flatMap((p) => (p.kind === 'marker' ? p.refs : []));
    expect(refs.map((r) => r.quote)).toEqual([0, 0, 1, 2]);
  });

  it('ties markers of a paraphrasing answer to the source’s quotes in order, repeating the last', () => {
    const { pieces } = numberCitations('One [3]. Two [3]. Three [3].', [
      cite(3, 'First.', 0),
      cite(3, 'Second.', 9),
    ]);
    expect(markers(pieces)).toEqual(['[1] First.', '[1] Second.', '[1] Second.']);
  });

  it('leaves a marker naming no cited source as text, with no gap in the numbers', () => {
    const { cards, pieces } = numberCitations('A [9]. B [1, 9]. C [3].', [cite(1, 'B.'), cite(3, 'C.')]);
    expect(cards.map((c) => [c.number, c.source])).toEqual([
      [1, 1],
      [2, 3],
    ]);
    expect(pieces[0]).toEqual({ kind: 'text', text: 'A [9]. B ' });
    expect(markers(pieces)).toEqual(['[1] B.', '[2] C.']);
  });

  it('gives cited sources the answer never mentions the numbers after the mentioned ones', () => {
    const { cards } = numberCitations('Only this [2].', [cite(7, 'Seven.'), cite(2, 'Two.')]);
    expect(cards.map((c) => [c.number, c.source])).toEqual([
      [1, 2],
      [2, 7],
    ]);
  });

  it('keeps one quote per distinct span', () => {
    const { cards } = numberCitations('X [1]. Y [1].', [cite(1, 'Same.'), cite(1, 'Same.')]);
    expect(cards).toHaveLength(1);
    expect(cards[0]?.quotes).toHaveLength(1);
  });

  it('numbers the markers of an answer still streaming by first mention, with no quote yet', () => {
    expect(markers(numberCitations('A [4]. B [2][4]. C [2', null).pieces)).toEqual([
      '[1] ?',
      '[2] ?',
      '[1] ?',
    ]);
    const streamed = numberCitations('A [4]. B [2][4]. C [2', null);
    expect(streamed.cards).toEqual([]);
    expect(streamed.pieces.at(-1)).toEqual({ kind: 'text', text: '. C [2' });
  });

  it('gives each quote a stable key', () => {
    expect(quoteKey(cite(2, 'abc', 5))).toBe('2:5-8');
  });
});
