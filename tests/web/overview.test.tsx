// The Overview tab (issue 18): the matter's documents grouped by kind in the server's date order, each
// with its date and where it came from, page count, parties, summary sentences that open their page with
// the sentence highlighted, and links comparing its versions; the documents still being read.
import { cleanup, render, screen, waitFor, within } from '@solidjs/testing-library';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../apps/web/src/App.tsx';
import { OverviewView } from '../../apps/web/src/components/OverviewView.tsx';
import type { PageLayout } from '../../apps/web/src/lib/api.ts';
import * as api from '../../apps/web/src/lib/api.ts';
import type { DocumentOverview, MatterCitation, MatterOverview } from '../../apps/web/src/lib/matter.ts';
import { forgetPageLayouts } from '../../apps/web/src/lib/page-layouts.ts';
import { navigate } from '../../apps/web/src/lib/route.ts';
import { layoutBlocks } from '../../packages/ingest/src/block-layout.ts';

vi.mock('../../apps/web/src/lib/api.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../apps/web/src/lib/api.ts')>()),
  matterOverview: vi.fn(),
  pageLayout: vi.fn(),
  listWorkspaces: vi.fn(),
  threads: vi.fn(),
  searchPassages: vi.fn(),
  getHealth: () => Promise.resolve({ status: 'ok', version: 'test' }),
  workspaceDefaults: () => new Promise(() => {}),
}));
// The App's live feed of ingestion events: none in these tests.
vi.mock('../../apps/web/src/lib/ingest-feed.ts', () => ({
  onIngestEvent: () => {},
  onModelBuildEvent: () => {},
}));

const matterOverview = vi.mocked(api.matterOverview);
const pageLayout = vi.mocked(api.pageLayout);

const id = (c: string) => c.repeat(64);
const NOTES = '/matter/notes/site-notes.txt';
const PAGE_TWO = layoutBlocks([
  { kind: 'paragraph', text: 'Site notes, week two.' },
  {
    kind: 'paragraph',
    text: 'The crane was delivered to the north yard on 17 March 2014. Nobody signed for it.',
  },
]);
const SENTENCE = 'The crane was delivered to the north yard on 17 March 2014.';

function cite(path: string, documentId: string, page: number, quote: string, text = quote): MatterCitation {
  const start = text.indexOf(quote);
  return {
    path,
    documentId,
    page,
    pageLabel: null,
    bates: null,
    quote,
    start,
    end: start + quote.length,
    verified: true,
  };
}

function doc(overrides: Partial<DocumentOverview> & Pick<DocumentOverview, 'documentId' | 'path' | 'kind'>) {
  return {
    paths: [overrides.path],
    title: null,
    date: null,
    pageCount: 1,
    parties: [],
    summary: { mode: 'extractive', sentences: [] },
    versions: [],
    ...overrides,
  } satisfies DocumentOverview;
}

const CONTRACT = doc({
  documentId: id('a'),
  path: '/matter/contract-v2.pdf',
  kind: 'pdf',
  title: 'Supply Agreement',
  date: { value: '2014-03-17', source: 'pdf-metadata' },
  pageCount: 4,
  parties: ['Acme Widgets Limited', 'Borealis Trading GmbH'],
  versions: [{ documentId: id('b'), path: '/matter/contract-v1.pdf', title: null, similarity: 0.934 }],
});
const DRAFT = doc({
  documentId: id('b'),
  path: '/matter/contract-v1.pdf',
  kind: 'pdf',
  pageCount: 4,
  versions: [
    { documentId: id('a'), path: '/matter/contract-v2.pdf', title: 'Supply Agreement', similarity: 0.934 },
  ],
});
const SITE_NOTES = doc({
  documentId: id('c'),
  path: NOTES,
  kind: 'text',
  date: { value: '2014-03-20', source: 'text' },
  pageCount: 3,
  summary: {
    mode: 'extractive',
    sentences: [
      { text: 'Site notes, week two.', citations: [cite(NOTES, id('c'), 2, 'Site notes, week two.')] },
      { text: SENTENCE, citations: [cite(NOTES, id('c'), 2, SENTENCE, PAGE_TWO.text)] },
    ],
  },
});

function overview(pending = 0): MatterOverview {
  return {
    documents: [SITE_NOTES, DRAFT, CONTRACT],
    groups: [
      { kind: 'pdf', documentIds: [CONTRACT.documentId, DRAFT.documentId] },
      { kind: 'text', documentIds: [SITE_NOTES.documentId] },
    ],
    pending,
  };
}

let n = 0;
const slug = () => `overview-${n}`;

beforeEach(() => {
  n++;
  forgetPageLayouts();
  matterOverview.mockReset();
  pageLayout.mockReset();
});

afterEach(() => cleanup());

