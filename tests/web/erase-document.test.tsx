import { cleanup, render, screen, waitFor, within } from '@solidjs/testing-library';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DocumentsView } from '../../apps/web/src/components/DocumentsView.tsx';
import {
  ApiError,
  type DocumentStatus,
  type ErasePreview,
  type EraseResult,
  type WorkspaceStatus,
} from '../../apps/web/src/lib/api.ts';

// DocumentsView's collaborators: the API client and the shared event feed.
const api = vi.hoisted(() => ({
  documents: vi.fn(),
  getWorkspace: vi.fn(),
  reindex: vi.fn(),
  erasePreview: vi.fn(),
  eraseDocument: vi.fn(),
}));
vi.mock('../../apps/web/src/lib/api.ts', async (original) => ({
  ...(await original<typeof import('../../apps/web/src/lib/api.ts')>()),
  documents: api.documents,
  getWorkspace: api.getWorkspace,
  reindex: api.reindex,
  erasePreview: api.erasePreview,
  eraseDocument: api.eraseDocument,
}));
vi.mock('../../apps/web/src/lib/ingest-feed.ts', () => ({
  onIngestEvent: () => undefined,
  onModelBuildEvent: () => undefined,
}));

const ROOT = '/cases/acme';
const row = (name: string, extra: Partial<DocumentStatus> = {}): DocumentStatus => ({
  path: `${ROOT}/${name}`,
  state: 'indexed',
  pages: 3,
  documentId: `id-${name}`,
  error: null,
  ...extra,
});
const snapshot = (documents: DocumentStatus[]): WorkspaceStatus => ({
  workspace: 'acme',
  indexing: false,
  documents,
  counts: { queued: 0, parsing: 0, embedding: 0, indexed: documents.length, failed: 0 },
  progress: null,
});
const PREVIEW: ErasePreview = {
  documentId: 'id-privileged.pdf',
  title: 'Privileged',
  kind: 'pdf',
  paths: [`${ROOT}/privileged.pdf`, `${ROOT}/copy/privileged.pdf`],
  attachments: [],
  threads: 2,
  audit: 1,
};
const RESULT: EraseResult = {
  erased: {
    documentId: 'id-privileged.pdf',
    paths: PREVIEW.paths,
    at: '2026-12-06T22:10:00.000Z',
    attachments: [],
  },
  threads: 2,
  audit: 1,
};

const rowOf = (name: string) => {
  const found = screen.getAllByTestId('document-row').find((r) => r.dataset.path === `${ROOT}/${name}`);
  if (!found) throw new Error(`no row for ${name}`);
  return found;
};
const eraseButton = (name: string) =>
  within(rowOf(name)).getByRole('button', { name: `Erase ${name} from Quire…` });

async function openDialog(): Promise<HTMLElement> {
  render(() => <DocumentsView slug="acme" />);
  await waitFor(() => expect(screen.getAllByTestId('document-row')).toHaveLength(3));
  await userEvent.click(eraseButton('privileged.pdf'));
  return screen.getByTestId('erase-dialog');
}

