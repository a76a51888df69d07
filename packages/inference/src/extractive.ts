import { citationFor } from './citations.ts';
import { contentStems, queryTerms, stem, words } from './query-terms.ts';
import { splitSentences } from './sentences.ts';
import { inverseDocumentFrequency, jaccard } from './term-stats.ts';
import type { Answer, Source } from './types.ts';

export interface ExtractiveOptions {
  /** Most sentences in the answer. Default 3. */
  maxSentences?: number;
}

/** The answer given when no sentence of the sources mentions any word of the question. */
export const NOT_FOUND = 'Not found in these documents.';

const K1 = 1.2;
const B = 0.75;
const DISTINCT_TERM_BONUS = 0.3;
const BIGRAM_BONUS = 0.25;
const RANK_PRIOR = 0.08;
const ANSWER_TYPE_BONUS = 0.3;
/** Lines in capitals are headings: they name a topic but rarely answer anything. */
const HEADING_FACTOR = 0.1;
const SHORT_WORDS = 4;
const LONG_WORDS = 50;
const DUPLICATE_JACCARD = 0.7;
/** Sentences scoring under this share of the best one are left out, so weak matches do not pad the answer. */
const RELATIVE_CUTOFF = 0.35;

interface Candidate {
  source: Source;
  rank: number;
  start: number;
  end: number;
  text: string;
  stems: string[];
  words: string[];
  score: number;
}

function candidatesOf(sources: readonly Source[]): Candidate[] {
  return sources.flatMap((source, rank) =>
    splitSentences(source.text).map((sentence) => ({
      source,
      rank,
      start: sentence.start,
      end: sentence.end,
      text: sentence.text,
      stems: contentStems(sentence.text),
      words: words(sentence.text),
      score: 0,
    })),
  );
}

function bigramCount(queryStems: readonly string[], stems: readonly string[]): number {
  const present = new Set(stems.slice(1).map((s, i) => `${stems[i]} ${s}`));
  return queryStems.slice(1).filter((s, i) => present.has(`${queryStems[i]} ${s}`)).length;
}

/** Questions asking how much, how many, how long or when are best answered by sentences with a number in them. */
const ASKS_FOR_NUMBER =
  /\b(?:how (?:much|many|long|soon|often|large|big|high)|when|what (?:amount|date|day|time|percentage|rate)|cost|price|fees?|deadline|rent|salary|wages?|amount|sum|total|premium|charges?|deposit|limit|threshold|excess|interest rate)\b/i;
const HAS_NUMBER =
  /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|sixty|ninety|hundred|thousand)\b/i;

// A clause number at the start of a sentence ("6.2 The Landlord …") is not an answer to "how much".
const CLAUSE_NUMBER = /^\s*\(?[\dA-Za-z]{1,3}(?:\.\d+)*[.)]?\s+/;
const AMOUNT =
  /[£$€]\s?\d|\d[\d,.]*\s*(?:pounds|dollars|euros|percent|per cent|%|(?:business |working )?days?|weeks?|months?|years?|hours?|minutes?)\b/i;

/** Bonus for a sentence that holds a number (more for an amount with a unit), clause numbers aside. */
function numberBonus(text: string): number {
  const body = text.replace(CLAUSE_NUMBER, '');
  if (AMOUNT.test(body)) return 2 * ANSWER_TYPE_BONUS;
  return HAS_NUMBER.test(body) ? ANSWER_TYPE_BONUS : 0;
}

function shapeFactor(text: string, wordCount: number): number {
  const letters = text.replace(/[^\p{L}]/gu, '');
  const inCapitals =
    letters.length > 1 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
  if (inCapitals) return HEADING_FACTOR;
  if (wordCount < SHORT_WORDS) return 0.5;
  if (wordCount > LONG_WORDS) return Math.max(0.5, LONG_WORDS / wordCount);
  return 1;
}

interface Query {
  stems: string[];
  asksForNumber: boolean;
}

function score(candidate: Candidate, query: Query, idf: Map<string, number>, avgLength: number): number {
  const queryStems = query.stems;
  const frequencies = new Map<string, number>();
  for (const s of candidate.stems) frequencies.set(s, (frequencies.get(s) ?? 0) + 1);
  const norm = K1 * (1 - B + (B * candidate.stems.length) / avgLength);
  let bm25 = 0;
  let distinct = 0;
  for (const term of new Set(queryStems)) {
    const tf = frequencies.get(term) ?? 0;
    if (tf === 0) continue;
    distinct++;
    bm25 += ((idf.get(term) ?? 0) * tf * (K1 + 1)) / (tf + norm);
  }
  if (distinct === 0) return 0;
  const answerType = query.asksForNumber ? numberBonus(candidate.text) : 0;
  const bonus =
    1 +
    DISTINCT_TERM_BONUS * (distinct - 1) +
    BIGRAM_BONUS * bigramCount(queryStems, candidate.stems) +
    answerType;
  return (
    (bm25 * bonus * shapeFactor(candidate.text, candidate.words.length)) / (1 + RANK_PRIOR * candidate.rank)
  );
}

function pick(candidates: readonly Candidate[], maxSentences: number): Candidate[] {
  const ranked = candidates
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.rank - b.rank || a.start - b.start);
  const top = ranked[0]?.score ?? 0;
  const picked: Candidate[] = [];
  for (const candidate of ranked) {
    if (picked.length >= maxSentences || candidate.score < top * RELATIVE_CUTOFF) break;
    if (picked.some((p) => jaccard(p.words, candidate.words) > DUPLICATE_JACCARD)) continue;
    picked.push(candidate);
  }
  return picked.sort((a, b) => a.rank - b.rank || a.start - b.start);
}

/**
 * Answers without a model by quoting the source sentences that best match the question. Each
 * sentence is scored by BM25 over the question's stemmed content words (IDF across all candidate
 * sentences), boosted for matching several distinct words, for question word pairs found in
 * order, and for containing a number when the question asks how much, how long or when; mildly
 * favouring earlier-ranked sources and penalising headings in capitals and very short or very
 * long sentences.
 * The best few (default 3, none under 35% of the best score, no near-duplicates by word Jaccard
 * > 0.7) are given in source order, each followed by its ` [n]` and cited verbatim. When nothing
 * matches any question word the answer is refused with "Not found in these documents."
 */
export function extractiveAnswer(
  question: string,
  sources: readonly Source[],
  options: ExtractiveOptions = {},
): Answer {
  const query = { stems: queryTerms(question).map(stem), asksForNumber: ASKS_FOR_NUMBER.test(question) };
  const candidates = candidatesOf(sources);
  if (query.stems.length === 0 || candidates.length === 0) return refused();
  const idf = inverseDocumentFrequency(candidates.map((c) => c.stems));
  const avgLength = Math.max(1, candidates.reduce((sum, c) => sum + c.stems.length, 0) / candidates.length);
  for (const candidate of candidates) candidate.score = score(candidate, query, idf, avgLength);
  const picked = pick(candidates, Math.max(1, options.maxSentences ?? 3));
  if (picked.length === 0) return refused();
  return {
    answer: picked.map((c) => `${c.text.replace(/\s+/g, ' ')} [${c.source.n}]`).join(' '),
    mode: 'extractive',
    citations: picked.map((c) => ({ ...citationFor(c.source, c.start, c.end), support: 1 })),
  };
}

function refused(): Answer {
  return { answer: NOT_FOUND, mode: 'refused', citations: [] };
}
