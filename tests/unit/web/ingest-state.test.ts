import { describe, expect, it } from 'vitest';
import type { DocumentStatus, IngestEvent, WorkspaceStatus } from '../../../apps/web/src/lib/api.ts';
import {
  applyIngestEvent,
  applyIngestEvents,
  comparePaths,
  countStates,
  describeFailure,
  filterDocuments,
  folderLabel,
  formatEta,
  idleText,
  ocrProgressText,
  progressText,
  rowProgress,
  stepOf,
  viewFromSnapshot,
} from '../../../apps/web/src/lib/ingest-state.ts';

const ROOT = '/data/acme';
const doc = (name: string, extra: Partial<DocumentStatus> = {}): DocumentStatus => ({
  path: `${ROOT}/${name}`,
  state: 'indexed',
  pages: 3,
  documentId: `id-${name}`,
  error: null,
  ...extra,
});

function snapshot(documents: DocumentStatus[], extra: Partial<WorkspaceStatus> = {}): WorkspaceStatus {
  return {
    workspace: 'acme',
    indexing: false,
    documents,
    counts: { queued: 0, parsing: 0, embedding: 0, indexed: documents.length, failed: 0 },
    progress: null,
    ...extra,
  };
}

const state = (view: { documents: readonly DocumentStatus[] }) =>
  view.documents.map((d) => [d.path.slice(ROOT.length + 1), d.state]);

describe('viewFromSnapshot', () => {
  it('sorts rows naturally by path and drops removed rows', () => {
    const view = viewFromSnapshot(
      snapshot([
        doc('Exhibit 10.pdf'),
        doc('b/z.pdf'),
        doc('Exhibit 2.pdf'),
        doc('gone.pdf', { state: 'removed' }),
        doc('a.docx'),
      ]),
    );
    expect(view.documents.map((d) => d.path.slice(ROOT.length + 1))).toEqual([
      'a.docx',
      'b/z.pdf',
      'Exhibit 2.pdf',
      'Exhibit 10.pdf',
    ]);
    expect(view).toMatchObject({ workspace: 'acme', indexing: false, progress: null });
  });

  it('takes the live progress only while a process is indexing', () => {
    const progress = {
      type: 'progress' as const,
      workspace: 'acme',
      total: 4,
      done: 1,
      pages: 9,
      etaSeconds: 30,
      finished: false,
    };
    expect(viewFromSnapshot(snapshot([], { indexing: true, progress }))).toMatchObject({
      indexing: true,
      progress,
    });
    expect(viewFromSnapshot(snapshot([], { indexing: false, progress }))).toMatchObject({
      indexing: false,
      progress: null,
    });
  });

  it('orders paths that differ only in case deterministically', () => {
    expect(comparePaths('/a/X.pdf', '/a/x.pdf')).not.toBe(0);
    expect(Math.sign(comparePaths('/a/X.pdf', '/a/x.pdf'))).toBe(
      -Math.sign(comparePaths('/a/x.pdf', '/a/X.pdf')),
    );
  });
});

