import type { GoldPage } from './qa-set.ts';

/** A retrieved passage's location, in rank order (best first). */
export interface RankedPage {
  path: string;
  page: number;
}

/** The retrieval modes the evaluation compares, in table order. */
export const RETRIEVAL_MODES = ['fulltext', 'vector', 'hybrid'] as const;
export type RetrievalMode = (typeof RETRIEVAL_MODES)[number];

/** One question retrieved in one mode. Rows with no gold page (unanswerable) are not scored. */
export interface RetrievalRow {
  mode: RetrievalMode;
  gold: readonly GoldPage[];
  ranked: readonly RankedPage[];
}

/** Means over the answerable questions of one mode. */
export interface ModeSummary {
  pageHit1: number;
  pageHit5: number;
  mrr10: number;
  /** How many answerable questions the means are over. */
  answerable: number;
}

export type RetrievalSummary = Partial<Record<RetrievalMode, ModeSummary>>;

/** Whether a question was refused, and whether it had an answer in the corpus. */
export interface RefusalRow {
  refused: boolean;
  answerable: boolean;
}

/** Refusal as a classifier: positive = refused. Shares are null when their denominator is 0. */
export interface RefusalSummary {
  precision: number | null;
  recall: number | null;
  /** Share of answerable questions that were refused (false refusals). */
  answerableRefused: number | null;
  refused: number;
  refusedUnanswerable: number;
  unanswerable: number;
  refusedAnswerable: number;
  answerable: number;
}

/** One citation of an answer, and whether its quote was found verbatim on the cited page. */
export interface CitationRow {
  verified: boolean;
  /** Whether the quote is one or more whole sentences of its page (see `isWholeSentences`). */
  wholeSentences?: boolean;
}

export interface CitationSummary {
  verified: number;
  total: number;
  share: number | null;
  /**
   * Citations whose quote is one or more whole sentences of the cited page, in its reading order: what
   * an extractive answer must quote (a model's quote may be a phrase). Absent when not measured.
   */
  wholeSentences?: number;
}

/** Answers whose first sentence holds one of the question's evidence phrases (questions that have some). */
export interface AnswerSummary {
  firstSentenceEvidence: number;
  withEvidence: number;
  share: number | null;
}

/** One question's support level, whether it had an answer, and whether its first sentence was right. */
export interface SupportRow {
  answered: boolean;
  answerable: boolean;
  /** The answer's first sentence holds an evidence phrase (null: the question has none). */
  firstSentenceEvidence: boolean | null;
}

/**
 * How often `support: "answered"` was given. Shares are null when their denominator is 0. A wrong
 * answer shown as an answer is an unanswerable question answered, or an answer whose first sentence
 * misses the evidence.
 */
export interface SupportSummary {
  /** Share of unanswerable questions given as answered. */
  unanswerableAnswered: number | null;
  /** Share of answerable questions given as answered. */
  answerableAnswered: number | null;
  /** Of the answerable questions given as answered (those with evidence phrases), the share whose first sentence holds one. */
  answeredRight: number | null;
  answeredUnanswerable: number;
  unanswerable: number;
  answeredAnswerable: number;
  answerable: number;
  answeredFirstSentenceEvidence: number;
  answeredWithEvidence: number;
}

/** Everything `formatEvalTable` prints. */
export interface EvalSummary {
  retrieval: RetrievalSummary;
  refusal?: RefusalSummary;
  support?: SupportSummary;
  citations?: CitationSummary;
  answers?: AnswerSummary;
  /** Retrieval per kind of question (paraphrase, numeric, …). */
  byKind?: Record<string, RetrievalSummary>;
  /** Retrieval per document (the first gold page's path), so one document cannot hide behind the mean. */
  byDocument?: Record<string, RetrievalSummary>;
}

