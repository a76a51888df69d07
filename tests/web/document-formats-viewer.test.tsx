// The viewer on citations of an EPUB chapter and a legacy .doc (issue 16): shown as their page's text in
// the Word view (not drawn by pdf.js), named for their kind, the quote marked. The layout is built by
// ingest's own layoutBlocks, as the layout route builds it.
import { cleanup, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Viewer } from '../../apps/web/src/components/Viewer.tsx';
import type { Citation, PageLayout } from '../../apps/web/src/lib/api.ts';
import * as api from '../../apps/web/src/lib/api.ts';
import { forgetPageLayouts } from '../../apps/web/src/lib/page-layouts.ts';
import { viewerKind } from '../../apps/web/src/lib/viewer-kinds.ts';
import { layoutBlocks } from '../../packages/ingest/src/block-layout.ts';

vi.mock('../../apps/web/src/lib/api.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../apps/web/src/lib/api.ts')>()),
  pageLayout: vi.fn(),
}));

const pageLayout = vi.mocked(api.pageLayout);
const QUOTE = 'the ice over which a hockey match has been played is perfectly useless for skaters';
const CHAPTER = layoutBlocks([
  { kind: 'heading', text: 'CHAPTER V\n\nICE-HOCKEY', headingLevel: 2 },
  { kind: 'paragraph', text: `As will be readily understood, ${QUOTE} any more that day.` },
]);

function citation(overrides: Partial<Citation>): Citation {
  const start = CHAPTER.text.indexOf(QUOTE);
  return {
    n: 1,
    chunkId: 'chunk-1',
    documentId: 'b'.repeat(64),
    path: '/matters/winter-sports.epub',
    page: 102,
    heading: 'CHAPTER V ICE-HOCKEY',
    quote: QUOTE,
    start,
    end: start + QUOTE.length,
    support: 1,
    verified: true,
    ...overrides,
  };
}

beforeEach(() => {
  forgetPageLayouts();
  pageLayout.mockReset();
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('the viewer on OpenDocument, EPUB, RTF and .doc citations', () => {
  it('shows them as text, whatever the case of their extension', () => {
    for (const path of ['a.odt', 'b.EPUB', 'c.rtf', 'd.doc']) expect(viewerKind(path)).toBe('text');
    expect(viewerKind('e.docx')).toBe('docx');
  });

  it('shows a cited EPUB chapter page under its heading, the quote marked, named as a book', async () => {
    pageLayout.mockResolvedValue({
      kind: 'text',
      documentId: 'b'.repeat(64),
      page: 102,
      current: true,
      format: 'epub',
      pageCount: 163,
      ...CHAPTER,
    } satisfies PageLayout);
    render(() => <Viewer slug="ws" citation={citation({})} onClose={() => {}} />);
    await waitFor(() =>
      expect(screen.getAllByTestId('highlight').map((m) => m.textContent)).toEqual([QUOTE]),
    );
    const viewer = screen.getByTestId('viewer');
    expect(viewer.getAttribute('data-kind')).toBe('text');
    expect(within(viewer).getByText(/EPUB book ·/).textContent).toMatch(/^EPUB book · Page 102 of 163/);
  });

  it('names a .doc page a Word document', async () => {
    const doc = layoutBlocks([{ kind: 'paragraph', text: 'This document contains duplicates' }]);
    pageLayout.mockResolvedValue({
      kind: 'text',
      documentId: 'c'.repeat(64),
      page: 1,
      current: true,
      format: 'doc',
      pageCount: 1,
      ...doc,
    } satisfies PageLayout);
    const quote = 'This document contains duplicates';
    render(() => (
      <Viewer
        slug="ws"
        citation={citation({
          documentId: 'c'.repeat(64),
          path: '/m/old.doc',
          page: 1,
          quote,
          start: 0,
          end: quote.length,
        })}
        onClose={() => {}}
      />
    ));
    await waitFor(() => expect(screen.getAllByTestId('highlight')).toHaveLength(1));
    expect(within(screen.getByTestId('viewer')).getByText(/Word document ·/).textContent).toMatch(
      /^Word document · Page 1 of 1/,
    );
  });
});