describe('OCR progress of a document', () => {
  const ev = (
    name: string,
    e: Omit<Extract<IngestEvent, { type: 'document' }>, 'type' | 'workspace' | 'path'>,
  ): IngestEvent => ({ type: 'document', workspace: 'acme', path: `${ROOT}/${name}`, ...e });

  it('keeps the pages read by OCR while the document is parsing, and drops them when it moves on', () => {
    let view = viewFromSnapshot(snapshot([doc('a.pdf')]));
    view = applyIngestEvents(view, [
      ev('scan.pdf', { state: 'queued' }),
      ev('scan.pdf', { state: 'parsing' }),
    ]);
    expect(view.documents[1]).not.toHaveProperty('ocr');
    view = applyIngestEvent(view, ev('scan.pdf', { state: 'parsing', ocr: { done: 0, total: 10 } }));
    expect(view.documents[1]?.ocr).toEqual({ done: 0, total: 10 });
    view = applyIngestEvent(view, ev('scan.pdf', { state: 'parsing', ocr: { done: 3, total: 10 } }));
    expect(view.documents[1]?.ocr).toEqual({ done: 3, total: 10 });
    // a parsing event without OCR numbers does not forget them
    view = applyIngestEvent(view, ev('scan.pdf', { state: 'parsing' }));
    expect(view.documents[1]?.ocr).toEqual({ done: 3, total: 10 });
    view = applyIngestEvent(view, ev('scan.pdf', { state: 'embedding', documentId: 'id-scan', pages: 10 }));
    expect(view.documents[1]).toEqual({
      path: `${ROOT}/scan.pdf`,
      state: 'embedding',
      pages: 10,
      documentId: 'id-scan',
      error: null,
    });
    // a later parse starts from nothing
    view = applyIngestEvents(view, [
      ev('scan.pdf', { state: 'queued' }),
      ev('scan.pdf', { state: 'parsing' }),
    ]);
    expect(view.documents[1]).not.toHaveProperty('ocr');
    // other rows are untouched
    expect(view.documents[0]).toEqual(doc('a.pdf'));
  });

  it('ignores OCR numbers on other states and cleans odd ones', () => {
    let view = viewFromSnapshot(snapshot([]));
    view = applyIngestEvent(view, ev('x.png', { state: 'queued', ocr: { done: 1, total: 1 } }));
    expect(view.documents[0]).not.toHaveProperty('ocr');
    view = applyIngestEvent(view, ev('x.png', { state: 'parsing', ocr: { done: 12, total: 10 } }));
    expect(view.documents[0]?.ocr).toEqual({ done: 10, total: 10 });
    view = applyIngestEvent(view, ev('y.png', { state: 'parsing', ocr: { done: 0, total: 0 } }));
    expect(view.documents[1]).not.toHaveProperty('ocr');
    view = applyIngestEvent(view, ev('x.png', { state: 'failed', error: { code: 'no-text', message: '' } }));
    expect(view.documents[0]).not.toHaveProperty('ocr');
  });

  it('words the OCR progress and moves the row along its parsing step', () => {
    expect(ocrProgressText({ done: 3, total: 10 })).toBe('Reading scanned pages (OCR) 3 of 10');
    expect(ocrProgressText({ done: 1200, total: 1500 })).toBe('Reading scanned pages (OCR) 1,200 of 1,500');
    expect(ocrProgressText(undefined)).toBeNull();
    expect(ocrProgressText({ done: 0, total: 0 })).toBeNull();
    expect(rowProgress('parsing')).toBe(1);
    expect(rowProgress('parsing', { done: 3, total: 10 })).toBe(1.3);
    expect(rowProgress('parsing', { done: 10, total: 10 })).toBe(1.99);
    expect(rowProgress('embedding', { done: 3, total: 10 })).toBe(2);
    expect(rowProgress('queued')).toBe(0);
    expect(rowProgress('failed')).toBeNull();
  });
});

