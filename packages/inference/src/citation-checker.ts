import type { Citation } from './types.ts';
import { findVerbatim } from './verbatim-find.ts';

/** A citation counts as verified only when its quote carries at least this share of the claim's words. */
export const MIN_SUPPORT = 0.34;

/**
 * Checks a citation against the stored text of the page it cites: the quote must be found there
 * (ignoring whitespace, line-break hyphenation, quote-mark styles, ligatures and case) and must support
 * the claim it is attached to (`support` ≥ {@link MIN_SUPPORT}). Returns the citation with `verified`,
 * the quote as it stands on the page, and its offsets there; a quote that is not on the page keeps
 * its text and is marked unverified — never shown as verified.
 */
export function checkCitation(
  citation: Citation,
  pageText: string | null,
  minSupport = MIN_SUPPORT,
): Citation {
  const documentHash = citation.documentId;
  if (pageText === null) return { ...citation, documentHash, verified: false };
  const exact = pageText.slice(citation.start, citation.end) === citation.quote;
  const found = exact
    ? { start: citation.start, end: citation.end }
    : findVerbatim(pageText, citation.quote, citation.start);
  if (!found) return { ...citation, documentHash, verified: false };
  return {
    ...citation,
    quote: pageText.slice(found.start, found.end),
    start: found.start,
    end: found.end,
    documentHash,
    verified: (citation.support ?? 0) >= minSupport,
  };
}
