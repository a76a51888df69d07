// The Compare view (issue 18): two versions side by side, page by page, each difference marked exactly
// at the server's offsets into each side's page text — removed and changed words struck through on the
// older side, added and changed words marked on the newer, with what a changed span was.
import { cleanup, render, screen, within } from '@solidjs/testing-library';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CompareView } from '../../apps/web/src/components/CompareView.tsx';
import * as api from '../../apps/web/src/lib/api.ts';
import { markedPieces } from '../../apps/web/src/lib/compare-marks.ts';
import type { ComparedPage, CompareResult } from '../../apps/web/src/lib/matter.ts';
import { parseRoute, routeHash } from '../../apps/web/src/lib/route.ts';

vi.mock('../../apps/web/src/lib/api.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../apps/web/src/lib/api.ts')>()),
  compareDocuments: vi.fn(),
}));

const compareDocuments = vi.mocked(api.compareDocuments);

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const OLD =
  '4. Payment. The Buyer shall pay each invoice within thirty days of its date by bank transfer. ' +
  'Late payments bear interest at four per cent above the base rate.';
const NEW =
  '4. Payment. The Buyer shall pay each invoice within forty-five days of its date by transfer. ' +
  'Late payments bear interest at four per cent above the base rate. Invoices are sent by email.';
const ADDED = ' Invoices are sent by email.';

/** The span of `words` in `text` (its first occurrence). */
function span(text: string, words: string) {
  const start = text.indexOf(words);
  if (start < 0) throw new Error(`${words} not in ${text}`);
  return { start, end: start + words.length };
}

const EDITED: ComparedPage = {
  pageA: 2,
  pageB: 2,
  textA: OLD,
  textB: NEW,
  changes: [
    {
      kind: 'changed',
      a: span(OLD, 'thirty'),
      b: span(NEW, 'forty-five'),
      text: 'forty-five',
      was: 'thirty',
    },
    { kind: 'removed', a: span(OLD, 'bank '), text: 'bank ' },
    { kind: 'added', b: span(NEW, ADDED), text: ADDED },
  ],
};
const SAME = 'SUPPLY AGREEMENT\nThis Supply Agreement is made between Acme and Borealis.';

function comparison(): CompareResult {
  return {
    a: { documentId: A, path: '/matter/contract-v1.pdf', title: null, pageCount: 2 },
    b: { documentId: B, path: '/matter/contract-v2.pdf', title: 'Supply Agreement (signed)', pageCount: 3 },
    similarity: 0.91,
    pages: [
      { pageA: 1, pageB: 1, textA: SAME, textB: SAME, changes: [] },
      EDITED,
      {
        pageA: null,
        pageB: 3,
        textA: null,
        textB: 'Schedule of goods.',
        changes: [{ kind: 'added', b: { start: 0, end: 18 }, text: 'Schedule of goods.' }],
      },
    ],
  };
}

beforeEach(() => compareDocuments.mockReset());
afterEach(() => cleanup());

const flat = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const marks = (side: HTMLElement) =>
  [...side.querySelectorAll('ins, del')].map((m) => [
    m.tagName.toLowerCase(),
    m.getAttribute('data-change'),
    m.textContent,
  ]);

describe('marked differences', () => {
  it('cuts each side of a page into plain text and exactly the spans of its changes', () => {
    expect(markedPieces(EDITED, 'a')).toEqual([
      { text: '4. Payment. The Buyer shall pay each invoice within ', change: null },
      { text: 'thirty', change: 'changed' },
      { text: ' days of its date by ', change: null },
      { text: 'bank ', change: 'removed' },
      { text: 'transfer. Late payments bear interest at four per cent above the base rate.', change: null },
    ]);
    expect(markedPieces(EDITED, 'b')).toEqual([
      { text: '4. Payment. The Buyer shall pay each invoice within ', change: null },
      { text: 'forty-five', change: 'changed', was: 'thirty' },
      {
        text: ' days of its date by transfer. Late payments bear interest at four per cent above the base rate.',
        change: null,
      },
      { text: ADDED, change: 'added' },
    ]);
    // Put back together, each side is its page's text, character for character.
    expect(
      markedPieces(EDITED, 'a')
        .map((p) => p.text)
        .join(''),
    ).toBe(OLD);
    expect(
      markedPieces(EDITED, 'b')
        .map((p) => p.text)
        .join(''),
    ).toBe(NEW);
  });

  it('clips spans past the end of the text and overlapping ones', () => {
    const page: ComparedPage = {
      pageA: 1,
      pageB: 1,
      textA: 'abcdef',
      textB: 'abcdef',
      changes: [
        { kind: 'added', b: { start: 4, end: 99 }, text: 'ef' },
        { kind: 'added', b: { start: 1, end: 3 }, text: 'bc' },
        { kind: 'added', b: { start: 2, end: 5 }, text: 'cde' },
      ],
    };
    expect(markedPieces(page, 'b')).toEqual([
      { text: 'a', change: null },
      { text: 'bc', change: 'added' },
      { text: 'de', change: 'added' },
      { text: 'f', change: 'added' },
    ]);
    expect(markedPieces(page, 'a')).toEqual([{ text: 'abcdef', change: null }]);
  });
});

