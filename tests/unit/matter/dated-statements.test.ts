// Dated statements of a page (issue 18, the chronology's offline core): dates in many written forms, partial
// dates, ranges, relative dates and what is not a date; every sentence and date offset quoted verbatim.
// Real documents from ../shared/realdocs are read in place.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from '@quire/ingest';
import { type DatedStatement, datedStatements, dayFirst, MAX_YEAR, MIN_YEAR } from '@quire/matter';
import { describe, expect, it } from 'vitest';

const REALDOCS = fileURLToPath(new URL('../../../../shared/realdocs', import.meta.url));

interface Read {
  date: string;
  dateEnd?: string;
  precision: DatedStatement['precision'];
  relative: boolean;
  sentence: string;
  dateText: string;
}

/** The statements of `text` with their spans read back out of it, checked to be verbatim and nested. */
function read(text: string, documentDate: string | null = '2014-04-01'): Read[] {
  return datedStatements({ text, page: 1 }, { documentDate }).map((s) => {
    expectVerbatim(text, s);
    return {
      date: s.date,
      ...(s.dateEnd ? { dateEnd: s.dateEnd } : {}),
      precision: s.precision,
      relative: s.relative,
      sentence: text.slice(s.sentence.start, s.sentence.end),
      dateText: text.slice(s.dateText.start, s.dateText.end),
    };
  });
}

const ISO = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/;

function expectVerbatim(text: string, s: DatedStatement): void {
  expect(s.sentence.start).toBeGreaterThanOrEqual(0);
  expect(s.sentence.end).toBeLessThanOrEqual(text.length);
  expect(s.dateText.start).toBeGreaterThanOrEqual(s.sentence.start);
  expect(s.dateText.end).toBeLessThanOrEqual(s.sentence.end);
  expect(s.dateText.end).toBeGreaterThan(s.dateText.start);
  const sentence = text.slice(s.sentence.start, s.sentence.end);
  expect(sentence).toBe(sentence.trim());
  expect(sentence).toContain(text.slice(s.dateText.start, s.dateText.end));
  expect(s.date).toMatch(ISO);
  const year = Number(s.date.slice(0, 4));
  expect(year).toBeGreaterThanOrEqual(MIN_YEAR);
  expect(year).toBeLessThanOrEqual(MAX_YEAR);
  const length = { day: 10, month: 7, year: 4 }[s.precision];
  expect(s.date).toHaveLength(length);
  if (s.dateEnd !== undefined) {
    expect(s.dateEnd).toMatch(ISO);
    expect(s.dateEnd >= s.date).toBe(true);
  }
}