const flat = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('the Overview tab', () => {
  it('groups the documents by kind in the order the server dated them, each with its facts', async () => {
    matterOverview.mockResolvedValue(overview());
    render(() => <OverviewView slug={slug()} />);
    const groups = await screen.findAllByTestId('overview-group');
    expect(matterOverview).toHaveBeenCalledWith(slug());
    expect(groups.map((g) => flat(g.querySelector('h4')))).toEqual(['PDF 2 documents', 'Text 1 document']);
    const titles = (group: HTMLElement) =>
      within(group)
        .getAllByTestId('overview-document')
        .map((d) => flat(d.querySelector('h5')));
    expect(titles(groups[0] as HTMLElement)).toEqual(['Supply Agreement', 'contract-v1.pdf']);
    expect(titles(groups[1] as HTMLElement)).toEqual(['site-notes.txt']);

    const contract = screen.getByRole('article', { name: 'Supply Agreement' });
    expect(flat(within(contract).getByTestId('document-date'))).toBe(
      "17 March 2014 (from the PDF's properties)",
    );
    expect(flat(within(contract).getByTestId('page-count'))).toBe('4 pages');
    expect(flat(within(contract).getByTestId('parties'))).toBe(
      'Parties: Acme Widgets Limited; Borealis Trading GmbH',
    );
    expect(flat(contract.querySelector('.matter-kind'))).toBe('PDF');
    const draft = screen.getByRole('article', { name: 'contract-v1.pdf' });
    expect(flat(within(draft).getByTestId('document-date'))).toBe('undated');
    expect(within(draft).queryByTestId('parties')).toBeNull();
    expect(screen.queryByTestId('matter-pending')).toBeNull();
  });

  it('links each version to the Compare view of the two documents', async () => {
    matterOverview.mockResolvedValue(overview());
    render(() => <OverviewView slug={slug()} />);
    const contract = await screen.findByRole('article', { name: 'Supply Agreement' });
    const link = within(contract).getByTestId('version-link');
    expect(link.textContent).toBe('Compare with contract-v1.pdf');
    expect(link.getAttribute('href')).toBe(`#/w/${slug()}/compare/${id('a')}/${id('b')}`);
    expect(flat(within(contract).getByTestId('versions'))).toBe(
      'Versions: Compare with contract-v1.pdf (93% alike)',
    );
    const draft = screen.getByRole('article', { name: 'contract-v1.pdf' });
    expect(within(draft).getByTestId('version-link').getAttribute('href')).toBe(
      `#/w/${slug()}/compare/${id('b')}/${id('a')}`,
    );
  });

  it('opens a summary sentence at its page with the sentence highlighted, and gives the focus back', async () => {
    const user = userEvent.setup();
    matterOverview.mockResolvedValue(overview());
    pageLayout.mockResolvedValue({
      kind: 'text',
      documentId: id('c'),
      page: 2,
      current: true,
      format: 'text',
      pageCount: 3,
      ...PAGE_TWO,
    } satisfies PageLayout);
    render(() => <OverviewView slug={slug()} />);
    const notes = await screen.findByRole('article', { name: 'site-notes.txt' });
    const sentences = within(notes).getAllByTestId('summary-sentence');
    expect(sentences.map(flat)).toEqual([`Site notes, week two. (p. 2)`, `${SENTENCE} (p. 2)`]);

    await user.click(sentences[1] as HTMLElement);
    const viewer = await screen.findByTestId('viewer');
    expect(viewer.getAttribute('data-page')).toBe('2');
    expect(pageLayout).toHaveBeenCalledWith(slug(), id('c'), 2);
    await waitFor(() =>
      expect(screen.getAllByTestId('highlight').map((m) => m.textContent)).toEqual([SENTENCE]),
    );

    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('viewer')).toBeNull();
    expect(document.activeElement).toBe(sentences[1]);
  });

  it('says how many documents are still being read', async () => {
    matterOverview.mockResolvedValue({
      ...overview(3),
      documents: [CONTRACT],
      groups: [{ kind: 'pdf', documentIds: [CONTRACT.documentId] }],
    });
    render(() => <OverviewView slug={slug()} />);
    expect((await screen.findByTestId('matter-pending')).textContent).toBe('Still reading 3 documents…');
    expect(screen.getAllByTestId('overview-document')).toHaveLength(1);
  });

  it('says so when nothing is indexed, and shows a failed load with a retry', async () => {
    const user = userEvent.setup();
    matterOverview.mockRejectedValueOnce(new api.ApiError('The index is busy.', 503));
    matterOverview.mockResolvedValueOnce({ documents: [], groups: [], pending: 0 });
    render(() => <OverviewView slug={slug()} />);
    const alert = await screen.findByRole('alert');
    expect(flat(alert)).toBe('Could not load the overview: The index is busy. Try again');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText(/No document is indexed in this workspace yet/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('the first screen of a workspace', () => {
  it('is its Overview once it has indexed documents, and Ask while it has none', async () => {
    vi.mocked(api.listWorkspaces).mockResolvedValue([
      { name: 'Crane matter', slug: 'crane', folders: ['/matter'], documents: 3 },
      { name: 'New matter', slug: 'new', folders: ['/new'], documents: 0 },
    ]);
    vi.mocked(api.threads).mockResolvedValue([]);
    vi.mocked(api.searchPassages).mockResolvedValue({
      retrieval: 'hybrid',
      reranked: false,
      hits: [],
      scope: null,
      scopeDocuments: null,
    });
    matterOverview.mockResolvedValue(overview());
    navigate({ view: 'workspace', slug: 'crane', tab: null });
    render(() => <App />);
    const tabs = await screen.findByRole('navigation', { name: 'Crane matter screens' });
    expect(
      within(tabs)
        .getAllByRole('link')
        .map((t) => t.textContent),
    ).toEqual(['Overview', 'Timeline', 'Ask', 'Documents', 'Settings']);
    expect(within(tabs).getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');
    expect(await screen.findAllByTestId('overview-document')).toHaveLength(3);
    // The sidebar opens a workspace on its first screen, whichever that is.
    const sidebar = screen.getByRole('navigation', { name: 'Workspaces' });
    expect(
      within(sidebar)
        .getByRole('link', { name: /Crane matter/ })
        .getAttribute('href'),
    ).toBe('#/w/crane');

    navigate({ view: 'workspace', slug: 'new', tab: null });
    const newTabs = await screen.findByRole('navigation', { name: 'New matter screens' });
    expect(within(newTabs).getByRole('link', { name: 'Ask' }).getAttribute('aria-current')).toBe('page');
    expect(screen.queryByTestId('overview')).toBeNull();
    navigate({ view: 'home' });
  });
});
