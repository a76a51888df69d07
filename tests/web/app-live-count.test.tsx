import { cleanup, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, expect, it, vi } from 'vitest';
import type { IngestEvent, WorkspaceSummary } from '../../apps/web/src/lib/api.ts';

// The App's collaborators: the API client (the workspace list, as the index counts it) and the shared
// event feed, driven by the test.
const api = vi.hoisted(() => ({
  listWorkspaces: vi.fn(),
  listeners: [] as ((event: IngestEvent) => void)[],
}));
vi.mock('../../apps/web/src/lib/api.ts', async (original) => ({
  ...(await original<typeof import('../../apps/web/src/lib/api.ts')>()),
  listWorkspaces: api.listWorkspaces,
  getHealth: () => Promise.resolve({ version: 'test' }),
  workspaceDefaults: () => new Promise(() => {}),
}));
vi.mock('../../apps/web/src/lib/ingest-feed.ts', () => ({
  onIngestEvent: (listener: (event: IngestEvent) => void) => api.listeners.push(listener),
  onModelBuildEvent: () => {},
}));

const { App } = await import('../../apps/web/src/App.tsx');

afterEach(() => {
  cleanup();
  api.listeners.length = 0;
});

const fresh = (documents: number): WorkspaceSummary[] => [
  { name: 'Fresh matter', slug: 'fresh', folders: ['/data/fresh'], documents },
];
const emit = (event: IngestEvent) => {
  for (const listener of api.listeners) listener(event);
};
const progress = (done: number, finished = false): IngestEvent => ({
  type: 'progress',
  workspace: 'fresh',
  total: 3,
  done,
  pages: done,
  etaSeconds: null,
  finished,
});

it('the sidebar count follows a first indexing run live, not “0 documents” until it ends', async () => {
  api.listWorkspaces.mockResolvedValueOnce(fresh(0));
  render(() => <App />);
  const count = () => screen.getByTestId('workspace-count').textContent;
  await waitFor(() => expect(count()).toBe('0 documents'));

  // The run begins: its documents are queued before any file is done.
  emit({ type: 'document', workspace: 'fresh', path: '/data/fresh/a.pdf', state: 'queued' });
  expect(count()).toBe('0 documents · indexing…');
  emit({ type: 'document', workspace: 'fresh', path: '/data/fresh/a.pdf', state: 'parsing' });
  expect(count()).toBe('0 documents · indexing…');

  // A first file is indexed: the run's progress at once, and the list reloaded for the index's count.
  api.listWorkspaces.mockResolvedValue(fresh(1));
  emit({ type: 'document', workspace: 'fresh', path: '/data/fresh/a.pdf', state: 'indexed', pages: 2 });
  emit(progress(1));
  expect(count()).toBe('0 documents · indexing 1 of 3 files');
  await waitFor(() => expect(count()).toBe('1 document · indexing 1 of 3 files'), { timeout: 5000 });

  // The run ends: the plain count, reloaded.
  api.listWorkspaces.mockResolvedValue(fresh(3));
  emit(progress(3, true));
  await waitFor(() => expect(count()).toBe('3 documents'));
});
