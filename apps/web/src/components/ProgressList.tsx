import { createComputed, createMemo, createSignal, createUniqueId, For, type JSX, Show } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { parentEmailOf } from '../lib/email.ts';
import { baseName, plural } from '../lib/format.ts';
import {
  countStates,
  type DocumentRow,
  describeFailure,
  folderLabel,
  idleText,
  isInProgress,
  matchesFilter,
  type ProgressEvent,
  type RowState,
  STATE_HINTS,
  STATE_LABELS,
  type StateFilter,
} from '../lib/ingest-state.ts';
import { liveStep } from '../lib/step-progress.ts';
import { EmptyState } from './documents/EmptyState.tsx';
import { RunSummary } from './documents/RunSummary.tsx';
import { StepBar } from './documents/StepBar.tsx';
import './documents.css';

export interface ProgressListProps {
  /** Every document of the workspace, in the order to show (see `ingest-state.ts`), with live progress. */
  documents: readonly DocumentRow[];
  /** The workspace's folders, named in the empty state and used to show where each document is (null: unknown). */
  folders: readonly string[] | null;
  /** True while a sync run is going on. */
  indexing: boolean;
  /** The current run's progress (null before its first progress event). */
  progress: ProgressEvent | null;
  /** Document ids with a reindex request under way. */
  reindexing?: ReadonlySet<string>;
  onReindex: (documentId: string, path: string) => void;
  /** Asks to erase an indexed document from Quire (an "Erase…" button on its row); absent: no such button. */
  onErase?: (documentId: string, path: string) => void;
  /** Opens an indexed document in the viewer (its name is then a button); absent: names are plain text. */
  onOpen?: (row: DocumentRow) => void;
}

const FILTERS: { value: StateFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'in-progress', label: 'In progress' },
  { value: 'failed', label: 'Failed' },
];

/**
 * The documents of a workspace with their ingestion state: the run's overall progress, filters by state
 * and by name, and one row per document (state, steps, pages, the reason of a failure, Reindex).
 * Presentational: everything comes in through props; the only state kept here is the filters and which
 * row holds the keyboard focus (↑ ↓ Home End move between rows, Tab reaches the row's button).
 */
