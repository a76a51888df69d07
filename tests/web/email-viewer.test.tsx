// Email families in the web UI (issue 16): the viewer's header card above the body with the quote marked,
// the attachment list (each read one opening its own document, a failed one saying why), the thread;
// citation cards and closest passages of an attachment naming the email it came with; the documents list
// putting attachments under their email. Server responses have the shapes of the layout and email routes.
import { cleanup, render, screen, waitFor, within } from '@solidjs/testing-library';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CitationsPanel } from '../../apps/web/src/components/CitationsPanel.tsx';
import { ProgressList } from '../../apps/web/src/components/ProgressList.tsx';
import { TurnView } from '../../apps/web/src/components/TurnView.tsx';
import { Viewer } from '../../apps/web/src/components/Viewer.tsx';
import type { Citation, EmailRef, EmailView } from '../../apps/web/src/lib/api.ts';
import * as api from '../../apps/web/src/lib/api.ts';
import { numberCitations } from '../../apps/web/src/lib/citation-numbering.ts';
import { forgetEmailViews } from '../../apps/web/src/lib/email-views.ts';
import type { DocumentRow } from '../../apps/web/src/lib/ingest-state.ts';
import { forgetPageLayouts } from '../../apps/web/src/lib/page-layouts.ts';
import type { Turn } from '../../apps/web/src/lib/turn.ts';

vi.mock('../../apps/web/src/lib/api.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../apps/web/src/lib/api.ts')>()),
  pageLayout: vi.fn(),
  emailOf: vi.fn(),
}));

// pdf.js stand-in: a one-page 600 × 800 point document whose drawing always succeeds.
vi.mock('pdfjs-dist', () => ({
  GlobalWorkerOptions: { workerSrc: '' },
  getDocument: () => ({
    promise: Promise.resolve({
      numPages: 1,
      getPage: async () => ({
        getViewport: ({ scale }: { scale: number }) => ({ width: 600 * scale, height: 800 * scale }),
        render: () => ({ promise: Promise.resolve(), cancel: () => {} }),
      }),
    }),
    destroy: async () => {},
  }),
}));

const pageLayout = vi.mocked(api.pageLayout);
const emailOf = vi.mocked(api.emailOf);

const EMAIL_ID = 'e'.repeat(64);
const REPLY_ID = 'f'.repeat(64);
const PDF_ID = 'a'.repeat(64);
const EMAIL_PATH = '/matters/mail/q3.eml';
const PDF_PATH = `${EMAIL_PATH}::1/report.pdf`;
const QUOTE = 'Revenue rose eleven percent over the quarter.';
const BODY = `Dear Ann,\n\nPlease find the report attached. ${QUOTE}`;

const HEADERS = {
  from: 'J. Smith <j.smith@example.com>',
  to: ['A. Jones <a.jones@example.com>'],
  cc: ['Legal <legal@example.com>'],
  date: '2014-03-17T11:15:04.000Z',
  subject: 'Q3 numbers',
  messageId: 'q3@example.com',
  inReplyTo: null,
  references: [],
};

const Q3: EmailRef = {
  path: EMAIL_PATH,
  documentId: EMAIL_ID,
  subject: HEADERS.subject,
  from: HEADERS.from,
  to: HEADERS.to,
  date: HEADERS.date,
};

/** Page 1 of the email as the layout route gives it: the card's lines (one block each), then the body. */
function emailLayout() {
  const card = [
    'Subject: Q3 numbers',
    'From: J. Smith <j.smith@example.com>',
    'To: A. Jones <a.jones@example.com>',
    'Cc: Legal <legal@example.com>',
    'Date: 17 Mar 2014 11:15 UTC',
    'Attachments: report.pdf, smime.p7m',
  ];
  const blocks = [];
  let text = '';
  for (const [i, line] of card.entries()) {
    if (text !== '') text += '\n';
    blocks.push({
      kind: i === 0 ? ('heading' as const) : ('paragraph' as const),
      level: i === 0 ? 1 : null,
      start: text.length,
      end: text.length + line.length,
      text: line,
      rows: null,
    });
    text += line;
  }
  for (const paragraph of BODY.split('\n\n')) {
    text += '\n\n';
    blocks.push({
      kind: 'paragraph' as const,
      level: null,
      start: text.length,
      end: text.length + paragraph.length,
      text: paragraph,
      rows: null,
    });
    text += paragraph;
  }
  const layout = {
    kind: 'text' as const,
    documentId: EMAIL_ID,
    page: 1,
    current: true,
    format: 'email' as const,
    pageCount: 1,
    text,
    blocks,
    email: { headers: HEADERS, attachments: [] },
  };
  return layout;
}

