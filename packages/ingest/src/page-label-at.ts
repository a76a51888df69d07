import type { PageLabelMark } from './types.ts';

/** What a page record holds of its labels (a parsed page, or one read back from the index). */
export interface PageLabels {
  label?: string | null;
  labelMarks?: readonly PageLabelMark[] | null;
}

/**
 * The label of the text at `offset` of a page: the last mark at or before it when the page has marks
 * (the first mark's label before any), else the page's label; null when it has none.
 */
export function labelAt(page: PageLabels, offset: number): string | null {
  const marks = page.labelMarks;
  if (marks && marks.length > 0) {
    let found = marks[0]?.label ?? null;
    for (const mark of marks) {
      if (mark.offset > offset) break;
      found = mark.label;
    }
    return found;
  }
  return page.label ?? null;
}

/**
 * The label of the text `start`–`end` of a page: one label, or `first–last` when the passage runs over a
 * page break Word recorded; null when the page has none.
 */
export function labelOfRange(page: PageLabels, start: number, end: number): string | null {
  const first = labelAt(page, start);
  const last = labelAt(page, Math.max(start, end - 1));
  return first !== null && last !== null && last !== first ? `${first}–${last}` : first;
}
