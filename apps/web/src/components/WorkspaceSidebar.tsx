import { createEffect, createSignal, For, type JSX, Show } from 'solid-js';
import type { IngestEvent, WorkspaceSummary } from '../lib/api.ts';
import { plural } from '../lib/format.ts';
import { navigate, route } from '../lib/route.ts';
import { CreateWorkspaceForm } from './CreateWorkspaceForm.tsx';
import './sidebar.css';

type RunProgress = Extract<IngestEvent, { type: 'progress' }>;

/** The element id of the sidebar, for the toggle's `aria-controls`. */
export const SIDEBAR_ID = 'workspace-sidebar';

/**
 * A workspace's line under its name: its indexed documents, and the run going on if any ("indexing…"
 * while its file count is not known yet, `total` 0).
 */
export function countText(workspace: WorkspaceSummary, run: RunProgress | undefined): string {
  if (run && !run.finished) {
    const indexing = run.total > 0 ? `indexing ${run.done} of ${plural(run.total, 'file')}` : 'indexing…';
    return `${plural(workspace.documents, 'document')} · ${indexing}`;
  }
  return workspace.folders.length === 0 && workspace.documents === 0
    ? 'no folder yet'
    : plural(workspace.documents, 'document');
}

/**
 * The note under a workspace whose models run on a server (remote inference, off by default): where its
 * text is sent. Null when every model runs on this machine.
 */
export function remoteText(workspace: WorkspaceSummary): string | null {
  const servers = [...new Set(Object.values(workspace.remoteInference ?? {}))];
  return servers.length > 0 ? `Sends text to ${servers.join(', ')}` : null;
}

/**
 * The note under a workspace whose index lives on object storage: where, and whether this machine only
 * reads it. Null for an index in the data home.
 */
export function indexText(workspace: WorkspaceSummary): string | null {
  if (!workspace.index) return null;
  const where = `Index on ${workspace.index.uri}`;
  if (workspace.indexError) return `${where} — unreachable`;
  return workspace.index.readOnly ? `${where} · read-only` : where;
}

/**
 * The workspaces (one per matter or client), a form to create one, and the way to the models screen.
 * `open` (default true) shows or collapses it; `runs` holds the latest progress of each workspace's sync
 * run, by slug, so its count follows indexing live.
 */
export function WorkspaceSidebar(props: {
  workspaces: WorkspaceSummary[];
  loading: boolean;
  error: string | null;
  selected: string | null;
  onChanged: () => void;
  open?: boolean;
  runs?: Readonly<Record<string, RunProgress>>;
}): JSX.Element {
  const [formOpen, setFormOpen] = createSignal(false);
  const [focusForm, setFocusForm] = createSignal(false);
  let newButton: HTMLButtonElement | undefined;

  const empty = () => !props.loading && !props.error && props.workspaces.length === 0;
  // With no workspace yet, creating one is the only thing to do: the form opens by itself (and stays open
  // after a failed attempt, even if that attempt made the list non-empty).
  createEffect(() => {
    if (empty()) setFormOpen(true);
  });

  const openForm = () => {
    setFocusForm(true);
    setFormOpen(true);
  };
  const closeForm = () => {
    setFormOpen(false);
    newButton?.focus();
  };

  return (
    <aside id={SIDEBAR_ID} class="sidebar" aria-label="Workspaces" hidden={props.open === false}>
      <div class="sidebar-head">
        <h2 id="sidebar-title">Workspaces</h2>
        <Show when={!formOpen() || props.workspaces.length > 0}>
          <button
            type="button"
            ref={newButton}
            class="sidebar-new"
            aria-expanded={formOpen()}
            aria-controls="sidebar-create"
            onClick={() => (formOpen() ? closeForm() : openForm())}
          >
            <span aria-hidden="true">+ </span>New workspace
          </button>
        </Show>
      </div>

      <Show when={props.error}>
        {(message) => (
          <p class="sidebar-error" role="alert">
            Could not load the workspaces: {message()}
          </p>
        )}
      </Show>
      <Show when={props.loading && props.workspaces.length === 0}>
        <p class="muted sidebar-note" role="status">
          Loading workspaces…
        </p>
      </Show>

      <Show when={props.workspaces.length > 0}>
        <nav aria-labelledby="sidebar-title">
          <ul class="workspace-list" aria-busy={props.loading}>
            <For each={props.workspaces}>
              {(workspace) => (
                <li>
                  <a
                    href={`#/w/${encodeURIComponent(workspace.slug)}`}
                    class="workspace-link"
                    aria-current={props.selected === workspace.slug ? 'page' : undefined}
                    title={
                      workspace.folders.length > 0
                        ? workspace.folders.join('\n')
                        : 'No folder yet: add one in Settings'
                    }
                  >
                    <span class="workspace-name">{workspace.name}</span>
                    <span class="workspace-count" data-testid="workspace-count">
                      {countText(workspace, props.runs?.[workspace.slug])}
                    </span>
                    <Show when={indexText(workspace)}>
                      {(text) => (
                        <span
                          class="workspace-count workspace-remote"
                          data-testid="workspace-index"
                          title={workspace.indexError}
                        >
                          {text()}
                        </span>
                      )}
                    </Show>
                    <Show when={remoteText(workspace)}>
                      {(text) => (
                        <span class="workspace-count workspace-remote" data-testid="workspace-remote">
                          {text()}
                        </span>
                      )}
                    </Show>
                  </a>
                </li>
              )}
            </For>
          </ul>
        </nav>
      </Show>

      <Show when={formOpen()}>
        <section id="sidebar-create" class="sidebar-create" aria-labelledby="create-title">
          <h3 id="create-title">New workspace</h3>
          <Show when={props.workspaces.length === 0}>
            <p class="sidebar-intro">
              A workspace holds the documents of one matter or client: the folders you give it are indexed on
              this machine, and your questions are answered from them alone.
            </p>
          </Show>
          <CreateWorkspaceForm
            autofocus={focusForm()}
            onCancel={props.workspaces.length > 0 ? closeForm : undefined}
            onAttempted={props.onChanged}
            onCreated={(workspace) => {
              setFormOpen(false);
              props.onChanged();
              navigate({ view: 'workspace', slug: workspace.slug, tab: 'documents' });
            }}
          />
        </section>
      </Show>

      <div class="sidebar-foot">
        <a
          href="#/models"
          class="sidebar-models"
          aria-current={route().view === 'models' ? 'page' : undefined}
        >
          Models
        </a>
        <span class="muted">Downloads, imports and this machine’s fit</span>
      </div>
    </aside>
  );
}
