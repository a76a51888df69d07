// Printed page labels and Bates numbers where the UI names a page (issue 17): the citation card, a
// closest passage, the marker's label, the copied answer, and the viewer's header, which still opens the
// physical page.
import { cleanup, render, screen, waitFor, within } from '@solidjs/testing-library';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnswerText } from '../../apps/web/src/components/AnswerText.tsx';
import { CitationsPanel } from '../../apps/web/src/components/CitationsPanel.tsx';
import { ClosestPassages } from '../../apps/web/src/components/ClosestPassages.tsx';
import { Viewer } from '../../apps/web/src/components/Viewer.tsx';
import { ViewerWhere } from '../../apps/web/src/components/ViewerWhere.tsx';
import { copyText } from '../../apps/web/src/lib/answer-export.ts';
import type { Citation, PageLayout } from '../../apps/web/src/lib/api.ts';
import * as api from '../../apps/web/src/lib/api.ts';
import { numberCitations } from '../../apps/web/src/lib/citation-numbering.ts';
import { forgetPageLayouts } from '../../apps/web/src/lib/page-layouts.ts';
import type { ClosestPassage } from '../../apps/web/src/lib/turn-evidence.ts';

vi.mock('../../apps/web/src/lib/api.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../apps/web/src/lib/api.ts')>()),
  pageLayout: vi.fn(),
}));

// pdf.js stand-in: a 7-page document of 600 × 800 point pages whose drawing always succeeds.
vi.mock('pdfjs-dist', () => ({
  GlobalWorkerOptions: { workerSrc: '' },
  getDocument: () => ({
    promise: Promise.resolve({
      numPages: 7,
      getPage: async () => ({
        getViewport: ({ scale }: { scale: number }) => ({ width: 600 * scale, height: 800 * scale }),
        render: () => ({ promise: Promise.resolve(), cancel: () => {} }),
      }),
    }),
    destroy: async () => {},
  }),
}));

const pageLayout = vi.mocked(api.pageLayout);

const DOC_ID = 'c'.repeat(64);
const PATH = '/matter/handbook.pdf';
const PAGE_TEXT = 'Schedule of payments. Rent is paid in advance on the first day of each quarter.';
const QUOTE = 'Rent is paid in advance on the first day of each quarter.';

/** A quote from physical page 5, which prints "2" and is stamped ACME-0001238. */
function citation(overrides: Partial<Citation> = {}): Citation {
  const start = PAGE_TEXT.indexOf(QUOTE);
  return {
    n: 1,
    chunkId: 'chunk-5',
    documentId: DOC_ID,
    path: PATH,
    page: 5,
    pageLabel: '2',
    bates: 'ACME-0001238',
    heading: null,
    quote: QUOTE,
    start,
    end: start + QUOTE.length,
    verified: true,
    ...overrides,
  };
}

function pdfLayout(page: number): PageLayout {
  return {
    kind: 'pdf',
    documentId: DOC_ID,
    page,
    width: 600,
    height: 800,
    text: PAGE_TEXT,
    boxes: [],
    current: true,
    source: 'text-layer',
  };
}

beforeEach(() => {
  forgetPageLayouts();
  pageLayout.mockReset();
  pageLayout.mockImplementation(async (_slug, _id, page) => pdfLayout(page));
});

afterEach(() => cleanup());