describe('Erase from Quire (Documents screen)', () => {
  beforeEach(() => {
    for (const mock of Object.values(api)) mock.mockReset();
    api.getWorkspace.mockResolvedValue({ slug: 'acme', name: 'Acme', folders: [ROOT] });
    api.documents.mockResolvedValue(
      snapshot([
        row('privileged.pdf'),
        row('lease.pdf'),
        row('memo.docx', { state: 'parsing', documentId: null }),
      ]),
    );
    api.erasePreview.mockResolvedValue(PREVIEW);
  });
  afterEach(cleanup);

  it('offers the action on indexed documents only', async () => {
    render(() => <DocumentsView slug="acme" />);
    await waitFor(() => expect(screen.getAllByTestId('document-row')).toHaveLength(3));
    expect(eraseButton('privileged.pdf')).toBeTruthy();
    expect(eraseButton('lease.pdf')).toBeTruthy();
    expect(within(rowOf('memo.docx')).queryByRole('button', { name: /Erase/ })).toBeNull();
  });

  it('says what will be removed and that the file stays, removing nothing until confirmed', async () => {
    const dialog = await openDialog();
    expect(api.erasePreview).toHaveBeenCalledWith('acme', 'id-privileged.pdf');
    expect(dialog.getAttribute('open')).not.toBeNull();
    expect(within(dialog).getByRole('heading', { name: 'Erase “privileged.pdf” from Quire?' })).toBeTruthy();
    const preview = await within(dialog).findByTestId('erase-preview');
    expect(preview.textContent).toContain('its text in the index, and every older version');
    expect(preview.textContent).toMatch(
      /its quotes in 2 answers of your conversations, replaced by “\[removed: erased on \d{4}-\d{2}-\d{2}\]”/,
    );
    expect(preview.textContent).toContain(
      'its file name in 1 audit log entry citing it, which keeps its fingerprint (sha256)',
    );
    expect(dialog.textContent).toContain('Its 2 copies:');
    for (const path of PREVIEW.paths) expect(within(dialog).getByText(path)).toBeTruthy();
    expect(dialog.textContent).toContain('The file in your folder is not deleted.');
    expect(dialog.getAttribute('aria-labelledby')).toBe(
      within(dialog).getByRole('heading').getAttribute('id'),
    );

    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('erase-dialog')).toBeNull();
    expect(api.eraseDocument).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(eraseButton('privileged.pdf'));
  });

  it('erases once confirmed, shows what was removed and reloads the list without it', async () => {
    const dialog = await openDialog();
    api.eraseDocument.mockResolvedValue(RESULT);
    // The file stays in its folder: the server lists it as erased, apart from the documents.
    const message =
      'Erased from this workspace on 2026-12-06; it is not read again unless its content changes';
    api.documents.mockResolvedValue(
      snapshot([
        row('privileged.pdf', { state: 'failed', documentId: null, error: { code: 'erased', message } }),
        row('lease.pdf'),
      ]),
    );
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Erase from Quire' }));

    expect(api.eraseDocument).toHaveBeenCalledWith('acme', 'id-privileged.pdf');
    const result = await within(dialog).findByTestId('erase-result');
    expect(
      within(dialog).getByRole('heading', { name: '“privileged.pdf” was erased from Quire' }),
    ).toBeTruthy();
    expect(result.textContent).toContain('its quotes were replaced in 2 answers of your conversations');
    expect(result.textContent).toContain(
      '1 audit log entry now keeps its fingerprint and a note that it was erased, not its name',
    );
    expect(result.textContent).toContain('The file is still in your folder');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.getAllByTestId('document-row')).toHaveLength(1));
    expect(rowOf('lease.pdf')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Failed (0)' })).toBeTruthy();
    const erased = screen.getByTestId('erased-files');
    expect(erased.textContent).toContain('Erased from Quire: 1 file');
    expect(within(erased).getByText(`${ROOT}/privileged.pdf`).getAttribute('title')).toBe(message);
    expect(screen.getByText('privileged.pdf was erased from Quire.')).toBeTruthy();

    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByTestId('erase-dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Documents' }));
  });

  it('says why when the preview or the erasure fails, and erases nothing on its own', async () => {
    api.erasePreview.mockRejectedValueOnce(
      new ApiError('Document id-privileged.pdf not found', 404, 'not-found'),
    );
    const dialog = await openDialog();
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'Could not find out what would be removed: Document id-privileged.pdf not found',
    );
    expect(within(dialog).queryByRole('button', { name: 'Erase from Quire' })).toBeNull();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Try again' }));
    api.eraseDocument.mockRejectedValueOnce(new ApiError('The index is busy', 409, 'busy'));
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Erase from Quire' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'Could not erase privileged.pdf: The index is busy',
    );
    expect(api.eraseDocument).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('erase-dialog')).toBeTruthy();
    expect(screen.getAllByTestId('document-row')).toHaveLength(3);
  });

  it("lists an email's attachments: erased with it, or kept when another file holds the same content", async () => {
    const email = `${ROOT}/privileged.pdf`;
    api.erasePreview.mockResolvedValue({
      ...PREVIEW,
      kind: 'email',
      paths: [email],
      attachments: [
        { documentId: 'id-a', paths: [`${email}::advice.docx`], erased: true },
        { documentId: 'id-b', paths: [`${email}::lease.pdf`], erased: false },
      ],
    });
    const dialog = await openDialog();
    const preview = await within(dialog).findByTestId('erase-preview');
    expect(preview.textContent).toContain('Its file:');
    expect(within(preview).getByText('advice.docx — to be erased with it')).toBeTruthy();
    expect(
      within(preview).getByText('lease.pdf — kept: another file or email holds the same content'),
    ).toBeTruthy();
  });
});