/**
 * Whether a retrieved page is a gold page: same page number, and the result path equals the gold
 * path or ends with `/<gold path>` (so gold paths may be relative to the workspace folder).
 * Backslashes count as slashes, and a leading `./` on the gold path is ignored.
 */
export function matchesGold(result: RankedPage, gold: GoldPage): boolean {
  if (result.page !== gold.page) return false;
  const resultPath = result.path.replaceAll('\\', '/');
  const goldPath = gold.path.replaceAll('\\', '/').replace(/^(\.\/)+/, '');
  return resultPath === goldPath || resultPath.endsWith(`/${goldPath}`);
}

/** The 1-based rank of the first result within the top `k` that is on a gold page, else null. */
export function firstHitRank(
  k: number,
  ranked: readonly RankedPage[],
  gold: readonly GoldPage[],
): number | null {
  assertK(k);
  const index = ranked.slice(0, k).findIndex((result) => gold.some((page) => matchesGold(result, page)));
  return index === -1 ? null : index + 1;
}

/** 1 when one of the top `k` results is on a gold page, else 0 (also 0 when there is no gold page). */
export function pageHitAt(k: number, ranked: readonly RankedPage[], gold: readonly GoldPage[]): number {
  return firstHitRank(k, ranked, gold) === null ? 0 : 1;
}

/** 1 / rank of the first result on a gold page within the top `k`, else 0. */
export function reciprocalRankAt(
  k: number,
  ranked: readonly RankedPage[],
  gold: readonly GoldPage[],
): number {
  const rank = firstHitRank(k, ranked, gold);
  return rank === null ? 0 : 1 / rank;
}

/**
 * Keeps the first result of each page, in order. Pass the ranked list through this to score pages
 * rather than passages (several passages of one page otherwise take several ranks).
 */
