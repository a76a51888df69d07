// A compared page's text cut into the pieces the Compare view draws (issue 18): plain text, and the
// spans the server marked as added, removed or changed, taken from the offsets of its changes into that
// side's page text. Pure, so that the marks can be checked exactly.
import type { ComparedPage } from './matter.ts';

/** A piece of one side's page: unchanged (`change` null) or a marked difference; `was` for a change. */
export interface MarkedPiece {
  text: string;
  change: 'added' | 'removed' | 'changed' | null;
  /** For a changed span on the newer side: the words it replaced. */
  was?: string;
}

/**
 * One side of a compared page as pieces: side `a` marks what was removed or changed, side `b` what was
 * added or changed (with the words it replaced). Spans outside the text are clipped; one overlapping an
 * earlier span keeps only its part after it.
 */
export function markedPieces(page: ComparedPage, side: 'a' | 'b'): MarkedPiece[] {
  const text = (side === 'a' ? page.textA : page.textB) ?? '';
  const marks: { start: number; end: number; change: NonNullable<MarkedPiece['change']>; was?: string }[] =
    [];
  for (const change of page.changes) {
    if (change.kind === 'changed') {
      const span = side === 'a' ? change.a : change.b;
      marks.push({ ...span, change: 'changed', ...(side === 'b' ? { was: change.was } : {}) });
    } else if (change.kind === 'added' && side === 'b') {
      marks.push({ ...change.b, change: 'added' });
    } else if (change.kind === 'removed' && side === 'a') {
      marks.push({ ...change.a, change: 'removed' });
    }
  }
  marks.sort((x, y) => x.start - y.start);
  const pieces: MarkedPiece[] = [];
  let at = 0;
  for (const mark of marks) {
    const start = Math.max(at, Math.min(mark.start, text.length));
    const end = Math.min(mark.end, text.length);
    if (end <= start) continue;
    if (start > at) pieces.push({ text: text.slice(at, start), change: null });
    pieces.push({
      text: text.slice(start, end),
      change: mark.change,
      ...(mark.was === undefined ? {} : { was: mark.was }),
    });
    at = end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), change: null });
  return pieces;
}

/** How many differences a page has, in words for its heading: "1 difference", "no differences". */
export function differencesText(page: ComparedPage): string {
  const n = page.changes.length;
  return n === 0 ? 'no differences' : n === 1 ? '1 difference' : `${n} differences`;
}