const EMAIL: EmailView = {
  documentId: EMAIL_ID,
  path: EMAIL_PATH,
  headers: HEADERS,
  attachments: [
    {
      index: 0,
      name: 'report.pdf',
      size: 12_345,
      path: PDF_PATH,
      documentId: PDF_ID,
      error: null,
    },
    {
      index: 1,
      name: 'smime.p7m',
      size: 0,
      path: `${EMAIL_PATH}::2/smime.p7m`,
      documentId: null,
      error: { code: 'encrypted', message: 'S/MIME-encrypted content' },
    },
  ],
  thread: [
    {
      documentId: EMAIL_ID,
      path: EMAIL_PATH,
      subject: 'Q3 numbers',
      from: HEADERS.from,
      date: HEADERS.date,
      current: true,
    },
    {
      documentId: REPLY_ID,
      path: '/matters/mail/re-q3.eml',
      subject: 'Re: Q3 numbers',
      from: 'A. Jones <a.jones@example.com>',
      date: '2014-03-18T09:00:00.000Z',
      current: false,
    },
  ],
  attachedTo: [],
};

function emailCitation(): Citation {
  const text = emailLayout().text;
  const start = text.indexOf(QUOTE);
  return {
    n: 1,
    chunkId: 'chunk-e',
    documentId: EMAIL_ID,
    path: EMAIL_PATH,
    page: 1,
    heading: 'Q3 numbers',
    quote: QUOTE,
    start,
    end: start + QUOTE.length,
    verified: true,
  };
}

const PDF_TEXT = 'Quarterly report. Operating costs fell by four percent in the third quarter.';
const PDF_QUOTE = 'Operating costs fell by four percent in the third quarter.';

function attachmentCitation(): Citation {
  const start = PDF_TEXT.indexOf(PDF_QUOTE);
  return {
    n: 1,
    chunkId: 'chunk-a',
    documentId: PDF_ID,
    path: PDF_PATH,
    page: 2,
    heading: null,
    quote: PDF_QUOTE,
    start,
    end: start + PDF_QUOTE.length,
    verified: true,
    attachedTo: [Q3],
  };
}

function pdfLayout(documentId: string, page: number) {
  return {
    kind: 'pdf' as const,
    documentId,
    page,
    width: 600,
    height: 800,
    text: PDF_TEXT,
    boxes: [],
    current: true,
    source: 'text-layer' as const,
  };
}

