import {
  batch,
  createEffect,
  createMemo,
  createResource,
  createSignal,
  For,
  type JSX,
  on,
  onCleanup,
  Show,
} from 'solid-js';
import { type TimelineQuery, timeline, timelineExportUrl } from '../lib/api.ts';
import { baseName, messageOf, plural } from '../lib/format.ts';
import { eventDateText, eventMatches, isDateBound, type TimelineEvent } from '../lib/matter.ts';
import { normalScope, type Scope } from '../lib/scope.ts';
import { createMatterViewer, MatterViewer } from './MatterViewer.tsx';
import { PendingNote } from './OverviewView.tsx';
import { PageLabel } from './PageLabel.tsx';
import { ScopeBar } from './ScopeBar.tsx';

/** Events drawn at first, and added by each "Show more" (a long matter has thousands). */
const PAGE_SIZE = 200;
/** While documents are still being read, the timeline is loaded again this often. */
const PENDING_REFRESH_MS = 4000;

const BOUND_HINT = 'A year, a month or a day: 2014, 2014-03 or 2014-03-17.';

function EventItem(props: {
  event: TimelineEvent;
  onOpen: (event: TimelineEvent, index: number) => void;
}): JSX.Element {
  return (
    <li
      class="timeline-event"
      data-testid="timeline-event"
      data-id={props.event.id}
      data-date={props.event.date}
    >
      <p class="timeline-date" data-testid="event-date">
        <time datetime={props.event.date}>{eventDateText(props.event)}</time>
        <Show when={props.event.relative}>
          {' '}
          <span
            class="timeline-relative"
            title="Worked out from another date the document gives (“the next day”, “a week later”)"
          >
            (worked out)
          </span>
        </Show>
      </p>
      <div class="timeline-body">
        <p class="timeline-text" data-testid="event-text">
          {props.event.summary ?? props.event.text}
        </p>
        <Show when={props.event.summary}>
          <p class="timeline-sentence muted">“{props.event.text}”</p>
        </Show>
        <ul class="timeline-cites" aria-label="Where it is stated">
          <For each={props.event.citations}>
            {(citation, i) => (
              <li>
                <button
                  type="button"
                  class="matter-cite timeline-cite"
                  data-testid="event-citation"
                  data-verified={citation.verified ? 'true' : 'false'}
                  title={`${citation.path}\nOpen the page with the sentence highlighted`}
                  onClick={() => props.onOpen(props.event, i())}
                >
                  <span class="timeline-cite-doc">{baseName(citation.path)}</span>,{' '}
                  <PageLabel marks={citation} />
                  <Show when={!citation.verified}>
                    {' '}
                    <span class="matter-unverified">quote not found on the page</span>
                  </Show>
                </button>
              </li>
            )}
          </For>
        </ul>
      </div>
    </li>
  );
}

/**
 * The matter's chronology (`data-testid="timeline"`): every dated event (`data-testid="timeline-event"`)
 * by date — partial dates as stated ("March 2014"), ranges as ranges, dates worked out from others marked
 * so — with its sentence (or its summary) and each document stating it, whose page opens with the
 * sentence highlighted. Filtered by words (here, as typed), by the events' own dates (Since / Until, read
 * by the server) and by the documents' scope chips; downloads as CSV or Markdown, filtered alike.
 */
