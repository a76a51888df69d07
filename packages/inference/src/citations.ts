import { findMarkerGroups, type MarkerGroup, maskMarkers } from './citation-markers.ts';
import { contentStems } from './query-terms.ts';
import { type Sentence, splitSentences } from './sentences.ts';
import { inverseDocumentFrequency } from './term-stats.ts';
import type { Citation, Source } from './types.ts';
import { findVerbatim } from './verbatim-find.ts';

/** One citation marker's position in the answer: source number `n` cited at character `index`. */
export interface CitationMarker {
  n: number;
  index: number;
}

export interface ParsedCitations {
  /** One per distinct cited source, in order of first citation. */
  citations: Citation[];
  /** Every valid marker, in order; `[1, 2]` gives two markers at the same index. */
  markers: CitationMarker[];
}

/** A quoted phrase must be at least this long (after folding) to be looked up in a source. */
const MIN_QUOTED_CHARS = 8;
/** A clause before a marker needs this many content words to stand on its own as the claim. */
const MIN_CLAUSE_TERMS = 2;
const QUOTED = /["“]([^"“”\n]+)["”]/g;

/** The citation of `source` quoting `source.text.slice(start, end)`; offsets become page offsets. */
export function citationFor(source: Source, start: number, end: number): Citation {
  return {
    n: source.n,
    chunkId: source.chunkId,
    documentId: source.documentId,
    path: source.path,
    page: source.page,
    heading: source.headingPath.at(-1) ?? null,
    quote: source.text.slice(start, end),
    start: source.start + start,
    end: source.start + end,
  };
}

interface Claim {
  stems: string[];
  quotes: string[];
}

function sentenceIndexFor(sentences: readonly Sentence[], index: number): number {
  const containing = sentences.findIndex((s) => s.start <= index && index < s.end);
  if (containing >= 0) return containing;
  const before = sentences.findLastIndex((s) => s.end <= index);
  return Math.max(before, 0);
}

function claimFor(
  masked: string,
  sentences: readonly Sentence[],
  groups: readonly MarkerGroup[],
  i: number,
): Claim {
  const group = groups[i];
  const sentence = group ? sentences[sentenceIndexFor(sentences, group.start)] : undefined;
  if (!group || !sentence) return { stems: [], quotes: [] };
  const previousEnd = groups
    .slice(0, i)
    .map((g) => g.end)
    .filter((end) => end > sentence.start && end <= group.start)
    .at(-1);
  const clause = masked.slice(previousEnd ?? sentence.start, Math.min(group.start, sentence.end));
  const clauseStems = contentStems(clause);
  const stems = clauseStems.length >= MIN_CLAUSE_TERMS ? clauseStems : contentStems(sentence.text);
  const quotes = [...sentence.text.matchAll(QUOTED)].map((m) => m[1] ?? '');
  return { stems, quotes };
}

function quotedSpan(source: Source, quotes: readonly string[]): { start: number; end: number } | null {
  const pieces = quotes
    .flatMap((quote) => quote.split(/\.{3}|…/))
    .map((piece) => piece.trim().replace(/^[\s,;:.]+|[\s,;:.]+$/g, ''))
    .filter((piece) => piece.length >= MIN_QUOTED_CHARS && /\s/.test(piece))
    .sort((a, b) => b.length - a.length);
  for (const piece of pieces) {
    const found = findVerbatim(source.text, piece);
    if (found) return found;
  }
  return null;
}

function bestSentence(source: Source, stems: readonly string[]): { start: number; end: number } {
  const sentences = splitSentences(source.text);
  const sentenceStems = sentences.map((s) => contentStems(s.text));
  const idf = inverseDocumentFrequency(sentenceStems);
  const wanted = new Set(stems);
  let best: Sentence | undefined;
  let bestScore = -1;
  sentences.forEach((sentence, i) => {
    let score = 0;
    for (const stem of new Set(sentenceStems[i])) if (wanted.has(stem)) score += idf.get(stem) ?? 0;
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  });
  return best ? { start: best.start, end: best.end } : { start: 0, end: source.text.length };
}

/** Share of the claim's distinct content stems that occur in `quote`. */
function supportOf(claimStems: readonly string[], quote: string): number {
  const wanted = new Set(claimStems);
  if (wanted.size === 0) return 0;
  const present = new Set(contentStems(quote));
  let found = 0;
  for (const stem of wanted) if (present.has(stem)) found++;
  return found / wanted.size;
}

/**
 * Reads the citation markers in a model's answer (`[1]`, `[1, 2]`, `[1][3]`, `[1-3]`, `【1】`,
 * `[Source 1]`) and ties each cited source to a verbatim quote. Numbers with no matching
 * `source.n` are ignored. The quote is a phrase the answer put in double quotes, if it occurs in
 * the source (ignoring case and whitespace); otherwise the source sentence sharing the most
 * (IDF-weighted) content words with the claim before the marker, earliest on ties.
 */
export function parseCitations(answer: string, sources: readonly Source[]): ParsedCitations {
  const byNumber = new Map(sources.map((source) => [source.n, source]));
  const groups = findMarkerGroups(answer);
  const masked = maskMarkers(answer, groups);
  const sentences = splitSentences(masked);
  const markers: CitationMarker[] = [];
  const claims = new Map<number, Claim>();
  groups.forEach((group, i) => {
    const claim = claimFor(masked, sentences, groups, i);
    for (const n of new Set(group.numbers)) {
      if (!byNumber.has(n)) continue;
      markers.push({ n, index: group.start });
      const existing = claims.get(n) ?? { stems: [], quotes: [] };
      claims.set(n, {
        stems: [...existing.stems, ...claim.stems],
        quotes: [...existing.quotes, ...claim.quotes],
      });
    }
  });
  const citations: Citation[] = [];
  for (const [n, claim] of claims) {
    const source = byNumber.get(n);
    if (!source) continue;
    const quoted = quotedSpan(source, claim.quotes);
    const span = quoted ?? bestSentence(source, claim.stems);
    const citation = citationFor(source, span.start, span.end);
    citations.push({ ...citation, support: quoted ? 1 : supportOf(claim.stems, citation.quote) });
  }
  return { citations, markers };
}
