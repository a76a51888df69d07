// The scope chips above the question box (issue 17): adding and removing them, what each says, what the
// ask request carries, the note under a scoped answer, and a thread's scope shown again when it opens.
import { cleanup, render, screen, waitFor, within } from '@solidjs/testing-library';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatView } from '../../apps/web/src/components/ChatView.tsx';
import type { AskResult, DocumentStatus } from '../../apps/web/src/lib/api.ts';
import * as api from '../../apps/web/src/lib/api.ts';
import { forgetPageLayouts } from '../../apps/web/src/lib/page-layouts.ts';

vi.mock('../../apps/web/src/lib/api.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../apps/web/src/lib/api.ts')>()),
  askStream: vi.fn(),
  threads: vi.fn(),
  threadTurns: vi.fn(),
  pageLayout: vi.fn(),
  documents: vi.fn(),
  searchPassages: vi.fn(),
}));

const askStream = vi.mocked(api.askStream);
const threads = vi.mocked(api.threads);
const threadTurns = vi.mocked(api.threadTurns);
const pageLayout = vi.mocked(api.pageLayout);
const documents = vi.mocked(api.documents);
const searchPassages = vi.mocked(api.searchPassages);

const LEASE = '/home/me/Acme matter/lease (signed).pdf';
const MEMO = '/home/me/Acme matter/memo.docx';
const NOTICE = '/home/me/Acme matter/mail/notice.eml';
const LEASE_GLOB = '/home/me/Acme matter/lease \\(signed\\).pdf';

function doc(path: string, kind: string, date: string | null): DocumentStatus {
  return {
    path,
    state: 'indexed',
    pages: 1,
    documentId: path.length.toString(16).padStart(64, '0'),
    error: null,
    kind,
    date: date ? { value: date, source: 'text' } : null,
  };
}

function result(overrides: Partial<AskResult> = {}): AskResult {
  return {
    answer: 'Not found in these documents.',
    mode: 'refused',
    support: 'not-found',
    citations: [],
    retrieval: 'hybrid',
    models: { embedding: 'e', chat: null, rerank: null },
    question: 'Q?',
    standaloneQuery: 'Q?',
    evidence: 0,
    threshold: 0.3,
    answerCoverage: null,
    answerThreshold: 0.8,
    passages: [],
    sources: [],
    threadId: 'thread-000001',
    time: '2025-01-02T03:04:05.000Z',
    scope: null,
    scopeDocuments: null,
    ...overrides,
  };
}

let workspace = 0;
const slug = () => `scope-${workspace}`;

beforeEach(() => {
  workspace++;
  forgetPageLayouts();
  for (const mock of [askStream, threads, threadTurns, pageLayout, documents, searchPassages])
    mock.mockReset();
  threads.mockResolvedValue([]);
  searchPassages.mockResolvedValue({
    retrieval: 'hybrid',
    reranked: false,
    hits: [],
    scope: null,
    scopeDocuments: null,
  });
  documents.mockResolvedValue({
    workspace: slug(),
    indexing: false,
    documents: [doc(LEASE, 'pdf', '2020-03-01'), doc(MEMO, 'docx', null), doc(NOTICE, 'email', '2021-02-10')],
    counts: { queued: 0, parsing: 0, embedding: 0, indexed: 3, failed: 0 },
    progress: null,
  });
});

afterEach(() => cleanup());

/** The scope the last question was asked of, as the screen handed it to the API client. */
const sentScope = () => askStream.mock.lastCall?.[2]?.scope;

const chips = () =>
  screen.queryAllByTestId('scope-chip').map((c) => c.querySelector('.scope-chip-edit')?.textContent);

