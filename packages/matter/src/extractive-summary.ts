// A document's extractive summary, with no chat model: the few sentences that best represent it, each a
// verbatim quote of its page. "Best represent" is the classic centroid rule: a sentence scores by how close
// its content words (weighted by how rare they are among the document's sentences) lie to the document's
// overall word weights, and a sentence too like one already chosen is skipped. No constant here was fitted
// to any document set: the limits are what a quotable sentence is.
import { queryTerms, type Sentence, splitSentences, stem } from '@quire/inference';

/** A summary sentence: `pageText.slice(start, end) === text`. */
export interface SummarySentence {
  page: number;
  start: number;
  end: number;
  text: string;
}

export interface ExtractiveSummaryOptions {
  /** Sentences in the summary (default 3). */
  sentences?: number;
  /** Sentences read as candidates, from the start of the document (default 4,000: a long book's first
   *  few hundred pages, which is where what it is about is said). */
  maxCandidates?: number;
}

/** A candidate has this many words at least (shorter: headings, captions, list stubs) and at most. */
const MIN_WORDS = 8;
const MAX_WORDS = 60;
/** A sentence whose characters are less than this share letters is a table row or a number list. */
const MIN_LETTER_SHARE = 0.6;
/** A sentence sharing this share of its terms with one already chosen says the same again. */
const REDUNDANT = 0.5;

/** The sentences that best represent the document's pages, in reading order. */
export function extractiveSummary(
  pages: readonly { page: number; text: string }[],
  options: ExtractiveSummaryOptions = {},
): SummarySentence[] {
  const want = options.sentences ?? 3;
  const maxCandidates = options.maxCandidates ?? 4000;
  const candidates: { sentence: SummarySentence; terms: string[]; order: number }[] = [];
  outer: for (const page of pages) {
    for (const s of splitSentences(page.text)) {
      if (candidates.length >= maxCandidates) break outer;
      if (!quotable(s)) continue;
      const terms = queryTerms(s.text).map(stem);
      if (terms.length < 3) continue;
      candidates.push({
        sentence: { page: page.page, start: s.start, end: s.end, text: s.text },
        terms,
        order: candidates.length,
      });
    }
  }
  if (candidates.length === 0) return [];
  const df = new Map<string, number>();
  for (const c of candidates) for (const t of new Set(c.terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = candidates.length;
  // A term in a single sentence says nothing of the whole; idf keeps terms in every sentence from dominating.
  const weight = (t: string) => {
    const d = df.get(t) ?? 0;
    return d < 2 && n > 2 ? 0 : Math.log(1 + n / d);
  };
  const centroid = new Map<string, number>();
  for (const c of candidates) for (const t of c.terms) centroid.set(t, (centroid.get(t) ?? 0) + weight(t));
  const centroidNorm = Math.hypot(...centroid.values()) || 1;
  const scored = candidates.map((c) => {
    const vector = new Map<string, number>();
    for (const t of c.terms) vector.set(t, (vector.get(t) ?? 0) + weight(t));
    let dot = 0;
    for (const [t, w] of vector) dot += w * (centroid.get(t) ?? 0);
    const norm = Math.hypot(...vector.values()) || 1;
    return { ...c, score: dot / (norm * centroidNorm) };
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  const chosen: typeof scored = [];
  for (const c of scored) {
    if (chosen.length >= want) break;
    if (c.score <= 0) break;
    if (chosen.some((k) => termOverlap(k.terms, c.terms) >= REDUNDANT)) continue;
    chosen.push(c);
  }
  return chosen.sort((a, b) => a.order - b.order).map((c) => c.sentence);
}

/** `Subject: `, `From: `: a field of a header card or form. */
const HEADER_FIELD = /(?:^|\n)\s*[A-Z][\w-]{1,20}:\s/g;

function quotable(s: Sentence): boolean {
  if (s.cut) return false;
  const words = s.text.split(/\s+/).length;
  if (words < MIN_WORDS || words > MAX_WORDS) return false;
  const chars = s.text.replace(/\s/g, '');
  const letters = chars.match(/\p{L}/gu)?.length ?? 0;
  if (letters / chars.length < MIN_LETTER_SHARE) return false;
  // Header lines ("From: …", "Subject: …") are a card, not a statement.
  if ((s.text.match(HEADER_FIELD) ?? []).length >= 2) return false;
  // A line in capitals is a heading or a caption, not a statement.
  return s.text !== s.text.toUpperCase();
}

function termOverlap(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  const [small, large] = sa.size <= sb.size ? [sa, sb] : [sb, sa];
  let shared = 0;
  for (const t of small) if (large.has(t)) shared++;
  return small.size === 0 ? 0 : shared / small.size;
}