describe('applyIngestEvent', () => {
  it('follows a realistic run: new files through every step, a failure, a removal and the progress', () => {
    const start = viewFromSnapshot(
      snapshot([doc('old.pdf', { pages: 7 }), doc('contract.pdf', { pages: 12 })]),
    );
    const ev = (e: Omit<Extract<IngestEvent, { type: 'document' }>, 'type' | 'workspace'>): IngestEvent => ({
      type: 'document',
      workspace: 'acme',
      ...e,
    });
    const progress = (done: number, extra: Partial<Extract<IngestEvent, { type: 'progress' }>> = {}) =>
      ({
        type: 'progress',
        workspace: 'acme',
        total: 3,
        done,
        pages: 0,
        etaSeconds: null,
        finished: false,
        ...extra,
      }) as const;

    // The run starts: two new files are queued, the unchanged one is reported indexed without pages.
    let view = applyIngestEvents(start, [
      ev({ path: `${ROOT}/contract.pdf`, state: 'indexed', documentId: 'id-contract.pdf' }),
      progress(1),
      ev({ path: `${ROOT}/new/memo.docx`, state: 'queued' }),
      ev({ path: `${ROOT}/locked.pdf`, state: 'queued' }),
    ]);
    expect(state(view)).toEqual([
      ['contract.pdf', 'indexed'],
      ['locked.pdf', 'queued'],
      ['new/memo.docx', 'queued'],
      ['old.pdf', 'indexed'],
    ]);
    expect(view.indexing).toBe(true);
    expect(view.documents[0]?.pages).toBe(12); // kept: the event carried no page count
    expect(view.documents[2]).toMatchObject({ pages: null, documentId: null, error: null });

    // memo.docx: parsing → embedding (its id and pages) → indexed.
    view = applyIngestEvent(view, ev({ path: `${ROOT}/new/memo.docx`, state: 'parsing' }));
    expect(view.documents[2]?.state).toBe('parsing');
    view = applyIngestEvent(
      view,
      ev({ path: `${ROOT}/new/memo.docx`, state: 'embedding', documentId: 'id-memo', pages: 4 }),
    );
    expect(view.documents[2]).toMatchObject({ state: 'embedding', documentId: 'id-memo', pages: 4 });
    view = applyIngestEvents(view, [
      ev({ path: `${ROOT}/new/memo.docx`, state: 'indexed', documentId: 'id-memo', pages: 4 }),
      progress(2, { pages: 4, etaSeconds: 5 }),
    ]);
    expect(view.documents[2]).toMatchObject({
      state: 'indexed',
      documentId: 'id-memo',
      pages: 4,
      error: null,
    });

    // locked.pdf fails with a code.
    view = applyIngestEvents(view, [
      ev({ path: `${ROOT}/locked.pdf`, state: 'parsing' }),
      ev({
        path: `${ROOT}/locked.pdf`,
        state: 'failed',
        error: { code: 'encrypted', message: 'the PDF is password-protected' },
      }),
      progress(3, { pages: 4, etaSeconds: 0 }),
    ]);
    expect(view.documents[1]).toMatchObject({
      state: 'failed',
      documentId: null,
      pages: null,
      error: { code: 'encrypted', message: 'the PDF is password-protected' },
    });

    // old.pdf was deleted from the folder; the run finishes.
    view = applyIngestEvents(view, [
      ev({ path: `${ROOT}/old.pdf`, state: 'removed' }),
      progress(3, { pages: 4, etaSeconds: null, finished: true }),
    ]);
    expect(state(view)).toEqual([
      ['contract.pdf', 'indexed'],
      ['locked.pdf', 'failed'],
      ['new/memo.docx', 'indexed'],
    ]);
    expect(view.indexing).toBe(false);
    expect(view.progress).toMatchObject({ done: 3, total: 3, pages: 4, finished: true });
    expect(countStates(view.documents)).toMatchObject({
      all: 3,
      indexed: 2,
      failed: 1,
      inProgress: 0,
      pages: 16,
    });

    // The start view was never mutated.
    expect(state(start)).toEqual([
      ['contract.pdf', 'indexed'],
      ['old.pdf', 'indexed'],
    ]);
  });

  it('clears the error of a failed file that is indexed later and keeps the id while a file is redone', () => {
    let view = viewFromSnapshot(
      snapshot([
        doc('scan.pdf', {
          state: 'failed',
          pages: null,
          documentId: null,
          error: { code: 'no-text', message: 'x' },
        }),
        doc('deed.pdf', { pages: 5 }),
      ]),
    );
    const ev = (path: string, s: DocumentStatus['state'], extra = {}): IngestEvent => ({
      type: 'document',
      workspace: 'acme',
      path: `${ROOT}/${path}`,
      state: s,
      ...extra,
    });
    view = applyIngestEvents(view, [ev('scan.pdf', 'queued'), ev('deed.pdf', 'queued')]);
    expect(view.documents.find((d) => d.path.endsWith('scan.pdf'))).toMatchObject({
      state: 'queued',
      error: null,
    });
    // A reindexed document is still searchable in its indexed version until it is replaced.
    expect(view.documents.find((d) => d.path.endsWith('deed.pdf'))).toMatchObject({
      state: 'queued',
      documentId: 'id-deed.pdf',
      pages: 5,
    });
    view = applyIngestEvent(view, ev('scan.pdf', 'failed'));
    expect(view.documents.find((d) => d.path.endsWith('scan.pdf'))?.error?.code).toBe('unknown');
  });

  it('ignores events of other workspaces and removals of unknown paths (same object back)', () => {
    const view = viewFromSnapshot(snapshot([doc('a.pdf')]));
    const other: IngestEvent = {
      type: 'document',
      workspace: 'globex',
      path: `${ROOT}/a.pdf`,
      state: 'failed',
    };
    expect(applyIngestEvent(view, other)).toBe(view);
    const removal: IngestEvent = {
      type: 'document',
      workspace: 'acme',
      path: `${ROOT}/nope.pdf`,
      state: 'removed',
    };
    expect(applyIngestEvent(view, removal).documents).toBe(view.documents);
  });

  it('keeps rows sorted whatever the order of arrival', () => {
    let view = viewFromSnapshot(snapshot([]));
    for (const name of ['m.pdf', 'c.pdf', 'x.pdf', 'a.pdf', 'k 10.pdf', 'k 9.pdf']) {
      view = applyIngestEvent(view, {
        type: 'document',
        workspace: 'acme',
        path: `${ROOT}/${name}`,
        state: 'queued',
      });
    }
    expect(state(view).map(([p]) => p)).toEqual(['a.pdf', 'c.pdf', 'k 9.pdf', 'k 10.pdf', 'm.pdf', 'x.pdf']);
  });
});