describe('datedStatements: absolute dates', () => {
  it.each([
    ['The pump failed on 17 March 2014.', '17 March 2014'],
    ['The pump failed on March 17, 2014.', 'March 17, 2014'],
    ['The pump failed on 3/17/2014.', '3/17/2014'],
    ['The pump failed on 17/3/2014.', '17/3/2014'],
    ['The pump failed on 2014-03-17.', '2014-03-17'],
    ['The pump failed on Mar. 17th, 2014.', 'Mar. 17th, 2014'],
    ['The pump failed on 17.03.2014.', '17.03.2014'],
  ])('reads %j as a day', (text, dateText) => {
    expect(read(text)).toEqual([
      { date: '2014-03-17', precision: 'day', relative: false, sentence: text, dateText },
    ]);
  });

  it('keeps a month and year as month precision, a year in context as year precision', () => {
    expect(read('Sales rose in March 2014.')).toEqual([
      {
        date: '2014-03',
        precision: 'month',
        relative: false,
        sentence: 'Sales rose in March 2014.',
        dateText: 'March 2014',
      },
    ]);
    for (const text of [
      'The plant opened in 2014.',
      'Output fell during 2014.',
      'Prices held until late 2014.',
    ]) {
      expect(read(text)).toEqual([
        { date: '2014', precision: 'year', relative: false, sentence: text, dateText: '2014' },
      ]);
    }
    expect(read('Work stopped at the end of 2014.').map((s) => s.date)).toEqual(['2014']);
  });

  it.each([
    ['Output has grown since 2014.', '2014'],
    ['The line closes mid-2014.', '2014'],
    ['Building work began in the spring of 2014.', '2014'],
    ['Signed 3/17/14 by both parties.', '2014-03-17'],
  ])('reads %j', (text, date) => {
    expect(read(text).map((s) => s.date)).toEqual([date]);
  });

  it('reads fiscal years with year precision', () => {
    expect(read('The budget for FY2021 and the plan for fiscal year 2022 were approved.')).toMatchObject([
      { date: '2021', precision: 'year', dateText: 'FY2021' },
      { date: '2022', precision: 'year', dateText: 'fiscal year 2022' },
    ]);
    expect(read('Costs in FY21 were flat.')).toMatchObject([{ date: '2021', dateText: 'FY21' }]);
  });

  it('gives two statements for a sentence with two dates, each with its own date text', () => {
    const text = 'The lease began on 1 May 2010 and was renewed on 2012-05-01.';
    expect(read(text)).toEqual([
      { date: '2010-05-01', precision: 'day', relative: false, sentence: text, dateText: '1 May 2010' },
      { date: '2012-05-01', precision: 'day', relative: false, sentence: text, dateText: '2012-05-01' },
    ]);
  });

  it('ignores times of day', () => {
    expect(read('The alarm sounded at 10:30 on 5 May 2015.')).toMatchObject([
      { date: '2015-05-05', precision: 'day' },
    ]);
    expect(read('Logged 2015-05-05T09:30:00Z by the system.')).toMatchObject([{ date: '2015-05-05' }]);
    expect(read('The meeting starts at 10:30.')).toEqual([]);
  });

  it('cites each statement in its own sentence', () => {
    const text = 'Background.\n\nThe contract was signed on 12 January 2015. It ended in March 2016.';
    expect(read(text).map((s) => [s.date, s.sentence])).toEqual([
      ['2015-01-12', 'The contract was signed on 12 January 2015.'],
      ['2016-03', 'It ended in March 2016.'],
    ]);
  });
});

describe('datedStatements: ambiguous numeric dates', () => {
  it('reads an ambiguous day and month month first (US order) by default', () => {
    expect(read('Payment is due 3/4/2014.').map((s) => s.date)).toEqual(['2014-03-04']);
  });

  it('reads them day first when the page writes a date that can only be day first', () => {
    expect(read('Invoiced 17/3/2014. Payment is due 3/4/2014.').map((s) => s.date)).toEqual([
      '2014-03-17',
      '2014-04-03',
    ]);
  });

  it('stays month first when the page writes both orders', () => {
    expect(read('Invoiced 17/3/2014 and 3/18/2014. Due 3/4/2014.').map((s) => s.date)).toEqual([
      '2014-03-17',
      '2014-03-18',
      '2014-03-04',
    ]);
  });

  it('decides the order from unambiguous numeric dates only', () => {
    expect(dayFirst('17/3/2014')).toBe(true);
    expect(dayFirst('3/17/2014')).toBe(false);
    expect(dayFirst('3/4/2014')).toBe(false);
    expect(dayFirst('25.12.2014 and 12/25/2014')).toBe(false);
    expect(dayFirst('no dates at all')).toBe(false);
  });
});

