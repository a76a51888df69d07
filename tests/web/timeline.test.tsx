// The Timeline tab (issue 18): events by date with partial dates, ranges and worked-out dates in words,
// each citation naming its page as printed and opening it with the sentence highlighted; filtered by
// words, by the events' own dates (sent to the server) and by scope chips; exported as CSV or Markdown.
import { cleanup, render, screen, waitFor, within } from '@solidjs/testing-library';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TimelineView } from '../../apps/web/src/components/TimelineView.tsx';
import type { PageLayout } from '../../apps/web/src/lib/api.ts';
import * as api from '../../apps/web/src/lib/api.ts';
import {
  eventDateText,
  formatIsoDate,
  isDateBound,
  type MatterCitation,
  type TimelineEvent,
  type TimelineResult,
} from '../../apps/web/src/lib/matter.ts';
import { forgetPageLayouts } from '../../apps/web/src/lib/page-layouts.ts';
import { layoutBlocks } from '../../packages/ingest/src/block-layout.ts';

vi.mock('../../apps/web/src/lib/api.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../apps/web/src/lib/api.ts')>()),
  timeline: vi.fn(),
  pageLayout: vi.fn(),
  documents: vi.fn(),
}));

const timeline = vi.mocked(api.timeline);
const pageLayout = vi.mocked(api.pageLayout);

const LOG = '/matter/site log.txt';
const LETTER = '/matter/letters/claim letter.txt';
const LOG_ID = 'a'.repeat(64);
const LETTER_ID = 'b'.repeat(64);
const LOG_PAGE = layoutBlocks([
  { kind: 'paragraph', text: 'Week 11.' },
  { kind: 'paragraph', text: 'On 17 March 2014 the crane arrived at the north yard. It rained all day.' },
]);
const CRANE = 'On 17 March 2014 the crane arrived at the north yard.';

function cite(path: string, documentId: string, page: number, quote: string, text = quote): MatterCitation {
  const start = text.indexOf(quote);
  return {
    path,
    documentId,
    page,
    pageLabel: null,
    bates: null,
    quote,
    start,
    end: start + quote.length,
    verified: true,
  };
}

const EVENTS: TimelineEvent[] = [
  {
    id: 'e1',
    date: '2014',
    precision: 'year',
    relative: false,
    text: 'The works began in 2014.',
    citations: [cite(LETTER, LETTER_ID, 1, 'The works began in 2014.')],
  },
  {
    id: 'e2',
    date: '2014-03-01',
    dateEnd: '2014-03-15',
    precision: 'day',
    relative: false,
    text: 'From 1 to 15 March 2014 the site was closed.',
    citations: [cite(LETTER, LETTER_ID, 1, 'From 1 to 15 March 2014 the site was closed.')],
  },
  {
    id: 'e3',
    date: '2014-03-17',
    precision: 'day',
    relative: false,
    text: CRANE,
    summary: 'The crane arrived.',
    citations: [
      { ...cite(LOG, LOG_ID, 5, CRANE, LOG_PAGE.text), pageLabel: '2', bates: 'ACME-0005' },
      { ...cite(LETTER, LETTER_ID, 2, 'the crane arrived on 17 March 2014'), verified: false },
    ],
  },
  {
    id: 'e4',
    date: '2014-03-18',
    precision: 'day',
    relative: true,
    text: 'On the next day the crane was inspected.',
    citations: [cite(LOG, LOG_ID, 5, 'On the next day the crane was inspected.')],
  },
];

function result(overrides: Partial<TimelineResult> = {}): TimelineResult {
  return {
    events: EVENTS,
    scope: null,
    scopeDocuments: null,
    since: null,
    until: null,
    pending: 0,
    ...overrides,
  };
}

let n = 0;
const slug = () => `timeline-${n}`;

beforeEach(() => {
  n++;
  forgetPageLayouts();
  timeline.mockReset();
  pageLayout.mockReset();
  vi.mocked(api.documents).mockResolvedValue({
    workspace: slug(),
    indexing: false,
    documents: [],
    counts: { queued: 0, parsing: 0, embedding: 0, indexed: 0, failed: 0 },
    progress: null,
  });
});

afterEach(() => cleanup());

const flat = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const shownDates = () => screen.queryAllByTestId('event-date').map(flat);

