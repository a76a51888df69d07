import { cleanup, render, screen, waitFor, within } from '@solidjs/testing-library';
import { userEvent } from '@testing-library/user-event';
import { createSignal } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatView } from '../../apps/web/src/components/ChatView.tsx';
import type { AskResult, AskStreamOptions, Citation } from '../../apps/web/src/lib/api.ts';
import * as api from '../../apps/web/src/lib/api.ts';
import { forgetPageLayouts } from '../../apps/web/src/lib/page-layouts.ts';

vi.mock('../../apps/web/src/lib/api.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../apps/web/src/lib/api.ts')>()),
  askStream: vi.fn(),
  threads: vi.fn(),
  threadTurns: vi.fn(),
  deleteThread: vi.fn(),
  exportBundle: vi.fn(),
  pageLayout: vi.fn(),
  documents: vi.fn(),
  searchPassages: vi.fn(),
}));

const askStream = vi.mocked(api.askStream);
const threads = vi.mocked(api.threads);
const threadTurns = vi.mocked(api.threadTurns);
const deleteThread = vi.mocked(api.deleteThread);
const exportBundle = vi.mocked(api.exportBundle);
const pageLayout = vi.mocked(api.pageLayout);
const documents = vi.mocked(api.documents);
const searchPassages = vi.mocked(api.searchPassages);

const DOC_TEXT = 'Rent\n\nThe tenant pays rent monthly.';
const QUOTE = 'The tenant pays rent monthly.';

function citation(n: number): Citation {
  const start = DOC_TEXT.indexOf(QUOTE);
  return {
    n,
    chunkId: `chunk-${n}`,
    documentId: 'b'.repeat(64),
    path: '/docs/lease.docx',
    page: 1,
    heading: 'Rent',
    quote: QUOTE,
    start,
    end: start + QUOTE.length,
    verified: true,
  };
}

function result(overrides: Partial<AskResult> = {}): AskResult {
  return {
    answer: 'The tenant pays monthly [1].',
    mode: 'generated',
    citations: [citation(1)],
    retrieval: 'hybrid',
    models: { embedding: 'e', chat: 'c', rerank: null },
    question: 'When is rent due?',
    standaloneQuery: 'When is rent due?',
    evidence: 0.9,
    threshold: 0.3,
    answerCoverage: null,
    answerThreshold: 0.8,
    support: 'answered',
    passages: [],
    sources: [],
    threadId: 'thread-000001',
    time: '2025-01-02T03:04:05.000Z',
    scope: null,
    scopeDocuments: null,
    ...overrides,
  };
}

function status(paths: { path: string; state: api.DocumentStatus['state'] }[]): api.WorkspaceStatus {
  return {
    workspace: slug(),
    indexing: false,
    documents: paths.map(({ path, state }) => ({ path, state, pages: 1, documentId: null, error: null })),
    counts: { queued: 0, parsing: 0, embedding: 0, indexed: paths.length, failed: 0 },
    progress: null,
  };
}

function hit(path: string, heading: string): api.SearchResult['hits'][number] {
  return {
    path,
    page: 1,
    heading,
    headingPath: [heading],
    text: 'Some text.',
    score: 0.5,
    chunkId: 'c',
    documentId: 'd'.repeat(64),
    start: 0,
    end: 10,
    source: 'text-layer',
    pageLabel: null,
    bates: null,
  };
}

let workspace = 0;
/** A fresh workspace name per test (the open conversation of a workspace is remembered). */
const slug = () => `ws-${workspace}`;

