// The chronology written out (issue 18): CSV a spreadsheet reads back cell for cell (RFC 4180 quoting,
// formula-looking cells defused) and Markdown a person reads, each event with its sources as cited.
import { describe, expect, it } from 'vitest';
import {
  citationRef,
  formatEventDate,
  formatIsoDate,
  timelineCsv,
  timelineMarkdown,
} from '../../../apps/server/src/matter-export.ts';
import type { MatterCitation, TimelineEvent, TimelineResult } from '../../../apps/server/src/matter-types.ts';
import { readCsv } from '../../helpers/csv.ts';

function citation(
  path: string,
  page: number,
  quote: string,
  more: Partial<MatterCitation> = {},
): MatterCitation {
  return {
    path,
    documentId: 'a'.repeat(64),
    page,
    pageLabel: null,
    bates: null,
    quote,
    start: 0,
    end: quote.length,
    verified: true,
    ...more,
  };
}

function timelineEvent(
  date: string,
  text: string,
  citations: MatterCitation[],
  more: Partial<TimelineEvent> = {},
) {
  const precision: TimelineEvent['precision'] =
    date.length === 4 ? 'year' : date.length === 7 ? 'month' : 'day';
  return { id: `e:${date}`, date, precision, relative: false, text, citations, ...more };
}

function result(events: TimelineEvent[], more: Partial<TimelineResult> = {}): TimelineResult {
  return { events, scope: null, scopeDocuments: null, since: null, until: null, pending: 0, ...more };
}

const CLAIM = '/matter/pleadings/statement-of-claim.pdf';
const REPORT = '/matter/experts/expert-report.pdf';

const failure = timelineEvent('2014-03-17', 'On 17 March 2014 the pump failed.', [
  citation(CLAIM, 2, 'On 17 March 2014 the pump failed.', { pageLabel: '1' }),
  citation(REPORT, 3, 'The pump failed on 17 March 2014.', { bates: 'ACME-0001236', pageLabel: '3' }),
]);

describe('formatting dates', () => {
  it('writes an ISO date as read, at the precision it states', () => {
    expect(formatIsoDate('2014-03-07')).toBe('7 March 2014');
    expect(formatIsoDate('2014-12')).toBe('December 2014');
    expect(formatIsoDate('2014')).toBe('2014');
  });

  it('writes ranges with a dash and marks worked-out dates', () => {
    expect(formatEventDate({ date: '2014-03-01', dateEnd: '2014-03-15', relative: false })).toBe(
      '1 March 2014 – 15 March 2014',
    );
    expect(formatEventDate({ date: '2019', dateEnd: '2021', relative: false })).toBe('2019 – 2021');
    expect(formatEventDate({ date: '2014-03-18', relative: true })).toBe('18 March 2014 (worked out)');
  });

  it('names a citation by its file name and page as printed', () => {
    expect(citationRef(citation(CLAIM, 2, 'x', { pageLabel: '1' }))).toBe(
      'statement-of-claim.pdf, p. 1 (PDF p. 2)',
    );
    expect(citationRef(citation(REPORT, 3, 'x'))).toBe('expert-report.pdf, p. 3');
    expect(citationRef(citation(REPORT, 3, 'x', { pageLabel: '3', bates: 'ACME-0001236' }))).toBe(
      'expert-report.pdf, p. 3 · ACME-0001236',
    );
  });
});

