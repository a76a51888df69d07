// The chronology's events (issue 18): a document's dated statements as events quoting their page verbatim,
// events merged across documents only when they state the same thing on the same date, sorted with partial
// dates before the days of their period, and kept by bounds written at any precision.
import {
  type DocumentEvent,
  documentEvents,
  eventWithin,
  mergeEvents,
  SAME_STATEMENT,
  type SourcedEvent,
} from '@quire/matter';
import { describe, expect, it } from 'vitest';

/** A sourced event of document `documentId` stating `quote` on `date` (page 1, the whole quote). */
function event(
  documentId: string,
  date: string,
  quote: string,
  more: Partial<DocumentEvent> = {},
): SourcedEvent<{ label: string }> {
  const precision = date.length === 4 ? 'year' : date.length === 7 ? 'month' : 'day';
  return {
    date,
    precision,
    relative: false,
    page: 1,
    start: 0,
    end: quote.length,
    quote,
    ...more,
    documentId,
    extra: { label: `${documentId}:${quote.slice(0, 12)}` },
  };
}

const shape = (events: ReturnType<typeof mergeEvents<{ label: string }>>) =>
  events.map((e) => ({
    date: e.date,
    ...(e.dateEnd ? { dateEnd: e.dateEnd } : {}),
    sources: e.sources.map((s) => s.extra.label),
  }));

describe('documentEvents', () => {
  const pages = [
    { page: 1, text: 'Cover sheet of the file.' },
    {
      page: 2,
      text: 'On 17 March 2014 the pump failed. On the next day it was repaired, as the report of 17 March 2014 had asked.',
    },
    { page: 3, text: 'The plan covered 2019–2021. Costs for FY2021 were flat. Yesterday the bill came.' },
  ];

  it('gives one event per sentence and date, quoting the sentence verbatim from its page', () => {
    const events = documentEvents(pages, '2021-06-30');
    for (const e of events) {
      const text = pages.find((p) => p.page === e.page)?.text ?? '';
      expect(text.slice(e.start, e.end)).toBe(e.quote);
    }
    expect(
      events.map((e) => ({
        page: e.page,
        date: e.date,
        dateEnd: e.dateEnd,
        precision: e.precision,
        relative: e.relative,
        quote: e.quote,
      })),
    ).toEqual([
      {
        page: 2,
        date: '2014-03-17',
        dateEnd: undefined,
        precision: 'day',
        relative: false,
        quote: 'On 17 March 2014 the pump failed.',
      },
      {
        page: 2,
        date: '2014-03-18',
        dateEnd: undefined,
        precision: 'day',
        relative: true,
        quote: 'On the next day it was repaired, as the report of 17 March 2014 had asked.',
      },
      {
        page: 2,
        date: '2014-03-17',
        dateEnd: undefined,
        precision: 'day',
        relative: false,
        quote: 'On the next day it was repaired, as the report of 17 March 2014 had asked.',
      },
      {
        page: 3,
        date: '2019',
        dateEnd: '2021',
        precision: 'year',
        relative: false,
        quote: 'The plan covered 2019–2021.',
      },
      {
        page: 3,
        date: '2021',
        dateEnd: undefined,
        precision: 'year',
        relative: false,
        quote: 'Costs for FY2021 were flat.',
      },
      {
        page: 3,
        date: '2021-06-29',
        dateEnd: undefined,
        precision: 'day',
        relative: true,
        quote: 'Yesterday the bill came.',
      },
    ]);
  });

  it('gives a sentence stating one date twice one event', () => {
    const events = documentEvents(
      [{ page: 4, text: 'The hearing on 5 May 2015 was adjourned, and on 5 May 2015 the judge left.' }],
      null,
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ page: 4, date: '2015-05-05', start: 0 });
  });

  it('leaves out wording about the time of writing when the document has no date', () => {
    expect(documentEvents([{ page: 1, text: 'Yesterday the bill came.' }], null)).toEqual([]);
  });
});

