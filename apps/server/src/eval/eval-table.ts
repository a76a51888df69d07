import { type EvalSummary, RETRIEVAL_MODES, type RetrievalMode, type RetrievalSummary } from './metrics.ts';

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
 * mode that was not run), then the refusal, support-level and citation lines when the summary has them.
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
  const { support } = summary;
  if (support !== undefined) {
    if (refusal === undefined) lines.push('');
    lines.push(
      `answered           ${ratio(support.unanswerableAnswered, support.answeredUnanswerable, support.unanswerable)} of unanswerable were given as answers`,
      `answered           ${ratio(support.answerableAnswered, support.answeredAnswerable, support.answerable)} of answerable were given as answers`,
      `answered right     ${ratio(support.answeredRight, support.answeredFirstSentenceEvidence, support.answeredWithEvidence)} of those answers open with the evidence`,
    );
  }
  if (citations !== undefined) {
    if (refusal === undefined && support === undefined) lines.push('');
    lines.push(
      `verified citations ${ratio(citations.share, citations.verified, citations.total)} quoted verbatim from the cited page`,
    );
    if (citations.wholeSentences !== undefined) {
      const whole = citations.total > 0 ? citations.wholeSentences / citations.total : null;
      lines.push(
        `whole sentences    ${ratio(whole, citations.wholeSentences, citations.total)} of citations quote whole sentences of the page`,
      );
    }
  }
  const { answers } = summary;
  if (answers !== undefined) {
    lines.push(
      `first sentence     ${ratio(answers.share, answers.firstSentenceEvidence, answers.withEvidence)} of answers open with the evidence`,
    );
  }
  if (summary.byKind) lines.push('', ...groupTable('kind', summary.byKind));
  if (summary.byDocument) lines.push('', ...groupTable('document', summary.byDocument));
  return `${lines.join('\n')}\n`;
}

/** One row per group: its question count, then page-hit@5 / MRR@10 of each mode that was run. */
function groupTable(label: string, groups: Record<string, RetrievalSummary>): string[] {
  const names = Object.keys(groups);
  const width = Math.max(label.length, ...names.map((name) => name.length)) + 2;
  const modes = RETRIEVAL_MODES.filter((mode) => names.some((name) => groups[name]?.[mode] !== undefined));
  const header =
    label.padEnd(width) +
    'questions'.padStart(COLUMN_WIDTH) +
    modes.map((mode) => `${MODE_LABELS[mode]} @5/MRR`.padStart(COLUMN_WIDTH + 8)).join('');
  const rows = names.map((name) => {
    const summary = groups[name] ?? {};
    const count = Math.max(0, ...modes.map((mode) => summary[mode]?.answerable ?? 0));
    const cells = modes.map((mode) => {
      const scores = summary[mode];
      return (scores ? `${fixed(scores.pageHit5)} / ${fixed(scores.mrr10)}` : 'n/a').padStart(
        COLUMN_WIDTH + 8,
      );
    });
    return name.padEnd(width) + String(count).padStart(COLUMN_WIDTH) + cells.join('');
  });
  return [header, '-'.repeat(header.length), ...rows];
}

function fixed(value: number): string {
  return value.toFixed(3);
}

function ratio(value: number | null, part: number, whole: number): string {
  return `${value === null ? 'n/a' : fixed(value)} (${part}/${whole})`;
}
