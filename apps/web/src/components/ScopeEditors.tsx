import { createSignal, createUniqueId, For, type JSX, onMount, Show } from 'solid-js';
import { partiesOf, SCOPE_KINDS, type Scope, type ScopeKind, withDates, withList } from '../lib/scope.ts';

/** What every scope editor is given: the current scope, and what to do with the edited one. */
export interface ScopeEditorProps {
  scope: Scope | null;
  onApply: (scope: Scope | null) => void;
  onCancel: () => void;
}

/** An editor's Apply (its form's submit) and Cancel buttons. */
export function EditorActions(props: { onCancel: () => void; problem?: string | null }): JSX.Element {
  return (
    <>
      <Show when={props.problem}>
        {(problem) => (
          <p class="error scope-problem" role="alert">
            {problem()}
          </p>
        )}
      </Show>
      <div class="scope-actions">
        <button type="submit" class="primary">
          Apply
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </>
  );
}

/** The kinds of file to ask, ticked (none ticked: every kind). */
export function ScopeKinds(props: ScopeEditorProps): JSX.Element {
  const [ticked, setTicked] = createSignal<readonly ScopeKind[]>(props.scope?.kinds ?? []);
  let first!: HTMLInputElement;
  onMount(() => first.focus());
  const toggle = (kind: ScopeKind, on: boolean) =>
    setTicked((list) => (on ? [...list, kind] : list.filter((k) => k !== kind)));
  return (
    <form
      class="scope-editor"
      onSubmit={(event) => {
        event.preventDefault();
        props.onApply(withList(props.scope, 'kinds', ticked()));
      }}
    >
      <fieldset class="scope-kinds">
        <legend>Only these kinds of file</legend>
        <For each={SCOPE_KINDS}>
          {(entry, i) => (
            <label class="scope-check">
              <input
                type="checkbox"
                ref={(input) => {
                  if (i() === 0) first = input;
                }}
                checked={ticked().includes(entry.kind)}
                onChange={(event) => toggle(entry.kind, event.currentTarget.checked)}
              />{' '}
              {entry.name}
            </label>
          )}
        </For>
      </fieldset>
      <EditorActions onCancel={props.onCancel} />
    </form>
  );
}

/** The range of the documents' dates: on or after, on or before (either may be left empty). */
export function ScopeDates(props: ScopeEditorProps): JSX.Element {
  const sinceId = createUniqueId();
  const untilId = createUniqueId();
  const [since, setSince] = createSignal(props.scope?.since ?? '');
  const [until, setUntil] = createSignal(props.scope?.until ?? '');
  const [problem, setProblem] = createSignal<string | null>(null);
  let first!: HTMLInputElement;
  onMount(() => first.focus());
  return (
    <form
      class="scope-editor"
      onSubmit={(event) => {
        event.preventDefault();
        if (since() && until() && since() > until()) {
          setProblem('The first day is after the last: swap them, or leave one empty.');
          return;
        }
        props.onApply(withDates(props.scope, { since: since(), until: until() }));
      }}
    >
      <div class="scope-fields">
        <label for={sinceId}>Dated on or after</label>
        <input
          id={sinceId}
          ref={first}
          type="date"
          value={since()}
          onInput={(event) => setSince(event.currentTarget.value)}
        />
        <label for={untilId}>Dated on or before</label>
        <input
          id={untilId}
          type="date"
          value={until()}
          onInput={(event) => setUntil(event.currentTarget.value)}
        />
      </div>
      <p class="scope-note muted">
        A document’s date is an email’s Date, else its file’s own date, else the first full date written in
        it. Documents with no date are left out.
      </p>
      <EditorActions onCancel={props.onCancel} problem={problem()} />
    </form>
  );
}

/** Email senders (`from`) or recipients (`to`): names or addresses, or parts of them, commas between. */
export function ScopeParties(props: ScopeEditorProps & { field: 'from' | 'to' }): JSX.Element {
  const inputId = createUniqueId();
  const [text, setText] = createSignal((props.scope?.[props.field] ?? []).join(', '));
  let input!: HTMLInputElement;
  onMount(() => input.focus());
  return (
    <form
      class="scope-editor"
      onSubmit={(event) => {
        event.preventDefault();
        props.onApply(withList(props.scope, props.field, partiesOf(text())));
      }}
    >
      <div class="scope-fields">
        <label for={inputId}>{props.field === 'from' ? 'Sent by' : 'Sent to (To or Cc)'}</label>
        <input
          id={inputId}
          ref={input}
          type="text"
          value={text()}
          onInput={(event) => setText(event.currentTarget.value)}
          placeholder="landlord@example.com, Smith"
        />
      </div>
      <p class="scope-note muted">
        Emails (and the files attached to them) whose {props.field === 'from' ? 'sender' : 'recipients'}’ name
        or address contains one of these; commas between several.
      </p>
      <EditorActions onCancel={props.onCancel} />
    </form>
  );
}
