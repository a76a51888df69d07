import { cleanup, render, screen, waitFor, within } from '@solidjs/testing-library';
import { userEvent } from '@testing-library/user-event';
import { createSignal } from 'solid-js';
import { createStore } from 'solid-js/store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SettingsView } from '../../apps/web/src/components/SettingsView.tsx';
import { SidebarToggle } from '../../apps/web/src/components/SidebarToggle.tsx';
import { WorkspaceSidebar } from '../../apps/web/src/components/WorkspaceSidebar.tsx';
import type { ModelOverview, WorkspaceSettings, WorkspaceSummary } from '../../apps/web/src/lib/api.ts';
import * as api from '../../apps/web/src/lib/api.ts';
import * as folders from '../../apps/web/src/lib/folders-api.ts';
import type { ProgressEvent } from '../../apps/web/src/lib/ingest-state.ts';
import { createSidebarState, type WidthQuery } from '../../apps/web/src/lib/sidebar-state.ts';

vi.mock('../../apps/web/src/lib/api.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../apps/web/src/lib/api.ts')>();
  return {
    ...actual,
    getWorkspace: vi.fn(),
    updateWorkspace: vi.fn(),
    deleteWorkspace: vi.fn(),
    removeFolder: vi.fn(),
    assignModel: vi.fn(),
    models: vi.fn(),
  };
});

vi.mock('../../apps/web/src/lib/folders-api.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../apps/web/src/lib/folders-api.ts')>();
  return { ...actual, createNewWorkspace: vi.fn(), ocrLanguages: vi.fn(async () => []) };
});

const mocked = vi.mocked(api);
const mockedFolders = vi.mocked(folders);

function settingsOf(name: string, slug: string, folders: string[] = []): WorkspaceSettings {
  return {
    name,
    slug,
    folders,
    embeddingModel: 'builtin',
    chatModel: null,
    rerankModel: null,
    indexDir: 'index',
    indexUri: null,
    readOnly: false,
    chunking: { maxTokens: 400, overlap: 0.15 },
    retrieval: { passages: 6, refusalThreshold: 0.25, answerThreshold: 0.25 },
    ocr: { enabled: true, languages: ['eng'] },
    createdAt: '2025-01-01T00:00:00.000Z',
  };
}

const WORKSPACES: WorkspaceSummary[] = [
  { name: 'Acme v Smith', slug: 'acme-v-smith', folders: ['/data/acme'], documents: 12 },
  { name: 'Beta Holdings', slug: 'beta-holdings', folders: ['/data/beta'], documents: 1 },
];

function renderSidebar(
  overrides: Partial<{ workspaces: WorkspaceSummary[]; selected: string | null; loading: boolean }> = {},
) {
  const onChanged = vi.fn();
  render(() => (
    <WorkspaceSidebar
      workspaces={overrides.workspaces ?? WORKSPACES}
      loading={overrides.loading ?? false}
      error={null}
      selected={overrides.selected ?? null}
      onChanged={onChanged}
    />
  ));
  return { onChanged };
}

beforeEach(() => {
  location.hash = '';
});

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

/** A window width the test sets: narrow (below ~1000 px) or not, telling its listeners when it changes. */
function widthQuery(narrow: boolean): WidthQuery & { resize: (narrow: boolean) => void } {
  const listeners = new Set<() => void>();
  const query = {
    matches: narrow,
    addEventListener: (_type: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_type: string, listener: () => void) => listeners.delete(listener),
    resize(next: boolean) {
      query.matches = next;
      for (const listener of listeners) listener();
    },
  };
  return query as unknown as WidthQuery & { resize: (narrow: boolean) => void };
}

function renderWithToggle(query: WidthQuery, runs: Parameters<typeof WorkspaceSidebar>[0]['runs'] = {}) {
  render(() => {
    const state = createSidebarState(query);
    return (
      <>
        <SidebarToggle state={state} />
        <WorkspaceSidebar
          workspaces={WORKSPACES}
          loading={false}
          error={null}
          selected={null}
          onChanged={() => {}}
          open={state.open()}
          runs={runs}
        />
      </>
    );
  });
  return screen.getByRole('button', { name: 'Workspaces' });
}

