import { createSignal, createUniqueId, For, type JSX, Show } from 'solid-js';
import { addFolder, removeFolder } from '../../lib/api.ts';
import { createSaveAction } from '../../lib/save-action.ts';
import { cleanPath, examplePath, explainWorkspaceError, pathProblem } from '../CreateWorkspaceForm.tsx';
import { ConfirmInline, FeedbackLines } from '../Feedback.tsx';
import type { SectionProps } from './section-props.ts';

/** The workspace's folders: each with a Remove that asks first, and a field to add one. */
export function FoldersSection(props: SectionProps): JSX.Element {
  const id = createUniqueId();
  const [path, setPath] = createSignal('');
  const [confirming, setConfirming] = createSignal<string | null>(null);
  const action = createSaveAction();
  let pathInput: HTMLInputElement | undefined;

  const add = async (event: SubmitEvent) => {
    event.preventDefault();
    const folder = cleanPath(path());
    const problem = folder ? pathProblem(folder) : 'Type the full path of a folder first.';
    if (problem) {
      action.refuse(problem);
      pathInput?.focus();
      return;
    }
    const added = await action.run(
      async () => {
        const before = props.settings().folders.length;
        const next = await addFolder(props.slug, folder);
        props.onSaved(next);
        setPath('');
        return next.folders.length === before
          ? 'That folder is already part of this workspace.'
          : `Added ${folder}. Its documents are being indexed (see Documents).`;
      },
      (error) => `Could not add the folder: ${explainWorkspaceError(error)}`,
    );
    if (!added) pathInput?.focus();
  };

  const remove = async (folder: string) => {
    await action.run(
      async () => {
        const next = await removeFolder(props.slug, folder);
        props.onSaved(next);
        setConfirming(null);
        pathInput?.focus();
        return `Removed ${folder}. Its documents left the index; the files themselves are untouched.`;
      },
      (error) => `Could not remove the folder: ${explainWorkspaceError(error)}`,
    );
  };

  return (
    <section class="settings-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Folders</h3>
      <p class="muted">
        Quire indexes the PDF, Word and image (PNG, JPEG, TIFF) files in these folders and their subfolders,
        and keeps watching them for changes. It never modifies them.
      </p>
      <Show
        when={props.settings().folders.length > 0}
        fallback={<p class="empty">No folder yet: add one below so that there is something to ask about.</p>}
      >
        <ul class="folder-list">
          <For each={props.settings().folders}>
            {(folder) => (
              <li>
                <code class="path">{folder}</code>
                <Show
                  when={confirming() === folder}
                  fallback={
                    <button
                      type="button"
                      aria-label={`Remove ${folder}`}
                      disabled={action.busy()}
                      onClick={() => setConfirming(folder)}
                    >
                      Remove
                    </button>
                  }
                >
                  <ConfirmInline
                    label={`Confirm removing ${folder}`}
                    confirmLabel="Remove folder"
                    busy={action.busy()}
                    onConfirm={() => void remove(folder)}
                    onCancel={() => setConfirming(null)}
                  >
                    Remove this folder? Its documents leave the index; your files are not touched.
                  </ConfirmInline>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <form class="inline-form" onSubmit={(event) => void add(event)}>
        <label for={`${id}-path`}>Add a folder</label>
        <input
          id={`${id}-path`}
          ref={pathInput}
          type="text"
          spellcheck={false}
          autocomplete="off"
          class="path-input"
          placeholder={examplePath()}
          aria-describedby={`${id}-hint`}
          value={path()}
          onInput={(event) => setPath(event.currentTarget.value)}
        />
        <button type="submit" disabled={action.busy()}>
          Add folder
        </button>
      </form>
      <p id={`${id}-hint`} class="hint">
        The full path of an existing folder on this computer.
      </p>
      <FeedbackLines ok={action.ok()} error={action.error()} />
    </section>
  );
}
