import { createSignal, createUniqueId, type JSX, Show } from 'solid-js';
import { deleteWorkspace, type WorkspaceSettings } from '../../lib/api.ts';
import { messageOf } from '../../lib/format.ts';
import { createSaveAction } from '../../lib/save-action.ts';

/** Deletes the workspace once its exact name is typed (Quire's index and history only, never the files). */
export function DangerSection(props: {
  slug: string;
  settings: () => WorkspaceSettings;
  onDeleted: () => void;
}): JSX.Element {
  const id = createUniqueId();
  const [typed, setTyped] = createSignal('');
  const action = createSaveAction();
  const matches = () => typed() === props.settings().name;

  const remove = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!matches()) {
      action.refuse(`Type the name exactly as shown (“${props.settings().name}”) to confirm.`);
      return;
    }
    await action.run(
      async () => {
        await deleteWorkspace(props.slug);
        props.onDeleted();
        return null;
      },
      (error) => `Could not delete the workspace: ${messageOf(error)}`,
    );
  };

  return (
    <section class="settings-card danger-zone" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Delete this workspace</h3>
      <p>
        Deletes Quire’s index, settings and question history for “{props.settings().name}”. Your documents and
        folders are never touched: you can create the workspace again later, and Quire will re-index them.
      </p>
      <form class="inline-form" onSubmit={(event) => void remove(event)}>
        <label for={`${id}-confirm`}>
          Type <strong class="confirm-name">{props.settings().name}</strong> to confirm
        </label>
        <input
          id={`${id}-confirm`}
          type="text"
          autocomplete="off"
          spellcheck={false}
          value={typed()}
          onInput={(event) => setTyped(event.currentTarget.value)}
        />
        <button type="submit" class="danger" disabled={action.busy() || !matches()}>
          {action.busy() ? 'Deleting…' : 'Delete workspace'}
        </button>
      </form>
      <Show when={action.error()}>
        {(message) => (
          <p class="feedback error" role="alert">
            {message()}
          </p>
        )}
      </Show>
    </section>
  );
}
