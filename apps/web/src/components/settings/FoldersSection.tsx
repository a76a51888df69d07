import { createSignal, createUniqueId, For, type JSX, Show } from 'solid-js';
import { removeFolder } from '../../lib/api.ts';
import {
  attachFolder,
  describeFolderOwners,
  FolderInUseError,
  type FolderOwner,
} from '../../lib/folders-api.ts';
import { createSaveAction } from '../../lib/save-action.ts';
import { cleanPath, examplePath, explainWorkspaceError, pathProblem } from '../CreateWorkspaceForm.tsx';
import { ConfirmInline, FeedbackLines } from '../Feedback.tsx';
import { FolderPicker } from '../FolderPicker.tsx';
import type { SectionProps } from './section-props.ts';

/**
 * The workspace's folders: each with a Remove that asks first, and "Add folder to <workspace>" (typed or
 * picked with the folder browser). A folder another workspace already reads is named and asked about
 * before it is attached.
 */
export function FoldersSection(props: SectionProps): JSX.Element {
  const id = createUniqueId();
  const [path, setPath] = createSignal('');
  const [confirming, setConfirming] = createSignal<string | null>(null);
  const [browsing, setBrowsing] = createSignal(false);
  /** The folder the server flagged as another workspace's, with the overlaps, until confirmed or changed. */
  const [shared, setShared] = createSignal<{ folder: string; owners: FolderOwner[] } | null>(null);
  const action = createSaveAction();
  const name = () => props.settings().name;
  let pathInput: HTMLInputElement | undefined;

  const add = async (folder: string, confirm: boolean) => {
    setShared(null);
    const added = await action.run(
      async () => {
        const before = props.settings().folders.length;
        try {
          const next = await attachFolder(props.slug, folder, { confirm });
          props.onSaved(next);
          setPath('');
          return next.folders.length === before
            ? `That folder is already part of “${next.name}”.`
            : `Added ${folder} to “${next.name}”. Its documents are being indexed (see Documents).`;
        } catch (error) {
          if (!(error instanceof FolderInUseError)) throw error;
          setShared({ folder, owners: error.owners });
          return null;
        }
      },
      (error) => `Could not add the folder: ${explainWorkspaceError(error)}`,
    );
    if (!added) pathInput?.focus();
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const folder = cleanPath(path());
    const problem = folder
      ? pathProblem(folder)
      : 'Type the full path of a folder, or browse for one, first.';
    if (problem) {
      action.refuse(problem);
      pathInput?.focus();
      return;
    }
    await add(folder, false);
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
      <form class="inline-form" onSubmit={(event) => void submit(event)}>
        <label for={`${id}-path`}>Add a folder to “{name()}”</label>
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
          onInput={(event) => {
            setPath(event.currentTarget.value);
            setShared(null);
          }}
        />
        <button type="button" disabled={action.busy() || browsing()} onClick={() => setBrowsing(true)}>
          Browse…
        </button>
        <button type="submit" class="primary" disabled={action.busy()}>
          Add folder to “{name()}”
        </button>
      </form>
      <p id={`${id}-hint`} class="hint">
        The full path of an existing folder on this computer, or browse for it. Its documents join this
        workspace only.
      </p>
      <Show when={browsing()}>
        <FolderPicker
          pickLabel={`Add this folder to “${name()}”`}
          onPick={(folder) => {
            setBrowsing(false);
            setPath(folder);
            void add(folder, false);
          }}
          onClose={() => setBrowsing(false)}
        />
      </Show>
      <Show when={shared()}>
        {(flagged) => (
          <div class="form-warning" role="alert" data-testid="folder-in-use">
            <p>Another workspace already reads this folder:</p>
            <ul>
              <For each={describeFolderOwners(flagged().owners)}>{(line) => <li>{line}</li>}</For>
            </ul>
            <p>Its documents would be in both workspaces. Add it to “{name()}” anyway?</p>
            <div class="grid-actions">
              <button
                type="button"
                class="primary"
                disabled={action.busy()}
                onClick={() => void add(flagged().folder, true)}
              >
                Add anyway
              </button>
              <button
                type="button"
                disabled={action.busy()}
                onClick={() => {
                  setShared(null);
                  pathInput?.focus();
                }}
              >
                Don’t add
              </button>
            </div>
          </div>
        )}
      </Show>
      <FeedbackLines ok={action.ok()} error={action.error()} />
    </section>
  );
}
