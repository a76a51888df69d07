import { describe, expect, it } from 'vitest';
import { formatEvalTable } from '../../../apps/server/src/eval/eval-table.ts';
import {
  holdsEvidence,
  type RetrievalRow,
  summarizeAnswers,
  summarizeBy,
} from '../../../apps/server/src/eval/metrics.ts';

const row = (path: string, kind: string, hitAt: number | null): RetrievalRow & { kind: string } => ({
  mode: 'hybrid',
  kind,
  gold: [{ path, page: 1 }],
  ranked: Array.from({ length: 10 }, (_, i) => ({
    path,
    page: hitAt !== null && i + 1 === hitAt ? 1 : 99 + i,
  })),
});

describe('summaries per kind and per document', () => {
  it('summarises each group on its own, groups sorted by name', () => {
    const rows = [row('a.pdf', 'numeric', 1), row('a.pdf', 'paraphrase', 3), row('b.pdf', 'numeric', null)];
    const byDocument = summarizeBy(rows, (r) => r.gold[0]?.path ?? '');
    expect(Object.keys(byDocument)).toEqual(['a.pdf', 'b.pdf']);
    expect(byDocument['a.pdf']?.hybrid).toEqual({
      pageHit1: 0.5,
      pageHit5: 1,
      mrr10: (1 + 1 / 3) / 2,
      answerable: 2,
    });
    expect(byDocument['b.pdf']?.hybrid?.pageHit5).toBe(0);
    const byKind = summarizeBy(rows, (r) => r.kind);
    expect(byKind.numeric?.hybrid?.answerable).toBe(2);
    expect(byKind.paraphrase?.hybrid?.pageHit1).toBe(0);
  });

  it('prints a table per kind and per document', () => {
    const rows = [row('a.pdf', 'numeric', 1), row('b.pdf', 'keyword', 2)];
    const table = formatEvalTable({
      retrieval: {},
      byKind: summarizeBy(rows, (r) => r.kind),
      byDocument: summarizeBy(rows, (r) => r.gold[0]?.path ?? ''),
    });
    expect(table).toMatch(/^kind\s+questions\s+hybrid @5\/MRR$/m);
    expect(table).toMatch(/^numeric\s+1\s+1\.000 \/ 1\.000$/m);
    expect(table).toMatch(/^b\.pdf\s+1\s+1\.000 \/ 0\.500$/m);
  });
});

describe('answers that open with the evidence', () => {
  it('finds an evidence phrase whatever the case, spacing or citation markers', () => {
    expect(holdsEvidence('Big Points are valid for  5 years [1].', ['valid for 5 years'])).toBe(true);
    expect(holdsEvidence('The fee is 1,200 [2, 3] dollars.', ['1,200 dollars'])).toBe(true);
    expect(holdsEvidence('How much will treatment cost?', ['costs about $2,000'])).toBe(false);
  });

  it('shares over the questions that have evidence phrases', () => {
    expect(
      summarizeAnswers([
        { firstSentenceEvidence: true },
        { firstSentenceEvidence: false },
        { firstSentenceEvidence: null },
      ]),
    ).toEqual({ firstSentenceEvidence: 1, withEvidence: 2, share: 0.5 });
    expect(summarizeAnswers([]).share).toBeNull();
  });
});
