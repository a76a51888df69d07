import { createSignal, createUniqueId, type JSX, untrack } from 'solid-js';
import { updateWorkspace } from '../../lib/api.ts';
import { createSaveAction } from '../../lib/save-action.ts';
import { explainWorkspaceError } from '../CreateWorkspaceForm.tsx';
import { FeedbackLines } from '../Feedback.tsx';
import type { SectionProps } from './section-props.ts';

/** Renames the workspace (its slug, and so its folder and address, stay). */
export function NameSection(props: SectionProps): JSX.Element {
  const id = createUniqueId();
  const [draft, setDraft] = createSignal(untrack(() => props.settings().name));
  const action = createSaveAction();
  const unchanged = () => draft().trim() === props.settings().name;

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const name = draft().trim();
    if (!name) {
      action.refuse('The name cannot be empty.');
      return;
    }
    if (!/[\p{L}\p{N}]/u.test(name)) {
      action.refuse('The name needs at least one letter or digit.');
      return;
    }
    await action.run(
      async () => {
        const next = await updateWorkspace(props.slug, { name });
        props.onSaved(next);
        setDraft(next.name);
        return `Renamed to “${next.name}”.`;
      },
      (error) => `Could not rename: ${explainWorkspaceError(error)}`,
    );
  };

  return (
    <section class="settings-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Name</h3>
      <form class="inline-form" onSubmit={(event) => void save(event)}>
        <label for={`${id}-name`}>Workspace name</label>
        <input
          id={`${id}-name`}
          type="text"
          maxLength={120}
          autocomplete="off"
          value={draft()}
          onInput={(event) => setDraft(event.currentTarget.value)}
        />
        <button type="submit" class="primary" disabled={action.busy() || unchanged()}>
          {action.busy() ? 'Saving…' : 'Save name'}
        </button>
      </form>
      <FeedbackLines ok={action.ok()} error={action.error()} />
    </section>
  );
}
