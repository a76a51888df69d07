import { widenToSentences } from '@quire/inference';
import { describe, expect, it } from 'vitest';

const page =
  'The landlord keeps the deposit in trust. The tenant may end the lease with sixty days notice in writing. ' +
  "Rent is due on the first day of each month.\n\nRepairs are the landlord's duty and must be prompt.";

const widen = (fragment: string) => {
  const start = page.indexOf(fragment);
  const r = widenToSentences(page, start, start + fragment.length);
  return page.slice(r.start, r.end);
};

describe('widenToSentences', () => {
  it('extends a passage cut mid-sentence to whole sentences on both sides', () => {
    expect(widen('end the lease with sixty days')).toBe(
      'The tenant may end the lease with sixty days notice in writing.',
    );
  });

  it('leaves a passage that is already whole sentences as it is', () => {
    const whole = 'The tenant may end the lease with sixty days notice in writing.';
    expect(widen(whole)).toBe(whole);
  });

  it('stops at paragraph breaks and at the page edges', () => {
    expect(widen('deposit in')).toBe('The landlord keeps the deposit in trust.');
    expect(widen("landlord's duty and")).toBe("Repairs are the landlord's duty and must be prompt.");
    expect(widen('first day of each')).toBe('Rent is due on the first day of each month.');
  });

  it('never moves further than maxExtra characters', () => {
    const long = `${'word '.repeat(200)}middle ${'word '.repeat(200)}`;
    const start = long.indexOf('middle');
    const r = widenToSentences(long, start, start + 6, 50);
    expect(start - r.start).toBeLessThanOrEqual(50);
    expect(r.end - (start + 6)).toBeLessThanOrEqual(50);
  });
});
