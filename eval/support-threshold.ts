// Chooses `retrieval.answerThreshold` (the lead coverage an extractive answer needs to be given as
// answered) by leave-one-document-out validation over question sets, from `quire eval --json` reports
// made without a chat model (docs/retrieval.md, "Support levels"). A right answer (answerable, first
// sentence holding an evidence phrase) scores 1, a wrong one shown as an answer scores -weight, closest
// passages 0. Folds: each document's questions, with the unanswerable questions whose id prefix
// ("lease-", "da-") is that of the document's questions; any other question alone.
//
// Usage: tsx eval/support-threshold.ts [--weight 3] <report.json> <qa.jsonl> [<report.json> <qa.jsonl> …]
import { readFile } from 'node:fs/promises';
import type { EvalReport } from '../apps/server/src/eval/eval-runner.ts';
import { parseQaJsonl } from '../apps/server/src/eval/qa-set.ts';

interface Row {
  set: string;
  fold: string;
  answerable: boolean;
  /** Null: refused, never answered. */
  coverage: number | null;
  right: boolean;
}

/** Thresholds tried: 0, 0.05, …, 1, and "never" (above 1). */
const GRID = [...Array.from({ length: 21 }, (_, i) => i / 20), 1.01];

const answered = (row: Row, threshold: number) => row.coverage !== null && row.coverage >= threshold;

function utility(rows: readonly Row[], threshold: number, weight: number): number {
  let total = 0;
  for (const row of rows) if (answered(row, threshold)) total += row.right ? 1 : -weight;
  return total;
}

/** The middle of the best plateau of thresholds on `rows`. */
function choose(rows: readonly Row[], weight: number): number {
  const scores = GRID.map((t) => utility(rows, t, weight));
  const best = Math.max(...scores);
  const plateau = GRID.filter((_, i) => scores[i] === best);
  return plateau[Math.floor(plateau.length / 2)] ?? 1.01;
}

async function rowsOf(reportFile: string, qaFile: string): Promise<Row[]> {
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as EvalReport;
  const items = new Map(parseQaJsonl(await readFile(qaFile, 'utf8')).map((item) => [item.id, item]));
  const prefix = (id: string) => id.split('-')[0] ?? id;
  const documentOf = new Map<string, string>();
  for (const item of items.values()) {
    if (item.gold[0]) documentOf.set(prefix(item.id), item.gold[0].path);
  }
  return report.questions.map((q) => {
    const gold = items.get(q.id)?.gold[0]?.path;
    return {
      set: qaFile,
      fold: `${qaFile}:${gold ?? documentOf.get(prefix(q.id)) ?? q.id}`,
      answerable: q.answerable,
      coverage: q.refused ? null : q.answerCoverage,
      right: q.answerable && q.firstSentenceEvidence === true,
    };
  });
}

function describe(label: string, decided: readonly { row: Row; answered: boolean }[], weight: number): void {
  for (const set of [...new Set(decided.map((d) => d.row.set))]) {
    const here = decided.filter((d) => d.row.set === set);
    const count = (test: (d: { row: Row; answered: boolean }) => boolean) => here.filter(test).length;
    const unanswerable = count((d) => !d.row.answerable);
    const answerable = count((d) => d.row.answerable);
    const given = count((d) => d.answered && d.row.answerable);
    const right = count((d) => d.answered && d.row.right);
    const wrong = count((d) => d.answered && !d.row.right);
    console.log(
      `${label} ${set}: unanswerable answered ${count((d) => d.answered && !d.row.answerable)}/${unanswerable}, ` +
        `answerable answered ${given}/${answerable}, right ${right}/${given}, utility ${right - weight * wrong}`,
    );
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const weightAt = args.indexOf('--weight');
  const weight = weightAt >= 0 ? Number(args.splice(weightAt, 2)[1]) : 3;
  if (args.length === 0 || args.length % 2 !== 0 || !(weight > 0)) {
    console.error('usage: tsx eval/support-threshold.ts [--weight 3] <report.json> <qa.jsonl> …');
    process.exit(2);
  }
  const rows: Row[] = [];
  for (let i = 0; i < args.length; i += 2) rows.push(...(await rowsOf(args[i] ?? '', args[i + 1] ?? '')));
  const folds = [...new Set(rows.map((r) => r.fold))];
  const chosen: number[] = [];
  const heldOut: { row: Row; answered: boolean }[] = [];
  for (const fold of folds) {
    const threshold = choose(
      rows.filter((r) => r.fold !== fold),
      weight,
    );
    chosen.push(threshold);
    for (const row of rows.filter((r) => r.fold === fold))
      heldOut.push({ row, answered: answered(row, threshold) });
  }
  const all = choose(rows, weight);
  console.log(`weight ${weight}, ${rows.length} questions, ${folds.length} folds`);
  console.log(`chosen in the folds: ${[...new Set(chosen)].sort().join(', ')}; on all questions: ${all}`);
  describe('held out', heldOut, weight);
  describe(
    'in sample',
    rows.map((row) => ({ row, answered: answered(row, all) })),
    weight,
  );
}

await main();