describe('timeline dates in words', () => {
  it('reads partial dates, ranges and bounds as written', () => {
    expect(formatIsoDate('2014-03-17')).toBe('17 March 2014');
    expect(formatIsoDate('2014-03')).toBe('March 2014');
    expect(formatIsoDate('2014')).toBe('2014');
    expect(eventDateText({ date: '2014-03-01', dateEnd: '2014-03-15' })).toBe('1–15 March 2014');
    expect(eventDateText({ date: '2014-02-28', dateEnd: '2014-03-03' })).toBe('28 February – 3 March 2014');
    expect(eventDateText({ date: '2013-12-30', dateEnd: '2014-01-02' })).toBe(
      '30 December 2013 – 2 January 2014',
    );
    expect(eventDateText({ date: '2014-03', dateEnd: '2014-05' })).toBe('March–May 2014');
    expect(eventDateText({ date: '2013-11', dateEnd: '2014-02' })).toBe('November 2013 – February 2014');
    expect(eventDateText({ date: '2014', dateEnd: '2016' })).toBe('2014–2016');
    expect(eventDateText({ date: '2014', dateEnd: '2014-06-30' })).toBe('2014 – 30 June 2014');
    for (const good of ['2014', '2014-03', '2014-03-17']) expect(isDateBound(good)).toBe(true);
    for (const bad of ['14', '2014-3', '2014-13', '17/03/2014', 'March'])
      expect(isDateBound(bad)).toBe(false);
  });
});

