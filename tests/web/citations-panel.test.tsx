import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { userEvent } from '@testing-library/user-event';
import { createSignal } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnswerText } from '../../apps/web/src/components/AnswerText.tsx';
import { CitationsPanel } from '../../apps/web/src/components/CitationsPanel.tsx';
import { Viewer } from '../../apps/web/src/components/Viewer.tsx';
import type { Citation, PageLayout } from '../../apps/web/src/lib/api.ts';
import * as api from '../../apps/web/src/lib/api.ts';
import { numberCitations, quoteKey, type SourceCard } from '../../apps/web/src/lib/citation-numbering.ts';
import { forgetPageLayouts } from '../../apps/web/src/lib/page-layouts.ts';

vi.mock('../../apps/web/src/lib/api.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../apps/web/src/lib/api.ts')>()),
  pageLayout: vi.fn(),
}));

// pdf.js stand-in: a 600 × 800 point page whose drawing always succeeds.
const pdfjsState = vi.hoisted(() => ({ renders: [] as { width: number; height: number }[] }));
vi.mock('pdfjs-dist', () => ({
  GlobalWorkerOptions: { workerSrc: '' },
  getDocument: () => ({
    promise: Promise.resolve({
      numPages: 4,
      getPage: async () => ({
        getViewport: ({ scale }: { scale: number }) => ({ width: 600 * scale, height: 800 * scale }),
        render: ({ viewport }: { viewport: { width: number; height: number } }) => {
          pdfjsState.renders.push(viewport);
          return { promise: Promise.resolve(), cancel: () => {} };
        },
      }),
    }),
    destroy: async () => {},
  }),
}));

const pageLayout = vi.mocked(api.pageLayout);

const DOC_ID = 'a'.repeat(64);
const PAGE_TEXT =
  'Lease agreement between the parties. The tenant shall pay the rent on the first day of each month. ' +
  'Late payment incurs a fee of five percent.';
const QUOTE = 'The tenant shall pay the rent on the first day of each month.';

function citation(overrides: Partial<Citation> = {}): Citation {
  const start = PAGE_TEXT.indexOf(QUOTE);
  return {
    n: 1,
    chunkId: 'chunk-1',
    documentId: DOC_ID,
    path: '/home/me/matters/lease.pdf',
    page: 3,
    heading: 'Rent',
    quote: QUOTE,
    start,
    end: start + QUOTE.length,
    support: 1,
    verified: true,
    ...overrides,
  };
}

function pdfLayout(text = PAGE_TEXT, current = true): Extract<PageLayout, { kind: 'pdf' }> {
  return {
    kind: 'pdf',
    documentId: DOC_ID,
    page: 3,
    width: 600,
    height: 800,
    text,
    boxes: [],
    current,
    source: 'text-layer',
  };
}

type BlockSpec =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph' | 'list-item'; text: string }
  | { kind: 'table'; rows: string[][] };

/** A DOCX layout with the server's offsets: blocks joined by blank lines, cells by " | ", rows by newlines. */
function docxLayout(specs: BlockSpec[], current = true): PageLayout {
  let text = '';
  const blocks = specs.map((spec) => {
    if (text !== '') text += '\n\n';
    const start = text.length;
    if (spec.kind === 'table') {
      let offset = start;
      const rows = spec.rows.map((row, r) => {
        if (r > 0) offset += 1;
        return row.map((cell, c) => {
          if (c > 0) offset += 3;
          const placed = { start: offset, text: cell };
          offset += cell.length;
          return placed;
        });
      });
      const body = spec.rows.map((row) => row.join(' | ')).join('\n');
      text += body;
      return { kind: 'table' as const, level: null, start, end: text.length, text: body, rows };
    }
    text += spec.text;
    return {
      kind: spec.kind,
      level: spec.kind === 'heading' ? spec.level : null,
      start,
      end: text.length,
      text: spec.text,
      rows: null,
    };
  });
  return { kind: 'docx', documentId: DOC_ID, page: 1, text, blocks, current };
}

