import { type EvalSummary, RETRIEVAL_MODES, type RetrievalMode } from './metrics.ts';

const MODE_LABELS: Record<RetrievalMode, string> = {
  fulltext: 'full-text',
  vector: 'vector',
  hybrid: 'hybrid',
};

const COLUMNS = ['questions', 'page-hit@1', 'page-hit@5', 'MRR@10'] as const;
const LABEL_WIDTH = 11;
const COLUMN_WIDTH = 12;

/**
 * A fixed-width text table: one row per retrieval mode (full-text, vector, hybrid; `n/a` for a
 * mode that was not run), then a refusal line and a citation line when the summary has them.
 * Shares are printed with three decimals, followed by their counts.
 */
export function formatEvalTable(summary: EvalSummary): string {
  const header =
    'retrieval'.padEnd(LABEL_WIDTH) + COLUMNS.map((name) => name.padStart(COLUMN_WIDTH)).join('');
  const rows = RETRIEVAL_MODES.map((mode) => {
    const scores = summary.retrieval[mode];
    const cells =
      scores === undefined
        ? COLUMNS.map(() => 'n/a')
        : [String(scores.answerable), fixed(scores.pageHit1), fixed(scores.pageHit5), fixed(scores.mrr10)];
    return MODE_LABELS[mode].padEnd(LABEL_WIDTH) + cells.map((cell) => cell.padStart(COLUMN_WIDTH)).join('');
  });
  const lines = [header, '-'.repeat(header.length), ...rows];
  const { refusal, citations } = summary;
  if (refusal !== undefined) {
    lines.push(
      '',
      `refusal precision  ${ratio(refusal.precision, refusal.refusedUnanswerable, refusal.refused)} of refused were unanswerable`,
      `refusal recall     ${ratio(refusal.recall, refusal.refusedUnanswerable, refusal.unanswerable)} of unanswerable were refused`,
      `false refusals     ${ratio(refusal.answerableRefused, refusal.refusedAnswerable, refusal.answerable)} of answerable were refused`,
    );
  }
  if (citations !== undefined) {
    if (refusal === undefined) lines.push('');
    lines.push(
      `verified citations ${ratio(citations.share, citations.verified, citations.total)} quoted verbatim from the cited page`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function fixed(value: number): string {
  return value.toFixed(3);
}

function ratio(value: number | null, part: number, whole: number): string {
  return `${value === null ? 'n/a' : fixed(value)} (${part}/${whole})`;
}
