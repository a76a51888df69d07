// How often `quire eval` saw answers given as answered, for unanswerable and answerable questions.
import { describe, expect, it } from 'vitest';
import { formatEvalTable } from '../../../apps/server/src/eval/eval-table.ts';
import { summarizeSupport } from '../../../apps/server/src/eval/metrics.ts';

describe('summarizeSupport', () => {
  it('counts answered questions by whether they had an answer, and answered ones opening with the evidence', () => {
    const summary = summarizeSupport([
      { answered: true, answerable: false, firstSentenceEvidence: null },
      { answered: false, answerable: false, firstSentenceEvidence: null },
      { answered: false, answerable: false, firstSentenceEvidence: null },
      { answered: false, answerable: false, firstSentenceEvidence: null },
      { answered: true, answerable: true, firstSentenceEvidence: true },
      { answered: true, answerable: true, firstSentenceEvidence: false },
      { answered: true, answerable: true, firstSentenceEvidence: null },
      { answered: false, answerable: true, firstSentenceEvidence: true },
    ]);
    expect(summary).toEqual({
      unanswerableAnswered: 0.25,
      answerableAnswered: 0.75,
      answeredRight: 0.5,
      answeredUnanswerable: 1,
      unanswerable: 4,
      answeredAnswerable: 3,
      answerable: 4,
      answeredFirstSentenceEvidence: 1,
      answeredWithEvidence: 2,
    });
  });

  it('has no shares without questions of a kind', () => {
    const summary = summarizeSupport([{ answered: false, answerable: true, firstSentenceEvidence: true }]);
    expect(summary.unanswerableAnswered).toBeNull();
    expect(summary.answerableAnswered).toBe(0);
    expect(summary.answeredRight).toBeNull();
  });

  it('is printed as three lines after the retrieval table', () => {
    const table = formatEvalTable({
      retrieval: {},
      support: summarizeSupport([
        { answered: true, answerable: false, firstSentenceEvidence: null },
        { answered: false, answerable: false, firstSentenceEvidence: null },
        { answered: true, answerable: true, firstSentenceEvidence: true },
      ]),
    });
    expect(table.split('\n').slice(-4)).toEqual([
      'answered           0.500 (1/2) of unanswerable were given as answers',
      'answered           1.000 (1/1) of answerable were given as answers',
      'answered right     1.000 (1/1) of those answers open with the evidence',
      '',
    ]);
  });
});
