import { cleanup, render, screen, waitFor, within } from '@solidjs/testing-library';
import { userEvent } from '@testing-library/user-event';
import { createSignal } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DocumentsView } from '../../apps/web/src/components/DocumentsView.tsx';
import { ProgressList } from '../../apps/web/src/components/ProgressList.tsx';
import {
  ApiError,
  type DocumentStatus,
  type IngestEvent,
  type WorkspaceStatus,
} from '../../apps/web/src/lib/api.ts';
import type { DocumentRow, ProgressEvent } from '../../apps/web/src/lib/ingest-state.ts';

// DocumentsView's collaborators: the API client and the shared event feed.
const api = vi.hoisted(() => ({
  documents: vi.fn(),
  getWorkspace: vi.fn(),
  reindex: vi.fn(),
  pageLayout: vi.fn(),
  listeners: [] as ((event: unknown) => void)[],
  buildListeners: [] as ((event: unknown) => void)[],
}));
vi.mock('../../apps/web/src/lib/api.ts', async (original) => ({
  ...(await original<typeof import('../../apps/web/src/lib/api.ts')>()),
  documents: api.documents,
  getWorkspace: api.getWorkspace,
  reindex: api.reindex,
  pageLayout: api.pageLayout,
}));
vi.mock('../../apps/web/src/lib/ingest-feed.ts', () => ({
  onIngestEvent: (listener: (event: unknown) => void) => api.listeners.push(listener),
  onModelBuildEvent: (listener: (event: unknown) => void) => api.buildListeners.push(listener),
}));

const ROOT = '/cases/acme';
const row = (name: string, extra: Partial<DocumentRow> = {}): DocumentRow => ({
  path: `${ROOT}/${name}`,
  state: 'indexed',
  pages: 12,
  documentId: `id-${name}`,
  error: null,
  ...extra,
});

const DOCUMENTS: DocumentStatus[] = [
  row('contracts/Lease 2023.pdf'),
  row('contracts/locked.pdf', {
    state: 'failed',
    pages: null,
    documentId: null,
    error: { code: 'encrypted', message: 'the PDF is password-protected' },
  }),
  row('memo.docx', { state: 'parsing', pages: null, documentId: null }),
  row('notes.docx', { state: 'queued', pages: null, documentId: null }),
  row('scan.pdf', {
    state: 'failed',
    pages: null,
    documentId: null,
    error: { code: 'no-text', message: 'no extractable text on any of 3 (scanned?)' },
  }),
  row('weird.pdf', {
    state: 'failed',
    pages: null,
    documentId: null,
    error: { code: 'mystery', message: 'Something odd happened to this file' },
  }),
];

const RUNNING: ProgressEvent = {
  type: 'progress',
  workspace: 'acme',
  total: 40,
  done: 12,
  pages: 311,
  etaSeconds: 125,
  finished: false,
};

const rows = () => screen.getAllByTestId('document-row');
const rowOf = (name: string) => {
  const found = rows().find((r) => r.dataset.path === `${ROOT}/${name}`);
  if (!found) throw new Error(`no row for ${name}`);
  return found;
};

afterEach(cleanup);