describe('Sidebar toggle', () => {
  it('collapses and opens the sidebar, open by default on a wide window', async () => {
    const user = userEvent.setup();
    const toggle = renderWithToggle(widthQuery(false));
    const sidebar = document.getElementById(toggle.getAttribute('aria-controls') ?? '');
    expect(sidebar?.getAttribute('aria-label')).toBe('Workspaces');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(sidebar?.hidden).toBe(false);
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(sidebar?.hidden).toBe(true);
    expect(screen.queryByRole('navigation', { name: 'Workspaces' })).toBeNull();
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('navigation', { name: 'Workspaces' })).toBeTruthy();
  });

  it('starts collapsed on a narrow window, and follows the window across the width', async () => {
    const user = userEvent.setup();
    const query = widthQuery(true);
    const toggle = renderWithToggle(query);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(document.getElementById('workspace-sidebar')?.hidden).toBe(true);
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    query.resize(false);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    query.resize(true);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
  });

  it('on a narrow window, closes the sidebar lying over the screen with Esc or a click outside it', async () => {
    const user = userEvent.setup();
    const toggle = renderWithToggle(widthQuery(true));
    const outside = document.createElement('p');
    outside.textContent = 'the screen under the sidebar';
    document.body.append(outside);
    try {
      await user.click(toggle);
      await user.click(screen.getByRole('link', { name: /Acme v Smith/ }).closest('li') as HTMLElement);
      expect(toggle.getAttribute('aria-expanded')).toBe('true'); // a click inside keeps it open
      screen.getByRole('button', { name: /New workspace/ }).focus();
      await user.keyboard('{Escape}');
      expect(toggle.getAttribute('aria-expanded')).toBe('false');
      expect(document.activeElement).toBe(toggle);

      await user.click(toggle);
      expect(toggle.getAttribute('aria-expanded')).toBe('true');
      await user.click(outside);
      expect(toggle.getAttribute('aria-expanded')).toBe('false');
    } finally {
      outside.remove();
    }
  });

  it('on a wide window, Esc and clicks elsewhere leave the sidebar beside the screen', async () => {
    const user = userEvent.setup();
    const toggle = renderWithToggle(widthQuery(false));
    screen.getByRole('button', { name: /New workspace/ }).focus();
    await user.keyboard('{Escape}');
    await user.click(document.body);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
  });
});

describe('WorkspaceSidebar live count', () => {
  it('shows the run going on beside the indexed count, and the plain count once it finished', () => {
    const [runs, setRuns] = createStore<Record<string, ProgressEvent>>({});
    const [workspaces, setWorkspaces] = createSignal<WorkspaceSummary[]>([
      { name: 'Fresh', slug: 'fresh', folders: ['/data/fresh'], documents: 0 },
    ]);
    render(() => (
      <WorkspaceSidebar
        workspaces={workspaces()}
        loading={false}
        error={null}
        selected={null}
        onChanged={() => {}}
        runs={runs}
      />
    ));
    const count = () => screen.getByTestId('workspace-count').textContent;
    expect(count()).toBe('0 documents');
    const progress = { type: 'progress', workspace: 'fresh', pages: 0, etaSeconds: null } as const;
    setRuns('fresh', { ...progress, total: 0, done: 0, finished: false });
    expect(count()).toBe('0 documents · indexing…');
    setRuns('fresh', { ...progress, total: 13, done: 0, finished: false });
    expect(count()).toBe('0 documents · indexing 0 of 13 files');
    setRuns('fresh', { ...progress, total: 13, done: 5, finished: false });
    setWorkspaces([{ name: 'Fresh', slug: 'fresh', folders: ['/data/fresh'], documents: 4 }]);
    expect(count()).toBe('4 documents · indexing 5 of 13 files');
    setRuns('fresh', { ...progress, total: 13, done: 13, finished: true });
    setWorkspaces([{ name: 'Fresh', slug: 'fresh', folders: ['/data/fresh'], documents: 12 }]);
    expect(count()).toBe('12 documents');
  });
});