beforeEach(() => {
  forgetPageLayouts();
  pageLayout.mockReset();
  pdfjsState.renders = [];
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** The cards of an answer citing `citations` in the order given (one marker after each). */
function cardsOf(citations: readonly Citation[]): SourceCard[] {
  return numberCitations(citations.map((c) => `Claim [${c.n}].`).join(' '), citations).cards;
}

function Panel(props: {
  citations: readonly Citation[];
  onOpen?: (c: Citation) => void;
  placeholder?: string;
}) {
  return (
    <CitationsPanel
      slug="ws"
      cards={cardsOf(props.citations)}
      selected={null}
      onOpen={props.onOpen ?? (() => {})}
      placeholder={props.placeholder}
    />
  );
}

describe('CitationsPanel', () => {
  it('shows the file name, page, heading, quote and what was checked: the quote found on its page', () => {
    pageLayout.mockReturnValue(new Promise(() => {}));
    render(() => <Panel citations={[citation()]} />);
    const card = screen.getByTestId('citation-card');
    expect(card.getAttribute('data-verified')).toBe('true');
    expect(within(card).getByText('[1]')).toBeTruthy();
    expect(within(card).getByText('lease.pdf')).toBeTruthy();
    expect(within(card).getByText('p. 3')).toBeTruthy();
    expect(within(card).getByText('Rent')).toBeTruthy();
    // while the page text loads, the quote is shown on its own
    expect(within(card).getByTestId('citation-quote').textContent).toBe(QUOTE);
    expect(within(card).getByText('Quote found on p. 3')).toBeTruthy();
    expect(card.textContent).not.toMatch(/verified/i);
    expect(within(card).getByRole('button', { name: 'Open source 1 on p. 3' }).textContent).toBe(
      'Open page 3',
    );
  });

  it('says a quote it could not find on its page was not found, and never more', async () => {
    pageLayout.mockResolvedValue(pdfLayout('A page that has since changed completely.'));
    render(() => (
      <Panel
        citations={[citation({ verified: false }), citation({ n: 2, verified: undefined, heading: null })]}
      />
    ));
    const cards = screen.getAllByTestId('citation-card');
    expect(cards.map((c) => c.getAttribute('data-verified'))).toEqual(['false', 'false']);
    await waitFor(() => expect(pageLayout).toHaveBeenCalled());
    for (const card of cards) {
      await waitFor(() => expect(within(card).getByText('Quote not found on the page')).toBeTruthy());
      expect(card.textContent).toContain('could not find these words on p. 3');
      expect(within(card).queryByText(/Quote found/)).toBeNull();
      expect(card.textContent).not.toMatch(/verified/i);
    }
  });

  it('says an unconfirmed quote that is on its page is there, and that it may not support the statement', async () => {
    pageLayout.mockResolvedValue(pdfLayout());
    render(() => <Panel citations={[citation({ verified: false, support: 0.1 })]} />);
    const card = screen.getByTestId('citation-card');
    await waitFor(() =>
      expect(within(card).getByTestId('verification').getAttribute('data-state')).toBe('weak'),
    );
    expect(within(card).getByText('Quote found on p. 3')).toBeTruthy();
    expect(card.textContent).toContain('share few words with the statement');
  });

  it('shows the quote within the text around it once the page text has loaded', async () => {
    pageLayout.mockResolvedValue(pdfLayout());
    render(() => <Panel citations={[citation()]} />);
    const quote = screen.getByTestId('citation-quote');
    await waitFor(() => expect(quote.textContent).toContain('Lease agreement between the parties.'));
    expect(quote.textContent).toBe(PAGE_TEXT);
    expect(quote.querySelector('mark')?.textContent).toBe(QUOTE);
    expect(pageLayout).toHaveBeenCalledWith('ws', DOC_ID, 3);
  });

  it('keeps the quote alone when the page text cannot be loaded', async () => {
    pageLayout.mockRejectedValue(new Error('gone'));
    render(() => <Panel citations={[citation()]} />);
    await waitFor(() => expect(pageLayout).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(screen.getByTestId('citation-quote').textContent).toBe(QUOTE);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('asks for each page once, however many cards cite it', async () => {
    pageLayout.mockResolvedValue(pdfLayout());
    render(() => <Panel citations={[citation(), citation({ n: 2 }), citation({ n: 3 })]} />);
    await waitFor(() =>
      expect(screen.getAllByTestId('citation-quote').every((q) => q.textContent === PAGE_TEXT)).toBe(true),
    );
    expect(pageLayout).toHaveBeenCalledTimes(1);
  });

  it('shows one card per source, numbered 1..n in order of first mention, several quotes on one card', async () => {
    pageLayout.mockResolvedValue(pdfLayout());
    const late = 'Late payment incurs a fee of five percent.';
    const lateStart = PAGE_TEXT.indexOf(late);
    const rent = citation({ n: 4 });
    const fee = citation({ n: 4, quote: late, start: lateStart, end: lateStart + late.length });
    const other = citation({ n: 2, path: '/home/me/notes.docx', page: 1 });
    const answer = `${QUOTE} [4] Something else [2]. ${late} [4]`;
    const onOpen = vi.fn();
    render(() => (
      <CitationsPanel
        slug="ws"
        cards={numberCitations(answer, [fee, other, rent]).cards}
        selected={null}
        onOpen={onOpen}
      />
    ));
    const cards = screen.getAllByTestId('citation-card');
    expect(cards.map((c) => c.getAttribute('data-n'))).toEqual(['1', '2']);
    expect(cards.map((c) => within(c).getByText(/^\[\d+\]$/).textContent)).toEqual(['[1]', '[2]']);
    const quotes = within(cards[0] as HTMLElement).getAllByTestId('citation-quote-item');
    expect(quotes).toHaveLength(2);
    expect(within(cards[0] as HTMLElement).getByText('2 quotes from this source')).toBeTruthy();
    await waitFor(() =>
      expect(quotes.map((q) => q.querySelector('mark')?.textContent)).toEqual([QUOTE, late]),
    );
    const user = userEvent.setup();
    await user.click(
      within(cards[0] as HTMLElement).getByRole('button', { name: 'Open quote 2 of source 1 on p. 3' }),
    );
    expect(onOpen).toHaveBeenLastCalledWith(fee);
  });

  it('calls the open handler with the citation of the card clicked', async () => {
    pageLayout.mockReturnValue(new Promise(() => {}));
    const onOpen = vi.fn();
    const second = citation({ n: 2, page: 7, path: 'C:\\files\\notes.docx' });
    render(() => <Panel citations={[citation(), second]} onOpen={onOpen} />);
    const user = userEvent.setup();
    const cards = screen.getAllByTestId('citation-card');
    await user.click(within(cards[1] as HTMLElement).getByText('notes.docx'));
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(onOpen).toHaveBeenLastCalledWith(second);
    await user.click(within(cards[0] as HTMLElement).getByRole('button', { name: 'Open source 1 on p. 3' }));
    expect(onOpen).toHaveBeenCalledTimes(2);
    expect(onOpen.mock.calls[1]?.[0]?.n).toBe(1);
  });

  it('marks citations read by OCR with their confidence, and calls a low one so', () => {
    pageLayout.mockReturnValue(new Promise(() => {}));
    render(() => (
      <Panel
        citations={[
          citation({ source: 'ocr', confidence: 91.2 }),
          citation({ n: 2, source: 'ocr', confidence: 54 }),
          citation({ n: 3, source: 'text-layer' }),
          citation({ n: 4 }),
        ]}
      />
    ));
    const cards = screen.getAllByTestId('citation-card');
    const good = within(cards[0] as HTMLElement).getByTestId('ocr-badge');
    expect(within(good).getByText('Read by OCR · 91% confidence')).toBeTruthy();
    expect(good.getAttribute('data-low')).toBe('false');
    expect(good.getAttribute('title')).toContain('recognised from an image');
    expect(good.getAttribute('title')).toContain('may contain recognition errors');
    // the explanation is read out too, not only shown on hover
    expect(good.textContent).toContain('may contain recognition errors');
    const low = within(cards[1] as HTMLElement).getByTestId('ocr-badge');
    expect(within(low).getByText('Read by OCR · low confidence (54%)')).toBeTruthy();
    expect(low.getAttribute('data-low')).toBe('true');
    expect(within(cards[2] as HTMLElement).queryByTestId('ocr-badge')).toBeNull();
    expect(within(cards[3] as HTMLElement).queryByTestId('ocr-badge')).toBeNull();
    // what was checked about the quote is still said
    expect(within(cards[0] as HTMLElement).getByText('Quote found on p. 3')).toBeTruthy();
  });

  it('calls a standalone image an image, not a page', () => {
    pageLayout.mockReturnValue(new Promise(() => {}));
    render(() => (
      <Panel citations={[citation({ path: '/scans/receipt.JPG', page: 1, source: 'ocr', confidence: 88 })]} />
    ));
    const card = screen.getByTestId('citation-card');
    expect(within(card).getByText('image')).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Open source 1 on the image' }).textContent).toBe(
      'Open image',
    );
    expect(within(card).getByText('Quote found in the image')).toBeTruthy();
    expect(within(card).getByText('Read by OCR · 88% confidence')).toBeTruthy();
  });

  it('shows its placeholder when there are no citations', () => {
    render(() => <Panel citations={[]} placeholder="Nothing yet" />);
    expect(screen.getByText('Nothing yet')).toBeTruthy();
    expect(screen.queryByTestId('citation-card')).toBeNull();
  });
});

describe('AnswerText', () => {
  it('numbers markers of every form the server reads 1..n in order of first mention', () => {
    const citations = [2, 3, 4, 5, 6, 7].map((n) => citation({ n, page: n }));
    render(() => (
      <p>
        <AnswerText text="A [7]. B [2, 3] C [4-5]【6】[Source 7]" citations={citations} onCite={() => {}} />
      </p>
    ));
    const markers = screen.getAllByTestId('citation-marker');
    expect(markers.map((m) => m.textContent)).toEqual(['[1]', '[2]', '[3]', '[4]', '[5]', '[6]', '[1]']);
    expect(markers.map((m) => m.getAttribute('aria-label')?.replace(/:.*/, ''))).toEqual([
      'Source 1',
      'Source 2',
      'Source 3',
      'Source 4',
      'Source 5',
      'Source 6',
      'Source 1',
    ]);
    expect(markers.map((m) => m.getAttribute('aria-label')?.split(', p. ')[1])).toEqual([
      '7',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
    ]);
  });

  it('turns markers into buttons for the citations it has; others stay text', async () => {
    const onCite = vi.fn();
    const second = citation({ n: 2, page: 5 });
    render(() => (
      <p>
        <AnswerText
          text="Rent is due monthly [1]. A fee applies [2][9]. See [1, 2]."
          citations={[citation(), second]}
          onCite={onCite}
        />
      </p>
    ));
    const markers = screen.getAllByTestId('citation-marker');
    expect(markers.map((m) => m.textContent)).toEqual(['[1]', '[2]', '[1]', '[2]']);
    expect(screen.getByText(/\[9\]/)).toBeTruthy();
    expect(markers[1]?.getAttribute('aria-label')).toBe('Source 2: lease.pdf, p. 5');
    await userEvent.setup().click(markers[1] as HTMLElement);
    expect(onCite).toHaveBeenCalledWith(second);
  });

  it('opens from each marker the quote it follows, when one source is quoted several times', async () => {
    const first = citation({ n: 2, quote: 'First sentence.', start: 0, end: 15 });
    const second = citation({ n: 2, quote: 'Second sentence.', start: 20, end: 36 });
    const third = citation({ n: 2, quote: 'Third sentence.', start: 40, end: 55 });
    const onCite = vi.fn();
    render(() => (
      <p>
        <AnswerText
          text="First sentence. [2] Second sentence. [2] Third sentence. [2]"
          citations={[third, first, second]}
          onCite={onCite}
        />
      </p>
    ));
    const markers = screen.getAllByTestId('citation-marker');
    expect(markers.map((m) => m.textContent)).toEqual(['[1]', '[1]', '[1]']);
    expect(markers[1]?.getAttribute('aria-label')).toBe('Source 1, quote 2 of 3: lease.pdf, p. 3');
    const user = userEvent.setup();
    for (const [i, expected] of [first, second, third].entries()) {
      await user.click(markers[i] as HTMLElement);
      expect(onCite).toHaveBeenLastCalledWith(expected);
    }
  });

  it('shows the numbers of a streaming answer’s markers before its citations are known', () => {
    render(() => (
      <p>
        <AnswerText text="Rent [3]. Fee [5]. Again [3" citations={null} onCite={() => {}} />
      </p>
    ));
    expect(screen.queryAllByTestId('citation-marker')).toHaveLength(0);
    expect(screen.getAllByTestId('citation-marker-pending').map((m) => m.textContent)).toEqual([
      '[1]',
      '[2]',
    ]);
    expect(screen.getByText(/Again \[3$/)).toBeTruthy();
  });

  it('links its markers to the cards of the panel, quote by quote', async () => {
    pageLayout.mockReturnValue(new Promise(() => {}));
    const citations = [citation(), citation({ n: 2, page: 4 })];
    const [selected, setSelected] = createSignal<string | null>(null);
    const opened: Citation[] = [];
    render(() => (
      <div>
        <p>
          <AnswerText
            text="First [1]. Second [2]."
            citations={citations}
            selected={selected()}
            onCite={(c) => setSelected(quoteKey(c))}
          />
        </p>
        <CitationsPanel
          slug="ws"
          cards={numberCitations('First [1]. Second [2].', citations).cards}
          selected={selected()}
          onOpen={(c) => opened.push(c)}
        />
      </div>
    ));
    const user = userEvent.setup();
    const cards = () => screen.getAllByTestId('citation-card');
    expect(cards().map((c) => c.getAttribute('data-selected'))).toEqual(['false', 'false']);
    await user.click(screen.getAllByTestId('citation-marker')[1] as HTMLElement);
    expect(cards().map((c) => c.getAttribute('data-selected'))).toEqual(['false', 'true']);
    expect(cards()[1]?.getAttribute('aria-current')).toBe('true');
    expect(
      within(cards()[1] as HTMLElement)
        .getByTestId('citation-quote-item')
        .getAttribute('data-selected'),
    ).toBe('true');
    expect(screen.getAllByTestId('citation-marker')[1]?.getAttribute('data-selected')).toBe('true');
  });
});

describe('Viewer', () => {
  it('renders a Word document as HTML and marks the quote across blocks', async () => {
    const layout = docxLayout([
      { kind: 'heading', level: 1, text: 'Tenancy agreement' },
      { kind: 'paragraph', text: 'The tenant pays rent monthly.' },
      { kind: 'list-item', text: '• Deposit: two months' },
      { kind: 'list-item', text: '• Keys: two sets' },
      {
        kind: 'table',
        rows: [
          ['Item', 'Amount'],
          ['Rent', '900 EUR'],
        ],
      },
    ]);
    pageLayout.mockResolvedValue(layout);
    const text = layout.text;
    const quote = 'pays rent monthly.\n\n• Deposit';
    const start = text.indexOf(quote);
    const c = citation({ path: '/docs/tenancy.docx', page: 1, quote, start, end: start + quote.length });
    render(() => <Viewer slug="ws" citation={c} onClose={() => {}} />);
    const viewer = screen.getByTestId('viewer');
    expect(viewer.getAttribute('data-kind')).toBe('docx');
    expect(viewer.getAttribute('data-page')).toBe('1');
    await waitFor(() => expect(screen.getAllByTestId('highlight')).toHaveLength(2));
    expect(screen.getAllByTestId('highlight').map((m) => m.textContent)).toEqual([
      'pays rent monthly.',
      '• Deposit',
    ]);
    expect(screen.getAllByTestId('highlight').every((m) => m.tagName === 'MARK')).toBe(true);
    expect(screen.getByRole('heading', { level: 1, name: 'Tenancy agreement' })).toBeTruthy();
    expect(viewer.querySelectorAll('ul > li')).toHaveLength(2);
    expect(viewer.querySelectorAll('table tr')).toHaveLength(2);
    expect(viewer.querySelectorAll('table td')[3]?.textContent).toBe('900 EUR');
    expect(screen.queryByTestId('stale-notice')).toBeNull();
  });

  it('marks the quoted cell of a table and warns when the file changed', async () => {
    const layout = docxLayout(
      [
        { kind: 'paragraph', text: 'Fees' },
        {
          kind: 'table',
          rows: [
            ['Item', 'Amount'],
            ['Late fee', 'five percent'],
          ],
        },
      ],
      false,
    );
    pageLayout.mockResolvedValue(layout);
    const start = layout.text.indexOf('five percent');
    const c = citation({ path: 'fees.DOCX', page: 1, quote: 'five percent', start, end: start + 12 });
    render(() => <Viewer slug="ws" citation={c} onClose={() => {}} />);
    await waitFor(() => expect(screen.getAllByTestId('highlight')).toHaveLength(1));
    const mark = screen.getByTestId('highlight');
    expect(mark.textContent).toBe('five percent');
    expect(mark.closest('td')).toBeTruthy();
    expect(screen.getByTestId('stale-notice').textContent).toBe(
      'This file changed after it was indexed; the highlight may be off — reindex it from Documents.',
    );
  });

  it('shows a cited page of a web page as its text with the quote marked, and its other pages unmarked', async () => {
    const page = (n: number, specs: BlockSpec[]): PageLayout => {
      const docx = docxLayout(specs) as Extract<PageLayout, { kind: 'docx' }>;
      return { ...docx, kind: 'text', page: n, format: 'html', pageCount: 3 };
    };
    const pages = new Map([
      [
        2,
        page(2, [
          { kind: 'heading', level: 1, text: 'ITEM 1. BUSINESS' },
          { kind: 'paragraph', text: PAGE_TEXT },
        ]),
      ],
      [3, page(3, [{ kind: 'paragraph', text: 'The tenant shall pay the rent. Page three says it again.' }])],
    ]);
    pageLayout.mockImplementation(async (_slug, _id, n) => {
      const layout = pages.get(n);
      if (!layout) throw new Error(`no page ${n}`);
      return layout;
    });
    const text = pages.get(2)?.text ?? '';
    const start = text.indexOf(QUOTE);
    const c = citation({ path: '/docs/filing.HTM', page: 2, start, end: start + QUOTE.length });
    render(() => <Viewer slug="ws" citation={c} onClose={() => {}} />);
    const viewer = screen.getByTestId('viewer');
    expect(viewer.getAttribute('data-kind')).toBe('text');
    await waitFor(() =>
      expect(screen.getAllByTestId('highlight').map((m) => m.textContent)).toEqual([QUOTE]),
    );
    expect(screen.getByRole('heading', { level: 1, name: 'ITEM 1. BUSINESS' })).toBeTruthy();
    expect(within(viewer).getByText(/Web page ·/).textContent).toMatch(/^Web page · Page 2 of 3/);
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(viewer.getAttribute('data-page')).toBe('3'));
    await screen.findByText('The tenant shall pay the rent. Page three says it again.');
    expect(screen.queryAllByTestId('highlight')).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Next page' }).hasAttribute('disabled')).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Back to page 2' }));
    await waitFor(() => expect(screen.getAllByTestId('highlight')).toHaveLength(1));
  });

  it('shows a cited sheet of a spreadsheet and a cited slide as their text, the quoted row or cell marked', async () => {
    const row = 'Team: Maple Leafs; Location: TOR; Stanley Cups: 13';
    const docx = docxLayout([
      { kind: 'heading', level: 1, text: 'Stanley Cups' },
      { kind: 'paragraph', text: 'Team | Location | Stanley Cups' },
      { kind: 'paragraph', text: 'Team: Blues; Location: STL; Stanley Cups: 1' },
      { kind: 'paragraph', text: row },
    ]) as Extract<PageLayout, { kind: 'docx' }>;
    pageLayout.mockResolvedValue({ ...docx, kind: 'text', page: 1, format: 'spreadsheet', pageCount: 2 });
    const start = docx.text.indexOf(row);
    const sheet = citation({
      path: '/docs/stanley-cups.xlsx',
      page: 1,
      quote: row,
      start,
      end: start + row.length,
    });
    const { unmount } = render(() => <Viewer slug="ws" citation={sheet} onClose={() => {}} />);
    await waitFor(() => expect(screen.getAllByTestId('highlight').map((m) => m.textContent)).toEqual([row]));
    expect(screen.getByRole('heading', { level: 1, name: 'Stanley Cups' })).toBeTruthy();
    expect(within(screen.getByTestId('viewer')).getByText(/Spreadsheet ·/).textContent).toMatch(
      /^Spreadsheet · Page 1 of 2/,
    );
    unmount();

    const deck = docxLayout([
      { kind: 'heading', level: 1, text: 'A Slide with a Table' },
      {
        kind: 'table',
        rows: [
          ['Column 1', 'Column 2'],
          ['Tangerine', 'Pink'],
        ],
      },
      { kind: 'heading', level: 2, text: 'Speaker notes' },
      { kind: 'paragraph', text: 'Mention the colours.' },
    ]) as Extract<PageLayout, { kind: 'docx' }>;
    pageLayout.mockResolvedValue({ ...deck, kind: 'text', page: 1, format: 'slides', pageCount: 1 });
    const cell = deck.text.indexOf('Tangerine');
    const slide = citation({
      documentId: 'deck-1',
      path: '/docs/deck.pptx',
      page: 1,
      quote: 'Tangerine',
      start: cell,
      end: cell + 9,
    });
    render(() => <Viewer slug="ws" citation={slide} onClose={() => {}} />);
    await waitFor(() => expect(screen.getAllByTestId('highlight')).toHaveLength(1));
    expect(screen.getByTestId('highlight').closest('td')?.textContent).toBe('Tangerine');
    expect(within(screen.getByTestId('viewer')).getByText(/Slide deck ·/).textContent).toMatch(
      /^Slide deck · Slide 1 of 1/,
    );
  });

  it('explains in plain words when the document cannot be loaded', async () => {
    pageLayout.mockRejectedValue(new api.ApiError('Workspace "ws" has no document', 404, 'not-found'));
    render(() => <Viewer slug="ws" citation={citation({ path: 'a.docx', page: 1 })} onClose={() => {}} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The document could not be shown');
    expect(alert.textContent).toContain('has no document');
  });

  it('closes with its button and with Esc', async () => {
    pageLayout.mockReturnValue(new Promise(() => {}));
    const onClose = vi.fn();
    render(() => <Viewer slug="ws" citation={citation({ path: 'a.docx', page: 1 })} onClose={onClose} />);
    const user = userEvent.setup();
    const close = screen.getByRole('button', { name: 'Close the page viewer' });
    expect(document.activeElement).toBe(close);
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
    await user.click(close);
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('draws a PDF page and highlights the quote from the layout boxes, only on the cited page', async () => {
    const width = vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(300);
    const start = PAGE_TEXT.indexOf(QUOTE);
    pageLayout.mockResolvedValue({
      ...pdfLayout(),
      boxes: [
        { start: 0, end: start, x: 50, y: 100, width: 200, height: 10 },
        { start, end: start + QUOTE.length, x: 60, y: 120, width: 300, height: 10 },
      ],
    });
    render(() => <Viewer slug="ws" citation={citation()} onClose={() => {}} />);
    const viewer = screen.getByTestId('viewer');
    expect(viewer.getAttribute('data-kind')).toBe('pdf');
    expect(viewer.getAttribute('data-page')).toBe('3');
    const canvas = screen.getByTestId('pdf-canvas');
    await waitFor(() => expect(canvas.getAttribute('data-rendered')).toBe('true'));
    await waitFor(() => expect(screen.getAllByTestId('highlight')).toHaveLength(1));
    // the 600-point page is drawn 300 pixels wide: half scale
    expect(pdfjsState.renders.at(-1)).toEqual({ width: 300, height: 400 });
    const box = screen.getByTestId('highlight') as HTMLElement;
    expect([box.style.left, box.style.top, box.style.width, box.style.height]).toEqual([
      '30px',
      '60px',
      '150px',
      '5px',
    ]);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(viewer.getAttribute('data-page')).toBe('4');
    await waitFor(() => expect(canvas.getAttribute('data-rendered')).toBe('true'));
    expect(screen.queryAllByTestId('highlight')).toHaveLength(0);
    expect((screen.getByRole('button', { name: 'Next page' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Back to page 3' }));
    await waitFor(() => expect(screen.getAllByTestId('highlight')).toHaveLength(1));
    width.mockRestore();
  });

  it('says in its header that an OCR page was read by OCR, on the cited page only', async () => {
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(300);
    pageLayout.mockResolvedValue({ ...pdfLayout(), source: 'ocr' });
    render(() => (
      <Viewer slug="ws" citation={citation({ source: 'ocr', confidence: 62.6 })} onClose={() => {}} />
    ));
    const header = screen.getByTestId('viewer').querySelector('header') as HTMLElement;
    const badge = within(header).getByTestId('ocr-badge');
    expect(within(badge).getByText('Read by OCR · low confidence (63%)')).toBeTruthy();
    expect(badge.getAttribute('title')).toContain('may contain recognition errors');
    await waitFor(() => expect(screen.getByTestId('pdf-canvas').getAttribute('data-rendered')).toBe('true'));
    await userEvent.setup().click(screen.getByRole('button', { name: 'Next page' }));
    expect(screen.queryByTestId('ocr-badge')).toBeNull();
  });

  it('shows no OCR note for a text-layer citation', async () => {
    pageLayout.mockReturnValue(new Promise(() => {}));
    render(() => <Viewer slug="ws" citation={citation({ source: 'text-layer' })} onClose={() => {}} />);
    expect(screen.queryByTestId('ocr-badge')).toBeNull();
  });
});

// "Invoice no. 2231 / Total due 120 EUR by 31 March" read by OCR from a 1000 × 500 pixel scan: two lines.
const IMAGE_TEXT = 'Invoice no. 2231\nTotal due 120 EUR by 31 March';
const IMAGE_QUOTE = '2231\nTotal due 120 EUR';

/** Word boxes like the server's: one per word, in pixels, top-left origin. */
function imageBoxes(
  text: string,
): { start: number; end: number; x: number; y: number; width: number; height: number }[] {
  const boxes = [];
  let line = 0;
  let x = 100;
  for (const match of text.matchAll(/\S+|\n/g)) {
    if (match[0] === '\n') {
      line++;
      x = 100;
      continue;
    }
    const start = match.index ?? 0;
    const width = match[0].length * 20;
    boxes.push({ start, end: start + match[0].length, x, y: 50 + line * 50, width, height: 25 });
    x += width + 10;
  }
  return boxes;
}

function imageLayout(current = true): Extract<PageLayout, { kind: 'image' }> {
  return {
    kind: 'image',
    documentId: DOC_ID,
    page: 1,
    width: 1000,
    height: 500,
    text: IMAGE_TEXT,
    boxes: imageBoxes(IMAGE_TEXT),
    current,
    source: 'ocr',
  };
}

function imageCitation(path: string): Citation {
  const start = IMAGE_TEXT.indexOf(IMAGE_QUOTE);
  return citation({
    path,
    page: 1,
    heading: null,
    quote: IMAGE_QUOTE,
    start,
    end: start + IMAGE_QUOTE.length,
    source: 'ocr',
    confidence: 93,
  });
}

describe('ImageView (in the viewer)', () => {
  it('shows the image from the files route and marks the boxes of the quote, in percent of the image', async () => {
    pageLayout.mockResolvedValue(imageLayout());
    render(() => <Viewer slug="ws" citation={imageCitation('/scans/invoice.png')} onClose={() => {}} />);
    const viewer = screen.getByTestId('viewer');
    expect(viewer.getAttribute('data-kind')).toBe('image');
    expect(viewer.getAttribute('data-page')).toBe('1');
    expect(viewer.querySelector('.viewer-where')?.textContent).toBe('PNG image');
    // an image has one page: no page buttons
    expect(screen.queryByRole('button', { name: 'Next page' })).toBeNull();
    expect(within(viewer).getByText('Read by OCR · 93% confidence')).toBeTruthy();

    const image = screen.getByTestId('page-image') as HTMLImageElement;
    expect(image.getAttribute('src')).toBe(api.fileUrl('ws', DOC_ID));
    expect(image.getAttribute('src')?.startsWith('/api/workspaces/ws/files/')).toBe(true);
    expect(image.getAttribute('alt')).toContain('invoice.png');
    expect(image.getAttribute('data-rendered')).toBe('false');
    await waitFor(() => expect(pageLayout).toHaveBeenCalledWith('ws', DOC_ID, 1));
    // no highlight until the image is drawn
    expect(screen.queryAllByTestId('highlight')).toHaveLength(0);
    fireEvent.load(image);
    expect(image.getAttribute('data-rendered')).toBe('true');
    await waitFor(() => expect(screen.getAllByTestId('highlight')).toHaveLength(2));

    // Line 1: "2231" is the third word (x 100 + 140 + 10 + 60 + 10 = 320, 80 px wide) of line y 50.
    // Line 2: "Total due 120 EUR" from x 100 to 100 + 100+10+60+10+60+10+60 = 410, at y 100.
    const boxes = screen.getAllByTestId('highlight').map((box) => {
      const style = (box as HTMLElement).style;
      return [style.left, style.top, style.width, style.height];
    });
    expect(boxes).toEqual([
      ['32%', '10%', '8%', '5%'],
      ['10%', '20%', '31%', '5%'],
    ]);
    expect(screen.queryByTestId('stale-notice')).toBeNull();
  });

  it('shows a TIFF as its recognised text with the quote marked, since browsers cannot show TIFF', async () => {
    pageLayout.mockResolvedValue(imageLayout(false));
    render(() => <Viewer slug="ws" citation={imageCitation('C:\\scans\\fax.TIFF')} onClose={() => {}} />);
    const viewer = screen.getByTestId('viewer');
    expect(viewer.getAttribute('data-kind')).toBe('image');
    expect(viewer.querySelector('.viewer-where')?.textContent).toBe('TIFF image');
    await waitFor(() => expect(screen.getAllByTestId('highlight')).toHaveLength(1));
    const mark = screen.getByTestId('highlight');
    expect(mark.tagName).toBe('MARK');
    expect(mark.textContent).toBe(IMAGE_QUOTE);
    expect(screen.getByTestId('recognised-text').textContent).toBe(IMAGE_TEXT);
    expect(screen.queryByTestId('page-image')).toBeNull();
    expect(viewer.textContent).toContain('Your browser cannot display TIFF images.');
    expect(screen.getByTestId('stale-notice')).toBeTruthy();
  });

  it('falls back on the recognised text when the image cannot be loaded', async () => {
    pageLayout.mockResolvedValue(imageLayout());
    render(() => <Viewer slug="ws" citation={imageCitation('/scans/photo.jpeg')} onClose={() => {}} />);
    fireEvent.error(screen.getByTestId('page-image'));
    await waitFor(() => expect(screen.getByTestId('highlight').textContent).toBe(IMAGE_QUOTE));
    expect(screen.getByRole('note').textContent).toContain('The image could not be shown');
  });

  it('still shows the image when its layout cannot be loaded, and says the highlight is missing', async () => {
    pageLayout.mockRejectedValue(new api.ApiError('The file can no longer be read: gone', 409, 'conflict'));
    render(() => <Viewer slug="ws" citation={imageCitation('/scans/invoice.png')} onClose={() => {}} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The highlight is not available: The file can no longer be read');
    const image = screen.getByTestId('page-image');
    fireEvent.load(image);
    expect(image.getAttribute('data-rendered')).toBe('true');
    expect(screen.queryAllByTestId('highlight')).toHaveLength(0);
  });
});
