// The viewer on citations of a spreadsheet row and a slide (issue 16): a sheet page is a table (header row
// as column heads, rows as table rows) named "Sheet <name>", the cited row marked with the quote's cells
// highlighted; a slide is named "Slide N" under its title. The layouts are built by ingest's own code from
// a workbook and deck written here, as the layout route builds them.
import { cleanup, render, screen, waitFor, within } from '@solidjs/testing-library';
import ExcelJS from 'exceljs';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Viewer } from '../../apps/web/src/components/Viewer.tsx';
import type { Citation, PageLayout } from '../../apps/web/src/lib/api.ts';
import * as api from '../../apps/web/src/lib/api.ts';
import { forgetPageLayouts } from '../../apps/web/src/lib/page-layouts.ts';
import { officePageLayout } from '../../packages/ingest/src/office-parser.ts';

vi.mock('../../apps/web/src/lib/api.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../apps/web/src/lib/api.ts')>()),
  pageLayout: vi.fn(),
}));

const pageLayout = vi.mocked(api.pageLayout);
const ROW_QUOTE = 'Amount: 48,250.00; Note: flooded basement archive';

let sheetPage: PageLayout;

beforeAll(async () => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Damages');
  sheet.addRow(['Item', 'Amount', 'Note']);
  sheet.addRow(['Roof', 1200, 'leaking skylight']);
  sheet.addRow(['Cellar', 48250, 'flooded basement archive']);
  sheet.addRow(['Door', 300, 'forced lock']);
  sheet.getColumn(2).numFmt = '#,##0.00';
  const data = new Uint8Array(await workbook.xlsx.writeBuffer());
  sheetPage = {
    kind: 'text',
    documentId: 'd'.repeat(64),
    page: 1,
    current: true,
    format: 'spreadsheet',
    ...(await officePageLayout(data, 'xlsx', 1)),
  };
});

function citation(overrides: Partial<Citation>): Citation {
  return {
    n: 1,
    chunkId: 'chunk-1',
    documentId: 'd'.repeat(64),
    path: '/matters/claims.xlsx',
    page: 1,
    heading: 'Damages',
    quote: '',
    start: 0,
    end: 0,
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

describe('the viewer on a spreadsheet citation', () => {
  it('shows the sheet as a table named for the sheet, the cited row marked and its quoted cells highlighted', async () => {
    pageLayout.mockResolvedValue(sheetPage);
    const start = sheetPage.text.indexOf(ROW_QUOTE);
    expect(start).toBeGreaterThan(0);
    render(() => (
      <Viewer
        slug="ws"
        citation={citation({ quote: ROW_QUOTE, start, end: start + ROW_QUOTE.length })}
        onClose={() => {}}
      />
    ));
    const table = await screen.findByTestId('sheet');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Item', 'Amount', 'Note']);
    const rows = within(table).getAllByRole('row');
    expect(rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent))).toEqual([
      [],
      ['Roof', '1,200.00', 'leaking skylight'],
      ['Cellar', '48,250.00', 'flooded basement archive'],
      ['Door', '300.00', 'forced lock'],
    ]);
    const cited = table.querySelectorAll('tr[data-cited]');
    expect(cited).toHaveLength(1);
    expect(cited[0]?.textContent).toBe('Cellar48,250.00flooded basement archive');
    // The quote covers the Amount and Note values (the header names are the column heads).
    expect(screen.getAllByTestId('highlight').map((mark) => mark.textContent)).toEqual([
      '48,250.00',
      'flooded basement archive',
    ]);
    for (const mark of screen.getAllByTestId('highlight')) expect(cited[0]?.contains(mark)).toBe(true);
    const where = within(screen.getByTestId('viewer')).getByText(/Spreadsheet ·/);
    expect(where.textContent).toBe('Spreadsheet · Sheet Damages');
  });

  it('marks the header cells a quote covers and no row when only the sheet name is quoted', async () => {
    pageLayout.mockResolvedValue(sheetPage);
    const quote = 'Damages\n\nItem | Amount';
    render(() => (
      <Viewer slug="ws" citation={citation({ quote, start: 0, end: quote.length })} onClose={() => {}} />
    ));
    await waitFor(() =>
      expect(screen.getAllByTestId('highlight').map((mark) => mark.textContent)).toEqual([
        'Damages',
        'Item',
        'Amount',
      ]),
    );
    const table = screen.getByTestId('sheet');
    expect(table.querySelector('caption')?.textContent).toBe('Damages');
    expect([...table.querySelectorAll('tr[data-cited] th')].map((th) => th.textContent)).toEqual([
      'Item',
      'Amount',
      'Note',
    ]);
  });
});

describe('the viewer on a slide citation', () => {
  it('names the page "Slide N" and shows the slide title as its heading', async () => {
    pageLayout.mockResolvedValue({
      kind: 'text',
      documentId: 'e'.repeat(64),
      page: 3,
      current: true,
      format: 'slides',
      pageCount: 7,
      text: 'Quarterly damages estimate\n\nLost profits of 2.4 million',
      blocks: [
        { kind: 'heading', level: 1, start: 0, end: 26, text: 'Quarterly damages estimate', rows: null },
        {
          kind: 'paragraph',
          level: null,
          start: 28,
          end: 55,
          text: 'Lost profits of 2.4 million',
          rows: null,
        },
      ],
    } satisfies PageLayout);
    const quote = 'Lost profits of 2.4 million';
    render(() => (
      <Viewer
        slug="ws"
        citation={citation({
          documentId: 'e'.repeat(64),
          path: '/matters/board.pptx',
          page: 3,
          quote,
          start: 28,
          end: 28 + quote.length,
        })}
        onClose={() => {}}
      />
    ));
    await waitFor(() =>
      expect(screen.getAllByTestId('highlight').map((m) => m.textContent)).toEqual([quote]),
    );
    const slide = screen.getByTestId('slide');
    expect(within(slide).getByRole('heading', { level: 1 }).textContent).toBe('Quarterly damages estimate');
    expect(within(screen.getByTestId('viewer')).getByText(/Slide deck ·/).textContent).toMatch(
      /^Slide deck · Slide 3 of 7/,
    );
  });
});