export function TimelineView(props: { slug: string }): JSX.Element {
  const slug = createMemo(() => props.slug);
  const [since, setSince] = createSignal('');
  const [until, setUntil] = createSignal('');
  const [scope, setScope] = createSignal<Scope | null>(null);
  const [words, setWords] = createSignal('');
  const [problem, setProblem] = createSignal<string | null>(null);
  const [shownCount, setShownCount] = createSignal(PAGE_SIZE);
  const query = createMemo(
    (): TimelineQuery => ({ since: since() || undefined, until: until() || undefined, scope: scope() }),
  );
  const [result, { refetch }] = createResource(
    () => ({ slug: slug(), query: query() }),
    (key) => timeline(key.slug, key.query),
  );
  /** The timeline last loaded (kept while it loads again); undefined while none is, or after a failure. */
  const loaded = () =>
    result.state === 'ready' || result.state === 'refreshing' ? result.latest : undefined;
  const viewer = createMatterViewer();
  /** "4 events", or "2 of 4 events" when words filter them. */
  const countText = () => {
    const all = loaded()?.events.length;
    if (all === undefined) return '';
    return events().length === all ? plural(all, 'event') : `${events().length} of ${plural(all, 'event')}`;
  };
  const events = createMemo(() => (loaded()?.events ?? []).filter((e) => eventMatches(e, words())));
  createEffect(on([slug, query, words], () => setShownCount(PAGE_SIZE), { defer: true }));
  createEffect(on(slug, () => viewer.close(), { defer: true }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(() => {
    clearTimeout(timer);
    if (result.state === 'ready' && result().pending > 0)
      timer = setTimeout(() => void refetch(), PENDING_REFRESH_MS);
  });
  onCleanup(() => clearTimeout(timer));

  let sinceInput!: HTMLInputElement;
  let untilInput!: HTMLInputElement;
  const applyDates = (event: Event) => {
    event.preventDefault();
    const from = sinceInput.value.trim();
    const to = untilInput.value.trim();
    const wrong = [from, to].find((bound) => bound !== '' && !isDateBound(bound));
    if (wrong !== undefined) {
      setProblem(`“${wrong}” is not a date here. ${BOUND_HINT}`);
      return;
    }
    setProblem(null);
    batch(() => {
      setSince(from);
      setUntil(to);
    });
  };
  /** The scope chips' Dates restrict the events' own dates here: they fill Since and Until. */
  const changeScope = (next: Scope | null) => {
    batch(() => {
      if (next?.since !== undefined || next?.until !== undefined) {
        setSince(next.since ?? '');
        setUntil(next.until ?? '');
        sinceInput.value = next.since ?? '';
        untilInput.value = next.until ?? '';
      }
      setScope(normalScope({ ...next, since: undefined, until: undefined }));
    });
  };

  return (
    <section class="matter timeline" data-testid="timeline" aria-labelledby="timeline-heading">
      <header class="matter-head">
        <h3 id="timeline-heading">Timeline</h3>
        <p class="muted matter-count" role="status" data-testid="timeline-count">
          {countText()}
        </p>
        <nav class="matter-exports" aria-label="Download the timeline">
          <a href={timelineExportUrl(props.slug, query(), 'csv')} download="" data-testid="export-csv">
            CSV
          </a>
          <a
            href={timelineExportUrl(props.slug, query(), 'markdown')}
            download=""
            data-testid="export-markdown"
          >
            Markdown
          </a>
        </nav>
      </header>
      <form class="timeline-filters" onSubmit={applyDates} aria-label="Filter the timeline">
        <label class="timeline-words">
          <span>Filter</span>
          <input
            type="search"
            value={words()}
            placeholder="Words in the event or a document's name"
            onInput={(event) => setWords(event.currentTarget.value)}
          />
        </label>
        <label>
          <span>Since</span>
          <input
            ref={sinceInput}
            class="timeline-bound"
            name="since"
            placeholder="2014-03"
            title={BOUND_HINT}
          />
        </label>
        <label>
          <span>Until</span>
          <input ref={untilInput} class="timeline-bound" name="until" placeholder="2015" title={BOUND_HINT} />
        </label>
        <button type="submit">Apply dates</button>
      </form>
      <Show when={problem()}>
        {(text) => (
          <p class="error" role="alert">
            {text()}
          </p>
        )}
      </Show>
      <ScopeBar slug={props.slug} scope={scope()} onChange={changeScope} />
      <Show when={result.error}>
        <p class="error" role="alert">
          Could not load the timeline: {messageOf(result.error)}{' '}
          <button type="button" onClick={() => void refetch()}>
            Try again
          </button>
        </p>
      </Show>
      <Show
        when={loaded()}
        fallback={
          <Show when={!result.error}>
            <p class="muted" role="status">
              Loading the timeline…
            </p>
          </Show>
        }
      >
        {(current) => (
          <>
            <PendingNote pending={current().pending} />
            <Show when={events().length === 0}>
              <p class="muted" data-testid="timeline-empty">
                {current().events.length > 0
                  ? 'No event holds these words.'
                  : since() || until() || scope()
                    ? 'No dated event in these dates and documents.'
                    : 'No dated event found in the documents yet.'}
              </p>
            </Show>
            <ol class="timeline-events">
              <For each={events().slice(0, shownCount())}>
                {(event) => (
                  <EventItem
                    event={event}
                    onOpen={(e, i) => {
                      const citation = e.citations[i];
                      if (citation) viewer.open(citation, i + 1);
                    }}
                  />
                )}
              </For>
            </ol>
            <Show when={events().length > shownCount()}>
              <button type="button" class="timeline-more" onClick={() => setShownCount((n) => n + PAGE_SIZE)}>
                Show {Math.min(PAGE_SIZE, events().length - shownCount())} more of{' '}
                {events().length - shownCount()}
              </button>
            </Show>
          </>
        )}
      </Show>
      <MatterViewer slug={props.slug} viewer={viewer} />
    </section>
  );
}
