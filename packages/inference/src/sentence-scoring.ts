import { answerTypeMatch, type ExpectedAnswer, expectedAnswer } from './answer-type.ts';
import type { CandidateSentence } from './extractive-candidates.ts';
import { queryTerms, stem } from './query-terms.ts';
import { inverseDocumentFrequency } from './term-stats.ts';

/** The weights of the features a sentence is scored on (see `scoreSentences`). */
export interface SentenceWeights {
  /** Multiplier per unit of answer-type match (0, 0.5 or 1). */
  answerType: number;
  /** Multiplier per unit of proximity (distinct question terms / words spanned, 0–1). */
  proximity: number;
  /** Share of the neighbouring sentences' question-term weight a sentence borrows. */
  context: number;
  /** Division per rank of the sentence's source: score / (1 + rank × this). */
  rank: number;
  /** Factor for a heading, label or caption that holds the kind of answer asked for (else it scores 0). */
  label: number;
}

/**
 * The best point of a grid (answer type 0–5, proximity 0–2, context 0–1, rank 0–1, label 0–1) for
 * both question sets together, `eval/qa.jsonl` and `../shared/realdocs/qa.jsonl`: the mean of the two
 * sets' shares of answers whose first sentence holds an evidence phrase. Choosing it with one
 * document left out, for each of the 24 documents, scores 0.45 and 0.56 on the left-out documents
 * (0.46 and 0.58 in sample); the grid is flat near this point.
 */
export const SENTENCE_WEIGHTS: SentenceWeights = {
  answerType: 2,
  proximity: 0.5,
  context: 0.25,
  rank: 0.25,
  label: 0.5,
};

/** Sentences shorter or longer than these (in words) count less. */
const SHORT_WORDS = 4;
const LONG_WORDS = 50;
/** A question term found only as a word with the same first 5 letters ("pregnant", "pregnancy") counts half. */
const PREFIX = 5;
const PREFIX_SHARE = 0.5;

export interface ScoredSentence extends CandidateSentence {
  score: number;
  /** Distinct question terms the sentence holds. */
  matched: number;
}

interface Query {
  stems: string[];
  expected: ExpectedAnswer;
}

const prefixOf = (stem: string): string | null => (stem.length >= PREFIX ? stem.slice(0, PREFIX) : null);

/** IDF weight of the question terms held (see `PREFIX`), and how many of them are held exactly. */
function termWeight(
  query: Query,
  stems: readonly string[],
  idf: ReadonlyMap<string, number>,
  fallback: number,
) {
  const present = new Set(stems);
  const prefixes = new Set(stems.map(prefixOf));
  let weight = 0;
  let matched = 0;
  for (const term of new Set(query.stems)) {
    if (present.has(term)) {
      weight += idf.get(term) ?? fallback;
      matched++;
    } else if (prefixes.has(prefixOf(term) ?? '')) {
      weight += PREFIX_SHARE * (idf.get(term) ?? fallback);
    }
  }
  return { weight, matched };
}

/** Distinct question terms held / content words spanned by the tightest window holding them all. */
function proximity(query: Query, stems: readonly string[]): number {
  const wanted = new Set(query.stems);
  const positions = stems.flatMap((s, i) => (wanted.has(s) ? [[i, s] as const] : []));
  const distinct = new Set(positions.map(([, s]) => s)).size;
  if (distinct < 2) return 0;
  const counts = new Map<string, number>();
  let best = Number.POSITIVE_INFINITY;
  let left = 0;
  for (const [position, term] of positions) {
    counts.set(term, (counts.get(term) ?? 0) + 1);
    while (counts.size === distinct) {
      const [leftPosition, leftTerm] = positions[left] ?? [position, term];
      best = Math.min(best, position - leftPosition + 1);
      const count = (counts.get(leftTerm) ?? 1) - 1;
      if (count === 0) counts.delete(leftTerm);
      else counts.set(leftTerm, count);
      left++;
    }
  }
  return distinct / best;
}

function lengthFactor(wordCount: number): number {
  if (wordCount < SHORT_WORDS) return 0.5;
  if (wordCount > LONG_WORDS) return Math.max(0.5, LONG_WORDS / wordCount);
  return 1;
}

/**
 * The candidate sentences (see `candidateSentences`), each scored by how well it answers `question`:
 * the IDF weight (across the candidates) of the question's stemmed content words it holds, plus a
 * share of its neighbours' (an answer often says "they" for the words of the sentence before), times
 * a bonus for holding the kind of answer asked for (an amount for "how much", a date for "when"…),
 * times a bonus for the question's words standing close together, over the rank of its source; very
 * short and very long sentences count less. Headings and labels score 0 unless they hold the kind of
 * answer asked for. Returned in candidate order.
 */
export function scoreSentences(
  question: string,
  candidates: readonly CandidateSentence[],
  weights: SentenceWeights = SENTENCE_WEIGHTS,
): ScoredSentence[] {
  const query: Query = { stems: queryTerms(question).map(stem), expected: expectedAnswer(question) };
  if (query.stems.length === 0) return candidates.map((c) => ({ ...c, score: 0, matched: 0 }));
  const idf = inverseDocumentFrequency(candidates.map((c) => c.stems));
  const fallback = Math.log(1 + (candidates.length + 0.5) / 0.5);
  return candidates.map((candidate) => {
    const own = termWeight(query, candidate.stems, idf, fallback);
    const borrowed = Math.max(
      0,
      ...candidate.neighbourStems.map((s) => termWeight(query, s, idf, fallback).weight),
    );
    const typed = answerTypeMatch(query.expected, candidate.text);
    if (candidate.label && typed < 1) return { ...candidate, score: 0, matched: own.matched };
    const base = own.weight + weights.context * borrowed;
    const score =
      (base *
        (1 + weights.answerType * typed) *
        (1 + weights.proximity * proximity(query, candidate.stems)) *
        lengthFactor(candidate.words.length) *
        (candidate.label ? weights.label : 1)) /
      (1 + weights.rank * candidate.rank);
    return { ...candidate, score, matched: own.matched };
  });
}