describe('mergeEvents', () => {
  it('merges two documents stating the same thing on the same date in other words, keeping both sources', () => {
    const merged = mergeEvents([
      event('claim', '2014-03-17', 'On 17 March 2014 the pump at the Harwell plant failed.'),
      event('report', '2014-03-17', 'The Harwell plant pump failed on 17 March 2014, as the log shows.'),
    ]);
    expect(shape(merged)).toEqual([
      { date: '2014-03-17', sources: ['claim:On 17 March ', 'report:The Harwell '] },
    ]);
    expect(merged[0]?.sources.map((s) => s.quote)).toEqual([
      'On 17 March 2014 the pump at the Harwell plant failed.',
      'The Harwell plant pump failed on 17 March 2014, as the log shows.',
    ]);
  });

  it('does not merge the same statement on another date, nor at another precision', () => {
    const merged = mergeEvents([
      event('claim', '2014-03-17', 'The pump at the Harwell plant failed.'),
      event('report', '2014-03-18', 'The pump at the Harwell plant failed.'),
      event('notes', '2014-03', 'The pump at the Harwell plant failed.'),
    ]);
    expect(shape(merged)).toEqual([
      { date: '2014-03', sources: ['notes:The pump at '] },
      { date: '2014-03-17', sources: ['claim:The pump at '] },
      { date: '2014-03-18', sources: ['report:The pump at '] },
    ]);
  });

  it('does not merge two different things that happened on the same day', () => {
    const merged = mergeEvents([
      event('claim', '2014-03-17', 'On 17 March 2014 the pump at the Harwell plant failed.'),
      event('invoice', '2014-03-17', 'Our invoice for the inspection is dated 3/17/2014.'),
    ]);
    expect(merged.map((e) => e.sources.length)).toEqual([1, 1]);
  });

  it('needs the same statement: a share of content words below SAME_STATEMENT stays apart', () => {
    // 2 of 4 content words shared (pump, failed): one half, under the threshold.
    expect(SAME_STATEMENT).toBeGreaterThan(0.5);
    const apart = mergeEvents([
      event('a', '2014-03-17', 'The Harwell pump failed badly.'),
      event('b', '2014-03-17', 'The Lowfield pump failed quietly.'),
    ]);
    expect(apart).toHaveLength(2);
    // 3 of 4 shared: merged.
    const together = mergeEvents([
      event('a', '2014-03-17', 'The Harwell pump failed badly.'),
      event('b', '2014-03-17', 'Badly, the Harwell pump stopped.'),
    ]);
    expect(together).toHaveLength(1);
  });

  it('merges ranges only with the same end', () => {
    const merged = mergeEvents([
      event('a', '2014-03-01', 'Servicing ran without fault.', { dateEnd: '2014-03-15' }),
      event('b', '2014-03-01', 'Servicing ran without fault.', { dateEnd: '2014-03-15' }),
      event('c', '2014-03-01', 'Servicing ran without fault.', { dateEnd: '2014-03-20' }),
    ]);
    expect(shape(merged)).toEqual([
      { date: '2014-03-01', dateEnd: '2014-03-15', sources: ['a:Servicing ra', 'b:Servicing ra'] },
      { date: '2014-03-01', dateEnd: '2014-03-20', sources: ['c:Servicing ra'] },
    ]);
  });

  it('merges statements of different documents only: one document repeating a sentence keeps both', () => {
    const merged = mergeEvents([
      event('claim', '2014-03-17', 'The pump at the Harwell plant failed.', { page: 2 }),
      event('claim', '2014-03-17', 'The pump at the Harwell plant failed.', { page: 5 }),
      event('report', '2014-03-17', 'The Harwell plant pump failed.'),
    ]);
    expect(merged.map((e) => e.sources.map((s) => `${s.documentId}@${s.page}`))).toEqual([
      ['claim@2', 'report@1'],
      ['claim@5'],
    ]);
  });

  it('sorts by date, a partial date before the days of its period, ranges after single dates', () => {
    const merged = mergeEvents([
      event('a', '2014-03-18', 'Seal replaced.'),
      event('a', '2014-03-01', 'Servicing began.', { dateEnd: '2014-03-15' }),
      event('a', '2014-03-01', 'Invoice paid.'),
      event('a', '2014', 'Plant audited.'),
      event('a', '2014-03', 'Committee met.'),
      event('a', '2013-12-31', 'Year closed.'),
      event('a', '2019', 'Plan adopted.', { dateEnd: '2021' }),
      event('a', '2019', 'Plan drafted.'),
    ]);
    expect(merged.map((e) => `${e.date}${e.dateEnd ? `/${e.dateEnd}` : ''}`)).toEqual([
      '2013-12-31',
      '2014',
      '2014-03',
      '2014-03-01',
      '2014-03-01/2014-03-15',
      '2014-03-18',
      '2019',
      '2019/2021',
    ]);
  });

  it('keeps the order given on one date, and is relative only when every source is', () => {
    const merged = mergeEvents([
      event('b', '2014-03-18', 'The engineer replaced the seal.', { relative: true }),
      event('a', '2014-03-18', 'The council met.'),
      event('c', '2014-03-18', 'The seal was replaced by the engineer.'),
      event('d', '2014-03-18', 'Snow fell all day.', { relative: true }),
    ]);
    expect(merged.map((e) => [e.sources.map((s) => s.documentId).join('+'), e.relative])).toEqual([
      ['b+c', false],
      ['a', false],
      ['d', true],
    ]);
  });

  it('gives nothing for nothing', () => {
    expect(mergeEvents([])).toEqual([]);
  });
});

