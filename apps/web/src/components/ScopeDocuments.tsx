import {
  createMemo,
  createResource,
  createSignal,
  createUniqueId,
  For,
  type JSX,
  onMount,
  Show,
} from 'solid-js';
import { documents } from '../lib/api.ts';
import { baseName, plural } from '../lib/format.ts';
import { globName, globOfPath, withList } from '../lib/scope.ts';
import { EditorActions, type ScopeEditorProps } from './ScopeEditors.tsx';

/** One row of the picker: a document of the workspace, or a pattern the scope already holds. */
interface PickRow {
  glob: string;
  name: string;
  /** Where it is and what it is, in a few words. */
  detail: string;
}

/** The folder a path is in, by its name (`…/Layout matter/lease.pdf` → `Layout matter`). */
const folderOf = (path: string) => path.split(/[\\/]/).slice(-2, -1)[0] ?? '';

/**
 * The documents to ask (`field` `in`) or to leave out (`notIn`): the workspace's indexed documents,
 * narrowed by a filter box, ticked (`data-testid="scope-document"`); each ticked one is sent as its
 * absolute path (escaped, so picomatch reads it literally). Patterns the scope already holds that name no
 * listed document (`lease*`, from the command line) are listed first, ticked.
 */
export function ScopeDocuments(
  props: ScopeEditorProps & { slug: string; field: 'in' | 'notIn' },
): JSX.Element {
  const filterId = createUniqueId();
  const [status] = createResource(() => props.slug, documents);
  const [picked, setPicked] = createSignal<ReadonlySet<string>>(new Set(props.scope?.[props.field] ?? []));
  const [filter, setFilter] = createSignal('');
  let filterBox!: HTMLInputElement;
  onMount(() => filterBox.focus());

  const rows = createMemo((): PickRow[] => {
    const indexed = (status.state === 'ready' ? status().documents : []).filter((d) => d.state === 'indexed');
    const listed: PickRow[] = indexed.map((d) => ({
      glob: globOfPath(d.path),
      name: baseName(d.path),
      detail: [d.parent ? `attached to ${baseName(d.parent)}` : folderOf(d.path), d.date?.value]
        .filter(Boolean)
        .join(' · '),
    }));
    const known = new Set(listed.map((r) => r.glob));
    const patterns = (props.scope?.[props.field] ?? [])
      .filter((glob) => !known.has(glob))
      .map((glob) => ({ glob, name: globName(glob), detail: 'pattern' }));
    return [...patterns, ...listed];
  });
  const shown = createMemo(() => {
    const words = filter().trim().toLowerCase();
    if (!words) return rows();
    return rows().filter((r) => `${r.name} ${r.detail} ${r.glob}`.toLowerCase().includes(words));
  });
  const toggle = (glob: string, on: boolean) =>
    setPicked((set) => {
      const next = new Set(set);
      if (on) next.add(glob);
      else next.delete(glob);
      return next;
    });

  return (
    <form
      class="scope-editor"
      onSubmit={(event) => {
        event.preventDefault();
        const order = rows().map((r) => r.glob);
        props.onApply(
          withList(
            props.scope,
            props.field,
            order.filter((glob) => picked().has(glob)),
          ),
        );
      }}
    >
      <div class="scope-fields">
        <label for={filterId}>
          {props.field === 'in' ? 'Only these documents' : 'Leave out these documents'}
        </label>
        <input
          id={filterId}
          ref={filterBox}
          type="search"
          placeholder="Filter by name"
          value={filter()}
          onInput={(event) => setFilter(event.currentTarget.value)}
        />
      </div>
      <Show when={status.error}>
        <p class="error" role="alert">
          The documents could not be listed. Close this and try again.
        </p>
      </Show>
      <Show when={status.loading}>
        <p class="muted" role="status">
          Loading the documents…
        </p>
      </Show>
      <p class="scope-note muted" aria-live="polite">
        {picked().size > 0 ? `${plural(picked().size, 'document')} ticked` : 'None ticked'}
        <Show when={filter().trim()}> · {plural(shown().length, 'match', 'matches')}</Show>
      </p>
      <ul class="scope-documents" aria-label="Documents">
        <For
          each={shown()}
          fallback={
            <Show when={status.state === 'ready'}>
              <li class="muted">No indexed document matches.</li>
            </Show>
          }
        >
          {(row) => (
            <li data-testid="scope-document">
              <label class="scope-check" title={row.glob}>
                <input
                  type="checkbox"
                  checked={picked().has(row.glob)}
                  onChange={(event) => toggle(row.glob, event.currentTarget.checked)}
                />{' '}
                <span class="scope-document-name">{row.name}</span>
                <Show when={row.detail}>
                  {' '}
                  <span class="scope-document-detail muted">{row.detail}</span>
                </Show>
              </label>
            </li>
          )}
        </For>
      </ul>
      <EditorActions onCancel={props.onCancel} />
    </form>
  );
}