describe('words', () => {
  it('describes the run and the idle state', () => {
    expect(
      progressText({
        type: 'progress',
        workspace: 'acme',
        total: 40,
        done: 12,
        pages: 311,
        etaSeconds: 130,
        finished: false,
      }),
    ).toBe('12 of 40 files · 311 pages · about 2 min left');
    expect(
      progressText({
        type: 'progress',
        workspace: 'a',
        total: 1,
        done: 0,
        pages: 0,
        etaSeconds: null,
        finished: false,
      }),
    ).toBe('0 of 1 file');
    expect(formatEta(20)).toBe('less than a minute left');
    expect(formatEta(3 * 3600 + 5 * 60)).toBe('about 3 h 5 min left');
    expect(formatEta(null)).toBeNull();

    const rows = [doc('a.pdf', { pages: 1200 }), doc('b.pdf', { pages: 34 })];
    expect(idleText(countStates(rows))).toBe('All documents indexed · 2 documents · 1,234 pages');
    rows.push(doc('c.pdf', { state: 'failed', pages: null, error: { code: 'corrupt', message: '' } }));
    expect(idleText(countStates(rows))).toBe('2 of 3 documents indexed · 1 could not be read');
  });

  it('gives each step its place and failures none', () => {
    expect(['queued', 'parsing', 'embedding', 'indexed', 'failed'].map((s) => stepOf(s as never))).toEqual([
      0,
      1,
      2,
      3,
      null,
    ]);
  });

  it('explains failures in plain words with a next step, and falls back on the server message', () => {
    expect(describeFailure({ code: 'encrypted', message: 'the PDF is password-protected' })).toEqual({
      reason: 'Password-protected: Quire cannot open it.',
      next: 'Save a copy without the password in the folder.',
      detail: 'the PDF is password-protected',
    });
    expect(describeFailure({ code: 'no-text', message: '' }).reason).toMatch(
      /No text layer \(a scanned document\?\)/,
    );
    expect(describeFailure({ code: 'unsupported-type', message: 'Quire does not read .ppt files' })).toEqual({
      reason: 'Not read: unsupported type. Quire does not read this kind of file.',
      next: 'If it holds text you need, save a copy as PDF, Word (.docx) or text in the folder.',
      detail: 'Quire does not read .ppt files',
    });
    for (const code of ['timeout', 'too-large', 'corrupt', 'unsupported', 'unreadable', 'unsupported-type']) {
      const described = describeFailure({ code, message: 'm' });
      expect(described.reason.length).toBeGreaterThan(10);
      expect(described.next).toBeTruthy();
    }
    expect(describeFailure({ code: 'disk-on-fire', message: 'The disk is on fire' })).toEqual({
      reason: 'The disk is on fire',
      next: null,
      detail: null,
    });
    expect(describeFailure({ code: 'constructor', message: '' }).reason).toBe(
      'Quire could not index it (constructor).',
    );
  });

  it('shows folders from the workspace folder down and filters by name, folder and state', () => {
    const folders = ['/data/acme', '/data/acme/archive', '/srv/other'];
    expect(folderLabel('/data/acme/x.pdf', folders)).toBe('acme');
    expect(folderLabel('/data/acme/2023/leases/x.pdf', folders)).toBe('acme/2023/leases');
    expect(folderLabel('/data/acme/archive/old/x.pdf', folders)).toBe('archive/old');
    expect(folderLabel('/elsewhere/x.pdf', folders)).toBe('/elsewhere');
    expect(folderLabel('C:\\Cases\\Acme\\Leases\\x.pdf', ['C:\\Cases\\Acme'])).toBe('Acme\\Leases');

    const rows = [
      doc('leases/Lease 2023.pdf'),
      doc('leases/scan.pdf', { state: 'failed', error: { code: 'no-text', message: '' } }),
      doc('memo.docx', { state: 'parsing' }),
    ];
    const names = (r: DocumentStatus[]) => r.map((d) => d.path.slice(ROOT.length + 1));
    expect(names(filterDocuments(rows, 'failed', '', [ROOT]))).toEqual(['leases/scan.pdf']);
    expect(names(filterDocuments(rows, 'in-progress', '', [ROOT]))).toEqual(['memo.docx']);
    expect(names(filterDocuments(rows, 'all', 'LEASE', [ROOT]))).toEqual([
      'leases/Lease 2023.pdf',
      'leases/scan.pdf',
    ]);
    expect(names(filterDocuments(rows, 'all', 'leases 2023', [ROOT]))).toEqual(['leases/Lease 2023.pdf']);
    expect(names(filterDocuments(rows, 'failed', 'memo', [ROOT]))).toEqual([]);
  });
});
