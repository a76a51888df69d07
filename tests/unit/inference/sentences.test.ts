import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../packages/inference/src/sentences.ts';
import { LEASE_PAGE_2, LEASE_PAGE_4, SERVICES_PAGE_1 } from './lease-sources.ts';

function texts(input: string): string[] {
  return splitSentences(input).map((s) => s.text);
}

describe('splitSentences', () => {
  it('gives offsets that slice back to each trimmed sentence', () => {
    for (const page of [LEASE_PAGE_2, LEASE_PAGE_4, SERVICES_PAGE_1, '  padded.  \n\n  text  ']) {
      const sentences = splitSentences(page);
      expect(sentences.length).toBeGreaterThan(0);
      for (const s of sentences) {
        expect(page.slice(s.start, s.end)).toBe(s.text);
        expect(s.text).toBe(s.text.trim());
      }
    }
  });

  it('does not end sentences at abbreviations, initials, section numbers or decimals', () => {
    const input =
      'Fees, e.g. cleaning, are extra. Dr. Lee and Mr. J. Smith signed, i.e. both parties. ' +
      'The U.S. Government is not a party. See No. 5 and Section 3.2. Rent is $1,250.00 monthly.';
    expect(texts(input)).toEqual([
      'Fees, e.g. cleaning, are extra.',
      'Dr. Lee and Mr. J. Smith signed, i.e. both parties.',
      'The U.S. Government is not a party.',
      'See No. 5 and Section 3.2.',
      'Rent is $1,250.00 monthly.',
    ]);
  });

  it('ends a sentence at "no." unless a number follows', () => {
    expect(texts('Pets? The answer is no. The Tenant agrees. See No. 4.')).toEqual([
      'Pets?',
      'The answer is no.',
      'The Tenant agrees.',
      'See No. 4.',
    ]);
  });

  it('tells initials from lettered labels', () => {
    expect(
      texts('Paid as set out in Schedule B. If late, a fee applies. Signed by A. Moreno today.'),
    ).toEqual(['Paid as set out in Schedule B.', 'If late, a fee applies.', 'Signed by A. Moreno today.']);
  });

  it('ends sentences at ! ? and closing quotes', () => {
    expect(texts('Pay now! Is it due? "Yes." Then done...')).toEqual([
      'Pay now!',
      'Is it due?',
      '"Yes."',
      'Then done...',
    ]);
  });

  it('joins lines inside a paragraph and breaks at blank lines, headings and bullets', () => {
    const input =
      'ARTICLE 5 — RENT\nThe Tenant shall pay rent\nmonthly in advance.\n\nA new paragraph\n• First item\n• Second item\n1. A numbered item. And more.';
    expect(texts(input)).toEqual([
      'ARTICLE 5 — RENT',
      'The Tenant shall pay rent\nmonthly in advance.',
      'A new paragraph',
      'First item',
      'Second item',
      '1. A numbered item.',
      'And more.',
    ]);
  });

  it('keeps capitalised clauses that wrap over lines together', () => {
    expect(texts('IN NO EVENT SHALL THE LANDLORD BE\nLIABLE FOR ANY DAMAGES. After that.')).toEqual([
      'IN NO EVENT SHALL THE LANDLORD BE\nLIABLE FOR ANY DAMAGES.',
      'After that.',
    ]);
  });

  it('splits long text with no punctuation at line breaks, then at spaces', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i} of a table without any full stops`);
    const input = lines.join('\n');
    const sentences = splitSentences(input);
    expect(sentences.length).toBeGreaterThan(3);
    for (const s of sentences) {
      expect(s.text.length).toBeLessThanOrEqual(400);
      expect(input.slice(s.start, s.end)).toBe(s.text);
    }
    const oneLine = 'word '.repeat(300);
    const pieces = splitSentences(oneLine);
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.every((s) => s.text.length <= 400 && s.cut === true)).toBe(true);
  });

  it('keeps a long sentence that ends with its own full stop whole, up to 1000 characters', () => {
    const long = `The Tenant shall ${'keep the premises in good repair, '.repeat(15)}and pay the rent.`;
    expect(long.length).toBeGreaterThan(400);
    const [sentence, ...rest] = splitSentences(`${long} Next one.`);
    expect(sentence?.text).toBe(long);
    expect(sentence?.cut).toBeUndefined();
    expect(rest.map((s) => s.text)).toEqual(['Next one.']);
  });

  it('reads a short title line above a paragraph as a heading of its own', () => {
    expect(texts('Follow-up appointments\nAfter your treatment, you will need regular check-ups.')).toEqual([
      'Follow-up appointments',
      'After your treatment, you will need regular check-ups.',
    ]);
    // A wrapped line inside a paragraph is not a title, even before a capital.
    expect(
      texts('He met the team on the first day and then he spoke with\nJohn Smith about the plan.'),
    ).toEqual(['He met the team on the first day and then he spoke with\nJohn Smith about the plan.']);
  });

  it('returns nothing for blank input', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\n • ')).toEqual([]);
  });
});