export function ProgressList(props: ProgressListProps): JSX.Element {
  // Rows keep their identity (and so their DOM nodes and keyboard focus) while their state changes.
  const [rows, setRows] = createStore<DocumentRow[]>([]);
  createComputed(() => setRows(reconcile([...props.documents], { key: 'path' })));

  const [filter, setFilter] = createSignal<StateFilter>('all');
  const [query, setQuery] = createSignal('');
  const [active, setActive] = createSignal<string | null>(null);
  const counts = createMemo(() => countStates(props.documents));
  const visible = createMemo(() =>
    rows.filter((row) => matchesFilter(row, filter(), query(), props.folders ?? [])),
  );
  /** The one row in the Tab order: the last one focused if still shown, else the first. */
  const tabStop = createMemo(() => {
    const path = active();
    const shown = visible();
    return shown.some((row) => row.path === path) ? path : (shown[0]?.path ?? null);
  });
  const countOf = (value: StateFilter) =>
    value === 'all' ? counts().all : value === 'failed' ? counts().failed : counts().inProgress;

  const keysHint = createUniqueId();
  let list: HTMLUListElement | undefined;

  const moveFocus = (event: KeyboardEvent & { currentTarget: HTMLLIElement }) => {
    if (event.target !== event.currentTarget || !list) return;
    const items = [...list.querySelectorAll<HTMLElement>('[data-testid="document-row"]')];
    const at = items.indexOf(event.currentTarget);
    const target =
      event.key === 'ArrowDown'
        ? at + 1
        : event.key === 'ArrowUp'
          ? at - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? items.length - 1
              : null;
    if (target === null) return;
    event.preventDefault();
    items[Math.max(0, Math.min(items.length - 1, target))]?.focus();
  };

  const noMatch = () => {
    const q = query().trim();
    if (q) {
      const among =
        filter() === 'failed'
          ? ' among the failed documents'
          : filter() === 'in-progress'
            ? ' among the documents in progress'
            : '';
      return `No documents match “${q}”${among}.`;
    }
    return filter() === 'failed' ? 'No failed documents.' : 'Nothing is being indexed right now.';
  };

  return (
    <div class="docs">
      <RunSummary
        indexing={props.indexing}
        progress={props.progress}
        idle={counts().all > 0 ? idleText(counts()) : null}
      />
      <Show when={counts().all > 0} fallback={<EmptyState folders={props.folders} />}>
        <div class="docs-toolbar">
          <fieldset class="docs-filters">
            <legend class="visually-hidden">Show documents</legend>
            <For each={FILTERS}>
              {(option) => (
                <button
                  type="button"
                  class="docs-filter"
                  classList={{ 'docs-filter-failed': option.value === 'failed' && counts().failed > 0 }}
                  aria-pressed={filter() === option.value}
                  onClick={() => setFilter(option.value)}
                >
                  {option.label} ({countOf(option.value)})
                </button>
              )}
            </For>
          </fieldset>
          <input
            type="search"
            class="docs-search"
            placeholder="Filter by name…"
            aria-label="Filter documents by file or folder name"
            value={query()}
            onInput={(event) => setQuery(event.currentTarget.value)}
          />
        </div>
        <Show
          when={visible().length > 0}
          fallback={
            <p class="docs-no-match" role="status">
              {noMatch()}{' '}
              <button
                type="button"
                onClick={() => {
                  setFilter('all');
                  setQuery('');
                }}
              >
                Show all documents
              </button>
            </p>
          }
        >
          <p id={keysHint} class="visually-hidden">
            Use the up and down arrow keys to move between documents.
          </p>
          <div class="docs-head" aria-hidden="true">
            <span>Document</span>
            <span>State</span>
            <span>Progress</span>
            <span>Pages</span>
            <span />
          </div>
          <ul
            class="docs-list"
            ref={list}
            aria-label={
              filter() === 'all' && !query().trim()
                ? 'Documents'
                : `Documents shown: ${visible().length} of ${counts().all}`
            }
            aria-describedby={keysHint}
          >
            <For each={visible()}>
              {(row) => {
                const name = () => baseName(row.path);
                const parent = () => parentEmailOf(row);
                const folder = () => folderLabel(parent() ?? row.path, props.folders ?? []);
                const where = () => {
                  const email = parent();
                  return email === null ? `in ${folder()}` : `attached to ${baseName(email)} in ${folder()}`;
                };
                const state = () => row.state as RowState;
                const failure = () => (row.state === 'failed' ? describeFailure(row.error) : null);
                const pages = () => (row.pages === null ? null : plural(row.pages, 'page'));
                const live = () => liveStep(row);
                const busy = () =>
                  row.documentId ? (props.reindexing?.has(row.documentId) ?? false) : false;
                const blocked = () => busy() || isInProgress(row.state);
                const focusable = () => (tabStop() === row.path ? 0 : -1);
                const label = () =>
                  [name(), STATE_LABELS[state()], live()?.text, pages(), failure()?.reason, where()]
                    .filter(Boolean)
                    .join(', ');
                return (
                  <li
                    class="docs-row"
                    classList={{
                      'docs-row-failed': row.state === 'failed',
                      'docs-row-attachment': parent() !== null,
                    }}
                    data-testid="document-row"
                    data-state={row.state}
                    data-path={row.path}
                    data-parent={parent() ?? undefined}
                    tabindex={focusable()}
                    aria-label={label()}
                    onFocusIn={() => setActive(row.path)}
                    onKeyDown={moveFocus}
                  >
                    <div class="docs-name">
                      <Show
                        when={props.onOpen && row.documentId && row.state === 'indexed'}
                        fallback={
                          <span class="docs-file" title={row.path}>
                            {name()}
                          </span>
                        }
                      >
                        <button
                          type="button"
                          class="docs-file"
                          data-testid="document-open"
                          tabindex={focusable()}
                          title={`Open ${row.path} at page 1`}
                          onClick={() => props.onOpen?.(row)}
                        >
                          {name()}
                        </button>
                      </Show>
                      <span class="docs-folder" title={row.path}>
                        <Show when={parent()} fallback={folder()}>
                          {(email) => (
                            <span data-testid="document-attached-to">
                              attached to {baseName(email())} · {folder()}
                            </span>
                          )}
                        </Show>
                      </span>
                      <Show when={live()}>
                        {(step) => (
                          <span
                            class="docs-live"
                            data-testid={step().kind === 'ocr' ? 'ocr-progress' : 'step-progress'}
                            data-kind={step().kind}
                            title={step().hint}
                          >
                            {step().text}
                          </span>
                        )}
                      </Show>
                    </div>
                    <span class={`docs-badge docs-badge-${row.state}`} title={STATE_HINTS[state()]}>
                      {STATE_LABELS[state()]}
                    </span>
                    <div class="docs-progress">
                      <Show when={row.state !== 'failed'}>
                        <StepBar state={state()} name={name()} live={live()} />
                      </Show>
                    </div>
                    <span class="docs-pages">{pages() ?? '—'}</span>
                    <div class="docs-action">
                      <Show when={row.documentId}>
                        {(documentId) => (
                          <button
                            type="button"
                            class="docs-reindex"
                            tabindex={focusable()}
                            aria-label={`Reindex ${name()}`}
                            aria-disabled={blocked() ? 'true' : undefined}
                            title={
                              busy()
                                ? 'Reindexing…'
                                : isInProgress(row.state)
                                  ? 'Wait until it is indexed'
                                  : 'Read and index this document again'
                            }
                            onClick={() => {
                              if (!blocked()) props.onReindex(documentId(), row.path);
                            }}
                          >
                            {busy() ? 'Reindexing…' : 'Reindex'}
                          </button>
                        )}
                      </Show>
                      <Show
                        when={props.onErase && row.state === 'indexed' && !busy() ? row.documentId : null}
                      >
                        {(documentId) => (
                          <button
                            type="button"
                            class="docs-erase"
                            tabindex={focusable()}
                            aria-label={`Erase ${name()} from Quire…`}
                            title="Erase from Quire… (asks first; the file stays in its folder)"
                            onClick={() => props.onErase?.(documentId(), row.path)}
                          >
                            Erase…
                          </button>
                        )}
                      </Show>
                    </div>
                    <Show when={failure()}>
                      {(failed) => (
                        <div class="docs-failure">
                          <p>
                            <strong>{failed().reason}</strong>
                            <Show when={failed().next}> {failed().next}</Show>
                          </p>
                          <Show when={failed().detail}>
                            <p class="docs-detail">
                              Details: {failed().detail} ({row.error?.code})
                            </p>
                          </Show>
                        </div>
                      )}
                    </Show>
                  </li>
                );
              }}
            </For>
          </ul>
        </Show>
      </Show>
    </div>
  );
}
