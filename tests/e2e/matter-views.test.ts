// The whole-matter screens in headless Chromium against a real `startServer` on 127.0.0.1 (no chat
// model), issue 18 must-show 4. The folder holds two versions of a four-page supply agreement (PDFs of the
// generated drafts, differing in one clause: payment within thirty days, then forty-five), each signed
// with a dated line, and a site note stating two more dates. A workspace with indexed documents opens on
// its Overview; the Timeline lists the dated events and opens one's page with the sentence highlighted;
// the Compare view, reached from a version link, marks the edited clause. At 800 × 600 and wide, light
// and dark, nothing is wider than the window. Fails on a request to another origin or a console error.
// Screenshots go to tests/.artifacts/e2e/matter-*.png.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer } from '@quire/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { marginPdf } from '../fixtures/labelled-pdfs.ts';
import { buildWebUi, launchChromium, screenshot } from '../helpers/browser.ts';
import { apiRequest, PageChecks, useTestModels, waitForIndexed } from '../helpers/e2e.ts';
import { tempDir } from '../helpers/temp.ts';
import { ACME, contractPages } from '../unit/matter/drafts.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let origin: string;
let restoreModels: (() => void) | undefined;
const pages = new PageChecks();

const SLUG = 'supply-matter';
const FIRST = 'supply-agreement-draft.pdf';
const SECOND = 'supply-agreement-final.pdf';
const NOTE = 'site-note.txt';
const SIGNED = 'Signed in Rotterdam on 17 March 2014.';
const DELIVERY = 'The first delivery reached the Rotterdam warehouse on 2 April 2014.';
const SIZES = [
  { width: 1440, height: 900 },
  { width: 800, height: 600 },
] as const;

const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A page's text as lines of at most `width` characters (the PDF draws each line as written). */
function wrap(text: string, width = 88): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The agreement as a PDF: its pages wrapped, the payment clause's days as given, signed on its last page. */
async function writeAgreement(file: string, days: string): Promise<void> {
  const text = contractPages({ ...ACME, days });
  const bytes = await marginPdf(
    text.map((page, i) => ({
      body: i === text.length - 1 ? [...wrap(page), '', SIGNED] : wrap(page),
      footer: String(i + 1),
    })),
  );
  await writeFile(file, bytes);
}

/** A page at `size` in `colorScheme`, opened at `hash`. */
async function openPage(
  hash: string,
  size: { width: number; height: number } = SIZES[0],
  colorScheme: 'light' | 'dark' = 'light',
): Promise<Page> {
  const page = await pages.open(browser, origin, { colorScheme });
  await page.setViewportSize(size);
  await page.goto(`${origin}/${hash}`);
  return page;
}

/** What is wider than the window, in words (empty: nothing): the page, or the screen scrolling sideways. */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth > window.innerWidth)
      problems.push(`page ${root.scrollWidth}px > ${window.innerWidth}px`);
    for (const el of document.querySelectorAll<HTMLElement>(
      '.content, .matter, .compare-side, .viewer-header',
    )) {
      if (el.scrollWidth > el.clientWidth + 1)
        problems.push(`${el.className} ${el.scrollWidth} > ${el.clientWidth}`);
    }
    return problems;
  });
}