describe('timelineCsv', () => {
  it('writes a header and one row per event, its first citation’s page and every source', () => {
    const csv = timelineCsv(
      result([
        failure,
        timelineEvent(
          '2014-03-01',
          'Servicing ran from 1 to 15 March 2014.',
          [citation(CLAIM, 3, 'Servicing ran from 1 to 15 March 2014.', { pageLabel: '2' })],
          { dateEnd: '2014-03-15' },
        ),
        timelineEvent('2014-03-18', 'On the next day the seal was replaced.', [citation(CLAIM, 2, 'x')], {
          relative: true,
          summary: 'The engineer replaced the seal.',
        }),
      ]),
    );
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(readCsv(csv)).toEqual([
      [
        'date',
        'date_end',
        'precision',
        'relative',
        'event',
        'path',
        'page',
        'page_label',
        'bates',
        'sources',
      ],
      [
        '2014-03-17',
        '',
        'day',
        'false',
        'On 17 March 2014 the pump failed.',
        CLAIM,
        '2',
        '1',
        '',
        'statement-of-claim.pdf, p. 1 (PDF p. 2); expert-report.pdf, p. 3 · ACME-0001236',
      ],
      [
        '2014-03-01',
        '2014-03-15',
        'day',
        'false',
        'Servicing ran from 1 to 15 March 2014.',
        CLAIM,
        '3',
        '2',
        '',
        'statement-of-claim.pdf, p. 2 (PDF p. 3)',
      ],
      [
        '2014-03-18',
        '',
        'day',
        'true',
        'The engineer replaced the seal.',
        CLAIM,
        '2',
        '',
        '',
        'statement-of-claim.pdf, p. 2',
      ],
    ]);
  });

  it('quotes cells with commas, quotes and line breaks, and keeps an event on one line', () => {
    const text = 'The tenant wrote "the roof, again, leaks"\nand\r\nleft.';
    const csv = timelineCsv(result([timelineEvent('2015', text, [citation('/m/a "b", c.pdf', 1, text)])]));
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('"The tenant wrote ""the roof, again, leaks"" and left."');
    const [, row] = readCsv(csv);
    expect(row?.[4]).toBe('The tenant wrote "the roof, again, leaks" and left.');
    expect(row?.[5]).toBe('/m/a "b", c.pdf');
    expect(row?.[9]).toBe('a "b", c.pdf, p. 1');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    const formulas = ['=HYPERLINK("http://x.example","click")', '+1+1', '-2+3', '@SUM(A1:A2)'];
    const csv = timelineCsv(
      result(formulas.map((text) => timelineEvent('2016', text, [citation('/m/x.pdf', 1, text)]))),
    );
    const rows = readCsv(csv).slice(1);
    expect(rows.map((r) => r[4])).toEqual(formulas.map((f) => `'${f}`));
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('defuses a formula in a page label or path too', () => {
    const csv = timelineCsv(
      result([timelineEvent('2016', 'Plain.', [citation('=cmd|x.pdf', 1, 'Plain.', { pageLabel: '-1' })])]),
    );
    const [, row] = readCsv(csv);
    expect(row?.[5]).toBe("'=cmd|x.pdf");
    expect(row?.[7]).toBe("'-1");
  });

  it('writes only the header for no events', () => {
    expect(timelineCsv(result([]))).toBe(
      'date,date_end,precision,relative,event,path,page,page_label,bates,sources\r\n',
    );
  });
});

describe('timelineMarkdown', () => {
  it('lists each event by its date with every source and its quote', () => {
    const md = timelineMarkdown(
      'Harwell',
      result(
        [
          timelineEvent('2014-03', 'The committee\nmet in March 2014.', [
            citation('/m/notes.docx', 1, 'The committee\nmet in March 2014.'),
          ]),
          failure,
          timelineEvent(
            '2019',
            'The plan covered 2019–2021.',
            [citation(REPORT, 2, 'The plan covered 2019–2021.')],
            {
              dateEnd: '2021',
            },
          ),
        ],
        { since: '2014', until: '2021-06', pending: 2 },
      ),
    );
    expect(md.split('\n')).toEqual([
      '# Chronology: Harwell',
      '',
      'Events from 2014 to 2021-06',
      '',
      '- **March 2014** — The committee met in March 2014.',
      '  - notes.docx, p. 1: “The committee met in March 2014.”',
      '- **17 March 2014** — On 17 March 2014 the pump failed.',
      '  - statement-of-claim.pdf, p. 1 (PDF p. 2): “On 17 March 2014 the pump failed.”',
      '  - expert-report.pdf, p. 3 · ACME-0001236: “The pump failed on 17 March 2014.”',
      '- **2019 – 2021** — The plan covered 2019–2021.',
      '  - expert-report.pdf, p. 2: “The plan covered 2019–2021.”',
      '',
      '(2 documents not read for dates yet.)',
      '',
    ]);
  });

  it('uses the checked summary for the line, and says when there is nothing', () => {
    const md = timelineMarkdown(
      'M',
      result([
        timelineEvent(
          '2014-03-18',
          'On the next day it was done.',
          [citation(CLAIM, 2, 'On the next day it was done.')],
          {
            relative: true,
            summary: 'The seal was replaced.',
          },
        ),
      ]),
    );
    expect(md).toContain('- **18 March 2014 (worked out)** — The seal was replaced.\n');
    expect(md).toContain('“On the next day it was done.”');
    expect(timelineMarkdown('M', result([]))).toBe('# Chronology: M\n\nNo dated statements found.\n');
    expect(timelineMarkdown('M', result([], { until: '2013' }))).toContain('Events to 2013\n');
  });
});
