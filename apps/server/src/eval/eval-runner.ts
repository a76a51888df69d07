import { documentId, type SearchMode } from '@quire/index';
import { type SupportLevel, splitSentences } from '@quire/inference';
import { askWorkspace } from '../answer.ts';
import type { OpenWorkspace } from '../open-workspace.ts';
import { retrieveIn } from '../search.ts';
import {
  type CitationRow,
  distinctPages,
  type EvalSummary,
  firstHitRank,
  holdsEvidence,
  isWholeSentences,
  type RankedPage,
  type RefusalRow,
  type RetrievalRow,
  summarize,
  summarizeAnswers,
  summarizeBy,
  summarizeCitations,
  summarizeRefusals,
  summarizeSupport,
} from './metrics.ts';
import type { QaItem } from './qa-set.ts';

/** One question's outcome, for `quire eval --json` and for calibrating thresholds. */
export interface EvalQuestionResult {
  id: string;
  kind: string;
  answerable: boolean;
  /** 1-based rank of the first gold page per retrieval mode (null: not in the top 10). */
  firstHit: Partial<Record<SearchMode, number | null>>;
  refused: boolean;
  /** The answer's support level (`answered`, `closest` or `not-found`). */
  support: SupportLevel;
  evidence: number;
  /** An extractive answer's coverage of the question by its leading quote (see `AskResult`); else null. */
  answerCoverage: number | null;
  citations: number;
  verifiedCitations: number;
  /** Whether the answer's first sentence holds an evidence phrase (null: the question has none; refused: false). */
  firstSentenceEvidence: boolean | null;
}

export interface EvalReport {
  summary: EvalSummary;
  questions: EvalQuestionResult[];
}

const K = 10;

/**
 * The distinct pages, best first (at most 10), that `mode` retrieves for `question`: the passages of
 * the same `retrieve()` that search and answers use (reranked when the workspace has a reranker), 30
 * asked for so that 10 distinct pages remain.
 */
export async function rankPages(
  ws: OpenWorkspace,
  question: string,
  mode: SearchMode,
): Promise<RankedPage[]> {
  const hits = await retrieveIn(ws, question, K * 3, mode);
  return distinctPages(hits.map((h) => ({ path: h.paths[0] ?? '', page: h.chunk.page }))).slice(0, K);
}

/**
 * Runs a question set against a workspace: page-hit@1, page-hit@5 and MRR@10 for full-text, vector and
 * hybrid retrieval (distinct pages, in rank order); refusal precision and recall; how often unanswerable
 * and answerable questions were given `support: "answered"`; and the share of verified citations in the
 * answers (generated with the workspace's chat model, else extractive).
 * Answers are not written to the audit log or to threads.
 */
export async function runEval(
  ws: OpenWorkspace,
  items: readonly QaItem[],
  onProgress?: (done: number, total: number) => void,
): Promise<EvalReport> {
  const retrievalRows: (RetrievalRow & { kind: string; document: string })[] = [];
  const refusalRows: RefusalRow[] = [];
  const citationRows: CitationRow[] = [];
  const questions: EvalQuestionResult[] = [];
  const modes: SearchMode[] = ws.embedder ? ['fulltext', 'vector', 'hybrid'] : ['fulltext'];
  for (const [i, item] of items.entries()) {
    const answerable = item.gold.length > 0;
    const firstHit: EvalQuestionResult['firstHit'] = {};
    for (const mode of modes) {
      const ranked = await rankPages(ws, item.question, mode);
      if (answerable) {
        retrievalRows.push({
          mode,
          gold: item.gold,
          ranked,
          kind: item.kind,
          document: item.gold[0]?.path ?? '',
        });
      }
      firstHit[mode] = firstHitRank(K, ranked, item.gold);
    }
    const answer = await askWorkspace(ws, item.question, { record: false });
    const refused = answer.mode === 'refused';
    refusalRows.push({ refused, answerable });
    for (const c of answer.citations) {
      const page = await ws.store.getPage(documentId(c.documentId), c.page);
      const wholeSentences =
        page !== null &&
        page.text.slice(c.start, c.end) === c.quote &&
        isWholeSentences(splitSentences(page.text), c.start, c.end);
      citationRows.push({ verified: c.verified === true, wholeSentences });
    }
    questions.push({
      id: item.id,
      kind: item.kind,
      answerable,
      firstHit,
      refused,
      support: answer.support,
      evidence: answer.evidence,
      answerCoverage: answer.answerCoverage,
      citations: answer.citations.length,
      verifiedCitations: answer.citations.filter((c) => c.verified).length,
      firstSentenceEvidence:
        answerable && item.evidence
          ? !refused && holdsEvidence(splitSentences(answer.answer)[0]?.text ?? '', item.evidence)
          : null,
    });
    onProgress?.(i + 1, items.length);
  }
  return {
    summary: {
      retrieval: summarize(retrievalRows),
      refusal: summarizeRefusals(refusalRows),
      support: summarizeSupport(
        questions.map((q) => ({
          answered: q.support === 'answered',
          answerable: q.answerable,
          firstSentenceEvidence: q.firstSentenceEvidence,
        })),
      ),
      citations: summarizeCitations(citationRows),
      answers: summarizeAnswers(questions),
      byKind: summarizeBy(retrievalRows, (row) => row.kind),
      byDocument: summarizeBy(retrievalRows, (row) => row.document),
    },
    questions,
  };
}
