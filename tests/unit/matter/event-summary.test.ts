import { checkEventSummary, type EventToSummarize, summarizeEvent, summarizeEvents } from '@quire/matter';
import { describe, expect, it } from 'vitest';
import { ScriptedGenerator, userMessage } from './scripted-generator.ts';

const SIGNING: EventToSummarize = {
  date: '2014-03-17',
  text: 'On 3/17/2014 the Tenant signed the lease for the flat at 12 Harbour Street and paid a deposit of $2,500.',
  context: 'Residential lease, Harbour Street',
};

describe('summarizeEvent', () => {
  it('accepts a summary in the sentence’s own words, and asks with the date, sentence and context', async () => {
    const generator = new ScriptedGenerator(['Tenant signed the lease for the flat at 12 Harbour Street.']);
    expect(await summarizeEvent(SIGNING, generator)).toBe(
      'Tenant signed the lease for the flat at 12 Harbour Street.',
    );
    const asked = userMessage(generator.calls[0]?.messages ?? []);
    expect(asked).toContain('Date: 2014-03-17');
    expect(asked).toContain(`Sentence: ${SIGNING.text}`);
    expect(asked).toContain('Context (to read the sentence by): Residential lease, Harbour Street');
  });

  it('reads the summary off its first line, without a label, quotes or markers', async () => {
    const generator = new ScriptedGenerator([
      '\nSummary: "Tenant signed the lease and paid a $2500 deposit [1]."\nDone.',
    ]);
    expect(await summarizeEvent(SIGNING, generator)).toBe(
      'Tenant signed the lease and paid a $2500 deposit.',
    );
  });

  it('rejects a summary that adds words the sentence does not hold', async () => {
    const generator = new ScriptedGenerator([
      'Tenant signed the lease after a long dispute with the mortgage bank.',
    ]);
    expect(await summarizeEvent(SIGNING, generator)).toBeNull();
  });

  it('rejects a summary with a date or number the sentence does not state; the event’s own date may be spelled out', () => {
    expect(checkEventSummary('Tenant signed the lease on 17 March 2014.', SIGNING)).toBe(true);
    expect(checkEventSummary('Tenant signed the lease on 18 March 2014.', SIGNING)).toBe(false);
    expect(checkEventSummary('Tenant signed the lease in April.', SIGNING)).toBe(false);
    expect(checkEventSummary('Tenant signed the lease on Friday.', SIGNING)).toBe(false);
    expect(checkEventSummary('Tenant paid a deposit of $2,500.', SIGNING)).toBe(true);
    expect(checkEventSummary('Tenant paid a deposit of $3,500.', SIGNING)).toBe(false);
    expect(checkEventSummary('Tenant paid two deposits for the lease.', SIGNING)).toBe(false);
    expect(checkEventSummary('Tenant signed the lease for the flat at 14 Harbour Street.', SIGNING)).toBe(
      false,
    );
  });

  it('rejects an empty, wordless or over-long summary, and gives null when the model fails', async () => {
    expect(checkEventSummary('', SIGNING)).toBe(false);
    expect(checkEventSummary('The.', SIGNING)).toBe(false);
    const long = 'the Tenant signed the lease for the flat at Harbour Street and paid a deposit '.repeat(2);
    expect(checkEventSummary(long, SIGNING)).toBe(false);
    const failing = new ScriptedGenerator([
      () => {
        throw new Error('model crashed');
      },
    ]);
    expect(await summarizeEvent(SIGNING, failing)).toBeNull();
  });
});

describe('summarizeEvents', () => {
  it('summarises events in order, one call each, at most maxEvents calls', async () => {
    const events: EventToSummarize[] = [
      SIGNING,
      { date: '2015-06', text: 'In June 2015 the Landlord repaired the roof of the building.' },
      { date: '2016', text: 'The Tenant left the flat in 2016.' },
    ];
    const generator = new ScriptedGenerator([
      'Tenant signed the lease for the flat.',
      'Landlord repaired the roof after a storm flooded the attic.',
      'Tenant left the flat.',
    ]);
    expect(await summarizeEvents(events, generator, { maxEvents: 2 })).toEqual([
      'Tenant signed the lease for the flat.',
      null,
      null,
    ]);
    expect(generator.calls).toHaveLength(2);
    expect(userMessage(generator.calls[1]?.messages ?? [])).toContain('Date: 2015-06');
  });

  it('stops at an abort instead of summarising the rest', async () => {
    const controller = new AbortController();
    const generator = new ScriptedGenerator([
      () => {
        controller.abort();
        return 'Tenant signed';
      },
    ]);
    await expect(
      summarizeEvents([SIGNING, SIGNING], generator, { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(generator.calls).toHaveLength(1);
  });
});