describe('datedStatements: ranges', () => {
  it.each([
    ['The works ran from 1 to 15 March 2014.', '2014-03-01', '2014-03-15', 'day', '1 to 15 March 2014'],
    ['Talks ran between January and March 2015.', '2015-01', '2015-03', 'month', 'January and March 2015'],
    ['The 2019–2021 plan was adopted.', '2019', '2021', 'year', '2019–2021'],
    ['The 2019-21 plan was adopted.', '2019', '2021', 'year', '2019-21'],
    ['Rates were frozen from 2014 to 2016.', '2014', '2016', 'year', 'from 2014 to 2016'],
    [
      'The survey ran from January 2014 to March 2015.',
      '2014-01',
      '2015-03',
      'month',
      'January 2014 to March 2015',
    ],
    [
      'Closed 12 Jan 2015 through 14 Feb 2015.',
      '2015-01-12',
      '2015-02-14',
      'day',
      '12 Jan 2015 through 14 Feb 2015',
    ],
  ])('keeps %j as a range', (text, date, dateEnd, precision, dateText) => {
    expect(read(text)).toEqual([{ date, dateEnd, precision, relative: false, sentence: text, dateText }]);
  });

  it('does not take a backwards span or a page range as years', () => {
    expect(read('The 2021–2019 figure is a typo.')).toEqual([]);
    expect(read('See pages 2014-2016 of the report.')).toEqual([]);
    expect(read('Call 555-2014-2016 now.')).toEqual([]);
  });
});

describe('datedStatements: relative dates', () => {
  it('counts narrative wording from the last full date stated before it on the page', () => {
    const text =
      'On 17 March 2014 the pump failed. On the next day it was repaired. The following Monday the engineer came back. Two weeks later it failed again. Three days earlier a part had been ordered.';
    expect(read(text, '2014-06-30').map((s) => [s.date, s.relative, s.dateText])).toEqual([
      ['2014-03-17', false, '17 March 2014'],
      ['2014-03-18', true, 'next day'],
      ['2014-03-24', true, 'following Monday'],
      ['2014-03-31', true, 'Two weeks later'],
      ['2014-03-14', true, 'Three days earlier'],
    ]);
  });

  it('counts narrative wording from the document date when the page states no full date before it', () => {
    expect(read('On the next day the report was filed.', '2014-04-01')).toMatchObject([
      { date: '2014-04-02', precision: 'day', relative: true },
    ]);
  });

  it('counts wording about the time of writing from the document date', () => {
    const text =
      'Yesterday we met the contractor. Tomorrow the crane arrives. Next month the site closes. Last year costs rose.';
    expect(read(text, '2014-04-01').map((s) => [s.date, s.precision, s.relative])).toEqual([
      ['2014-03-31', 'day', true],
      ['2014-04-02', 'day', true],
      ['2014-05', 'month', true],
      ['2013', 'year', true],
    ]);
  });

  it('takes the year of a date written without one from the document date, and marks it relative', () => {
    expect(read('We met on 5 May.', '2014-04-01')).toMatchObject([
      { date: '2014-05-05', precision: 'day', relative: true, dateText: '5 May' },
    ]);
    expect(read('We will meet again in June.', '2014-04-01')).toMatchObject([
      { date: '2014-06', precision: 'month', relative: true },
    ]);
  });

  it('finds the weekday before or after the date it is counted from', () => {
    // 17 March 2014 was a Monday.
    expect(read('On 17 March 2014 it broke. The previous Friday it was inspected.', null)).toMatchObject([
      { date: '2014-03-17' },
      { date: '2014-03-14', relative: true, dateText: 'previous Friday' },
    ]);
    expect(read('On 17 March 2014 it broke. The following Monday it was fixed.', null)).toMatchObject([
      { date: '2014-03-17' },
      { date: '2014-03-24', relative: true },
    ]);
  });

  it('leaves out relative dates with nothing to count from', () => {
    expect(
      read('Yesterday we met. On the next day we signed. We met on 5 May. Two weeks later it failed.', null),
    ).toEqual([]);
    // An absolute date on the same page is still read without a document date.
    expect(read('Signed on 2 June 2014. Yesterday we met.', null).map((s) => s.date)).toEqual(['2014-06-02']);
  });

  it('reads the day before or after with the following or previous day', () => {
    expect(read('The valve was fitted on 3 June 2015. The following day it leaked.', null)).toMatchObject([
      { date: '2015-06-03', relative: false },
      { date: '2015-06-04', relative: true, dateText: 'The following day' },
    ]);
    expect(read('It was fitted on 3 June 2015; the previous day it had been tested.', null)).toMatchObject([
      { date: '2015-06-03' },
      { date: '2015-06-02', relative: true },
    ]);
  });

  it('counts from a full date earlier in the same sentence', () => {
    expect(read('It failed on 3 June 2015 and two days later it was replaced.', '2016-01-01')).toMatchObject([
      { date: '2015-06-03' },
      { date: '2015-06-05', relative: true, dateText: 'two days later' },
    ]);
  });

  it.each([
    'The pump is now working.',
    'The dose is taken for five years.',
    'Fatigue may continue for a few weeks or months.',
    'It usually settles within a few weeks.',
    'Most people walk the day after surgery.',
    'Radiotherapy starts about four weeks after surgery.',
    'You will have radiotherapy daily from Monday to Friday.',
    'The sun rose over the bow of the Golden Sun.',
    'He sat down and we wed in spring.',
    'Nothing lasts in the mountains.',
    'The custom is still rare today.',
    'You may feel hot all over for a few minutes.',
  ])('takes no relative date from %j', (text) => {
    expect(read(text, '2014-04-01')).toEqual([]);
  });

  it.each([
    ['They left three years ago.', '2011', 'year'],
    ['The crane arrives in two weeks.', '2014-04-15', 'day'],
    ['We met last Friday.', '2014-03-28', 'day'],
    ['We meet next Monday.', '2014-04-07', 'day'],
    ['It failed on 3 June 2013; a month after, it was replaced.', '2013-07', 'month'],
  ])('resolves %j', (text, date, precision) => {
    // 2014-04-01 was a Tuesday.
    expect(read(text, '2014-04-01').at(-1)).toMatchObject({ date, precision, relative: true });
  });

  it('marks wording about the current year as relative, not as an absolute year', () => {
    expect(read('Costs rose this year.', '2014-04-01')).toMatchObject([
      { date: '2014', precision: 'year', relative: true },
    ]);
  });
});

