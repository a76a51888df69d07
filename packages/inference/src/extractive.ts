import { citationFor } from './citations.ts';
import { type CandidateSentence, candidateSentences, type PageTextLookup } from './extractive-candidates.ts';
import {
  type ScoredSentence,
  SENTENCE_WEIGHTS,
  type SentenceWeights,
  scoreSentences,
} from './sentence-scoring.ts';
import { jaccard } from './term-stats.ts';
import type { Answer, Citation, Source } from './types.ts';

export interface ExtractiveOptions {
  /** Most sentences in the answer. Default 3. */
  maxSentences?: number;
  /**
   * The stored text of a cited page. With it, quotes are whole sentences of the page even where a
   * passage starts or ends mid-sentence. Default: none (the passages' own sentences).
   */
  pageText?: PageTextLookup;
}

/** The answer given when no sentence of the sources mentions any word of the question. */
export const NOT_FOUND = 'Not found in these documents.';

const DUPLICATE_JACCARD = 0.7;
/** Sentences scoring under this share of the best one are left out, so weak matches do not pad the answer. */
const RELATIVE_CUTOFF = 0.35;

const pageOf = (s: ScoredSentence) => `${s.source.documentId}\u0000${s.source.page}`;
const samePage = (a: ScoredSentence, b: ScoredSentence) => pageOf(a) === pageOf(b);
const overlaps = (a: ScoredSentence, b: ScoredSentence) =>
  samePage(a, b) && a.start < b.end && b.start < a.end;

/**
 * The best sentence, then up to `max - 1` more scoring at least 35% of it and not near-duplicates
 * (word Jaccard > 0.7) of, nor overlapping, one taken; none that comes before the best one on its
 * page, so the best one can lead while each page's sentences stay in reading order.
 */
function pick(scored: readonly ScoredSentence[], max: number): ScoredSentence[] {
  const ranked = scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.rank - b.rank || a.start - b.start);
  const [lead] = ranked;
  if (!lead) return [];
  const picked = [lead];
  for (const candidate of ranked.slice(1)) {
    if (picked.length >= max || candidate.score < lead.score * RELATIVE_CUTOFF) break;
    const beforeLead = samePage(candidate, lead) && candidate.start < lead.start;
    const repeats = picked.some(
      (p) => overlaps(p, candidate) || jaccard(p.words, candidate.words) > DUPLICATE_JACCARD,
    );
    if (!beforeLead && !repeats) picked.push(candidate);
  }
  return picked;
}

/**
 * The picked sentences as runs to quote: pages in the order of their best sentence, each page's
 * sentences in reading order, neighbouring sentences of one passage joined into one run.
 */
function runsOf(picked: readonly ScoredSentence[]): ScoredSentence[][] {
  const pages: ScoredSentence[][] = [];
  for (const sentence of picked) {
    const page = pages.find((p) => p[0] && samePage(p[0], sentence));
    if (page) page.push(sentence);
    else pages.push([sentence]);
  }
  const runs: ScoredSentence[][] = [];
  for (const page of pages) {
    let run: ScoredSentence[] = [];
    for (const sentence of page.sort((a, b) => a.start - b.start)) {
      const last = run.at(-1);
      if (last && (last.source.n !== sentence.source.n || last.last + 1 !== sentence.first)) {
        runs.push(run);
        run = [];
      }
      run.push(sentence);
    }
    runs.push(run);
  }
  return runs;
}

/** The citation of a run: the page text from its first sentence to its last, cited to the first's source. */
function citationOf(run: readonly ScoredSentence[]): Citation | null {
  const first = run[0];
  const last = run.at(-1);
  if (!first || !last) return null;
  const { text, offset } = first.frame;
  const quote = text.slice(first.start - offset, last.end - offset);
  return { ...citationFor(first.source, 0, 0), quote, start: first.start, end: last.end, support: 1 };
}

/**
 * Answers without a model by quoting whole sentences of the sources that best answer the question
 * (scored by `scoreSentences`: question words held, the kind of answer asked for, closeness of the
 * question's words, the source's rank). At most `maxSentences` (default 3): the most answer-like
 * first, then the others by page in the order of their best sentence, each page's sentences in
 * reading order; neighbouring sentences of one passage are quoted together. Questions, headings,
 * labels and pieces of sentences are never quoted. Each quote is followed by its ` [n]` and cited
 * verbatim with page offsets. When no sentence holds any word of the question the answer is refused
 * with "Not found in these documents."
 */
export function extractiveAnswer(
  question: string,
  sources: readonly Source[],
  options: ExtractiveOptions = {},
): Answer {
  return answerFromCandidates(question, candidateSentences(sources, options.pageText), options);
}

/** `extractiveAnswer` from sentences already gathered, with other weights (for choosing them by validation). */
export function answerFromCandidates(
  question: string,
  candidates: readonly CandidateSentence[],
  options: ExtractiveOptions = {},
  weights: SentenceWeights = SENTENCE_WEIGHTS,
): Answer {
  const scored = scoreSentences(question, candidates, weights);
  const runs = runsOf(pick(scored, Math.max(1, options.maxSentences ?? 3)));
  const quoted = runs.flatMap((run) => citationOf(run) ?? []);
  if (quoted.length === 0) return { answer: NOT_FOUND, mode: 'refused', citations: [] };
  return {
    answer: quoted.map((c) => `${c.quote.replace(/\s+/g, ' ')} [${c.n}]`).join(' '),
    mode: 'extractive',
    citations: quoted,
  };
}
