import { createResource, createSignal, For, type JSX, Show } from 'solid-js';
import { browseFolders } from '../lib/folders-api.ts';
import { messageOf } from '../lib/format.ts';
import './folder-picker.css';

/**
 * Walks the folders of the server's computer (from the home folder, or `start`) and picks one: a
 * subfolder opens on click, "Up" and "Home" go back, "Choose this folder" hands the open folder to
 * `onPick`. The server lists only folders (no files) it allows (see `GET /api/folders`).
 */
export function FolderPicker(props: {
  onPick: (path: string) => void;
  onClose: () => void;
  /** Where to open; default the home folder. */
  start?: string;
  /** The pick button's words; default "Choose this folder". */
  pickLabel?: string;
}): JSX.Element {
  const [where, setWhere] = createSignal<string | undefined>(props.start);
  const [listing] = createResource(
    () => ({ path: where() }),
    ({ path }) => browseFolders(path),
  );
  const current = () => (listing.state === 'ready' ? listing() : listing.latest);

  return (
    <fieldset
      class="folder-picker"
      data-testid="folder-picker"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          props.onClose();
        }
      }}
    >
      <legend class="visually-hidden">Choose a folder</legend>
      <p class="folder-picker-where">
        <span class="muted">In </span>
        <code class="path" data-testid="folder-picker-path">
          {current()?.path ?? '…'}
        </code>
      </p>
      <div class="folder-picker-nav">
        <button
          type="button"
          disabled={!current()?.parent || listing.loading}
          onClick={() => setWhere(current()?.parent ?? undefined)}
        >
          Up
        </button>
        <button type="button" disabled={listing.loading} onClick={() => setWhere(current()?.home)}>
          Home
        </button>
      </div>
      <Show when={listing.error}>
        {(error) => (
          <p class="form-error" role="alert">
            This folder cannot be opened: {messageOf(error())}
          </p>
        )}
      </Show>
      <Show when={current()}>
        {(open) => (
          <Show when={open().folders.length > 0} fallback={<p class="hint">No folders inside this one.</p>}>
            <ul class="folder-picker-list" aria-label="Folders inside">
              <For each={open().folders}>
                {(entry) => (
                  <li>
                    <button
                      type="button"
                      class="folder-picker-entry"
                      disabled={listing.loading}
                      onClick={() => setWhere(entry.path)}
                    >
                      {entry.name}
                      <span aria-hidden="true" class="folder-picker-slash">
                        /
                      </span>
                    </button>
                    <Show when={entry.workspaces.length > 0}>
                      <span class="hint">in {entry.workspaces.join(', ')}</span>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
            <Show when={open().truncated}>
              <p class="hint">Only the first {open().folders.length} folders are shown.</p>
            </Show>
          </Show>
        )}
      </Show>
      <div class="folder-picker-actions">
        <button
          type="button"
          class="primary"
          disabled={!current() || listing.loading}
          onClick={() => {
            const open = current();
            if (open) props.onPick(open.path);
          }}
        >
          {props.pickLabel ?? 'Choose this folder'}
        </button>
        <button type="button" onClick={() => props.onClose()}>
          Close
        </button>
      </div>
    </fieldset>
  );
}