describe('datedStatements: what is not a date', () => {
  it.each([
    'See page 2014 of the manual.',
    'The invoice came to $2,014 in total.',
    'We shipped 2014 units last quarter, up from 1,990.',
    'In 2014 cases the test was positive.',
    'Part number 2014-A was replaced.',
    'Room 12/3 is on the first floor.',
    'The ratio was 3/4 of the total.',
    'May Smith called about the order.',
    'The plan may be changed.',
    'Version 1.2.3 fixed it.',
    'The phone number is 555-2014.',
    'Section 2014 of the code applies.',
    'Reference 2014/123 was closed.',
  ])('finds no date in %j', (text) => {
    expect(read(text)).toEqual([]);
  });

  it('leaves out implausible years', () => {
    expect(read('The charter dates from 12 March 1215.')).toEqual([]);
    expect(read('The lease runs until 1 January 2999.')).toEqual([]);
    expect(read('The abbey was built in 1750.')).toEqual([]);
  });

  it('finds nothing in an empty page', () => {
    expect(datedStatements({ text: '', page: 1 }, { documentDate: '2014-04-01' })).toEqual([]);
  });
});

describe('datedStatements on real documents', () => {
  const files = async (): Promise<string[]> => [
    path.join(REALDOCS, 'pdf', 'failure-after-repair.pdf'),
    path.join(REALDOCS, 'pdf', 'reliance.pdf'),
    path.join(REALDOCS, 'pdf', 'a1977-backus-p21.pdf'),
    ...(await readdir(path.join(REALDOCS, 'email')))
      .filter((name) => name.endsWith('.eml'))
      .map((name) => path.join(REALDOCS, 'email', name)),
  ];

  it('quotes every sentence verbatim and reads every date as well-formed ISO with a plausible year', async () => {
    let statements = 0;
    for (const file of await files()) {
      const document = await parseDocument(file);
      const documentDate = document.date?.value ?? null;
      for (const page of document.pages) {
        for (const s of datedStatements(page, { documentDate })) {
          expectVerbatim(page.text, s);
          statements++;
        }
      }
    }
    expect(statements).toBeGreaterThan(0);
  }, 120_000);
});