beforeAll(async () => {
  tmp = await tempDir('quire-matter-views-');
  const webRoot = join(tmp.path, 'web');
  const matter = join(tmp.path, 'Supply matter');
  await mkdir(matter);
  restoreModels = await useTestModels(join(tmp.path, 'models'));
  await Promise.all([
    buildWebUi(webRoot),
    writeAgreement(join(matter, FIRST), 'thirty'),
    writeAgreement(join(matter, SECOND), 'forty-five'),
    writeFile(join(matter, NOTE), `Site note.\n\n${DELIVERY}\n`),
  ]);
  server = await startServer({ home: join(tmp.path, 'home'), port: 0, webRoot });
  origin = server.url;
  const created = await apiRequest(origin, '/api/workspaces', { name: 'Supply matter', folders: [matter] });
  expect(created.status).toBe(201);
  browser = await launchChromium();
  await waitForIndexed(origin, SLUG, [FIRST, SECOND, NOTE]);
  // The matter's facts are read in the background after indexing: wait until none is pending.
  for (let tries = 0; ; tries++) {
    const overview = (await (await apiRequest(origin, `/api/workspaces/${SLUG}/overview`)).json()) as {
      documents: unknown[];
      pending: number;
    };
    if (overview.pending === 0 && overview.documents.length === 3) break;
    if (tries > 600) throw new Error(`matter facts still pending: ${JSON.stringify(overview)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, 420_000);

afterEach(() => pages.verify());

afterAll(async () => {
  restoreModels?.();
  await browser?.close();
  await server?.close();
  await tmp?.cleanup();
});

describe('Overview, Timeline and Compare in Chromium', () => {
  it('opens the workspace on its Overview: the documents by kind, with summaries and versions', async () => {
    const page = await openPage(`#/w/${SLUG}`);
    await page.getByTestId('overview-document').nth(2).waitFor();
    expect(await page.getByRole('link', { name: 'Overview', exact: true }).getAttribute('aria-current')).toBe(
      'page',
    );
    const groups = page.getByTestId('overview-group');
    expect(await groups.evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')))).toEqual([
      'pdf',
      'text',
    ]);
    const draft = page.getByRole('article', { name: FIRST });
    expect(flat(await draft.getByTestId('page-count').innerText())).toBe('4 pages');
    expect(await draft.getByTestId('summary-sentence').count()).toBeGreaterThan(0);
    expect(flat(await draft.getByTestId('version-link').innerText())).toMatch(/^Compare with /);
    await screenshot(page, 'matter-overview');
  });

  it('lists the dated events and opens one at its page with the sentence highlighted', async () => {
    const page = await openPage(`#/w/${SLUG}/timeline`);
    const events = page.getByTestId('timeline-event');
    await events.first().waitFor();
    const dates = await page.getByTestId('event-date').allInnerTexts();
    expect(dates.map(flat)).toEqual(expect.arrayContaining(['17 March 2014', '2 April 2014']));
    const signed = events.filter({ hasText: SIGNED });
    // Both versions state it: one event, two sources, each on page 4.
    const sources = signed.getByTestId('event-citation');
    expect((await sources.allInnerTexts()).map(flat).sort()).toEqual(
      [`${SECOND}, p. 4`, `${FIRST}, p. 4`].sort(),
    );
    await screenshot(page, 'matter-timeline');

    await page.getByRole('searchbox', { name: 'Filter' }).fill('warehouse');
    await expect.poll(() => events.count()).toBe(1);
    expect(flat(await events.first().getByTestId('event-text').innerText())).toBe(DELIVERY);
    await page.getByRole('searchbox', { name: 'Filter' }).fill('');

    await signed.getByTestId('event-citation').filter({ hasText: FIRST }).click();
    const viewer = page.locator('[data-testid="viewer"][data-kind="pdf"][data-page="4"]');
    await viewer.locator('[data-testid="pdf-canvas"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    await viewer.getByTestId('highlight').first().waitFor();
    expect(flat(await viewer.locator('.viewer-title').innerText())).toMatch(
      /^\[[12]\] supply-agreement-draft\.pdf$/,
    );
    await screenshot(page, 'matter-timeline-viewer');
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
  });

  it('compares the two versions from a version link, the edited clause marked', async () => {
    const page = await openPage(`#/w/${SLUG}/overview`);
    const draft = page.getByRole('article', { name: FIRST });
    await draft.getByTestId('version-link').click();
    const edited = page.locator('[data-testid="compare-page"]:not([data-changes="0"])');
    await edited.first().waitFor();
    expect(await edited.count()).toBe(1);
    expect(flat(await edited.locator('h4').innerText())).toBe('p. 2 ↔ p. 2 · 1 difference');
    expect(await edited.locator('del[data-change="changed"]').allInnerTexts()).toEqual(['thirty']);
    expect(await edited.locator('ins[data-change="changed"]').allInnerTexts()).toEqual(['forty-five']);
    expect(flat(await edited.getByTestId('diff-was').innerText())).toBe('(was “thirty”)');
    expect(await page.locator('details[data-testid="compare-page"]').count()).toBe(3);
    await screenshot(page, 'matter-compare');
  });

  for (const size of SIZES) {
    for (const theme of ['light', 'dark'] as const) {
      it(`fits the window at ${size.width} × ${size.height}, ${theme}`, async () => {
        const label = `${size.width}x${size.height}-${theme}`;
        const overview = await openPage(`#/w/${SLUG}/overview`, size, theme);
        await overview.getByTestId('overview-document').nth(2).waitFor();
        expect(await overflow(overview)).toEqual([]);
        await screenshot(overview, `matter-overview-${label}`);

        await overview.goto(`${origin}/#/w/${SLUG}/timeline`);
        await overview.getByTestId('timeline-event').first().waitFor();
        expect(await overflow(overview)).toEqual([]);
        await screenshot(overview, `matter-timeline-${label}`);

        await overview.goto(`${origin}/#/w/${SLUG}/overview`);
        await overview.getByTestId('version-link').first().click();
        await overview.locator('[data-testid="compare-page"]:not([data-changes="0"])').first().waitFor();
        expect(await overflow(overview)).toEqual([]);
        await screenshot(overview, `matter-compare-${label}`);
      });
    }
  }
});