beforeEach(() => {
  workspace++;
  forgetPageLayouts();
  for (const mock of [
    askStream,
    threads,
    threadTurns,
    deleteThread,
    exportBundle,
    pageLayout,
    documents,
    searchPassages,
  ])
    mock.mockReset();
  threads.mockResolvedValue([]);
  documents.mockResolvedValue(status([]));
  searchPassages.mockResolvedValue({
    retrieval: 'hybrid',
    reranked: false,
    hits: [],
    scope: null,
    scopeDocuments: null,
  });
  pageLayout.mockResolvedValue({
    kind: 'docx',
    documentId: 'b'.repeat(64),
    page: 1,
    text: DOC_TEXT,
    current: true,
    blocks: [
      { kind: 'heading', level: 2, start: 0, end: 4, text: 'Rent', rows: null },
      { kind: 'paragraph', level: null, start: 6, end: DOC_TEXT.length, text: QUOTE, rows: null },
    ],
  });
});

afterEach(() => cleanup());

describe('ChatView', () => {
  it('explains what to do in a workspace without documents', () => {
    render(() => <ChatView slug={slug()} documents={0} />);
    const empty = screen.getByTestId('chat-empty');
    expect(empty.textContent).toContain('no documents');
    expect(within(empty).getByRole('link', { name: 'Documents' }).getAttribute('href')).toBe(
      `#/w/${slug()}/documents`,
    );
  });

  it('suggests questions made from the workspace’s own documents and their headings', async () => {
    documents.mockResolvedValue(
      status([
        { path: '/m/Patient_Guide.pdf', state: 'indexed' },
        { path: '/m/lease.docx', state: 'indexed' },
        { path: '/m/draft.pdf', state: 'queued' },
      ]),
    );
    searchPassages.mockImplementation(async (_slug, query) => ({
      retrieval: 'hybrid',
      reranked: false,
      scope: null,
      scopeDocuments: null,
      hits:
        query === 'lease'
          ? [
              hit('/m/other.pdf', 'Unrelated heading'),
              hit('/m/lease.docx', '12'),
              hit('/m/lease.docx', '4.2 Termination and notice'),
            ]
          : [],
    }));
    render(() => <ChatView slug={slug()} documents={3} />);
    expect(screen.getByTestId('chat-empty').textContent).toContain('3 documents');
    const examples = await screen.findAllByRole('button', { name: /\?$/ });
    expect(examples.map((b) => b.textContent)).toEqual([
      'What does “lease” say about Termination and notice?',
      'What is “Patient Guide” about?',
    ]);
    expect(screen.getByTestId('chat-empty').textContent).not.toMatch(/contract|parties|payment terms/i);
    const user = userEvent.setup();
    await user.click(examples[0] as HTMLElement);
    expect((screen.getByLabelText('Question') as HTMLTextAreaElement).value).toBe(examples[0]?.textContent);
  });

  it('suggests no questions when no document is indexed yet', async () => {
    documents.mockResolvedValue(status([{ path: '/m/a.pdf', state: 'parsing' }]));
    render(() => <ChatView slug={slug()} documents={1} />);
    await waitFor(() => expect(documents).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(screen.queryAllByRole('button', { name: /\?$/ })).toHaveLength(0);
    expect(screen.getByTestId('chat-empty').textContent).not.toContain('For example');
  });

  it('streams the answer, then links its markers to the cards and the viewer', async () => {
    let release!: () => void;
    askStream.mockImplementation(async (_slug: string, _q: string, options: AskStreamOptions = {}) => {
      options.onToken?.('The tenant ');
      options.onToken?.('pays monthly [1].');
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return result();
    });
    render(() => <ChatView slug={slug()} documents={1} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Question'), 'When is rent due?{Enter}');
    expect(askStream).toHaveBeenCalledWith(
      slug(),
      'When is rent due?',
      expect.objectContaining({ newThread: true }),
    );
    const answer = await screen.findByTestId('answer');
    await waitFor(() => expect(answer.textContent).toContain('The tenant pays monthly [1].'));
    expect(answer.getAttribute('data-status')).toBe('streaming');
    // while streaming the marker shows its number but opens nothing yet, and there is a Stop button
    expect(screen.queryByTestId('citation-marker')).toBeNull();
    expect(screen.getByTestId('citation-marker-pending').textContent).toBe('[1]');
    expect(screen.getByRole('button', { name: 'Stop' })).toBeTruthy();
    release();
    await waitFor(() => expect(answer.getAttribute('data-status')).toBe('done'));
    expect(screen.getByTestId('mode-label').textContent).toBe('Generated');
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
    expect(screen.getAllByTestId('citation-card')).toHaveLength(1);

    await user.click(screen.getByTestId('citation-marker'));
    expect(screen.getByTestId('citation-card').getAttribute('data-selected')).toBe('true');
    const viewer = screen.getByTestId('viewer');
    expect(viewer.getAttribute('data-kind')).toBe('docx');
    await waitFor(() => expect(screen.getByTestId('highlight').textContent).toBe(QUOTE));
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('viewer')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('citation-marker'));

    // the follow-up continues the conversation the server started
    askStream.mockResolvedValueOnce(result({ answer: 'Monthly [1].', question: 'And the deposit?' }));
    await user.type(screen.getByLabelText('Question'), 'And the deposit?{Enter}');
    expect(askStream).toHaveBeenLastCalledWith(
      slug(),
      'And the deposit?',
      expect.objectContaining({ threadId: 'thread-000001' }),
    );
    expect(askStream.mock.lastCall?.[2]?.newThread).toBeUndefined();
  });

  it('Shift+Enter adds a line instead of asking', async () => {
    render(() => <ChatView slug={slug()} documents={1} />);
    const user = userEvent.setup();
    const input = screen.getByLabelText('Question') as HTMLTextAreaElement;
    await user.type(input, 'first line{Shift>}{Enter}{/Shift}second line');
    expect(input.value).toBe('first line\nsecond line');
    expect(askStream).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Ask' }));
    expect(askStream).toHaveBeenCalledWith(slug(), 'first line\nsecond line', expect.anything());
  });

  it('Stop keeps what was received and marks the answer as stopped', async () => {
    askStream.mockImplementation(
      (_slug: string, _q: string, options: AskStreamOptions = {}) =>
        new Promise<AskResult>((_resolve, reject) => {
          options.onToken?.('Partial answer');
          options.signal?.addEventListener('abort', () =>
            reject(new DOMException('The operation was aborted.', 'AbortError')),
          );
        }),
    );
    render(() => <ChatView slug={slug()} documents={1} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Question'), 'Tell me everything{Enter}');
    await screen.findByText('Partial answer');
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(screen.getByTestId('answer').getAttribute('data-status')).toBe('stopped'));
    expect(screen.getByTestId('answer').textContent).toContain('Partial answer');
    expect(screen.getByTestId('stopped-note')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('Esc stops a streaming answer', async () => {
    askStream.mockImplementation(
      (_slug: string, _q: string, options: AskStreamOptions = {}) =>
        new Promise<AskResult>((_resolve, reject) => {
          options.onToken?.('Some words');
          options.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    render(() => <ChatView slug={slug()} documents={1} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Question'), 'Anything?{Enter}');
    await screen.findByText('Some words');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.getByTestId('answer').getAttribute('data-status')).toBe('stopped'));
  });

  it('shows no answer when the documents hold none: the closest passages to read, and why', async () => {
    askStream.mockResolvedValue(
      result({
        answer: 'Not found in these documents.',
        mode: 'refused',
        support: 'closest',
        models: { embedding: 'e', chat: null, rerank: null },
        citations: [],
        passages: [
          {
            n: 1,
            chunkId: 'c1',
            documentId: 'd'.repeat(64),
            path: '/docs/lease.pdf',
            page: 2,
            heading: 'Parking',
            text: 'Parking is free.',
            start: 40,
            end: 56,
            score: 0.1,
            pageLabel: null,
            bates: null,
          },
        ],
      }),
    );
    render(() => <ChatView slug={slug()} documents={1} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Question'), 'Is there a pool?{Enter}');
    const label = await screen.findByTestId('mode-label');
    expect(label.textContent).toBe('No answer found — closest passages');
    expect(screen.getByTestId('answer').getAttribute('data-support')).toBe('closest');
    expect(screen.getByTestId('closest-why').textContent).toContain('Without a chat model');
    expect(screen.queryByTestId('answer-text')).toBeNull();
    const passage = screen.getByTestId('closest-passage');
    expect(passage.textContent).toContain('lease.pdf, p. 2');
    expect(passage.textContent).toContain('Parking is free.');
    expect(screen.queryByTestId('citation-card')).toBeNull();
    // The closest passage opens its page, highlighted from its offsets.
    await user.click(screen.getByRole('button', { name: 'Open page 2' }));
    const viewer = await screen.findByTestId('viewer');
    expect(viewer.getAttribute('data-page')).toBe('2');
  });

  it('never shows an extractive answer whose evidence is only closest as an answer, nor its badges', async () => {
    const quotes = [
      { ...citation(3), source: 'ocr' as const, confidence: 62 },
      { ...citation(5), path: '/docs/guide.pdf', documentId: 'c'.repeat(64) },
    ];
    askStream.mockResolvedValue(
      result({
        answer: `${QUOTE} [3] ${QUOTE} [5]`,
        mode: 'extractive',
        support: 'closest',
        citations: quotes,
        passages: [],
      }),
    );
    render(() => <ChatView slug={slug()} documents={2} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Question'), 'What is the capital of Mongolia?{Enter}');
    expect((await screen.findByTestId('mode-label')).textContent).toBe('No answer found — closest passages');
    expect(screen.queryByTestId('answer-text')).toBeNull();
    expect(screen.queryByTestId('citation-marker')).toBeNull();
    expect(screen.queryByTestId('citation-card')).toBeNull();
    expect(screen.queryByTestId('verification')).toBeNull();
    expect(document.body.textContent).not.toMatch(/verified|Quote found/i);
    // with no passages sent, the quotes are shown as the passages to read, one per source
    expect(screen.getAllByTestId('closest-passage').map((p) => p.textContent)).toEqual([
      expect.stringContaining('lease.docx, p. 1'),
      expect.stringContaining('guide.pdf, p. 1'),
    ]);
    expect(screen.getByTestId('citations-panel').textContent).toContain('No answer was found');
    // a passage from a page read by OCR says so, with its confidence
    const [scanned, typed] = screen.getAllByTestId('closest-passage');
    expect(within(scanned as HTMLElement).getByTestId('ocr-badge').textContent).toContain(
      'Read by OCR · low confidence (62%)',
    );
    expect(within(typed as HTMLElement).queryByTestId('ocr-badge')).toBeNull();
  });

  it('says when nothing related was found, with no answer and no sources', async () => {
    askStream.mockResolvedValue(
      result({
        answer: 'Not found in these documents.',
        mode: 'refused',
        support: 'not-found',
        citations: [],
      }),
    );
    render(() => <ChatView slug={slug()} documents={1} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Question'), 'What is the capital of Mongolia?{Enter}');
    expect((await screen.findByTestId('mode-label')).textContent).toBe('Not found in these documents');
    expect(screen.getByTestId('not-found-note')).toBeTruthy();
    expect(screen.queryByTestId('answer-text')).toBeNull();
    expect(screen.queryByTestId('closest-passage')).toBeNull();
    expect(screen.queryByTestId('citation-card')).toBeNull();
  });

  it('reads a turn saved before support levels by its mode', async () => {
    threads.mockResolvedValue([
      { id: 'thread-000009', title: 'Old', turns: 1, updatedAt: '2025-01-01T00:00:00.000Z' },
    ]);
    threadTurns.mockResolvedValue([
      {
        time: '2025-01-01T00:00:00.000Z',
        question: 'Is there a pool?',
        standaloneQuery: 'Is there a pool?',
        answer: 'Not found in these documents.',
        mode: 'refused',
        citations: [],
      },
    ]);
    render(() => <ChatView slug={slug()} documents={1} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /^Old/ }));
    expect((await screen.findByTestId('mode-label')).textContent).toBe('Not found in these documents');
    expect(screen.queryByTestId('answer-text')).toBeNull();
  });

  it('numbers the sources of an extractive answer 1..n, one card each, each marker opening its own quote', async () => {
    const text = 'The tenant pays rent monthly. The deposit is two months of rent. Pets need consent.';
    const sentences = [
      'The tenant pays rent monthly.',
      'The deposit is two months of rent.',
      'Pets need consent.',
    ];
    const at = (n: number, quote: string): Citation => ({
      ...citation(n),
      quote,
      start: text.indexOf(quote),
      end: text.indexOf(quote) + quote.length,
    });
    const [rent, deposit, pets] = sentences;
    const cited = [at(2, rent ?? ''), at(4, deposit ?? ''), at(2, pets ?? '')];
    pageLayout.mockResolvedValue({
      kind: 'docx',
      documentId: 'b'.repeat(64),
      page: 1,
      text,
      current: true,
      blocks: [{ kind: 'paragraph', level: null, start: 0, end: text.length, text, rows: null }],
    });
    askStream.mockResolvedValue(
      result({ answer: `${rent} [2] ${deposit} [4] ${pets} [2]`, mode: 'extractive', citations: cited }),
    );
    render(() => <ChatView slug={slug()} documents={1} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Question'), 'What does the lease say?{Enter}');
    await screen.findAllByTestId('citation-card');
    const markers = screen.getAllByTestId('citation-marker');
    expect(markers.map((m) => m.textContent)).toEqual(['[1]', '[2]', '[1]']);
    const cards = screen.getAllByTestId('citation-card');
    expect(cards.map((c) => c.getAttribute('data-n'))).toEqual(['1', '2']);
    expect(within(cards[0] as HTMLElement).getAllByTestId('citation-quote-item')).toHaveLength(2);
    for (const [i, quote] of [rent, deposit, pets].entries()) {
      await user.click(screen.getAllByTestId('citation-marker')[i] as HTMLElement);
      const viewer = await screen.findByTestId('viewer');
      await waitFor(() =>
        expect(
          within(viewer)
            .getAllByTestId('highlight')
            .map((h) => h.textContent)
            .join(''),
        ).toBe(quote),
      );
      // the viewer names the source by the number its card shows
      expect(viewer.textContent).toContain(i === 1 ? '[2]' : '[1]');
      await user.keyboard('{Escape}');
    }
  });

  it('says in plain words why a question failed; "Try again" only when trying again can help', async () => {
    askStream.mockRejectedValueOnce(new api.ApiError('Cannot reach the Quire server.', null));
    render(() => <ChatView slug={slug()} documents={1} />);
    const user = userEvent.setup();
    const input = screen.getByLabelText('Question') as HTMLTextAreaElement;
    await user.type(input, 'Why?{Enter}');
    const alert = await screen.findByTestId('ask-problem');
    expect(alert.textContent).toContain('Check that Quire is still running');
    // the question comes back to the box
    expect(input.value).toBe('Why?');
    askStream.mockResolvedValueOnce(result());
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    await screen.findByTestId('citation-marker');
    expect(askStream).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId('ask-problem')).toBeNull();
  });

  it('turns a refused question into a plain message without "Try again", keeping the question', async () => {
    askStream.mockRejectedValue(
      new api.ApiError(
        'Invalid json: question: Too big: expected string to have <=4000 characters',
        400,
        'invalid-request',
      ),
    );
    render(() => <ChatView slug={slug()} documents={1} />);
    const user = userEvent.setup();
    const input = screen.getByLabelText('Question') as HTMLTextAreaElement;
    await user.type(input, 'A question the server refuses{Enter}');
    const alert = await screen.findByTestId('ask-problem');
    expect(alert.textContent).toBe(
      'The question is too long for Quire (up to 4,000 characters). Shorten it, then ask again.',
    );
    expect(alert.textContent).not.toMatch(/Invalid json|Too big/);
    expect(within(alert).queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(input.value).toBe('A question the server refuses');
  });

  it('counts characters near the limit and refuses to send a question over it, keeping it in the box', async () => {
    render(() => <ChatView slug={slug()} documents={1} />);
    const user = userEvent.setup();
    const input = screen.getByLabelText('Question') as HTMLTextAreaElement;
    await user.click(input);
    await user.paste('x'.repeat(3000));
    expect(screen.queryByTestId('question-counter')).toBeNull();
    await user.paste('y'.repeat(850));
    expect(screen.getByTestId('question-counter').textContent).toBe('3,850 / 4,000');
    expect(screen.queryByTestId('question-problem')).toBeNull();
    await user.paste('z'.repeat(1150));
    const counter = screen.getByTestId('question-counter');
    expect(counter.textContent).toBe('5,000 / 4,000');
    expect(counter.classList.contains('over')).toBe(true);
    expect(screen.getByTestId('question-problem').textContent).toBe(
      'This question is 5,000 characters long; Quire takes questions of up to 4,000. Shorten it by 1,000 characters (ask about one point at a time), then ask again.',
    );
    expect((screen.getByRole('button', { name: 'Ask' }) as HTMLButtonElement).disabled).toBe(true);
    await user.keyboard('{Enter}');
    expect(askStream).not.toHaveBeenCalled();
    expect(input.value).toHaveLength(5000);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByText(/Try again/)).toBeNull();
  });

  it('folds a long question in its bubble, with a button to show it whole', async () => {
    askStream.mockResolvedValue(result());
    render(() => <ChatView slug={slug()} documents={1} />);
    const user = userEvent.setup();
    const input = screen.getByLabelText('Question') as HTMLTextAreaElement;
    await user.click(input);
    await user.paste(`${'word '.repeat(300)}end?`);
    await user.keyboard('{Enter}');
    const question = (await screen.findByTestId('turn-question')).parentElement as HTMLElement;
    expect(question.classList.contains('folded')).toBe(true);
    const unfold = within(question).getByRole('button', { name: /Show the whole question/ });
    await user.click(unfold);
    expect(question.classList.contains('folded')).toBe(false);
    expect(unfold.getAttribute('aria-expanded')).toBe('true');
  });

  it('lists past conversations, opens one and deletes it after confirmation', async () => {
    threads.mockResolvedValue([
      { id: 'thread-000002', title: 'Newest question', turns: 2, updatedAt: '2025-02-01T00:00:00.000Z' },
      { id: 'thread-000001', title: 'Older question', turns: 1, updatedAt: '2025-01-01T00:00:00.000Z' },
    ]);
    threadTurns.mockResolvedValue([
      {
        time: '2025-01-01T00:00:00.000Z',
        question: 'Older question',
        standaloneQuery: 'Older question',
        answer: 'An old answer [1].',
        mode: 'extractive',
        citations: [citation(1)],
      },
    ]);
    deleteThread.mockResolvedValue();
    render(() => <ChatView slug={slug()} documents={1} />);
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getAllByTestId('thread-item')).toHaveLength(2));
    expect(screen.getAllByTestId('thread-item').map((t) => t.textContent)).toEqual([
      expect.stringContaining('Newest question'),
      expect.stringContaining('Older question'),
    ]);
    await user.click(screen.getByRole('button', { name: /^Older question/ }));
    expect(threadTurns).toHaveBeenCalledWith(slug(), 'thread-000001');
    await waitFor(() => expect(screen.getByTestId('answer-text').textContent).toBe('An old answer [1].'));
    expect(screen.getByTestId('mode-label').textContent).toBe('Extracted from the documents');
    expect(screen.getAllByTestId('citation-card')).toHaveLength(1);

    // a question in an opened conversation continues it
    askStream.mockResolvedValueOnce(result({ threadId: 'thread-000001' }));
    await user.type(screen.getByLabelText('Question'), 'More?{Enter}');
    expect(askStream.mock.lastCall?.[2]).toMatchObject({ threadId: 'thread-000001' });

    await user.click(screen.getByRole('button', { name: 'Delete conversation “Older question”' }));
    expect(deleteThread).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    expect(deleteThread).toHaveBeenCalledWith(slug(), 'thread-000001');
    // the open conversation was deleted: a new one starts
    await waitFor(() => expect(screen.queryByTestId('turn')).toBeNull());
  });

  it('keeps the conversation when the workspace summary is reloaded, and clears it for another workspace', async () => {
    askStream.mockResolvedValue(result());
    const [summary, setSummary] = createSignal({ slug: slug(), documents: 1 });
    render(() => <ChatView slug={summary().slug} documents={summary().documents} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Question'), 'When is rent due?{Enter}');
    await screen.findByTestId('citation-marker');
    // a reload gives a new summary object for the same workspace
    setSummary({ slug: slug(), documents: 2 });
    expect(screen.getAllByTestId('turn')).toHaveLength(1);
    setSummary({ slug: `${slug()}-other`, documents: 2 });
    expect(screen.queryByTestId('turn')).toBeNull();
  });

  it('shows the open conversation again when the Ask screen comes back', async () => {
    askStream.mockResolvedValue(result());
    threadTurns.mockResolvedValue([
      {
        time: '2025-01-02T03:04:05.000Z',
        question: 'When is rent due?',
        standaloneQuery: 'When is rent due?',
        answer: 'The tenant pays monthly [1].',
        mode: 'generated',
        citations: [citation(1)],
      },
    ]);
    const first = render(() => <ChatView slug={slug()} documents={1} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Question'), 'When is rent due?{Enter}');
    await screen.findByTestId('citation-marker');
    first.unmount();
    render(() => <ChatView slug={slug()} documents={1} />);
    await screen.findByTestId('citation-marker');
    expect(threadTurns).toHaveBeenCalledWith(slug(), 'thread-000001');
  });

  it('exports the evidence of an answer as a Markdown download', async () => {
    askStream.mockResolvedValue(result());
    exportBundle.mockResolvedValue('# Evidence\n');
    const createObjectURL = vi.fn(() => 'blob:evidence');
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicks: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicks.push(this.download);
    });
    render(() => <ChatView slug={slug()} documents={1} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Question'), 'When is rent due?{Enter}');
    await user.click(await screen.findByRole('button', { name: 'Export evidence' }));
    await waitFor(() => expect(clicks).toHaveLength(1));
    expect(exportBundle).toHaveBeenCalledWith(
      slug(),
      expect.objectContaining({ answer: result().answer, support: 'answered' }),
    );
    expect(clicks[0]).toMatch(/^quire-evidence-.*\.md$/);
    expect(createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
    expect(screen.getByRole('status').textContent).toContain('Saved the evidence');
    click.mockRestore();
  });

  it('copies the answer with its sources, or says how to copy by hand', async () => {
    askStream.mockResolvedValue(result());
    const writeText = vi.fn(async (_text: string) => {});
    render(() => <ChatView slug={slug()} documents={1} />);
    const user = userEvent.setup();
    // after setup(), which installs a clipboard of its own
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await user.type(screen.getByLabelText('Question'), 'When is rent due?{Enter}');
    await user.click(await screen.findByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Copied'));
    expect(writeText).toHaveBeenCalledWith(
      `The tenant pays monthly [1].\n\nSources:\n[1] lease.docx, p. 1: “${QUOTE}”\n`,
    );
    writeText.mockRejectedValueOnce(new Error('denied'));
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Select the answer text');
  });
});
