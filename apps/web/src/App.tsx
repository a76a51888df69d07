import { createResource, ErrorBoundary, For, type JSX, Match, Show, Switch } from 'solid-js';
import { getHealth, listWorkspaces, type WorkspaceSummary } from './lib/api.ts';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}

const FIRST_STEPS = 'npx quire add <folder> --workspace <name>\nnpx quire sync <name>';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function ServerStatus(): JSX.Element {
  const [health, { refetch }] = createResource(getHealth);
  return (
    <section class="status" aria-live="polite">
      <Switch>
        <Match when={health.state === 'errored'}>
          <p class="status-line status-error">
            <span class="dot" aria-hidden="true" />
            Server not ready: {messageOf(health.error)}{' '}
            <button type="button" onClick={() => void refetch()}>
              Try again
            </button>
          </p>
        </Match>
        <Match when={health.state === 'ready' && health()}>
          {(ready) => (
            <p class="status-line status-ok">
              <span class="dot" aria-hidden="true" />
              Server ready <span class="muted">· version {ready().version}</span>
            </p>
          )}
        </Match>
        <Match when={true}>
          <p class="status-line muted">Checking the server…</p>
        </Match>
      </Switch>
    </section>
  );
}

function EmptyState(): JSX.Element {
  return (
    <div class="empty">
      <p>No workspaces yet. Add a folder of documents to a workspace, then index it:</p>
      <pre>
        <code>{FIRST_STEPS}</code>
      </pre>
      <p class="muted">Then reload this page.</p>
    </div>
  );
}

function WorkspaceItem(props: { workspace: WorkspaceSummary }): JSX.Element {
  return (
    <li class="workspace">
      <div class="workspace-head">
        <strong>{props.workspace.name}</strong>
        <span class="muted">{plural(props.workspace.documents, 'document')}</span>
      </div>
      <ul class="folders">
        <For each={props.workspace.folders} fallback={<li class="muted">No folders added.</li>}>
          {(folder) => <li>{folder}</li>}
        </For>
      </ul>
    </li>
  );
}

function WorkspaceList(): JSX.Element {
  const [workspaces, { refetch }] = createResource(listWorkspaces);
  return (
    <section>
      <h2>Workspaces</h2>
      <Switch>
        <Match when={workspaces.state === 'errored'}>
          <p class="error">
            Could not load workspaces: {messageOf(workspaces.error)}{' '}
            <button type="button" onClick={() => void refetch()}>
              Try again
            </button>
          </p>
        </Match>
        <Match when={workspaces.state === 'ready' || workspaces.state === 'refreshing'}>
          <Show when={(workspaces.latest ?? []).length > 0} fallback={<EmptyState />}>
            <ul class="workspaces">
              <For each={workspaces.latest}>{(workspace) => <WorkspaceItem workspace={workspace} />}</For>
            </ul>
          </Show>
        </Match>
        <Match when={true}>
          <p class="muted">Loading workspaces…</p>
        </Match>
      </Switch>
    </section>
  );
}

/** The Quire page: what it is, whether the local server is up, and the workspaces it holds. */
export function App(): JSX.Element {
  return (
    <main>
      <header>
        <h1>Quire</h1>
        <p class="tagline">Private document Q&amp;A — everything stays on this machine.</p>
      </header>
      <ErrorBoundary
        fallback={(error, reset) => (
          <p class="error">
            This page hit a problem: {messageOf(error)}{' '}
            <button type="button" onClick={reset}>
              Try again
            </button>
          </p>
        )}
      >
        <ServerStatus />
        <WorkspaceList />
      </ErrorBoundary>
    </main>
  );
}