export function distinctPages(ranked: readonly RankedPage[]): RankedPage[] {
  const seen = new Set<string>();
  return ranked.filter((result) => {
    const key = `${result.page}\u0000${result.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Page-hit@1, page-hit@5 and MRR@10 per mode, over the rows that have gold pages. */
export function summarize(rows: readonly RetrievalRow[]): RetrievalSummary {
  const summary: RetrievalSummary = {};
  for (const mode of RETRIEVAL_MODES) {
    const scored = rows.filter((row) => row.mode === mode && row.gold.length > 0);
    if (scored.length === 0) continue;
    const mean = (score: (row: RetrievalRow) => number): number =>
      scored.reduce((sum, row) => sum + score(row), 0) / scored.length;
    summary[mode] = {
      pageHit1: mean((row) => pageHitAt(1, row.ranked, row.gold)),
      pageHit5: mean((row) => pageHitAt(5, row.ranked, row.gold)),
      mrr10: mean((row) => reciprocalRankAt(10, row.ranked, row.gold)),
      answerable: scored.length,
    };
  }
  return summary;
}

/** `summarize` for each group of rows, groups named by `groupOf` and sorted by name. */
export function summarizeBy<T extends RetrievalRow>(
  rows: readonly T[],
  groupOf: (row: T) => string,
): Record<string, RetrievalSummary> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const name = groupOf(row);
    groups.set(name, [...(groups.get(name) ?? []), row]);
  }
  return Object.fromEntries(
    [...groups.keys()].sort().map((name) => [name, summarize(groups.get(name) ?? [])]),
  );
}

/** Text folded for finding a phrase: NFKC, lower case, runs of white space as one space. */
const fold = (text: string): string => text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** Whether `sentence` holds any of the evidence phrases (folded; citation markers like [2] ignored). */
export function holdsEvidence(sentence: string, evidence: readonly string[]): boolean {
  const text = fold(sentence.replace(/\[\d+(?:\s*[,–-]\s*\d+)*\]/g, ' '));
  return evidence.some((phrase) => text.includes(fold(phrase)));
}

export function summarizeAnswers(rows: readonly { firstSentenceEvidence: boolean | null }[]): AnswerSummary {
  const scored = rows.filter((row) => row.firstSentenceEvidence !== null);
  const hits = scored.filter((row) => row.firstSentenceEvidence).length;
  return { firstSentenceEvidence: hits, withEvidence: scored.length, share: share(hits, scored.length) };
}

/** Of the refused questions, the share that were unanswerable; null when nothing was refused. */
export function refusalPrecision(rows: readonly RefusalRow[]): number | null {
  return summarizeRefusals(rows).precision;
}

/** Of the unanswerable questions, the share that were refused; null when there were none. */
export function refusalRecall(rows: readonly RefusalRow[]): number | null {
  return summarizeRefusals(rows).recall;
}

export function summarizeRefusals(rows: readonly RefusalRow[]): RefusalSummary {
  const count = (test: (row: RefusalRow) => boolean): number => rows.filter(test).length;
  const refused = count((row) => row.refused);
  const refusedUnanswerable = count((row) => row.refused && !row.answerable);
  const unanswerable = count((row) => !row.answerable);
  const refusedAnswerable = count((row) => row.refused && row.answerable);
  const answerable = count((row) => row.answerable);
  return {
    precision: share(refusedUnanswerable, refused),
    recall: share(refusedUnanswerable, unanswerable),
    answerableRefused: share(refusedAnswerable, answerable),
    refused,
    refusedUnanswerable,
    unanswerable,
    refusedAnswerable,
    answerable,
  };
}

export function summarizeSupport(rows: readonly SupportRow[]): SupportSummary {
  const count = (test: (row: SupportRow) => boolean): number => rows.filter(test).length;
  const answeredUnanswerable = count((row) => row.answered && !row.answerable);
  const unanswerable = count((row) => !row.answerable);
  const answeredAnswerable = count((row) => row.answered && row.answerable);
  const answerable = count((row) => row.answerable);
  const answeredWithEvidence = count((row) => row.answered && row.firstSentenceEvidence !== null);
  const answeredFirstSentenceEvidence = count((row) => row.answered && row.firstSentenceEvidence === true);
  return {
    unanswerableAnswered: share(answeredUnanswerable, unanswerable),
    answerableAnswered: share(answeredAnswerable, answerable),
    answeredRight: share(answeredFirstSentenceEvidence, answeredWithEvidence),
    answeredUnanswerable,
    unanswerable,
    answeredAnswerable,
    answerable,
    answeredFirstSentenceEvidence,
    answeredWithEvidence,
  };
}

/** The share of citations whose quote was verified; null when there were no citations. */
export function verifiedShare(rows: readonly CitationRow[]): number | null {
  return summarizeCitations(rows).share;
}

export function summarizeCitations(rows: readonly CitationRow[]): CitationSummary {
  const verified = rows.filter((row) => row.verified).length;
  const summary: CitationSummary = { verified, total: rows.length, share: share(verified, rows.length) };
  if (rows.some((row) => row.wholeSentences !== undefined)) {
    summary.wholeSentences = rows.filter((row) => row.wholeSentences).length;
  }
  return summary;
}

/**
 * Whether `start`–`end` of a page's text is one or more whole sentences of it: the range begins where
 * one of `sentences` (the page's, in reading order) begins and ends where one ends, and no sentence is
 * a piece cut out of a longer run. Sentences are `splitSentences` of the page text.
 */
export function isWholeSentences(
  sentences: readonly { start: number; end: number; cut?: boolean }[],
  start: number,
  end: number,
): boolean {
  const inside = sentences.filter((s) => s.start >= start && s.end <= end);
  return (
    inside.length > 0 &&
    inside[0]?.start === start &&
    inside.at(-1)?.end === end &&
    inside.every((s) => !s.cut) &&
    // Nothing of the page between its first and last sentence is left out but white space or marks.
    !sentences.some((s) => s.start < end && s.end > start && (s.start < start || s.end > end))
  );
}

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function assertK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
}