describe('the Timeline tab', () => {
  it('lists the events in date order with their dates in words, worked-out dates marked, and every source', async () => {
    timeline.mockResolvedValue(result());
    render(() => <TimelineView slug={slug()} />);
    await waitFor(() => expect(screen.getAllByTestId('timeline-event')).toHaveLength(4));
    expect(timeline).toHaveBeenCalledWith(slug(), { since: undefined, until: undefined, scope: null });
    expect(shownDates()).toEqual(['2014', '1–15 March 2014', '17 March 2014', '18 March 2014 (worked out)']);
    expect(screen.getByTestId('timeline-count').textContent).toBe('4 events');

    const crane = screen.getAllByTestId('timeline-event')[2] as HTMLElement;
    // The summary, when there is one, with the sentence it summarises.
    expect(flat(within(crane).getByTestId('event-text'))).toBe('The crane arrived.');
    expect(flat(crane.querySelector('.timeline-sentence'))).toBe(`“${CRANE}”`);
    const sources = within(crane).getAllByTestId('event-citation');
    expect(sources.map(flat)).toEqual([
      'site log.txt, p. 2 (PDF p. 5) Bates number ACME-0005',
      'claim letter.txt, p. 2 quote not found on the page',
    ]);
    expect(sources.map((s) => s.getAttribute('data-verified'))).toEqual(['true', 'false']);
  });

  it('opens a source at its page with the sentence highlighted', async () => {
    const user = userEvent.setup();
    timeline.mockResolvedValue(result());
    pageLayout.mockResolvedValue({
      kind: 'text',
      documentId: LOG_ID,
      page: 5,
      current: true,
      format: 'text',
      pageCount: 9,
      ...LOG_PAGE,
    } satisfies PageLayout);
    render(() => <TimelineView slug={slug()} />);
    await waitFor(() => expect(screen.getAllByTestId('timeline-event')).toHaveLength(4));
    const crane = screen.getAllByTestId('timeline-event')[2] as HTMLElement;
    await user.click(within(crane).getAllByTestId('event-citation')[0] as HTMLElement);

    const viewer = await screen.findByTestId('viewer');
    expect(viewer.getAttribute('data-page')).toBe('5');
    expect(pageLayout).toHaveBeenCalledWith(slug(), LOG_ID, 5);
    await waitFor(() =>
      expect(screen.getAllByTestId('highlight').map((m) => m.textContent)).toEqual([CRANE]),
    );
    await user.click(within(viewer).getByRole('button', { name: 'Close the page viewer' }));
    expect(screen.queryByTestId('viewer')).toBeNull();
  });

  it('filters by words as they are typed, in the sentence, the summary and the documents’ names', async () => {
    const user = userEvent.setup();
    timeline.mockResolvedValue(result());
    render(() => <TimelineView slug={slug()} />);
    await waitFor(() => expect(screen.getAllByTestId('timeline-event')).toHaveLength(4));
    const filter = screen.getByRole('searchbox', { name: 'Filter' });
    await user.type(filter, 'CRANE');
    expect(shownDates()).toEqual(['17 March 2014', '18 March 2014 (worked out)']);
    expect(screen.getByTestId('timeline-count').textContent).toBe('2 of 4 events');
    await user.clear(filter);
    await user.type(filter, 'claim letter site closed');
    expect(shownDates()).toEqual(['1–15 March 2014']);
    await user.clear(filter);
    await user.type(filter, 'zeppelin');
    expect(shownDates()).toEqual([]);
    expect(screen.getByTestId('timeline-empty').textContent).toBe('No event holds these words.');
    // Only the server's events are filtered here: no new request was made.
    expect(timeline).toHaveBeenCalledTimes(1);
  });

  it('asks the server for the events between Since and Until, refusing what is not a date', async () => {
    const user = userEvent.setup();
    timeline.mockResolvedValueOnce(result());
    render(() => <TimelineView slug={slug()} />);
    await waitFor(() => expect(screen.getAllByTestId('timeline-event')).toHaveLength(4));

    await user.type(screen.getByRole('textbox', { name: 'Since' }), 'March 2014{Enter}');
    expect(flat(screen.getByRole('alert'))).toBe(
      '“March 2014” is not a date here. A year, a month or a day: 2014, 2014-03 or 2014-03-17.',
    );
    expect(timeline).toHaveBeenCalledTimes(1);

    timeline.mockResolvedValueOnce(
      result({ events: EVENTS.slice(1, 3), since: '2014-03', until: '2014-03-17' }),
    );
    await user.clear(screen.getByRole('textbox', { name: 'Since' }));
    await user.type(screen.getByRole('textbox', { name: 'Since' }), '2014-03');
    await user.type(screen.getByRole('textbox', { name: 'Until' }), '2014-03-17');
    await user.click(screen.getByRole('button', { name: 'Apply dates' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(timeline).toHaveBeenLastCalledWith(slug(), { since: '2014-03', until: '2014-03-17', scope: null });
    await waitFor(() => expect(shownDates()).toEqual(['1–15 March 2014', '17 March 2014']));
    // The downloads are of the same dates.
    expect(screen.getByTestId('export-csv').getAttribute('href')).toBe(
      `/api/workspaces/${slug()}/timeline?since=2014-03&until=2014-03-17&format=csv`,
    );
    expect(screen.getByTestId('export-markdown').getAttribute('href')).toBe(
      `/api/workspaces/${slug()}/timeline?since=2014-03&until=2014-03-17&format=markdown`,
    );
  });

  it('reads the events of the kinds a scope chip names, and downloads them alike', async () => {
    const user = userEvent.setup();
    timeline.mockResolvedValue(result());
    render(() => <TimelineView slug={slug()} />);
    await waitFor(() => expect(screen.getAllByTestId('timeline-event')).toHaveLength(4));
    expect(screen.getByTestId('export-csv').getAttribute('href')).toBe(
      `/api/workspaces/${slug()}/timeline?format=csv`,
    );
    await user.click(screen.getByRole('button', { name: 'Scope' }));
    await user.click(within(screen.getByTestId('scope-panel')).getByRole('button', { name: 'Kind' }));
    await user.click(screen.getByRole('checkbox', { name: 'PDF' }));
    await user.click(screen.getByRole('checkbox', { name: 'Email' }));
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(timeline).toHaveBeenLastCalledWith(slug(), {
      since: undefined,
      until: undefined,
      scope: { kinds: ['pdf', 'email'] },
    });
    expect(screen.getByTestId('export-csv').getAttribute('href')).toBe(
      `/api/workspaces/${slug()}/timeline?kind=pdf%2Cemail&format=csv`,
    );
  });

  it('says how many documents are still being read', async () => {
    timeline.mockResolvedValue(result({ events: [], pending: 1 }));
    render(() => <TimelineView slug={slug()} />);
    expect((await screen.findByTestId('matter-pending')).textContent).toBe('Still reading 1 document…');
    expect(screen.getByTestId('timeline-empty').textContent).toBe(
      'No dated event found in the documents yet.',
    );
  });
});
