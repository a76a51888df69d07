import { describe, expect, it } from 'vitest';
import type { Citation } from '../../../apps/web/src/lib/api.ts';
import type { Turn } from '../../../apps/web/src/lib/turn.ts';
import { supportOf } from '../../../apps/web/src/lib/turn.ts';
import {
  type ClosestPassage,
  closestPassages,
  passageExcerpt,
  showsAnswer,
  turnLabel,
} from '../../../apps/web/src/lib/turn-evidence.ts';

const DOC = 'd'.repeat(64);
const filler = (word: string) => `${word} `.repeat(60);
const TEXT = `${filler('before')}The quoted sentence is here. ${filler('after')}`;
const QUOTE = 'The quoted sentence is here.';

function passage(overrides: Partial<ClosestPassage> = {}): ClosestPassage {
  return {
    n: 1,
    chunkId: 'c',
    documentId: DOC,
    path: '/docs/a.pdf',
    page: 2,
    heading: null,
    text: TEXT,
    start: 1000,
    end: 1000 + TEXT.length,
    score: 0.4,
    pageLabel: null,
    bates: null,
    ...overrides,
  };
}

function quote(start: number, text = QUOTE): Citation {
  return {
    n: 1,
    chunkId: 'c',
    documentId: DOC,
    path: '/docs/a.pdf',
    page: 2,
    heading: null,
    quote: text,
    start,
    end: start + text.length,
    verified: true,
  };
}

function turn(overrides: Partial<Turn> = {}): Turn {
  return {
    key: 1,
    question: 'Q?',
    answer: `${QUOTE} [1]`,
    status: 'done',
    mode: 'extractive',
    support: 'answered',
    citations: [quote(1000 + TEXT.indexOf(QUOTE))],
    passages: [],
    standaloneQuery: 'Q?',
    time: '',
    models: null,
    problem: null,
    scope: null,
    scopeDocuments: null,
    ...overrides,
  };
}

describe('passageExcerpt', () => {
  it('marks the turn’s quote inside the passage, with words around it cut at word boundaries', () => {
    const shown = passageExcerpt(passage(), [quote(1000 + TEXT.indexOf(QUOTE))]);
    expect(shown.quote).toBe(QUOTE);
    expect(shown.before).toMatch(/^…before( before)+ $/);
    expect(shown.after).toMatch(/^ after( after)+…$/);
    expect(shown.before.length).toBeLessThanOrEqual(170);
  });

  it('shows the passage’s beginning when no quote lies in it', () => {
    const shown = passageExcerpt(passage(), [{ ...quote(10), page: 3 }]);
    expect(shown.quote).toBeNull();
    expect(shown.after.startsWith('before before')).toBe(true);
    expect(shown.after.endsWith('…')).toBe(true);
    expect(shown.after.length).toBeLessThanOrEqual(321);
  });
});

describe('evidence levels of a turn', () => {
  it('shows an answer only when its sources support it', () => {
    expect(turnLabel(turn())).toBe('extractive');
    expect(showsAnswer(turn())).toBe(true);
    expect(turnLabel(turn({ support: 'closest' }))).toBe('closest');
    expect(showsAnswer(turn({ support: 'closest' }))).toBe(false);
    expect(turnLabel(turn({ support: 'not-found', mode: 'refused' }))).toBe('not-found');
    expect(showsAnswer(turn({ support: 'not-found', mode: 'refused' }))).toBe(false);
    // streaming: shown as it comes, with no label yet
    expect(turnLabel(turn({ status: 'streaming', support: null, mode: null }))).toBeNull();
    expect(showsAnswer(turn({ status: 'streaming', support: null, mode: null }))).toBe(true);
  });

  it('gives a closest turn reopened from its thread its quotes as passages, one per source', () => {
    const reopened = turn({ support: 'closest', passages: [] });
    expect(closestPassages(reopened).map((p) => [p.path, p.page, p.text])).toEqual([
      ['/docs/a.pdf', 2, QUOTE],
    ]);
    expect(closestPassages(turn())).toEqual([]);
  });

  it('reads a turn saved before support levels from its mode', () => {
    expect(supportOf('extractive', undefined, [])).toBe('answered');
    expect(supportOf('generated', undefined, [])).toBe('answered');
    expect(supportOf('refused', undefined, [passage()])).toBe('closest');
    expect(supportOf('refused', undefined, [])).toBe('not-found');
    expect(supportOf('extractive', 'closest', [])).toBe('closest');
  });
});