describe('WorkspaceSidebar', () => {
  it('lists the workspaces with their document counts and marks the selected one', () => {
    renderSidebar({ selected: 'beta-holdings' });
    const nav = screen.getByRole('navigation', { name: 'Workspaces' });
    const acme = within(nav).getByRole('link', { name: /Acme v Smith/ });
    const beta = within(nav).getByRole('link', { name: /Beta Holdings/ });
    expect(acme.getAttribute('href')).toBe('#/w/acme-v-smith');
    expect(beta.getAttribute('href')).toBe('#/w/beta-holdings');
    expect(beta.getAttribute('aria-current')).toBe('page');
    expect(acme.hasAttribute('aria-current')).toBe(false);
    expect(acme.textContent).toContain('12 documents');
    expect(beta.textContent).toContain('1 document');
    expect(screen.getByRole('link', { name: 'Models' }).getAttribute('href')).toBe('#/models');
    // With workspaces, the form waits for the button.
    expect(screen.queryByRole('form', { name: 'New workspace' })).toBeNull();
  });

  it('opens the form by default, with an explanation, when there is no workspace', () => {
    renderSidebar({ workspaces: [] });
    expect(screen.getByRole('form', { name: 'New workspace' })).toBeTruthy();
    expect(screen.getByText(/A workspace holds the documents of one matter or client/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('shows loading while the list is on its way (and no form yet)', () => {
    renderSidebar({ workspaces: [], loading: true });
    expect(screen.getByText('Loading workspaces…')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'New workspace' })).toBeNull();
  });

  it('creates a workspace from the name and folder lines, shows a server error in plain words, then opens its documents', async () => {
    const user = userEvent.setup();
    const { onChanged } = renderSidebar();
    await user.click(screen.getByRole('button', { name: /New workspace/ }));
    const name = screen.getByLabelText('Name');
    expect(document.activeElement).toBe(name);
    await user.type(name, 'Cobalt Ltd');
    await user.type(screen.getByLabelText('Folders'), '/home/me/Cobalt{Enter}{Enter}  "/home/me/Cobalt 2"  ');

    mockedFolders.createNewWorkspace.mockRejectedValueOnce(
      new api.ApiError('Not a folder: /home/me/Cobalt 2', 400, 'invalid-request'),
    );
    await user.click(screen.getByRole('button', { name: 'Create workspace' }));
    expect(mockedFolders.createNewWorkspace).toHaveBeenCalledWith(
      'Cobalt Ltd',
      ['/home/me/Cobalt', '/home/me/Cobalt 2'],
      { confirm: false },
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('There is no folder at /home/me/Cobalt 2 on this computer');
    expect(alert.textContent).toContain('Nothing was created: correct the path');
    // The server refused: its list is fetched again (another window may have changed it).
    expect(onChanged).toHaveBeenCalledTimes(1);
    expect(location.hash).toBe('');

    mockedFolders.createNewWorkspace.mockResolvedValueOnce(
      settingsOf('Cobalt Ltd', 'cobalt-ltd', ['/home/me/Cobalt']),
    );
    await user.click(screen.getByRole('button', { name: 'Create workspace' }));
    await waitFor(() => expect(location.hash).toBe('#/w/cobalt-ltd/documents'));
    expect(onChanged).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('form', { name: 'New workspace' })).toBeNull();
  });

  it('explains a taken name (409 conflict)', async () => {
    const user = userEvent.setup();
    renderSidebar({ workspaces: [] });
    await user.type(screen.getByLabelText('Name'), 'acme v smith');
    mockedFolders.createNewWorkspace.mockRejectedValueOnce(
      new api.ApiError(
        'A workspace named "Acme v Smith" already exists; nothing was created. Choose another name …',
        409,
        'conflict',
      ),
    );
    await user.click(screen.getByRole('button', { name: 'Create workspace' }));
    expect(mockedFolders.createNewWorkspace).toHaveBeenCalledWith('acme v smith', [], { confirm: false });
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /That name is already taken by the workspace “Acme v Smith”\. Choose a different name\./,
    );
  });

  it('refuses a relative folder path without asking the server', async () => {
    const user = userEvent.setup();
    renderSidebar({ workspaces: [] });
    await user.type(screen.getByLabelText('Name'), 'Delta');
    await user.type(screen.getByLabelText('Folders'), 'Matters/Delta');
    await user.click(screen.getByRole('button', { name: 'Create workspace' }));
    expect((await screen.findByRole('alert')).textContent).toContain('is not a full path');
    expect(mockedFolders.createNewWorkspace).not.toHaveBeenCalled();
  });
});

const OVERVIEW = {
  builtin: { id: 'builtin', file: '/home/me/.quire/models/builtin.gguf', built: true },
  installed: [
    {
      id: 'qwen3-4b',
      name: 'Qwen3 4B',
      file: '/home/me/.quire/models/Qwen3-4B-Q4_K_M.gguf',
      role: 'chat',
      sizeBytes: 2_500_000_000,
      sha256: 'a'.repeat(64),
      source: 'download',
      managed: true,
      architecture: 'qwen3',
      quantization: 'Q4_K_M',
      addedAt: '2025-01-01T00:00:00.000Z',
    },
  ],
  catalogue: [],
} as unknown as ModelOverview;

describe('SettingsView', () => {
  it('deletes the workspace only once its exact name is typed', async () => {
    const user = userEvent.setup();
    mocked.getWorkspace.mockResolvedValue(settingsOf('Acme v Smith', 'acme-v-smith', ['/data/acme']));
    mocked.models.mockResolvedValue(OVERVIEW);
    mocked.deleteWorkspace.mockResolvedValue();
    const onDeleted = vi.fn();
    render(() => <SettingsView slug="acme-v-smith" onChanged={() => {}} onDeleted={onDeleted} />);

    const confirm = await screen.findByLabelText(/Type Acme v Smith to confirm/);
    const button = screen.getByRole('button', { name: 'Delete workspace' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    await user.type(confirm, 'acme v smith');
    expect(button.disabled).toBe(true);
    await user.clear(confirm);
    await user.type(confirm, 'Acme v Smith ');
    expect(button.disabled).toBe(true);
    await user.type(confirm, '{Backspace}');
    expect(button.disabled).toBe(false);
    await user.click(button);
    expect(mocked.deleteWorkspace).toHaveBeenCalledWith('acme-v-smith');
    await waitFor(() => expect(onDeleted).toHaveBeenCalledTimes(1));
  });

  it('saves retrieval settings and the chat model, and confirms before removing a folder', async () => {
    const user = userEvent.setup();
    const base = settingsOf('Acme v Smith', 'acme-v-smith', ['/data/acme']);
    mocked.getWorkspace.mockResolvedValue(base);
    mocked.models.mockResolvedValue(OVERVIEW);
    mocked.updateWorkspace.mockImplementation(async (_slug, patch) => ({
      ...base,
      retrieval: { ...base.retrieval, ...patch.retrieval },
    }));
    mocked.assignModel.mockResolvedValue({ workspace: { ...base, chatModel: 'qwen3-4b' }, reembedded: 0 });
    mocked.removeFolder.mockResolvedValue({ ...base, folders: [] });
    const onChanged = vi.fn();
    render(() => <SettingsView slug="acme-v-smith" onChanged={onChanged} onDeleted={() => {}} />);

    const passages = (await screen.findByLabelText('Passages per answer')) as HTMLInputElement;
    await user.clear(passages);
    await user.type(passages, '60');
    await user.click(screen.getByRole('button', { name: 'Save retrieval settings' }));
    expect((await screen.findByRole('alert')).textContent).toContain('whole number from 1 to 50');
    expect(mocked.updateWorkspace).not.toHaveBeenCalled();
    await user.clear(passages);
    await user.type(passages, '10');
    await user.click(screen.getByRole('button', { name: 'Save retrieval settings' }));
    expect(mocked.updateWorkspace).toHaveBeenCalledWith('acme-v-smith', {
      retrieval: { passages: 10, refusalThreshold: 0.25 },
    });
    expect(await screen.findByText(/Retrieval settings saved/)).toBeTruthy();

    const chat = screen.getByLabelText('Chat model') as HTMLSelectElement;
    await waitFor(() => expect(chat.options.length).toBe(2));
    expect(chat.value).toBe('');
    await user.selectOptions(chat, 'qwen3-4b');
    await user.click(screen.getByRole('button', { name: 'Save models' }));
    expect(mocked.assignModel).toHaveBeenCalledWith('acme-v-smith', 'chat', 'qwen3-4b');
    expect(await screen.findByText(/Saved\. Answers: Qwen3 4B/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Remove /data/acme' }));
    expect(screen.getByText(/your files are not touched/)).toBeTruthy();
    expect(mocked.removeFolder).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Remove folder' }));
    expect(mocked.removeFolder).toHaveBeenCalledWith('acme-v-smith', '/data/acme');
    expect(await screen.findByText(/No folder yet/)).toBeTruthy();
    expect(onChanged).toHaveBeenCalled();
  });
});
