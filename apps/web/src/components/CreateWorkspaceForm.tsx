import { createSignal, createUniqueId, For, type JSX, onMount, Show } from 'solid-js';
import { ApiError, type WorkspaceSettings } from '../lib/api.ts';
import {
  createNewWorkspace,
  describeFolderOwners,
  FolderInUseError,
  type FolderOwner,
} from '../lib/folders-api.ts';
import { messageOf } from '../lib/format.ts';
import { FolderPicker } from './FolderPicker.tsx';
import './sidebar.css';

/** An example folder path in the style of the user's system, for hints and placeholders. */
export function examplePath(name = 'Acme v Smith'): string {
  const agent = globalThis.navigator?.userAgent ?? '';
  if (/Windows/i.test(agent)) return `C:\\Users\\you\\Matters\\${name}`;
  if (/Macintosh|Mac OS X/i.test(agent)) return `/Users/you/Matters/${name}`;
  return `/home/you/Matters/${name}`;
}

/**
 * A path as the user typed or pasted it, cleaned up: surrounding spaces and quotes removed, a
 * `file://` address (dragged from a file manager) turned into a path.
 */
export function cleanPath(line: string): string {
  let path = line.trim();
  const quoted = /^(["'])(.*)\1$/.exec(path);
  if (quoted?.[2] !== undefined) path = quoted[2].trim();
  if (/^file:\/\//i.test(path)) {
    try {
      const url = new URL(path);
      const decoded = decodeURIComponent(url.pathname);
      // file:///C:/Users/… → C:/Users/…
      path = /^\/[A-Za-z]:\//.test(decoded) ? decoded.slice(1) : decoded;
    } catch {
      // not a valid address: leave it for the server to judge
    }
  }
  return path;
}

/** Why a folder path cannot be right before the server is even asked, or `null`. */
export function pathProblem(path: string): string | null {
  if (path.startsWith('~'))
    return `“${path}”: write the full path instead of “~”, for example ${examplePath()}.`;
  if (!/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(path))
    return `“${path}” is not a full path. Give the whole path from the top of the disk, for example ${examplePath()}.`;
  return null;
}

/** The folder a "Not a folder: …" answer of the server names, if that is what it says. */
function missingFolder(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'invalid-request') return null;
  return /^Not a folder: (.+)$/.exec(error.message)?.[1] ?? null;
}

/** The existing workspace a 409 about a taken name names, if it does. */
function takenBy(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'conflict') return null;
  const match = /workspace named "([^"]+)" already exists|taken by the workspace "([^"]+)"/.exec(
    error.message,
  );
  return match?.[1] ?? match?.[2] ?? null;
}

/** A server error about a workspace or one of its folders, in plain words. */
export function explainWorkspaceError(error: unknown): string {
  const folder = missingFolder(error);
  if (folder !== null)
    return `There is no folder at ${folder} on this computer. Check the spelling; the folder must already exist.`;
  if (error instanceof ApiError) {
    if (error.code === 'conflict')
      return `That name is already taken (${error.message}). Choose a different name.`;
    if (error.code === 'forbidden-path') return `Quire cannot use that path: ${error.message}.`;
  }
  return messageOf(error);
}

/** The lines of the folders box as paths: cleaned, without blanks or repeats. */
export function folderLines(text: string): string[] {
  const paths = text.split(/\r?\n/).map(cleanPath).filter(Boolean);
  return [...new Set(paths)];
}

/** Name and folders of a new workspace; creates it on the server. */
export function CreateWorkspaceForm(props: {
  onCreated: (workspace: WorkspaceSettings) => void;
  /**
   * Called after the server refused (nothing was created): its list may hold what this one does not, such
   * as a workspace of the same name created from another window or the command line.
   */
  onAttempted?: () => void;
  /** Without it, the form cannot be closed (when there is no workspace yet). */
  onCancel?: () => void;
  /** Move the keyboard focus to the name field when the form appears. */
  autofocus?: boolean;
}): JSX.Element {
  const id = createUniqueId();
  const [name, setName] = createSignal('');
  const [folders, setFolders] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  /** Folders another workspace reads, as the server flagged them: shown, and created only if confirmed. */
  const [shared, setShared] = createSignal<FolderOwner[] | null>(null);
  const [browsing, setBrowsing] = createSignal(false);
  let nameInput: HTMLInputElement | undefined;
  let foldersInput: HTMLTextAreaElement | undefined;

  onMount(() => {
    if (props.autofocus) nameInput?.focus();
  });

  const pick = (path: string) => {
    const lines = folderLines(folders());
    if (!lines.includes(path)) setFolders([...lines, path].join('\n'));
    setShared(null);
    setBrowsing(false);
    foldersInput?.focus();
  };

  const submit = async (event: SubmitEvent | null, confirm = false) => {
    event?.preventDefault();
    if (busy()) return;
    const trimmed = name().trim();
    if (!trimmed) {
      setError('Give the workspace a name, for example the matter or the client.');
      nameInput?.focus();
      return;
    }
    if (!/[\p{L}\p{N}]/u.test(trimmed)) {
      setError('The name needs at least one letter or digit.');
      nameInput?.focus();
      return;
    }
    const paths = folderLines(folders());
    const problem = paths.map(pathProblem).find((p) => p !== null);
    if (problem) {
      setError(problem);
      foldersInput?.focus();
      return;
    }
    setError(null);
    setShared(null);
    setBusy(true);
    try {
      const created = await createNewWorkspace(trimmed, paths, { confirm });
      props.onCreated(created);
    } catch (caught) {
      if (caught instanceof FolderInUseError) {
        setShared(caught.owners);
        return;
      }
      const folder = missingFolder(caught);
      const owner = takenBy(caught);
      // The server checks everything first: a refused workspace was not created at all.
      setError(
        owner !== null
          ? `That name is already taken by the workspace “${owner}”. Choose a different name. To add these folders to “${owner}” instead, open it and use Add folder in its Settings → Folders. Nothing was created.`
          : folder === null
            ? explainWorkspaceError(caught)
            : `${explainWorkspaceError(caught)} Nothing was created: correct the path and press Create workspace again.`,
      );
      if (caught instanceof ApiError && caught.status !== null) props.onAttempted?.();
      if (folder !== null) foldersInput?.focus();
      else if (caught instanceof ApiError && caught.code === 'conflict') nameInput?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="create-workspace"
      aria-label="New workspace"
      aria-busy={busy()}
      noValidate
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && props.onCancel && !busy()) {
          event.preventDefault();
          props.onCancel();
        }
      }}
    >
      <label for={`${id}-name`}>Name</label>
      <input
        id={`${id}-name`}
        ref={nameInput}
        type="text"
        name="name"
        maxLength={120}
        autocomplete="off"
        required
        placeholder="Acme v Smith"
        value={name()}
        onInput={(event) => setName(event.currentTarget.value)}
      />
      <label for={`${id}-folders`}>Folders</label>
      <textarea
        id={`${id}-folders`}
        ref={foldersInput}
        name="folders"
        rows={3}
        spellcheck={false}
        autocomplete="off"
        aria-describedby={`${id}-folders-hint`}
        placeholder={examplePath()}
        value={folders()}
        onInput={(event) => {
          setFolders(event.currentTarget.value);
          setShared(null);
        }}
        onKeyDown={(event) => {
          // Enter adds a line; Ctrl+Enter (⌘+Enter) submits, as in most multi-line forms.
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            event.currentTarget.form?.requestSubmit();
          }
        }}
      />
      <p id={`${id}-folders-hint`} class="hint">
        One full path per line, like {examplePath()}. Quire reads the PDF, Word and image (PNG, JPEG, TIFF)
        files in them (and their subfolders) and never changes them. You can add folders later.
      </p>
      <Show
        when={browsing()}
        fallback={
          <button type="button" class="browse" disabled={busy()} onClick={() => setBrowsing(true)}>
            Browse for a folder…
          </button>
        }
      >
        <FolderPicker pickLabel="Add this folder" onPick={pick} onClose={() => setBrowsing(false)} />
      </Show>
      <Show when={shared()}>
        {(owners) => (
          <div class="form-warning" role="alert" data-testid="folder-in-use">
            <p>Another workspace already reads {owners().length === 1 ? 'this folder' : 'these folders'}:</p>
            <ul>
              <For each={describeFolderOwners(owners())}>{(line) => <li>{line}</li>}</For>
            </ul>
            <p>Its documents would be in both workspaces. Create “{name().trim()}” with it anyway?</p>
            <div class="form-actions">
              <button type="button" class="primary" disabled={busy()} onClick={() => void submit(null, true)}>
                Create anyway
              </button>
              <button
                type="button"
                disabled={busy()}
                onClick={() => {
                  setShared(null);
                  foldersInput?.focus();
                }}
              >
                Change folders
              </button>
            </div>
          </div>
        )}
      </Show>
      <Show when={error()}>
        {(message) => (
          <p class="form-error" role="alert">
            {message()}
          </p>
        )}
      </Show>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? 'Creating…' : 'Create workspace'}
        </button>
        <Show when={props.onCancel}>
          {(cancel) => (
            <button type="button" disabled={busy()} onClick={() => cancel()()}>
              Cancel
            </button>
          )}
        </Show>
      </div>
    </form>
  );
}