beforeEach(() => {
  forgetPageLayouts();
  forgetEmailViews();
  pageLayout.mockReset();
  emailOf.mockReset();
  pageLayout.mockImplementation(async (_slug, documentId, page) =>
    documentId === EMAIL_ID ? emailLayout() : pdfLayout(documentId, page),
  );
  emailOf.mockImplementation(async (_slug, documentId) => {
    if (documentId === EMAIL_ID) return EMAIL;
    if (documentId === REPLY_ID)
      return {
        ...EMAIL,
        documentId: REPLY_ID,
        path: '/matters/mail/re-q3.eml',
        headers: { ...HEADERS, subject: 'Re: Q3 numbers', from: 'A. Jones <a.jones@example.com>' },
        attachments: [],
        thread: EMAIL.thread.map((m) => ({ ...m, current: m.documentId === REPLY_ID })),
      };
    throw new api.ApiError('Not an email', 404, 'not-found');
  });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('the viewer on an email', () => {
  it('shows the header card above the body, dated for people, the quote marked, titled by the subject', async () => {
    render(() => <Viewer slug="ws" citation={emailCitation()} onClose={() => {}} />);
    const card = await screen.findByTestId('email-card');
    await waitFor(() => expect(within(card).getByTestId('email-subject').textContent).toBe('Q3 numbers'));
    expect(within(card).getByTestId('email-from').textContent).toBe('J. Smith <j.smith@example.com>');
    expect(within(card).getByTestId('email-to').textContent).toBe('A. Jones <a.jones@example.com>');
    expect(within(card).getByTestId('email-cc').textContent).toBe('Legal <legal@example.com>');
    expect(within(card).getByTestId('email-date').textContent).toBe('17 Mar 2014, 11:15 UTC');
    await waitFor(() =>
      expect(screen.getAllByTestId('highlight').map((m) => m.textContent)).toEqual([QUOTE]),
    );
    const viewer = screen.getByTestId('viewer');
    expect(viewer.getAttribute('data-kind')).toBe('text');
    expect(viewer.querySelector('.viewer-title')?.textContent).toBe('[1] Q3 numbers');
    expect(within(viewer).getByText(/^Email ·/).textContent).toMatch(/^Email · Page 1 of 1/);
    // The card's lines are the card, not repeated as body text; no raw ISO date anywhere.
    expect(viewer.textContent).not.toContain('Subject: Q3 numbers');
    expect(viewer.textContent).not.toContain('2014-03-17T');
    expect(viewer.querySelector('.docx-page')?.textContent).toContain('Dear Ann,');
  });

  it('lists the attachments, a failed one with why, and opens a read one as its own document at page 1', async () => {
    render(() => <Viewer slug="ws" citation={emailCitation()} onClose={() => {}} />);
    const items = await screen.findAllByTestId('email-attachment');
    expect(items.map((item) => item.getAttribute('data-state'))).toEqual(['read', 'failed']);
    expect(items[0]?.textContent).toContain('12.3 kB');
    expect(within(items[1] as HTMLElement).getByTestId('email-attachment-problem').textContent).toMatch(
      /^Encrypted: /,
    );
    expect(within(items[1] as HTMLElement).queryByRole('button')).toBeNull();

    const user = userEvent.setup();
    await user.click(within(items[0] as HTMLElement).getByRole('button', { name: 'report.pdf' }));
    const viewer = screen.getByTestId('viewer');
    await waitFor(() => expect(viewer.getAttribute('data-kind')).toBe('pdf'));
    expect(viewer.getAttribute('data-page')).toBe('1');
    expect(pageLayout).toHaveBeenLastCalledWith('ws', PDF_ID, 1);
    expect(viewer.querySelector('.viewer-title')?.textContent).toBe('report.pdf');
    expect(within(viewer).getByTestId('attached-to').textContent).toBe(
      "attached to 'Q3 numbers', J. Smith → A. Jones, 17 Mar 2014",
    );
    expect(screen.queryByTestId('email-card')).toBeNull();

    // Back to the cited email, its quote marked again.
    await user.click(screen.getByRole('button', { name: /Back to source \[1\]/ }));
    await waitFor(() =>
      expect(screen.getAllByTestId('highlight').map((m) => m.textContent)).toEqual([QUOTE]),
    );
    expect(viewer.getAttribute('data-kind')).toBe('text');
  });

  it('lists the conversation and opens another message of it', async () => {
    render(() => <Viewer slug="ws" citation={emailCitation()} onClose={() => {}} />);
    const thread = await screen.findByTestId('email-thread');
    const messages = within(thread).getAllByTestId('email-thread-message');
    expect(messages.map((m) => m.getAttribute('data-current'))).toEqual(['true', 'false']);
    expect(messages[0]?.textContent).toContain('(this message)');
    const user = userEvent.setup();
    await user.click(within(messages[1] as HTMLElement).getByRole('button'));
    await waitFor(() =>
      expect(screen.getByTestId('viewer').querySelector('.viewer-title')?.textContent).toBe('Re: Q3 numbers'),
    );
    expect(emailOf).toHaveBeenLastCalledWith('ws', REPLY_ID);
  });

  it('opens the email an attachment citation came with, from the viewer', async () => {
    render(() => <Viewer slug="ws" citation={attachmentCitation()} onClose={() => {}} />);
    const viewer = screen.getByTestId('viewer');
    expect(viewer.getAttribute('data-kind')).toBe('pdf');
    const user = userEvent.setup();
    await user.click(within(viewer).getByTestId('attached-to-email'));
    expect(await screen.findByTestId('email-card')).toBeTruthy();
    expect(viewer.getAttribute('data-kind')).toBe('text');
    expect(pageLayout).toHaveBeenLastCalledWith('ws', EMAIL_ID, 1);
    // Nothing quoted: the card's lines are still the card only.
    await waitFor(() => expect(viewer.querySelector('.docx-page')?.textContent).toContain('Dear Ann,'));
    expect(viewer.querySelector('.docx-page')?.textContent).not.toContain('Subject: Q3 numbers');
  });
});

describe('citations and passages of an attachment', () => {
  it('name the attachment and page, and the email it came with, which opens on a click', async () => {
    pageLayout.mockReturnValue(new Promise(() => {}));
    const onOpen = vi.fn();
    const citations = [attachmentCitation()];
    render(() => (
      <CitationsPanel
        slug="ws"
        cards={numberCitations('Costs fell [1].', citations).cards}
        selected={null}
        onOpen={onOpen}
      />
    ));
    const card = screen.getByTestId('citation-card');
    expect(card.querySelector('.citation-doc')?.textContent).toBe('Source 1: report.pdf');
    expect(card.querySelector('.citation-page')?.textContent).toBe('p. 2');
    expect(within(card).getByTestId('attached-to').textContent).toBe(
      "attached to 'Q3 numbers', J. Smith → A. Jones, 17 Mar 2014",
    );
    const user = userEvent.setup();
    await user.click(within(card).getByTestId('attached-to-email'));
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(onOpen.mock.calls[0]?.[0]).toMatchObject({
      documentId: EMAIL_ID,
      path: EMAIL_PATH,
      page: 1,
      quote: '',
    });
  });

  it("name an email's own citation by its subject, not its file name", async () => {
    pageLayout.mockReturnValue(new Promise(() => {}));
    const citations = [emailCitation()];
    render(() => (
      <CitationsPanel
        slug="ws"
        cards={numberCitations('Revenue rose [1].', citations).cards}
        selected={null}
        onOpen={() => {}}
      />
    ));
    const card = screen.getByTestId('citation-card');
    await waitFor(() =>
      expect(card.querySelector('.citation-doc')?.textContent).toBe('Source 1: Q3 numbers'),
    );
    expect(within(card).queryByTestId('attached-to')).toBeNull();
  });

  it('label a closest passage of an attachment with its email', async () => {
    pageLayout.mockReturnValue(new Promise(() => {}));
    const start = PDF_TEXT.indexOf(PDF_QUOTE);
    const turn: Turn = {
      key: 1,
      question: 'operating costs third quarter',
      answer: '',
      status: 'done',
      mode: 'refused',
      support: 'closest',
      citations: [],
      passages: [
        {
          n: 1,
          chunkId: 'chunk-a',
          documentId: PDF_ID,
          path: PDF_PATH,
          page: 2,
          heading: null,
          text: PDF_QUOTE,
          start,
          end: start + PDF_QUOTE.length,
          score: 0.4,
          pageLabel: null,
          bates: null,
          attachedTo: [Q3],
        },
      ],
      standaloneQuery: 'operating costs third quarter',
      time: '2026-12-06T15:00:00.000Z',
      models: null,
      problem: null,
      scope: null,
      scopeDocuments: null,
    };
    const onCite = vi.fn();
    render(() => (
      <TurnView
        slug="ws"
        threadId={null}
        turn={turn}
        active
        selected={null}
        onCite={onCite}
        onShowSources={() => {}}
        onRetry={() => {}}
      />
    ));
    const passage = screen.getByTestId('closest-passage');
    expect(passage.querySelector('.closest-source')?.textContent).toBe('report.pdf, p. 2');
    expect(within(passage).getByTestId('attached-to').textContent).toBe(
      "attached to 'Q3 numbers', J. Smith → A. Jones, 17 Mar 2014",
    );
    const user = userEvent.setup();
    await user.click(within(passage).getByTestId('attached-to-email'));
    expect(onCite).toHaveBeenCalledTimes(1);
    expect(onCite.mock.calls[0]?.[0]).toMatchObject({ documentId: EMAIL_ID, page: 1 });
    await user.click(within(passage).getByRole('button', { name: 'Open page 2' }));
    expect(onCite.mock.calls[1]?.[0]).toMatchObject({ documentId: PDF_ID, page: 2, attachedTo: [Q3] });
  });
});

describe('the documents list', () => {
  it('puts an attachment under its email, saying which', () => {
    const row = (path: string, extra: Partial<DocumentRow> = {}): DocumentRow => ({
      path,
      state: 'indexed',
      pages: 1,
      documentId: `id-${path}`,
      error: null,
      ...extra,
    });
    render(() => (
      <ProgressList
        documents={[
          row(EMAIL_PATH),
          row(PDF_PATH, { parent: EMAIL_PATH, pages: 3 }),
          row('/matters/mail/zeta.pdf'),
        ]}
        folders={['/matters']}
        indexing={false}
        progress={null}
        onReindex={() => {}}
      />
    ));
    const rows = screen.getAllByTestId('document-row');
    expect(rows.map((r) => r.getAttribute('data-parent'))).toEqual([null, EMAIL_PATH, null]);
    expect(rows[1]?.classList.contains('docs-row-attachment')).toBe(true);
    expect(within(rows[1] as HTMLElement).getByTestId('document-attached-to').textContent).toBe(
      'attached to q3.eml · matters/mail',
    );
    expect(rows[1]?.getAttribute('aria-label')).toContain('attached to q3.eml in matters/mail');
    expect(rows[0]?.querySelector('.docs-folder')?.textContent).toBe('matters/mail');
  });
});