describe('scope chips', () => {
  it('picks documents from a filtered list, adds a kind, asks with both, and says how many documents were asked', async () => {
    const user = userEvent.setup();
    render(() => <ChatView slug={slug()} documents={3} />);
    expect(screen.getByTestId('scope-all').textContent).toBe('Whole workspace');

    const scopeButton = screen.getByRole('button', { name: 'Scope' });
    await user.click(scopeButton);
    expect(scopeButton.getAttribute('aria-expanded')).toBe('true');
    const panel = screen.getByTestId('scope-panel');
    // The documents picker opens first, its filter box focused.
    const filter = within(panel).getByLabelText('Only these documents');
    expect(document.activeElement).toBe(filter);
    await waitFor(() => expect(within(panel).getAllByTestId('scope-document')).toHaveLength(3));
    expect(
      within(panel)
        .getAllByTestId('scope-document')
        .map((d) => d.textContent?.trim()),
    ).toEqual([
      'lease (signed).pdf Acme matter · 2020-03-01',
      'memo.docx Acme matter',
      'notice.eml mail · 2021-02-10',
    ]);
    await user.type(filter, 'lease');
    expect(within(panel).getAllByTestId('scope-document')).toHaveLength(1);
    await user.click(within(panel).getByRole('checkbox', { name: /lease \(signed\)\.pdf/ }));
    await user.click(within(panel).getByRole('button', { name: 'Apply' }));
    expect(screen.queryByTestId('scope-panel')).toBeNull();
    expect(document.activeElement).toBe(scopeButton);
    expect(chips()).toEqual(['Documents: lease (signed).pdf']);

    await user.click(scopeButton);
    await user.click(within(screen.getByTestId('scope-panel')).getByRole('button', { name: 'Kind' }));
    await user.click(screen.getByRole('checkbox', { name: 'PDF' }));
    await user.click(screen.getByRole('checkbox', { name: 'Email' }));
    await user.keyboard('{Enter}');
    expect(chips()).toEqual(['Documents: lease (signed).pdf', 'Kind: PDF, Email']);

    askStream.mockResolvedValueOnce(
      result({ scope: { in: [LEASE_GLOB], kinds: ['pdf', 'email'] }, scopeDocuments: 1 }),
    );
    await user.type(screen.getByLabelText('Question'), 'When is rent due?{Enter}');
    // The picked document is sent as its absolute path, its brackets escaped for picomatch.
    expect(sentScope()).toEqual({ in: [LEASE_GLOB], kinds: ['pdf', 'email'] });
    const note = await screen.findByTestId('scope-note');
    expect(note.textContent).toBe('Asked of 1 document · Documents: lease (signed).pdf · Kind: PDF, Email');
  });

  it('removes a chip with its labelled × button; the next question is asked of what is left, then of all', async () => {
    const user = userEvent.setup();
    render(() => <ChatView slug={slug()} documents={3} />);
    await user.click(screen.getByRole('button', { name: 'Scope' }));
    await user.click(screen.getByRole('button', { name: 'From' }));
    await user.type(screen.getByLabelText('Sent by'), 'landlord, Smith {Enter}');
    await user.click(screen.getByRole('button', { name: 'Scope' }));
    await user.click(screen.getByRole('button', { name: 'Exclude documents' }));
    await waitFor(() => expect(screen.getAllByTestId('scope-document')).toHaveLength(3));
    await user.click(screen.getByRole('checkbox', { name: /memo\.docx/ }));
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(chips()).toEqual(['Excluding: memo.docx', 'From: landlord, Smith']);

    await user.click(screen.getByRole('button', { name: 'Remove Excluding: memo.docx' }));
    expect(chips()).toEqual(['From: landlord, Smith']);
    askStream.mockResolvedValue(result());
    await user.type(screen.getByLabelText('Question'), 'What did the landlord say?{Enter}');
    expect(sentScope()).toEqual({ from: ['landlord', 'Smith'] });

    await user.click(screen.getByRole('button', { name: 'Remove From: landlord, Smith' }));
    expect(screen.getByTestId('scope-all')).toBeTruthy();
    await user.type(screen.getByLabelText('Question'), 'And the tenant?{Enter}');
    // No chips: the whole workspace, said outright so a thread's earlier scope does not linger.
    expect(sentScope()).toBeNull();
    await waitFor(() => expect(askStream).toHaveBeenCalledTimes(2));
  });

  it('refuses a date range that ends before it starts, then shows the range on its chip', async () => {
    const user = userEvent.setup();
    render(() => <ChatView slug={slug()} documents={3} />);
    await user.click(screen.getByRole('button', { name: 'Scope' }));
    await user.click(screen.getByRole('button', { name: 'Dates' }));
    const since = screen.getByLabelText('Dated on or after') as HTMLInputElement;
    const until = screen.getByLabelText('Dated on or before') as HTMLInputElement;
    expect(document.activeElement).toBe(since);
    await user.type(since, '2022-01-01');
    await user.type(until, '2021-12-31');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(screen.getByRole('alert').textContent).toContain('The first day is after the last');
    expect(screen.queryAllByTestId('scope-chip')).toHaveLength(0);
    await user.clear(since);
    await user.type(since, '2021-01-01');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(chips()).toEqual(['Dates: 2021-01-01 to 2021-12-31']);
    // A chip opens its own editor again, with what it holds.
    await user.click(screen.getByRole('button', { name: 'Change Dates: 2021-01-01 to 2021-12-31' }));
    expect((screen.getByLabelText('Dated on or before') as HTMLInputElement).value).toBe('2021-12-31');
    await user.clear(screen.getByLabelText('Dated on or after'));
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(chips()).toEqual(['Dates: until 2021-12-31']);
  });

  it('closes the panel with Esc, changing nothing, and gives the focus back to the Scope button', async () => {
    const user = userEvent.setup();
    render(() => <ChatView slug={slug()} documents={3} />);
    const scopeButton = screen.getByRole('button', { name: 'Scope' });
    await user.click(scopeButton);
    await user.click(screen.getByRole('button', { name: 'To' }));
    await user.type(screen.getByLabelText('Sent to (To or Cc)'), 'tenant@example.com');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('scope-panel')).toBeNull();
    expect(document.activeElement).toBe(scopeButton);
    expect(screen.queryAllByTestId('scope-chip')).toHaveLength(0);
  });

  it('shows the scope of a thread’s last turn when it is opened, and asks its follow-up of it', async () => {
    threads.mockResolvedValue([
      { id: 'thread-000007', title: 'Emails of 2021', turns: 2, updatedAt: '2025-02-01T00:00:00.000Z' },
    ]);
    const turn = {
      time: '2025-01-01T00:00:00.000Z',
      standaloneQuery: 'q',
      answer: 'Not found in these documents.',
      mode: 'refused' as const,
      support: 'not-found' as const,
      citations: [],
    };
    threadTurns.mockResolvedValue([
      { ...turn, question: 'First, of everything' },
      { ...turn, question: 'Then of the emails of 2021', scope: { kinds: ['email'], since: '2021-01-01' } },
    ]);
    const user = userEvent.setup();
    render(() => <ChatView slug={slug()} documents={3} />);
    await user.click(await screen.findByRole('button', { name: /^Emails of 2021/ }));
    await waitFor(() => expect(chips()).toEqual(['Kind: Email', 'Dates: since 2021-01-01']));
    // Each reopened turn says what it was asked of (the count was not kept with the thread).
    expect(screen.getAllByTestId('scope-note').map((n) => n.textContent)).toEqual([
      'Asked of part of the workspace · Kind: Email · Dates: since 2021-01-01',
    ]);
    askStream.mockResolvedValueOnce(result({ threadId: 'thread-000007' }));
    await user.type(screen.getByLabelText('Question'), 'And in 2022?{Enter}');
    expect(askStream.mock.lastCall?.[2]).toMatchObject({
      threadId: 'thread-000007',
      scope: { kinds: ['email'], since: '2021-01-01' },
    });
  });
});

