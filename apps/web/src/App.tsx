import {
  createEffect,
  createResource,
  ErrorBoundary,
  type JSX,
  Match,
  on,
  onCleanup,
  Show,
  Switch,
} from 'solid-js';
import { createStore } from 'solid-js/store';
import { ChatView } from './components/ChatView.tsx';
import { CompareView } from './components/CompareView.tsx';
import { DocumentsView } from './components/DocumentsView.tsx';
import { ModelBuildNotice } from './components/ModelBuildNotice.tsx';
import { ModelsView } from './components/ModelsView.tsx';
import { OverviewView } from './components/OverviewView.tsx';
import { SettingsView } from './components/SettingsView.tsx';
import { SidebarToggle } from './components/SidebarToggle.tsx';
import { TimelineView } from './components/TimelineView.tsx';
import { WorkspaceSidebar } from './components/WorkspaceSidebar.tsx';
import { getHealth, type IngestEvent, listWorkspaces, workspaceDefaults } from './lib/api.ts';
import { messageOf } from './lib/format.ts';
import { onIngestEvent } from './lib/ingest-feed.ts';
import { navigate, route, type WorkspaceTab } from './lib/route.ts';
import { createSidebarState } from './lib/sidebar-state.ts';
import './styles.css';
// After every component's styles: the narrow-window rules override them.
import './responsive.css';

/** The workspace list is loaded again at most this often while documents get indexed (the sidebar counts). */
const COUNT_REFRESH_MS = 1500;

/** A run seen from its documents' events before its first progress event (no file count known yet). */
const STARTING: Extract<IngestEvent, { type: 'progress' }> = {
  type: 'progress',
  workspace: '',
  total: 0,
  done: 0,
  pages: 0,
  etaSeconds: null,
  finished: false,
};

const TAB_LABELS: Record<WorkspaceTab, string> = {
  overview: 'Overview',
  timeline: 'Timeline',
  compare: 'Compare',
  chat: 'Ask',
  documents: 'Documents',
  settings: 'Settings',
};

function ServerStatus(): JSX.Element {
  const [health, { refetch }] = createResource(getHealth);
  return (
    <p class="server-status" aria-live="polite">
      <Switch fallback={<span class="muted">Connecting…</span>}>
        <Match when={health.state === 'errored'}>
          <span class="status-error">
            <span class="dot" aria-hidden="true" /> Server not reachable: {messageOf(health.error)}{' '}
            <button type="button" onClick={() => void refetch()}>
              Try again
            </button>
          </span>
        </Match>
        <Match when={health.state === 'ready' && health()}>
          {(ready) => (
            <span class="status-ok" title={`Quire ${ready().version}`}>
              <span class="dot" aria-hidden="true" /> Local server · nothing leaves this machine
            </span>
          )}
        </Match>
      </Switch>
    </p>
  );
}

function Welcome(props: { hasWorkspaces: boolean }): JSX.Element {
  return (
    <section class="welcome">
      <h2>Ask questions about your own documents</h2>
      <Show
        when={props.hasWorkspaces}
        fallback={
          <ol>
            <li>
              Create a workspace for a matter or client (left), giving the folder that holds its PDFs, Word
              files and scanned images.
            </li>
            <li>Quire reads and indexes them on this machine and keeps watching the folder for changes.</li>
            <li>
              Ask a question: every statement in the answer cites the page and the passage it comes from.
            </li>
          </ol>
        }
      >
        <p>Choose a workspace on the left, or create a new one.</p>
      </Show>
    </section>
  );
}

