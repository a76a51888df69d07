import { describe, expect, it } from 'vitest';
import { parseQaJsonl, QaSetError } from '../../../apps/server/src/eval/qa-set.ts';

const good = JSON.stringify({
  id: 'lease-notice-1',
  question: 'How long before I can move out if I give notice?',
  gold: [{ path: 'commercial-lease.pdf', page: 6 }],
  kind: 'paraphrase',
  answer: 'Six months',
  evidence: ["six months' written notice"],
});
const unanswerable = JSON.stringify({
  id: 'lease-pets',
  question: 'Can I bring my dog?',
  gold: [],
  kind: 'unanswerable',
  absent: ['dog'],
});

function errorOf(text: string): QaSetError {
  try {
    parseQaJsonl(text);
  } catch (error) {
    if (error instanceof QaSetError) return error;
    throw error;
  }
  throw new Error('expected a QaSetError');
}

describe('parseQaJsonl', () => {
  it('parses one question per line and skips blank lines', () => {
    const items = parseQaJsonl(`${good}\n\n${unanswerable}\r\n`);
    expect(items.map((item) => item.id)).toEqual(['lease-notice-1', 'lease-pets']);
    expect(items[0]?.gold).toEqual([{ path: 'commercial-lease.pdf', page: 6 }]);
    expect(items[1]).toEqual({
      id: 'lease-pets',
      question: 'Can I bring my dog?',
      gold: [],
      kind: 'unanswerable',
      absent: ['dog'],
    });
  });

  it('names the line of invalid JSON', () => {
    const error = errorOf(`${good}\n{"id": "broken",\n`);
    expect(error.line).toBe(2);
    expect(error.code).toBe('invalid-qa-set');
    expect(error.message).toMatch(/^line 2: not valid JSON/);
  });

  it('names the line and the field of a schema violation', () => {
    const badPage = good.replace('"page":6', '"page":0');
    expect(errorOf(`${unanswerable}\n\n${badPage}`).message).toMatch(/^line 3: gold\.0\.page: /);
    const badKind = good.replace('"paraphrase"', '"trivia"');
    expect(errorOf(badKind).message).toMatch(/^line 1: kind: /);
    expect(errorOf(good.replace('"answer"', '"anwser"')).message).toMatch(/^line 1: .*anwser/);
    expect(errorOf(good.replace('How long before I can move out if I give notice?', '  ')).message).toMatch(
      /^line 1: question: /,
    );
  });

  it('requires gold to be empty exactly for unanswerable questions', () => {
    expect(errorOf(good.replace('"paraphrase"', '"unanswerable"')).message).toMatch(
      /line 1: gold: gold must be empty exactly when kind is "unanswerable"/,
    );
    expect(errorOf(unanswerable.replace('"unanswerable"', '"keyword"')).message).toMatch(/^line 1: gold: /);
  });

  it('rejects a repeated id, naming both lines', () => {
    expect(errorOf(`${good}\n${unanswerable}\n${good}`).message).toBe(
      'line 3: id "lease-notice-1" already used on line 1',
    );
  });
});