describe('a citation card', () => {
  it('names the printed page with the PDF page beside it, and the Bates number as its own label', async () => {
    const onOpen = vi.fn();
    const { cards } = numberCitations('Rent is due quarterly [1].', [citation()]);
    render(() => <CitationsPanel slug="ws" cards={cards} selected={null} onOpen={onOpen} />);
    const card = screen.getByTestId('citation-card');
    const label = within(card).getByTestId('page-label');
    expect(label.textContent).toBe('p. 2 (PDF p. 5)');
    expect(label.getAttribute('data-labelled')).toBe('true');
    const bates = within(card).getByTestId('bates');
    expect(bates.textContent).toBe('Bates number ACME-0001238');
    expect(bates.getAttribute('title')).toContain('Bates');
    await waitFor(() => expect(within(card).getByText('Quote found on p. 2')).toBeTruthy());

    // Its button names both pages and opens the citation, whose page is the physical one.
    const open = within(card).getByRole('button', { name: 'Open source 1 on p. 2 (PDF p. 5)' });
    expect(open.textContent).toBe('Open page 2');
    await userEvent.setup().click(open);
    expect(onOpen).toHaveBeenCalledWith(expect.objectContaining({ page: 5, pageLabel: '2' }));
  });

  it('names a page once when it prints its own number, and the physical page when it prints none', () => {
    const { cards } = numberCitations('A [1]. B [2].', [
      citation({ pageLabel: '5', bates: null }),
      citation({ n: 2, chunkId: 'c2', documentId: 'd'.repeat(64), pageLabel: null, bates: null }),
    ]);
    render(() => <CitationsPanel slug="ws" cards={cards} selected={null} onOpen={() => {}} />);
    const labels = screen.getAllByTestId('page-label');
    expect(labels.map((l) => l.textContent)).toEqual(['p. 5', 'p. 5']);
    expect(labels.map((l) => l.getAttribute('data-labelled'))).toEqual(['false', 'false']);
    expect(screen.queryByTestId('bates')).toBeNull();
  });

  it('labels an answer’s marker and the copied answer with the printed page', () => {
    render(() => <AnswerText text="Rent is due quarterly [1]." citations={[citation()]} onCite={() => {}} />);
    expect(screen.getByTestId('citation-marker').getAttribute('aria-label')).toBe(
      'Source 1: handbook.pdf, p. 2 (PDF p. 5)',
    );
    const copied = copyText({
      key: 1,
      question: 'When is rent paid?',
      answer: 'Rent is due quarterly [1].',
      status: 'done',
      mode: 'extractive',
      support: 'answered',
      citations: [citation()],
      passages: [],
      standaloneQuery: 'When is rent paid?',
      time: '',
      models: null,
      problem: null,
      scope: null,
      scopeDocuments: null,
    });
    expect(copied).toContain(`[1] handbook.pdf, p. 2 (PDF p. 5) · ACME-0001238: “${QUOTE}”`);
  });
});

describe('a closest passage', () => {
  it('names its printed page and Bates number, and opens the physical page with both', async () => {
    const passage: ClosestPassage = {
      n: 1,
      chunkId: 'chunk-5',
      documentId: DOC_ID,
      path: PATH,
      page: 5,
      pageLabel: '2',
      bates: 'ACME-0001238',
      heading: 'Payments',
      text: PAGE_TEXT,
      start: 0,
      end: PAGE_TEXT.length,
      score: 0.2,
    };
    const onCite = vi.fn();
    render(() => <ClosestPassages slug="ws" passages={[passage]} citations={[]} onCite={onCite} />);
    const shown = screen.getByTestId('closest-passage');
    expect(shown.querySelector('.closest-source')?.textContent).toBe(
      'handbook.pdf, p. 2 (PDF p. 5) Bates number ACME-0001238 · Payments',
    );
    await userEvent.setup().click(within(shown).getByRole('button', { name: 'Open page 2' }));
    expect(onCite).toHaveBeenCalledWith(
      expect.objectContaining({ page: 5, pageLabel: '2', bates: 'ACME-0001238', verified: false }),
    );
  });
});

describe('the viewer', () => {
  it('opens at the physical page, naming it by its printed number, and other pages by their place', async () => {
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(300);
    render(() => <Viewer slug="ws" citation={citation()} onClose={() => {}} />);
    const viewer = screen.getByTestId('viewer');
    expect(viewer.getAttribute('data-page')).toBe('5');
    await waitFor(() => expect(screen.getByTestId('pdf-canvas').getAttribute('data-rendered')).toBe('true'));
    expect(pageLayout).toHaveBeenCalledWith('ws', DOC_ID, 5);
    const where = screen.getByTestId('viewer-where');
    await waitFor(() => expect(where.textContent).toBe('p. 2 (PDF p. 5 of 7) · Bates number ACME-0001238'));

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(viewer.getAttribute('data-page')).toBe('6');
    expect(where.textContent).toBe('PDF p. 6 of 7 · cited: p. 2 (PDF p. 5)');
    await user.click(screen.getByRole('button', { name: 'Back to page 2' }));
    expect(viewer.getAttribute('data-page')).toBe('5');
  });

  it('keeps the plain page line for a page that prints no other number', async () => {
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(300);
    render(() => (
      <Viewer slug="ws" citation={citation({ pageLabel: null, bates: null })} onClose={() => {}} />
    ));
    const where = screen.getByTestId('viewer-where');
    await waitFor(() => expect(where.textContent).toBe('Page 5 of 7'));
    await userEvent.setup().click(screen.getByRole('button', { name: 'Previous page' }));
    expect(where.textContent).toBe('Page 4 of 7 · cited: p. 5');
  });

  it('names a Word document’s cited page by the page Word laid it out on, with no physical page', () => {
    render(() => (
      <ViewerWhere
        kind="docx"
        path="/matter/lease.docx"
        text={undefined}
        page={1}
        pageCount={1}
        cited={{ page: 1, pageLabel: '3', bates: null, path: '/matter/lease.docx' }}
        heading="Rent"
      />
    ));
    expect(screen.getByTestId('viewer-where').textContent).toBe('Word document · cited: p. 3 · Rent');
  });
});
