import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../apps/web/src/lib/api.ts';
import {
  askProblem,
  MAX_QUESTION_CHARS,
  questionCounter,
  questionProblem,
} from '../../../apps/web/src/lib/ask-problems.ts';
import {
  documentTitle,
  exampleQuestions,
  usableHeading,
} from '../../../apps/web/src/lib/example-questions.ts';

describe('askProblem', () => {
  it('offers "Try again" only for what a retry can fix', () => {
    const cases: [ApiError, boolean][] = [
      [new ApiError('Cannot reach the Quire server.', null), true],
      [new ApiError('The answer stopped before it was complete.', null), true],
      [new ApiError('Internal error: boom', 500, 'internal'), true],
      [new ApiError('took too long', 504, 'timeout'), true],
      [
        new ApiError(
          'Invalid json: question: Too big: expected string to have <=4000 characters',
          400,
          'invalid-request',
        ),
        false,
      ],
      [new ApiError('Request body too large', 413, 'payload-too-large'), false],
      [new ApiError('No such workspace', 404, 'not-found'), false],
      [new ApiError('The chat model file is missing', 422, 'model-missing'), false],
    ];
    for (const [error, retryable] of cases)
      expect(askProblem(error).retryable, error.message).toBe(retryable);
  });

  it('never shows the raw validation text', () => {
    const problem = askProblem(
      new ApiError(
        'Invalid json: question: Too big: expected string to have <=4000 characters',
        400,
        'invalid-request',
      ),
    );
    expect(problem.message).not.toMatch(/Invalid json|Too big|<=/);
    expect(problem.message).toContain('Shorten it');
  });

  it('says what to do with a model that cannot be used', () => {
    expect(askProblem(new ApiError('The chat model file is missing.', 422, 'model-missing')).message).toBe(
      'The workspace’s chat model could not be used (The chat model file is missing). Choose another chat model, or none, in Settings, then ask again.',
    );
  });
});

describe('question limit', () => {
  it('counts from near the limit and refuses only above it', () => {
    expect(questionCounter('x'.repeat(3000))).toBeNull();
    expect(questionCounter(` ${'x'.repeat(3850)} `)).toEqual({ text: '3,850 / 4,000', over: false });
    expect(questionProblem('x'.repeat(MAX_QUESTION_CHARS))).toBeNull();
    expect(questionCounter('x'.repeat(4001))).toEqual({ text: '4,001 / 4,000', over: true });
    expect(questionProblem('x'.repeat(4001))).toContain('Shorten it by 1 character (');
  });
});

describe('example questions', () => {
  it('are made from document names and usable headings, none without documents', () => {
    expect(documentTitle('/m/Patient_Guide-2024.pdf')).toBe('Patient Guide 2024');
    expect(usableHeading('4.2 Termination and notice.', 'lease')).toBe('Termination and notice');
    expect(usableHeading('12', 'lease')).toBeNull();
    expect(usableHeading('Lease', 'lease')).toBeNull();
    expect(exampleQuestions([])).toEqual([]);
    expect(
      exampleQuestions([
        { path: '/m/lease.pdf', headings: [null, 'Rent'] },
        { path: '/m/notes.docx', headings: [] },
      ]),
    ).toEqual(['What does “lease” say about Rent?', 'What is “notes” about?']);
  });
});