describe('the Compare view', () => {
  it('has an address of its own, kept by a reload', () => {
    const route = parseRoute(`#/w/matter/compare/${A}/${B}`);
    expect(route).toEqual({ view: 'workspace', slug: 'matter', tab: 'compare', compare: { a: A, b: B } });
    expect(routeHash(route)).toBe(`#/w/matter/compare/${A}/${B}`);
    // Without its two documents, or with no screen named, the workspace's first screen.
    expect(parseRoute('#/w/matter/compare/abc')).toEqual({ view: 'workspace', slug: 'matter', tab: null });
    expect(parseRoute('#/w/matter')).toEqual({ view: 'workspace', slug: 'matter', tab: null });
    expect(routeHash({ view: 'workspace', slug: 'matter', tab: null })).toBe('#/w/matter');
  });

  it('shows the two versions page by page with the edited clause marked on both sides', async () => {
    compareDocuments.mockResolvedValue(comparison());
    render(() => <CompareView slug="matter" a={A} b={B} />);
    const pages = await screen.findAllByTestId('compare-page');
    expect(compareDocuments).toHaveBeenCalledWith('matter', A, B);
    expect(flat(screen.getByTestId('compare-name-a'))).toBe('A contract-v1.pdf (2 pages)');
    expect(flat(screen.getByTestId('compare-name-b'))).toBe('B Supply Agreement (signed) (3 pages)');
    expect(flat(screen.getByTestId('compare').querySelector('.matter-count'))).toBe(
      '91% alike · 2 pages differ · Swap sides',
    );

    // An unchanged page is folded; the edited one is open, its headings naming both pages.
    expect(pages.map((p) => p.tagName.toLowerCase())).toEqual(['details', 'section', 'section']);
    expect(flat(pages[0]?.querySelector('summary'))).toBe('p. 1 ↔ p. 1 · no differences');
    const edited = pages[1] as HTMLElement;
    expect(flat(edited.querySelector('h4'))).toBe('p. 2 ↔ p. 2 · 3 differences');

    const older = within(edited).getByTestId('compare-side-a');
    const newer = within(edited).getByTestId('compare-side-b');
    expect(marks(older)).toEqual([
      ['del', 'changed', 'thirty'],
      ['del', 'removed', 'bank '],
    ]);
    expect(marks(newer)).toEqual([
      ['ins', 'changed', 'forty-five'],
      ['ins', 'added', ADDED],
    ]);
    expect(flat(within(newer).getByTestId('diff-was'))).toBe('(was “thirty”)');
    expect(newer.querySelector('ins[data-change="changed"]')?.getAttribute('title')).toBe('was: thirty');
    // Screen readers hear what each mark is.
    expect(flat(older.querySelector('.compare-text'))).toContain('[removed: bank ]');

    // A page only in the newer version.
    const added = pages[2] as HTMLElement;
    expect(flat(added.querySelector('h4'))).toBe('— ↔ p. 3 · 1 difference');
    expect(flat(within(added).getByTestId('compare-side-a'))).toBe(
      'No page here: this page is only in the other version.',
    );
    expect(marks(within(added).getByTestId('compare-side-b'))).toEqual([
      ['ins', 'added', 'Schedule of goods.'],
    ]);
  });

  it('links back to the overview and to the same comparison the other way round', async () => {
    compareDocuments.mockResolvedValue(comparison());
    render(() => <CompareView slug="matter" a={A} b={B} />);
    await screen.findAllByTestId('compare-page');
    expect(screen.getByRole('link', { name: '‹ Overview' }).getAttribute('href')).toBe('#/w/matter/overview');
    expect(screen.getByRole('link', { name: 'Swap sides' }).getAttribute('href')).toBe(
      `#/w/matter/compare/${B}/${A}`,
    );
  });

  it('shows a failed comparison with a retry', async () => {
    const user = userEvent.setup();
    compareDocuments.mockRejectedValueOnce(new api.ApiError('No document abc in this workspace.', 404));
    compareDocuments.mockResolvedValueOnce(comparison());
    render(() => <CompareView slug="matter" a={A} b={B} />);
    const alert = await screen.findByRole('alert');
    expect(flat(alert)).toBe(
      'Could not compare these documents: No document abc in this workspace. Try again',
    );
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findAllByTestId('compare-page')).toHaveLength(3);
  });
});