describe('askStream', () => {
  it('sends the scope in the request body, and null for the whole workspace', async () => {
    const { askStream: realAskStream } = await vi.importActual<
      typeof import('../../apps/web/src/lib/api.ts')
    >('../../apps/web/src/lib/api.ts');
    const bodies: unknown[] = [];
    const fetchMock = vi.fn(async (_url: string, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init?.body)));
      const event = `event: answer\ndata: ${JSON.stringify(result())}\n\n`;
      return new Response(event, { headers: { 'content-type': 'text/event-stream' } });
    });
    vi.stubGlobal('fetch', fetchMock);
    try {
      await realAskStream('ws', 'Q?', { threadId: 'thread-000001', scope: { in: [LEASE_GLOB] } });
      await realAskStream('ws', 'Q?', { newThread: true, scope: null });
      await realAskStream('ws', 'Q?', { threadId: 'thread-000001' });
    } finally {
      vi.unstubAllGlobals();
    }
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/workspaces/ws/ask');
    expect(bodies).toEqual([
      { question: 'Q?', threadId: 'thread-000001', scope: { in: [LEASE_GLOB] }, stream: true },
      { question: 'Q?', newThread: true, scope: null, stream: true },
      // absent: the server keeps the thread's scope
      { question: 'Q?', threadId: 'thread-000001', stream: true },
    ]);
  });
});

describe('exportBundle', () => {
  it('sends the scope a turn was asked of and how many documents it held, for the bundle’s Scope line', async () => {
    const { exportBundle: realExportBundle } = await vi.importActual<
      typeof import('../../apps/web/src/lib/api.ts')
    >('../../apps/web/src/lib/api.ts');
    const { evidenceOf } = await import('../../apps/web/src/lib/answer-export.ts');
    const bodies: Record<string, unknown>[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init?: RequestInit) => {
        bodies.push(JSON.parse(String(init?.body)));
        return new Response('# Evidence\n', { headers: { 'content-type': 'text/markdown' } });
      }),
    );
    try {
      const evidence = evidenceOf(
        {
          key: 1,
          question: 'Q?',
          answer: 'A.',
          status: 'done',
          mode: 'extractive',
          support: 'answered',
          citations: [],
          passages: [],
          standaloneQuery: 'Q?',
          time: '2025-01-02T03:04:05.000Z',
          models: null,
          problem: null,
          scope: { kinds: ['email'] },
          scopeDocuments: 3,
        },
        'thread-000001',
      );
      if (!evidence) throw new Error('no evidence for a complete turn');
      expect(await realExportBundle('ws', evidence)).toBe('# Evidence\n');
    } finally {
      vi.unstubAllGlobals();
    }
    expect(bodies[0]).toMatchObject({
      scope: { kinds: ['email'] },
      scopeDocuments: 3,
      threadId: 'thread-000001',
    });
  });
});
