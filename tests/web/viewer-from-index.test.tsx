// The viewer when the original file cannot be reached from this machine (issue 20: a reader of an index on
// object storage has no copy of the files): the layout route answers the page's indexed text
// (`fromIndex`), and a PDF's citation is shown as that text, the quote marked, with a notice saying so,
// page by page, and no "Open file" link that could only fail.
import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Viewer } from '../../apps/web/src/components/Viewer.tsx';
import type { Citation, PageLayout } from '../../apps/web/src/lib/api.ts';
import * as api from '../../apps/web/src/lib/api.ts';
import { forgetPageLayouts } from '../../apps/web/src/lib/page-layouts.ts';

vi.mock('../../apps/web/src/lib/api.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../apps/web/src/lib/api.ts')>()),
  pageLayout: vi.fn(),
}));

const pageLayout = vi.mocked(api.pageLayout);
const ID = 'c'.repeat(64);
const QUOTE = 'The warranty on the Heron turbines lasts eleven years from delivery.';
const PAGES = ['Heron turbines warranty.', `Schedule 2\n\n${QUOTE}\n\nClaims go to the supplier.`];

/** The layout the server answers from the index: the stored text in paragraphs. */
function indexed(page: number): PageLayout {
  const text = PAGES[page - 1] ?? '';
  const blocks = [...text.matchAll(/\S[\s\S]*?(?=\n\s*\n|$)/g)].map((m) => ({
    kind: 'paragraph' as const,
    level: null,
    start: m.index,
    end: m.index + m[0].length,
    text: m[0],
    rows: null,
  }));
  return {
    kind: 'text',
    documentId: ID,
    page,
    current: true,
    fromIndex: true,
    format: 'text',
    pageCount: 2,
    text,
    blocks,
  };
}

const citation: Citation = {
  n: 1,
  chunkId: 'chunk-1',
  documentId: ID,
  path: '/matters/heron/warranty.pdf',
  page: 2,
  heading: null,
  quote: QUOTE,
  start: PAGES[1]?.indexOf(QUOTE) ?? 0,
  end: (PAGES[1]?.indexOf(QUOTE) ?? 0) + QUOTE.length,
  support: 1,
  verified: true,
};

beforeEach(() => {
  forgetPageLayouts();
  pageLayout.mockReset();
  pageLayout.mockImplementation(async (_slug, _id, page) => indexed(page));
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('the viewer with the original file out of reach', () => {
  it("shows a PDF citation's page as its indexed text with the quote marked, and says why", async () => {
    render(() => <Viewer slug="ws" citation={citation} onClose={() => {}} />);
    await waitFor(() =>
      expect(screen.getAllByTestId('highlight').map((m) => m.textContent)).toEqual([QUOTE]),
    );
    const viewer = screen.getByTestId('viewer');
    expect(viewer.getAttribute('data-kind')).toBe('text');
    expect(screen.getByTestId('from-index-notice').textContent).toMatch(
      /cannot be opened from this computer/,
    );
    expect(screen.queryByText('Open file')).toBeNull();
    expect(viewer.querySelector('canvas')).toBeNull();
  });

  it('pages through the indexed text', async () => {
    render(() => <Viewer slug="ws" citation={citation} onClose={() => {}} />);
    await waitFor(() => expect(screen.getAllByTestId('highlight')).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    await waitFor(() =>
      expect(screen.getByTestId('viewer').textContent).toContain('Heron turbines warranty.'),
    );
    expect(pageLayout).toHaveBeenCalledWith('ws', ID, 1);
    expect(screen.queryAllByTestId('highlight')).toHaveLength(0);
  });
});
