import { createSignal, createUniqueId, For, type JSX, Match, Show, Switch } from 'solid-js';
import { plural } from '../lib/format.ts';
import { type ChipKey, type Scope, scopeChips, scopeLine, withoutChip } from '../lib/scope.ts';
import { ScopeDocuments } from './ScopeDocuments.tsx';
import { ScopeDates, ScopeKinds, ScopeParties } from './ScopeEditors.tsx';
import './scope.css';

/** The restrictions the panel offers, in order, each opening its editor. */
const EDITORS: readonly { key: ChipKey; name: string }[] = [
  { key: 'in', name: 'Documents' },
  { key: 'notIn', name: 'Exclude documents' },
  { key: 'kinds', name: 'Kind' },
  { key: 'dates', name: 'Dates' },
  { key: 'from', name: 'From' },
  { key: 'to', name: 'To' },
];

/**
 * The scope chips above the question box (`data-testid="scope-bar"`): "Whole workspace", or one chip
 * per restriction (`data-testid="scope-chip"`, `data-key`) saying what it restricts to, a click on it
 * opening its editor and its × (labelled "Remove …") removing it. "Scope" opens the panel
 * (`data-testid="scope-panel"`) where documents are picked (with a filter box) or excluded, kinds ticked,
 * a date range and email senders or recipients given; Apply sets the restriction, Cancel or Esc leaves it.
 */
export function ScopeBar(props: {
  slug: string;
  scope: Scope | null;
  onChange: (scope: Scope | null) => void;
}): JSX.Element {
  const panelId = createUniqueId();
  const [open, setOpen] = createSignal<ChipKey | null>(null);
  let scopeButton!: HTMLButtonElement;
  const chips = () => scopeChips(props.scope);

  const close = () => {
    setOpen(null);
    scopeButton.focus();
  };
  const apply = (scope: Scope | null) => {
    props.onChange(scope);
    close();
  };

  return (
    <div class="scope-bar" data-testid="scope-bar">
      <div class="scope-row">
        <button
          type="button"
          class="scope-add"
          ref={scopeButton}
          aria-expanded={open() !== null}
          aria-controls={panelId}
          onClick={() => (open() ? close() : setOpen('in'))}
        >
          Scope
        </button>
        <Show
          when={chips().length > 0}
          fallback={
            <span class="scope-all muted" data-testid="scope-all">
              Whole workspace
            </span>
          }
        >
          <ul class="scope-chips" aria-label="Scope restrictions">
            <For each={chips()}>
              {(chip) => (
                <li class="scope-chip" data-testid="scope-chip" data-key={chip.key}>
                  <button
                    type="button"
                    class="scope-chip-edit"
                    title={`${chip.name}: ${chip.full}`}
                    aria-label={`Change ${chip.name}: ${chip.full}`}
                    onClick={() => setOpen(chip.key)}
                  >
                    <span class="scope-chip-name">{chip.name}:</span> {chip.value}
                  </button>
                  <button
                    type="button"
                    class="scope-chip-remove"
                    aria-label={`Remove ${chip.name}: ${chip.full}`}
                    title="Remove"
                    onClick={() => {
                      props.onChange(withoutChip(props.scope, chip.key));
                      scopeButton.focus();
                    }}
                  >
                    ×
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>
      <Show when={open()}>
        {(key) => (
          <section
            id={panelId}
            class="scope-panel"
            data-testid="scope-panel"
            aria-label="Limit the scope"
            on:keydown={(event: KeyboardEvent) => {
              if (event.key !== 'Escape' || event.defaultPrevented) return;
              event.preventDefault();
              close();
            }}
          >
            <fieldset class="scope-tabs">
              <legend class="visually-hidden">Limit by</legend>
              <For each={EDITORS}>
                {(editor) => (
                  <button
                    type="button"
                    aria-pressed={key() === editor.key}
                    onClick={() => setOpen(editor.key)}
                  >
                    {editor.name}
                  </button>
                )}
              </For>
            </fieldset>
            <Switch>
              <Match when={key() === 'in'}>
                <ScopeDocuments
                  slug={props.slug}
                  field="in"
                  scope={props.scope}
                  onApply={apply}
                  onCancel={close}
                />
              </Match>
              <Match when={key() === 'notIn'}>
                <ScopeDocuments
                  slug={props.slug}
                  field="notIn"
                  scope={props.scope}
                  onApply={apply}
                  onCancel={close}
                />
              </Match>
              <Match when={key() === 'kinds'}>
                <ScopeKinds scope={props.scope} onApply={apply} onCancel={close} />
              </Match>
              <Match when={key() === 'dates'}>
                <ScopeDates scope={props.scope} onApply={apply} onCancel={close} />
              </Match>
              <Match when={key() === 'from'}>
                <ScopeParties field="from" scope={props.scope} onApply={apply} onCancel={close} />
              </Match>
              <Match when={key() === 'to'}>
                <ScopeParties field="to" scope={props.scope} onApply={apply} onCancel={close} />
              </Match>
            </Switch>
          </section>
        )}
      </Show>
    </div>
  );
}

/**
 * Under a question asked of part of the workspace (`data-testid="scope-note"`): "Asked of 2 documents ·
 * Documents: lease.pdf, memo.docx"; a turn reopened from its thread, whose count was not kept, says
 * "Asked of part of the workspace". Nothing for a question asked of all of it.
 */
export function ScopeNote(props: { scope: Scope | null; documents: number | null }): JSX.Element {
  const asked = () =>
    props.documents === null
      ? 'Asked of part of the workspace'
      : props.documents === 0
        ? 'Asked of 0 documents: nothing in the workspace is in this scope'
        : `Asked of ${plural(props.documents, 'document')}`;
  return (
    <Show when={props.scope}>
      {(scope) => (
        <p class="scope-note turn-scope muted" data-testid="scope-note">
          {asked()} · {scopeLine(scope())}
        </p>
      )}
    </Show>
  );
}
