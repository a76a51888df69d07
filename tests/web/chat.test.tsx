import { cleanup, render, screen, waitFor, within } from '@solidjs/testing-library';
import { userEvent } from '@testing-library/user-event';
import { createSignal } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatView } from '../../apps/web/src/components/ChatView.tsx';
import { forgetPageLayouts } from '../../apps/web/src/components/Viewer.tsx';
import type { AskResult, AskStreamOptions, Citation } from '../../apps/web/src/lib/api.ts';
import * as api from '../../apps/web/src/lib/api.ts';

vi.mock('../../apps/web/src/lib/api.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../apps/web/src/lib/api.ts')>()),
  askStream: vi.fn(),
  threads: vi.fn(),
  threadTurns: vi.fn(),
  deleteThread: vi.fn(),
  exportBundle: vi.fn(),
  pageLayout: vi.fn(),
}));

const askStream = vi.mocked(api.askStream);
const threads = vi.mocked(api.threads);
const threadTurns = vi.mocked(api.threadTurns);
const deleteThread = vi.mocked(api.deleteThread);
const exportBundle = vi.mocked(api.exportBundle);
const pageLayout = vi.mocked(api.pageLayout);

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
    answerThreshold: 0.25,
    support: 'answered',
    passages: [],
    sources: [],
    threadId: 'thread-000001',
    time: '2025-01-02T03:04:05.000Z',
    ...overrides,
  };
}

let workspace = 0;
/** A fresh workspace name per test (the open conversation of a workspace is remembered). */
const slug = () => `ws-${workspace}`;

beforeEach(() => {
  workspace++;
  forgetPageLayouts();
  for (const mock of [askStream, threads, threadTurns, deleteThread, exportBundle, pageLayout])
    mock.mockReset();
  threads.mockResolvedValue([]);
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

  it('suggests questions in a workspace with documents', async () => {
    render(() => <ChatView slug={slug()} documents={3} />);
    expect(screen.getByTestId('chat-empty').textContent).toContain('3 documents');
    const user = userEvent.setup();
    await user.click(screen.getAllByRole('button', { name: /\?$|\.$/ })[0] as HTMLElement);
    expect((screen.getByLabelText('Question') as HTMLTextAreaElement).value).not.toBe('');
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
    // while streaming the marker is plain text and there is a Stop button
    expect(screen.queryByTestId('citation-marker')).toBeNull();
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

  it('shows a refused answer with the closest passages', async () => {
    askStream.mockResolvedValue(
      result({
        answer: 'Not found in these documents.',
        mode: 'refused',
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
          },
        ],
      }),
    );
    render(() => <ChatView slug={slug()} documents={1} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Question'), 'Is there a pool?{Enter}');
    const label = await screen.findByTestId('mode-label');
    expect(label.textContent).toBe('Not found in these documents');
    const passage = screen.getByTestId('closest-passage');
    expect(passage.textContent).toContain('lease.pdf, page 2');
    expect(passage.textContent).toContain('Parking is free.');
    expect(screen.queryByTestId('citation-card')).toBeNull();
    // The closest passage opens its page, highlighted from its offsets.
    await user.click(screen.getByRole('button', { name: 'Open page 2' }));
    const viewer = await screen.findByTestId('viewer');
    expect(viewer.getAttribute('data-page')).toBe('2');
  });

  it('says in plain words when the question could not be answered', async () => {
    askStream.mockRejectedValue(new api.ApiError('The chat model is not installed.', 409, 'conflict'));
    render(() => <ChatView slug={slug()} documents={1} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Question'), 'Why?{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The chat model is not installed.');
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
    expect(exportBundle).toHaveBeenCalledWith(slug(), expect.objectContaining({ answer: result().answer }));
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
      `The tenant pays monthly [1].\n\nSources:\n[1] lease.docx, page 1: “${QUOTE}”\n`,
    );
    writeText.mockRejectedValueOnce(new Error('denied'));
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Select the answer text');
  });
});