/** The Quire page: workspaces on the left; the chosen workspace's chat, documents or settings, or the models. */
export function App(): JSX.Element {
  const [workspaces, { refetch }] = createResource(listWorkspaces);
  const [defaults] = createResource(workspaceDefaults);
  const sidebar = createSidebarState();
  // Document counts in the sidebar follow ingestion: each run's progress at once, the indexed count
  // from the server as documents land (at most every COUNT_REFRESH_MS) and at the end of a run.
  const [runs, setRuns] = createStore<Record<string, Extract<IngestEvent, { type: 'progress' }>>>({});
  let countTimer: ReturnType<typeof setTimeout> | undefined;
  const refreshCounts = () => {
    countTimer ??= setTimeout(() => {
      countTimer = undefined;
      void refetch();
    }, COUNT_REFRESH_MS);
  };
  onCleanup(() => clearTimeout(countTimer));
  onIngestEvent((event) => {
    if (event.type === 'progress') {
      setRuns(event.workspace, event);
      if (event.finished) void refetch();
    } else if (event.state === 'indexed' || event.state === 'removed') {
      refreshCounts();
    } else if (event.state !== 'failed' && (runs[event.workspace]?.finished ?? true)) {
      // A run has begun (its first progress comes when a first file is done): "indexing…" until then.
      setRuns(event.workspace, { ...STARTING, workspace: event.workspace });
    }
  });
  // With no workspace yet, the sidebar's form is the only thing to do: it is shown whatever the width.
  createEffect(() => {
    if (workspaces.state === 'ready' && workspaces().length === 0) sidebar.setOpen(true);
  });
  // On a narrow window the sidebar lies over the screen: choosing somewhere to go closes it.
  createEffect(
    on(
      route,
      () => {
        if (sidebar.narrow()) sidebar.setOpen(false);
      },
      { defer: true },
    ),
  );
  const current = () => {
    const r = route();
    return r.view === 'workspace' ? (workspaces.latest ?? []).find((w) => w.slug === r.slug) : undefined;
  };

  return (
    <div class="app" data-sidebar={sidebar.open() ? 'open' : 'closed'}>
      <header class="topbar">
        <SidebarToggle state={sidebar} />
        <h1>Quire</h1>
        <ServerStatus />
        <ModelBuildNotice />
      </header>
      <WorkspaceSidebar
        workspaces={workspaces.latest ?? []}
        loading={workspaces.loading}
        error={workspaces.error ? messageOf(workspaces.error) : null}
        selected={current()?.slug ?? null}
        onChanged={() => void refetch()}
        open={sidebar.open()}
        runs={runs}
      />
      <main class="content">
        <ErrorBoundary
          fallback={(error, reset) => (
            <p class="error" role="alert">
              This screen hit a problem: {messageOf(error)}{' '}
              <button type="button" onClick={reset}>
                Try again
              </button>
            </p>
          )}
        >
          <Switch fallback={<Welcome hasWorkspaces={(workspaces.latest ?? []).length > 0} />}>
            <Match when={route().view === 'models'}>
              <ModelsView />
            </Match>
            <Match when={current()}>
              {(workspace) => {
                // A workspace opens on its Overview once it has indexed documents, else on Ask.
                const tab = (): WorkspaceTab => {
                  const r = route();
                  const named = r.view === 'workspace' ? r.tab : null;
                  return named ?? (workspace().documents > 0 ? 'overview' : 'chat');
                };
                const compared = () => {
                  const r = route();
                  return r.view === 'workspace' ? r.compare : undefined;
                };
                return (
                  <>
                    <nav class="tabs" aria-label={`${workspace().name} screens`}>
                      <h2 class="workspace-title">{workspace().name}</h2>
                      {(['overview', 'timeline', 'chat', 'documents', 'settings'] as const).map((t) => (
                        <a
                          href={`#/w/${encodeURIComponent(workspace().slug)}/${t}`}
                          class="tab"
                          aria-current={tab() === t ? 'page' : undefined}
                        >
                          {TAB_LABELS[t]}
                        </a>
                      ))}
                    </nav>
                    <Switch>
                      <Match when={tab() === 'overview'}>
                        <OverviewView slug={workspace().slug} />
                      </Match>
                      <Match when={tab() === 'timeline'}>
                        <TimelineView slug={workspace().slug} />
                      </Match>
                      <Match when={tab() === 'compare' && compared()}>
                        {(pair) => <CompareView slug={workspace().slug} a={pair().a} b={pair().b} />}
                      </Match>
                      <Match when={tab() === 'chat'}>
                        <ChatView slug={workspace().slug} documents={workspace().documents} />
                      </Match>
                      <Match when={tab() === 'documents'}>
                        <DocumentsView slug={workspace().slug} />
                      </Match>
                      <Match when={tab() === 'settings'}>
                        <SettingsView
                          slug={workspace().slug}
                          defaults={defaults.state === 'ready' ? defaults() : null}
                          onChanged={() => void refetch()}
                          onDeleted={() => {
                            void refetch();
                            navigate({ view: 'home' });
                          }}
                        />
                      </Match>
                    </Switch>
                  </>
                );
              }}
            </Match>
          </Switch>
        </ErrorBoundary>
      </main>
    </div>
  );
}
