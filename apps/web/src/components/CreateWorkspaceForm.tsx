import { createSignal, createUniqueId, type JSX, onMount, Show } from 'solid-js';
import { ApiError, createWorkspace, type WorkspaceSettings } from '../lib/api.ts';
import { messageOf } from '../lib/format.ts';
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
  /** Called after a failed attempt that may have changed the server's list (a half-created workspace). */
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
  let nameInput: HTMLInputElement | undefined;
  let foldersInput: HTMLTextAreaElement | undefined;

  onMount(() => {
    if (props.autofocus) nameInput?.focus();
  });

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
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
    setBusy(true);
    try {
      const created = await createWorkspace(trimmed, paths);
      props.onCreated(created);
    } catch (caught) {
      const folder = missingFolder(caught);
      // The server creates the workspace before attaching its folders: with a wrong folder it exists.
      setError(
        folder === null
          ? explainWorkspaceError(caught)
          : `${explainWorkspaceError(caught)} The workspace “${trimmed}” was created without it: correct the path and press Create workspace again, or add folders later in its Settings.`,
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
        onInput={(event) => setFolders(event.currentTarget.value)}
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
