import { describe, expect, it } from 'vitest';
import { formatEvalTable } from '../../../apps/server/src/eval/eval-table.ts';

describe('formatEvalTable', () => {
  it('prints a fixed-width row per mode, then refusal and citation lines', () => {
    const table = formatEvalTable({
      retrieval: {
        fulltext: { pageHit1: 0.5, pageHit5: 0.75, mrr10: 0.6, answerable: 4 },
        vector: { pageHit1: 0.25, pageHit5: 0.5, mrr10: 1 / 3, answerable: 4 },
        hybrid: { pageHit1: 0.75, pageHit5: 1, mrr10: 0.8125, answerable: 4 },
      },
      refusal: {
        precision: 2 / 3,
        recall: 0.5,
        answerableRefused: 0.25,
        refused: 3,
        refusedUnanswerable: 2,
        unanswerable: 4,
        refusedAnswerable: 1,
        answerable: 4,
      },
      citations: { verified: 9, total: 10, share: 0.9 },
    });
    expect(table).toBe(
      [
        'retrieval     questions  page-hit@1  page-hit@5      MRR@10',
        '-'.repeat(59),
        'full-text             4       0.500       0.750       0.600',
        'vector                4       0.250       0.500       0.333',
        'hybrid                4       0.750       1.000       0.813',
        '',
        'refusal precision  0.667 (2/3) of refused were unanswerable',
        'refusal recall     0.500 (2/4) of unanswerable were refused',
        'false refusals     0.250 (1/4) of answerable were refused',
        'verified citations 0.900 (9/10) quoted verbatim from the cited page',
        '',
      ].join('\n'),
    );
  });

  it('shows n/a for a mode that was not run and for an undefined share', () => {
    const table = formatEvalTable({
      retrieval: { fulltext: { pageHit1: 1, pageHit5: 1, mrr10: 1, answerable: 1 } },
      citations: { verified: 0, total: 0, share: null },
    });
    const lines = table.split('\n');
    expect(lines[3]).toBe('vector              n/a         n/a         n/a         n/a');
    expect(lines[4]).toMatch(/^hybrid +n\/a/);
    expect(lines[6]).toBe('verified citations n/a (0/0) quoted verbatim from the cited page');
    expect(table).not.toMatch(/refusal/);
  });
});
