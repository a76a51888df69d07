import { cleanup, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkspaceSidebar } from '../../apps/web/src/components/WorkspaceSidebar.tsx';
import type { WorkspaceSummary } from '../../apps/web/src/lib/api.ts';

afterEach(cleanup);

describe('a workspace with remote inference in the sidebar', () => {
  it('says which server its text is sent to, and says nothing for a local workspace', () => {
    const workspaces: WorkspaceSummary[] = [
      {
        name: 'Remote matter',
        slug: 'remote',
        folders: ['/data/remote'],
        documents: 3,
        remoteInference: { embedding: 'http://127.0.0.1:8080', chat: 'http://127.0.0.1:8080' },
      },
      { name: 'Local matter', slug: 'local', folders: ['/data/local'], documents: 2 },
    ];
    render(() => (
      <WorkspaceSidebar
        workspaces={workspaces}
        loading={false}
        error={null}
        selected={null}
        onChanged={() => {}}
      />
    ));
    const notes = screen.getAllByTestId('workspace-remote');
    expect(notes.map((n) => n.textContent)).toEqual(['Sends text to http://127.0.0.1:8080']);
    expect(screen.getByRole('link', { name: /Remote matter/ }).contains(notes[0] ?? null)).toBe(true);
  });
});

describe('a workspace whose index is on object storage in the sidebar', () => {
  it('says where the index is, whether this machine only reads it, and when it cannot be reached', () => {
    const workspaces: WorkspaceSummary[] = [
      {
        name: 'Shared matter',
        slug: 'shared',
        folders: [],
        documents: 12,
        index: { uri: 's3://firm-matters/acme', readOnly: true },
      },
      {
        name: 'Indexed here',
        slug: 'indexer',
        folders: ['/data/acme'],
        documents: 12,
        index: { uri: 's3://firm-matters/beta', readOnly: false },
      },
      {
        name: 'Offline matter',
        slug: 'offline',
        folders: [],
        documents: 0,
        index: { uri: 's3://firm-matters/gamma', readOnly: true },
        indexError: 'Could not open the index at s3://firm-matters/gamma: the storage did not answer',
      },
      { name: 'Local matter', slug: 'local', folders: ['/data/local'], documents: 2 },
    ];
    render(() => (
      <WorkspaceSidebar
        workspaces={workspaces}
        loading={false}
        error={null}
        selected={null}
        onChanged={() => {}}
      />
    ));
    const notes = screen.getAllByTestId('workspace-index');
    expect(notes.map((n) => n.textContent)).toEqual([
      'Index on s3://firm-matters/acme · read-only',
      'Index on s3://firm-matters/beta',
      'Index on s3://firm-matters/gamma — unreachable',
    ]);
    expect(notes[2]?.getAttribute('title')).toMatch(/did not answer/);
    expect(screen.getByRole('link', { name: /Shared matter/ }).contains(notes[0] ?? null)).toBe(true);
  });
});