describe('ProgressList', () => {
  it('shows one row per document with its state, badge, steps, pages and failure reason', () => {
    render(() => (
      <ProgressList
        documents={DOCUMENTS}
        folders={[ROOT]}
        indexing={false}
        progress={null}
        onReindex={() => {}}
      />
    ));
    expect(rows().map((r) => [r.dataset.path, r.dataset.state])).toEqual(
      DOCUMENTS.map((d) => [d.path, d.state]),
    );

    const lease = rowOf('contracts/Lease 2023.pdf');
    expect(within(lease).getByText('Lease 2023.pdf')).toBeTruthy();
    expect(within(lease).getByText('acme/contracts')).toBeTruthy();
    expect(within(lease).getByText('Indexed')).toBeTruthy();
    expect(within(lease).getByText('12 pages')).toBeTruthy();
    const steps = within(lease).getByRole('progressbar');
    expect(steps.getAttribute('aria-valuenow')).toBe('3');
    expect(steps.getAttribute('aria-valuetext')).toBe('Indexed: step 4 of 4');

    const memo = rowOf('memo.docx');
    expect(within(memo).getByText('Parsing')).toBeTruthy();
    expect(within(memo).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('1');
    expect(within(memo).getByText('—')).toBeTruthy();
    expect(within(rowOf('notes.docx')).getByText('Queued')).toBeTruthy();

    const locked = rowOf('contracts/locked.pdf');
    expect(within(locked).getByText('Failed')).toBeTruthy();
    expect(within(locked).getByText('Password-protected: Quire cannot open it.')).toBeTruthy();
    expect(locked.textContent).toContain('Save a copy without the password in the folder.');
    expect(locked.textContent).toContain('Details: the PDF is password-protected (encrypted)');
    expect(within(locked).queryByRole('progressbar')).toBeNull();
    expect(within(locked).queryByRole('button')).toBeNull(); // nothing indexed to reindex

    expect(rowOf('scan.pdf').textContent).toContain('No text layer (a scanned document?)');
    // An unknown code: the server's own message.
    expect(within(rowOf('weird.pdf')).getByText('Something odd happened to this file')).toBeTruthy();

    // Rows are keyboard reachable and say what they are.
    expect(lease.getAttribute('tabindex')).toBe('0');
    expect(lease.getAttribute('aria-label')).toBe('Lease 2023.pdf, Indexed, 12 pages, in acme/contracts');
    expect(locked.getAttribute('aria-label')).toContain('Password-protected');
  });

  it('shows how many scanned pages OCR has read, with the row’s bar moving along its parsing step', () => {
    const [documents, setDocuments] = createSignal<DocumentRow[]>([
      row('scans/fax.tiff', { state: 'parsing', pages: null, documentId: null, ocr: { done: 3, total: 10 } }),
      row('memo.docx', { state: 'parsing', pages: null, documentId: null }),
      row('photo.png', { state: 'queued', pages: null, documentId: null }),
    ]);
    render(() => (
      <ProgressList
        documents={documents()}
        folders={[ROOT]}
        indexing={true}
        progress={RUNNING}
        onReindex={() => {}}
      />
    ));
    const fax = rowOf('scans/fax.tiff');
    expect(within(fax).getByTestId('ocr-progress').textContent).toBe('Reading scanned pages (OCR) 3 of 10');
    expect(fax.getAttribute('aria-label')).toBe(
      'fax.tiff, Parsing, Reading scanned pages (OCR) 3 of 10, in acme/scans',
    );
    const bar = within(fax).getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('1.3');
    expect(bar.getAttribute('aria-valuetext')).toBe(
      'Parsing (Reading scanned pages (OCR) 3 of 10): step 2 of 4',
    );
    const fill = () => fax.querySelector('.docs-step-fill') as HTMLElement;
    expect(fill().style.width).toBe('30%');
    // a document parsed without OCR shows no OCR line and a whole step
    const memo = rowOf('memo.docx');
    expect(within(memo).queryByTestId('ocr-progress')).toBeNull();
    expect(within(memo).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('1');
    expect(memo.querySelector('.docs-step-fill')).toBeNull();

    // more pages read: the same row (and its focus) moves on
    fax.focus();
    setDocuments((rows) =>
      rows.map((r) => (r.path.endsWith('fax.tiff') ? { ...r, ocr: { done: 8, total: 10 } } : r)),
    );
    expect(rowOf('scans/fax.tiff')).toBe(fax);
    expect(document.activeElement).toBe(fax);
    expect(within(fax).getByTestId('ocr-progress').textContent).toBe('Reading scanned pages (OCR) 8 of 10');
    expect(fill().style.width).toBe('80%');

    // embedding: the OCR line is gone
    setDocuments((rows) =>
      rows.map((r) =>
        r.path.endsWith('fax.tiff')
          ? { path: r.path, state: 'embedding', pages: 10, documentId: 'id-fax', error: null }
          : r,
      ),
    );
    expect(within(fax).queryByTestId('ocr-progress')).toBeNull();
    expect(within(fax).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('2');
  });

  it('shows a file of a kind Quire does not read as not read, with the type named', () => {
    const deck = row('board deck.ppt', {
      state: 'failed',
      pages: null,
      documentId: null,
      error: { code: 'unsupported-type', message: 'Quire does not read .ppt files' },
    });
    render(() => (
      <ProgressList
        documents={[deck]}
        folders={[ROOT]}
        indexing={false}
        progress={null}
        onReindex={() => {}}
      />
    ));
    const shown = rowOf('board deck.ppt');
    expect(within(shown).getByText('Failed')).toBeTruthy();
    expect(shown.textContent).toContain('Not read: unsupported type.');
    expect(shown.textContent).toContain('Details: Quire does not read .ppt files (unsupported-type)');
    expect(within(shown).queryByRole('button')).toBeNull();
  });

  it('shows the overall progress of a run with the bar values', () => {
    render(() => (
      <ProgressList
        documents={DOCUMENTS}
        folders={[ROOT]}
        indexing={true}
        progress={RUNNING}
        onReindex={() => {}}
      />
    ));
    const bar = screen.getByTestId('ingest-progress');
    expect(bar.getAttribute('role')).toBe('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('12');
    expect(bar.getAttribute('aria-valuemax')).toBe('40');
    expect(bar.getAttribute('aria-valuetext')).toBe('12 of 40 files · 311 pages · about 2 min left');
    expect(screen.getByText('12 of 40 files · 311 pages · about 2 min left')).toBeTruthy();
    expect((bar.firstElementChild as HTMLElement).style.width).toBe('30%');
  });

  it('hides the bar when idle and says whether everything is indexed', () => {
    const [documents, setDocuments] = createSignal<DocumentStatus[]>([
      row('a.pdf', { pages: 2 }),
      row('b.pdf', { pages: 3 }),
    ]);
    render(() => (
      <ProgressList
        documents={documents()}
        folders={[ROOT]}
        indexing={false}
        progress={null}
        onReindex={() => {}}
      />
    ));
    expect(screen.queryByTestId('ingest-progress')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('All documents indexed · 2 documents · 5 pages');
    setDocuments([
      ...documents(),
      row('c.pdf', {
        state: 'failed',
        pages: null,
        documentId: null,
        error: { code: 'corrupt', message: '' },
      }),
    ]);
    expect(screen.getByRole('status').textContent).toBe('2 of 3 documents indexed · 1 could not be read');
  });

  it('filters by state with counts, and by name, and says when nothing matches', async () => {
    const user = userEvent.setup();
    render(() => (
      <ProgressList
        documents={DOCUMENTS}
        folders={[ROOT]}
        indexing={true}
        progress={RUNNING}
        onReindex={() => {}}
      />
    ));
    const all = screen.getByRole('button', { name: 'All (6)' });
    const inProgress = screen.getByRole('button', { name: 'In progress (2)' });
    const failed = screen.getByRole('button', { name: 'Failed (3)' });
    expect(all.getAttribute('aria-pressed')).toBe('true');

    await user.click(failed);
    expect(failed.getAttribute('aria-pressed')).toBe('true');
    expect(all.getAttribute('aria-pressed')).toBe('false');
    expect(rows().map((r) => r.dataset.state)).toEqual(['failed', 'failed', 'failed']);
    expect(rows().map((r) => r.dataset.path)).toEqual([
      `${ROOT}/contracts/locked.pdf`,
      `${ROOT}/scan.pdf`,
      `${ROOT}/weird.pdf`,
    ]);

    await user.click(inProgress);
    expect(rows().map((r) => r.dataset.path)).toEqual([`${ROOT}/memo.docx`, `${ROOT}/notes.docx`]);

    await user.click(all);
    const search = screen.getByRole('searchbox', { name: 'Filter documents by file or folder name' });
    await user.type(search, 'contracts');
    expect(rows().map((r) => r.dataset.path)).toEqual([
      `${ROOT}/contracts/Lease 2023.pdf`,
      `${ROOT}/contracts/locked.pdf`,
    ]);
    await user.clear(search);
    await user.type(search, 'LEASE');
    expect(rows().map((r) => r.dataset.path)).toEqual([`${ROOT}/contracts/Lease 2023.pdf`]);

    await user.click(failed);
    expect(screen.queryAllByTestId('document-row')).toHaveLength(0);
    expect(screen.getByText(/No documents match “LEASE” among the failed documents\./)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show all documents' }));
    expect(rows()).toHaveLength(6);
    expect((search as HTMLInputElement).value).toBe('');
  });

  it('teaches the next step when there are no documents', () => {
    const [folders, setFolders] = createSignal<string[] | null>([ROOT]);
    render(() => (
      <ProgressList
        documents={[]}
        folders={folders()}
        indexing={false}
        progress={null}
        onReindex={() => {}}
      />
    ));
    expect(screen.queryAllByTestId('document-row')).toHaveLength(0);
    expect(screen.queryByRole('button', { name: /Failed/ })).toBeNull();
    const text = () => document.querySelector('.docs-empty-state')?.textContent ?? '';
    expect(text()).toContain('No documents yet.');
    expect(text()).toContain(
      `Put PDF, Word (.docx), image (PNG, JPEG, TIFF), web page (.html) or text (.txt, .md) files in ${ROOT} (subfolders count too); Quire picks them up on its own.`,
    );
    setFolders([ROOT, '/cases/acme-archive']);
    expect(screen.getByText('/cases/acme-archive')).toBeTruthy();
    expect(text()).toContain('one of these folders');
    setFolders([]);
    expect(text()).toContain('This workspace has no folder yet.');
  });

  it('calls onReindex with the document id, and not while the document is busy', async () => {
    const user = userEvent.setup();
    const onReindex = vi.fn();
    const [reindexing, setReindexing] = createSignal<ReadonlySet<string>>(new Set());
    const [documents, setDocuments] = createSignal(DOCUMENTS);
    render(() => (
      <ProgressList
        documents={documents()}
        folders={[ROOT]}
        indexing={false}
        progress={null}
        reindexing={reindexing()}
        onReindex={onReindex}
      />
    ));
    const buttons = screen.getAllByRole('button', { name: /^Reindex / });
    expect(buttons).toHaveLength(1); // only the indexed document has an id
    await user.click(screen.getByRole('button', { name: 'Reindex Lease 2023.pdf' }));
    expect(onReindex).toHaveBeenCalledExactlyOnceWith(
      'id-contracts/Lease 2023.pdf',
      `${ROOT}/contracts/Lease 2023.pdf`,
    );

    setReindexing(new Set(['id-contracts/Lease 2023.pdf']));
    const button = screen.getByRole('button', { name: 'Reindex Lease 2023.pdf' });
    expect(button.textContent).toBe('Reindexing…');
    expect(button.getAttribute('aria-disabled')).toBe('true');
    await user.click(button);
    expect(onReindex).toHaveBeenCalledTimes(1);

    // While it is redone the row keeps its DOM node, so the focus stays where the user left it.
    setReindexing(new Set<string>());
    button.focus();
    setDocuments(
      DOCUMENTS.map((d) =>
        d.documentId === 'id-contracts/Lease 2023.pdf' ? { ...d, state: 'embedding' } : d,
      ),
    );
    expect(rowOf('contracts/Lease 2023.pdf').dataset.state).toBe('embedding');
    expect(document.activeElement).toBe(button);
    expect(button.textContent).toBe('Reindex');
    await user.click(button);
    expect(onReindex).toHaveBeenCalledTimes(1);
  });

  it('moves between rows with the arrow keys, with one row in the Tab order', async () => {
    const user = userEvent.setup();
    render(() => (
      <ProgressList
        documents={DOCUMENTS}
        folders={[ROOT]}
        indexing={false}
        progress={null}
        onReindex={() => {}}
      />
    ));
    const all = rows();
    expect(all.filter((r) => r.getAttribute('tabindex') === '0')).toEqual([all[0]]);
    all[0]?.focus();
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(all[1]);
    expect(all[1]?.getAttribute('tabindex')).toBe('0');
    expect(all[0]?.getAttribute('tabindex')).toBe('-1');
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(all[5]);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(all[5]);
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(all[0]);
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(all[0]);
  });
});

describe('DocumentsView', () => {
  const snapshot = (documents: DocumentStatus[], extra: Partial<WorkspaceStatus> = {}): WorkspaceStatus => ({
    workspace: 'acme',
    indexing: false,
    documents,
    counts: { queued: 0, parsing: 0, embedding: 0, indexed: 0, failed: 0 },
    progress: null,
    ...extra,
  });
  const emit = (event: IngestEvent) => {
    for (const listener of api.listeners) listener(event);
  };

  beforeEach(() => {
    api.listeners.length = 0;
    api.buildListeners.length = 0;
    api.pageLayout.mockReset();
    api.documents.mockReset();
    api.getWorkspace.mockReset();
    api.reindex.mockReset();
    api.getWorkspace.mockResolvedValue({ slug: 'acme', name: 'Acme', folders: [ROOT] });
  });

  it('loads the snapshot, follows live events of its workspace and reloads when a run finishes', async () => {
    api.documents.mockResolvedValueOnce(snapshot([row('a.pdf')]));
    render(() => <DocumentsView slug="acme" />);
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(api.documents).toHaveBeenCalledWith('acme');

    emit({ type: 'document', workspace: 'acme', path: `${ROOT}/b.pdf`, state: 'queued' });
    emit({ type: 'document', workspace: 'globex', path: '/other/c.pdf', state: 'queued' });
    emit({
      type: 'progress',
      workspace: 'acme',
      total: 1,
      done: 0,
      pages: 0,
      etaSeconds: null,
      finished: false,
    });
    expect(rows().map((r) => r.dataset.state)).toEqual(['indexed', 'queued']);
    expect(screen.getByTestId('ingest-progress').getAttribute('aria-valuenow')).toBe('0');

    api.documents.mockResolvedValueOnce(snapshot([row('a.pdf'), row('b.pdf', { pages: 4 })]));
    emit({
      type: 'document',
      workspace: 'acme',
      path: `${ROOT}/b.pdf`,
      state: 'indexed',
      documentId: 'id-b.pdf',
    });
    emit({
      type: 'progress',
      workspace: 'acme',
      total: 1,
      done: 1,
      pages: 4,
      etaSeconds: null,
      finished: true,
    });
    expect(screen.queryByTestId('ingest-progress')).toBeNull();
    await waitFor(() => expect(api.documents).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(within(rowOf('b.pdf')).getByText('4 pages')).toBeTruthy());
  });

  it('shows the OCR progress of live events until the document moves on', async () => {
    api.documents.mockResolvedValueOnce(snapshot([row('a.pdf')]));
    render(() => <DocumentsView slug="acme" />);
    await waitFor(() => expect(rows()).toHaveLength(1));
    const scan = (state: 'queued' | 'parsing' | 'embedding', extra: Partial<IngestEvent> = {}) =>
      emit({ type: 'document', workspace: 'acme', path: `${ROOT}/scan.pdf`, state, ...extra } as IngestEvent);
    scan('queued');
    scan('parsing');
    expect(within(rowOf('scan.pdf')).queryByTestId('ocr-progress')).toBeNull();
    scan('parsing', { ocr: { done: 0, total: 4 } });
    expect(within(rowOf('scan.pdf')).getByTestId('ocr-progress').textContent).toBe(
      'Reading scanned pages (OCR) 0 of 4',
    );
    scan('parsing', { ocr: { done: 3, total: 4 } });
    expect(within(rowOf('scan.pdf')).getByTestId('ocr-progress').textContent).toBe(
      'Reading scanned pages (OCR) 3 of 4',
    );
    expect(within(rowOf('scan.pdf')).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('1.75');
    // another workspace's OCR does not show here
    emit({
      type: 'document',
      workspace: 'globex',
      path: `${ROOT}/scan.pdf`,
      state: 'parsing',
      ocr: { done: 1, total: 9 },
    });
    expect(within(rowOf('scan.pdf')).getByTestId('ocr-progress').textContent).toContain('3 of 4');
    scan('embedding', { documentId: 'id-scan', pages: 4 });
    expect(within(rowOf('scan.pdf')).queryByTestId('ocr-progress')).toBeNull();
    expect(rowOf('scan.pdf').dataset.state).toBe('embedding');
  });

  it('shows the pages read, then OCR, then the passages embedded, each filling its step (issue 14)', async () => {
    api.documents.mockResolvedValueOnce(snapshot([row('a.pdf')]));
    render(() => <DocumentsView slug="acme" />);
    await waitFor(() => expect(rows()).toHaveLength(1));
    const long = (state: 'queued' | 'parsing' | 'embedding', extra: Partial<IngestEvent> = {}) =>
      emit({
        type: 'document',
        workspace: 'acme',
        path: `${ROOT}/DA-619p.pdf`,
        state,
        ...extra,
      } as IngestEvent);
    const step = () => within(rowOf('DA-619p.pdf')).queryByTestId('step-progress');
    const bar = () => within(rowOf('DA-619p.pdf')).getByRole('progressbar');
    long('queued');
    long('parsing');
    expect(step()).toBeNull();
    long('parsing', { parse: { done: 120, total: 619 } });
    expect(step()?.textContent).toBe('Reading pages 120 of 619');
    expect(bar().getAttribute('aria-valuenow')).toBe('1.19');
    expect(bar().getAttribute('aria-valuetext')).toBe('Parsing (Reading pages 120 of 619): step 2 of 4');
    long('parsing', { parse: { done: 619, total: 619 } });
    expect(step()?.textContent).toBe('Reading pages 619 of 619');
    expect(bar().getAttribute('aria-valuenow')).toBe('1.99');
    // OCR follows the reading of every page: its count is shown instead
    long('parsing', { ocr: { done: 1, total: 4 } });
    expect(step()).toBeNull();
    expect(within(rowOf('DA-619p.pdf')).getByTestId('ocr-progress').textContent).toBe(
      'Reading scanned pages (OCR) 1 of 4',
    );
    long('embedding', { documentId: 'id-long', pages: 619, embed: { done: 0, total: 1589 } });
    expect(within(rowOf('DA-619p.pdf')).queryByTestId('ocr-progress')).toBeNull();
    expect(step()?.textContent).toBe('Embedding passages 0 of 1,589');
    expect(bar().getAttribute('aria-valuenow')).toBe('2');
    long('embedding', { documentId: 'id-long', pages: 619, embed: { done: 1280, total: 1589 } });
    expect(step()?.textContent).toBe('Embedding passages 1,280 of 1,589');
    expect(bar().getAttribute('aria-valuenow')).toBe('2.81');
    expect(rowOf('DA-619p.pdf').getAttribute('aria-label')).toContain('Embedding passages 1,280 of 1,589');
    long('embedding', { documentId: 'id-long', pages: 619 });
    expect(step()?.textContent).toBe('Embedding passages 1,280 of 1,589');
    emit({
      type: 'document',
      workspace: 'acme',
      path: `${ROOT}/DA-619p.pdf`,
      state: 'indexed',
      documentId: 'id-long',
      pages: 619,
    });
    expect(step()).toBeNull();
    expect(rowOf('DA-619p.pdf').dataset.state).toBe('indexed');
  });

  it('reindexes and reports a failure in plain words', async () => {
    const user = userEvent.setup();
    api.documents.mockResolvedValue(snapshot([row('a.pdf')]));
    api.reindex.mockRejectedValueOnce(
      new ApiError('No document id-a.pdf in this workspace', 404, 'not-found'),
    );
    render(() => <DocumentsView slug="acme" />);
    await user.click(await screen.findByRole('button', { name: 'Reindex a.pdf' }));
    expect(api.reindex).toHaveBeenCalledWith('acme', 'id-a.pdf');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('a.pdf is no longer in the index');
    await waitFor(() => expect(api.documents).toHaveBeenCalledTimes(2));
  });

  it('says so when the documents cannot be loaded, and tries again', async () => {
    const user = userEvent.setup();
    api.documents.mockRejectedValueOnce(new ApiError('Cannot reach the Quire server.', null));
    api.documents.mockResolvedValueOnce(snapshot([]));
    render(() => <DocumentsView slug="acme" />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load the documents: Cannot reach the Quire server.');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByText(
        /Put PDF, Word \(\.docx\), image \(PNG, JPEG, TIFF\), web page \(\.html\) or text \(\.txt, \.md\) files in/,
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('opens an indexed document from its name in the viewer at page 1, and closes it with Esc', async () => {
    const user = userEvent.setup();
    const text = 'Lease terms\n\nThe tenant pays rent monthly.';
    api.pageLayout.mockResolvedValue({
      kind: 'docx',
      documentId: 'id-lease.docx',
      page: 1,
      current: true,
      text,
      blocks: [
        { kind: 'heading', level: 1, start: 0, end: 11, text: 'Lease terms', rows: null },
        { kind: 'paragraph', level: null, start: 13, end: text.length, text: text.slice(13), rows: null },
      ],
    });
    api.documents.mockResolvedValue(
      snapshot([row('lease.docx', { pages: 1 }), row('queued.pdf', { state: 'queued', documentId: null })]),
    );
    render(() => <DocumentsView slug="acme" />);
    const open = await screen.findByRole('button', { name: 'lease.docx' });
    // Only a document that is in the index opens.
    expect(within(rowOf('queued.pdf')).queryByRole('button', { name: 'queued.pdf' })).toBeNull();
    await user.click(open);
    const viewer = await screen.findByTestId('viewer');
    expect(viewer.dataset.page).toBe('1');
    expect(viewer.dataset.kind).toBe('docx');
    expect(api.pageLayout).toHaveBeenCalledWith('acme', 'id-lease.docx', 1);
    expect(await within(viewer).findByText('The tenant pays rent monthly.')).toBeTruthy();
    expect(within(viewer).queryByTestId('highlight')).toBeNull(); // nothing quoted
    expect(viewer.textContent).not.toContain('[0]');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('viewer')).toBeNull());
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'lease.docx' }));
  });

  it('says the built-in model is being prepared instead of only “Loading documents…” on a first start', async () => {
    let answer: ((status: WorkspaceStatus) => void) | undefined;
    api.documents.mockReturnValue(new Promise<WorkspaceStatus>((resolve) => (answer = resolve)));
    render(() => <DocumentsView slug="acme" />);
    expect((await screen.findByRole('status')).textContent).toBe('Loading documents…');
    const build = (share: number) => {
      for (const listener of api.buildListeners) {
        listener({ type: 'model-build', model: 'builtin', state: 'building', share });
      }
    };
    build(0.42);
    const wait = await screen.findByTestId('model-wait');
    expect(wait.textContent).toContain('Preparing the built-in search model… 42%');
    expect(wait.textContent).toContain('First start only');
    expect(screen.queryByText('Loading documents…')).toBeNull();

    // The list arrives while the model is still being generated: both are shown, the wait above the list.
    answer?.(snapshot([row('a.pdf', { state: 'queued', documentId: null, pages: null })]));
    await waitFor(() => expect(rows()).toHaveLength(1));
    build(0.9);
    expect(screen.getByTestId('model-wait').textContent).toContain('90%');
    expect(screen.getByTestId('model-wait').textContent).toContain('then indexing begins');
    for (const listener of api.buildListeners) {
      listener({ type: 'model-build', model: 'builtin', state: 'ready', share: 1 });
    }
    await waitFor(() => expect(screen.queryByTestId('model-wait')).toBeNull());
  });
});