describe('eventWithin', () => {
  const day = { date: '2014-03-17' };
  const month = { date: '2014-03' };
  const year = { date: '2014' };
  const range = { date: '2019', dateEnd: '2021' };

  it('keeps every event without bounds', () => {
    for (const e of [day, month, year, range]) expect(eventWithin(e, null, null)).toBe(true);
  });

  it('compares a day with bounds of any precision', () => {
    expect(eventWithin(day, '2014', null)).toBe(true);
    expect(eventWithin(day, '2014-03', null)).toBe(true);
    expect(eventWithin(day, '2014-03-17', null)).toBe(true);
    expect(eventWithin(day, '2014-03-18', null)).toBe(false);
    expect(eventWithin(day, '2014-04', null)).toBe(false);
    expect(eventWithin(day, '2015', null)).toBe(false);
    expect(eventWithin(day, null, '2014-03-17')).toBe(true);
    expect(eventWithin(day, null, '2014-03')).toBe(true);
    expect(eventWithin(day, null, '2014-03-16')).toBe(false);
    expect(eventWithin(day, null, '2014-02')).toBe(false);
    expect(eventWithin(day, null, '2013')).toBe(false);
  });

  it('keeps a partial date whose period meets the bounds', () => {
    expect(eventWithin(month, '2014-03-31', null)).toBe(true);
    expect(eventWithin(month, '2014-04-01', null)).toBe(false);
    expect(eventWithin(month, null, '2014-03-01')).toBe(true);
    expect(eventWithin(month, null, '2014-02-28')).toBe(false);
    expect(eventWithin(year, '2014-06', '2014-07')).toBe(true);
    expect(eventWithin(year, '2015-01-01', null)).toBe(false);
    expect(eventWithin(year, null, '2013-12-31')).toBe(false);
  });

  it('keeps a range that overlaps the bounds', () => {
    expect(eventWithin(range, '2020-05', '2020-06')).toBe(true);
    expect(eventWithin(range, '2021-12-31', null)).toBe(true);
    expect(eventWithin(range, '2022', null)).toBe(false);
    expect(eventWithin(range, null, '2019-01-01')).toBe(true);
    expect(eventWithin(range, null, '2018')).toBe(false);
    const days = { date: '2014-03-01', dateEnd: '2014-03-15' };
    expect(eventWithin(days, '2014-03-15', null)).toBe(true);
    expect(eventWithin(days, '2014-03-16', null)).toBe(false);
  });
});
