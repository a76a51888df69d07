// Printed page labels and scoped questions in headless Chromium against a real `startServer` on
// 127.0.0.1 (no chat model), issue 17 must-show 4. The folder holds a PDF whose /PageLabels number its
// pages i–iii then 1–4, each page stamped with a Bates number, and two notes on the same topic. A citation
// of the PDF's fifth page names it "p. 2 (PDF p. 5)" with its Bates number and opens the viewer at
// physical page 5; a scope chip restricting the question to one note makes every source that note's.
// Fails on a request to another origin or a console error. Screenshots go to tests/.artifacts/e2e.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer } from '@quire/server';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { batesOf, bodyOf, marginPdf } from '../fixtures/labelled-pdfs.ts';
import { buildWebUi, launchChromium, screenshot } from '../helpers/browser.ts';
import { apiRequest, PageChecks, parseAnswerEvent, useTestModels, waitForIndexed } from '../helpers/e2e.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let origin: string;

const SLUG = 'depot-matter';
const HANDBOOK = 'handbook.pdf';
const NORTH = 'north-depot.txt';
const SOUTH = 'south-depot.txt';
/** What physical page 5 of the handbook prints ("2": after i, ii, iii and 1) and the sentence it holds. */
const CITED_PAGE = 5;
const CITED_LABEL = '2';
const SENTENCE =
  'The quellbright deposit of nine hundred guilders is returned within thirty days of the lease ending.';
/** The notes' topic: both answer the question about it, in words nothing else in the folder has. */
const PALLETS_QUESTION = 'When are the zanthic pallets inspected?';

let restoreModels: (() => void) | undefined;
const pages = new PageChecks();

const api = (path: string, body?: unknown): Promise<Response> => apiRequest(origin, path, body);
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The handbook: /PageLabels i–iii then 1–4, each footer printing its label, each page stamped ACME-… */
async function writeHandbook(file: string): Promise<void> {
  const printed = ['i', 'ii', 'iii', '1', '2', '3', '4'];
  const bytes = await marginPdf(
    printed.map((label, index) => ({
      body: index + 1 === CITED_PAGE ? [SENTENCE] : bodyOf('handbook', index + 1),
      header: 'Handbook of Commercial Leases',
      footer: label,
      stamp: batesOf(index + 1),
    })),
    {
      labels: [
        { start: 0, style: 'r' },
        { start: 3, style: 'D', first: 1 },
      ],
    },
  );
  await writeFile(file, bytes);
}

interface Source {
  path: string;
  page: number;
  pageLabel: string | null;
  bates: string | null;
}

interface AnswerEvent {
  support?: string;
  citations: Source[];
  passages: Source[];
  sources: Source[];
  scope: { in?: string[] } | null;
  scopeDocuments: number | null;
}

async function openChat(size = { width: 1440, height: 900 }): Promise<Page> {
  const page = await pages.open(browser, origin);
  await page.setViewportSize(size);
  await page.goto(`${origin}/#/w/${SLUG}/chat`);
  await page.getByLabel('Question').waitFor();
  return page;
}

/** Asks `question` in the page and returns the `answer` event the server sent, once the turn shows it. */
async function ask(page: Page, question: string): Promise<AnswerEvent> {
  const answered = page.waitForResponse((r) => r.url().endsWith(`/api/workspaces/${SLUG}/ask`));
  await page.getByLabel('Question').fill(question);
  await page.getByLabel('Question').press('Enter');
  const response = await answered;
  const result = parseAnswerEvent<AnswerEvent>(await response.text());
  await page.locator('[data-testid="answer"][data-status="done"]').last().waitFor();
  return result;
}

/** Where the answer's sources show: its cards when answered, else the last turn's closest passages. */
function shownSources(page: Page, result: AnswerEvent): Locator {
  return result.support === 'answered'
    ? page.getByTestId('citation-card')
    : page.getByTestId('turn').last().getByTestId('closest-passage');
}

beforeAll(async () => {
  tmp = await tempDir('quire-scope-labels-');
  const webRoot = join(tmp.path, 'web');
  const matter = join(tmp.path, 'Depot matter');
  await mkdir(matter);
  restoreModels = await useTestModels(join(tmp.path, 'models'));
  await Promise.all([
    buildWebUi(webRoot),
    writeHandbook(join(matter, HANDBOOK)),
    writeFile(
      join(matter, NORTH),
      'North depot yard rules.\n\nThe zanthic pallets at the north depot are inspected every Monday morning by the yard foreman.\n',
    ),
    writeFile(
      join(matter, SOUTH),
      'South depot yard rules.\n\nThe zanthic pallets at the south depot are inspected on the first Friday of each month by the safety officer.\n',
    ),
  ]);
  server = await startServer({ home: join(tmp.path, 'home'), port: 0, webRoot });
  origin = server.url;
  const created = await api('/api/workspaces', { name: 'Depot matter', folders: [matter] });
  expect(created.status).toBe(201);
  browser = await launchChromium();
  await waitForIndexed(origin, SLUG, [HANDBOOK, NORTH, SOUTH]);
}, 420_000);

afterEach(() => pages.verify());

afterAll(async () => {
  restoreModels?.();
  await browser?.close();
  await server?.close();
  await tmp?.cleanup();
});

describe('page labels and scope chips in Chromium', () => {
  it('names a cited page as printed with its PDF page and Bates number, and opens the physical page', async () => {
    const page = await openChat();
    const result = await ask(page, 'When is the quellbright deposit returned?');
    const cited = [...result.citations, ...result.passages].find((c) => c.path.endsWith(`/${HANDBOOK}`));
    expect(cited, 'a citation or closest passage of the handbook').toMatchObject({
      page: CITED_PAGE,
      pageLabel: CITED_LABEL,
      bates: batesOf(CITED_PAGE),
    });

    const source = shownSources(page, result).filter({ hasText: HANDBOOK }).first();
    await source.waitFor();
    expect(await source.getByTestId('page-label').innerText()).toBe(
      `p. ${CITED_LABEL} (PDF p. ${CITED_PAGE})`,
    );
    // (its name, "Bates number", is there for screen readers only)
    expect(flat(await source.getByTestId('bates').innerText())).toBe(`Bates number ${batesOf(CITED_PAGE)}`);
    expect(await source.getByTestId('bates').evaluate((el) => el.getBoundingClientRect().width)).toBeLessThan(
      200,
    );
    await screenshot(page, 'scope-labels-citation');

    // Opened at the physical page, which the viewer's header names both ways, with its Bates number.
    const open =
      result.support === 'answered'
        ? source.locator('.citation-open').first()
        : source.getByRole('button', { name: `Open page ${CITED_LABEL}` });
    await open.click();
    const viewer = page.locator(`[data-testid="viewer"][data-kind="pdf"][data-page="${CITED_PAGE}"]`);
    await viewer.waitFor();
    await viewer.locator('[data-testid="pdf-canvas"][data-rendered="true"]').waitFor();
    await expect
      .poll(async () => flat(await viewer.getByTestId('viewer-where').innerText()))
      .toBe(`p. ${CITED_LABEL} (PDF p. ${CITED_PAGE} of 7) · Bates number ${batesOf(CITED_PAGE)}`);
    await viewer.getByTestId('highlight').first().waitFor();
    await screenshot(page, 'scope-labels-viewer');
  });

  it('asks again of one document picked as a scope chip: every source is that document', async () => {
    const page = await openChat();
    const everywhere = await ask(page, PALLETS_QUESTION);
    expect(everywhere.scope).toBeNull();
    const unscoped = new Set(everywhere.sources.map((s) => s.path.split('/').at(-1)));
    expect([...unscoped].sort(), 'both notes answer it').toEqual(expect.arrayContaining([NORTH, SOUTH]));

    // Scope → Documents: the picker lists the workspace's documents; the filter finds the south note.
    await page.getByRole('button', { name: 'Scope', exact: true }).click();
    const panel = page.getByTestId('scope-panel');
    await panel.getByTestId('scope-document').nth(2).waitFor();
    await panel.getByLabel('Only these documents').fill('south');
    expect(await panel.getByTestId('scope-document').count()).toBe(1);
    await panel.getByRole('checkbox', { name: new RegExp(SOUTH.replace('.', '\\.')) }).check();
    await screenshot(page, 'scope-labels-picker');
    await panel.getByRole('button', { name: 'Apply' }).click();
    const chip = page.getByTestId('scope-chip');
    expect(await chip.locator('.scope-chip-edit').innerText()).toBe(`Documents: ${SOUTH}`);

    const scoped = await ask(page, PALLETS_QUESTION);
    expect(scoped.scope?.in).toHaveLength(1);
    expect(scoped.scopeDocuments).toBe(1);
    expect(scoped.sources.length).toBeGreaterThan(0);
    for (const source of [...scoped.sources, ...scoped.citations, ...scoped.passages]) {
      expect(source.path.endsWith(`/${SOUTH}`), source.path).toBe(true);
    }
    // The page shows it: the note under the answer, and only the south note's sources.
    const turn = page.getByTestId('turn').last();
    expect(await turn.getByTestId('scope-note').innerText()).toBe(
      `Asked of 1 document · Documents: ${SOUTH}`,
    );
    const shown = shownSources(page, scoped);
    await shown.first().waitFor();
    for (const text of await shown.allInnerTexts()) {
      expect(text).toContain(SOUTH);
      expect(text).not.toContain(NORTH);
    }
    await screenshot(page, 'scope-labels-scoped-answer');

    // Removing the chip asks the whole workspace again.
    await chip.getByRole('button', { name: `Remove Documents: ${SOUTH}` }).click();
    expect(await page.getByTestId('scope-all').innerText()).toBe('Whole workspace');
    const again = await ask(page, PALLETS_QUESTION);
    expect(again.scope).toBeNull();
  });

  it('keeps the chips and their panel inside an 800 × 600 window', async () => {
    const page = await openChat({ width: 800, height: 600 });
    const scopeButton = page.getByRole('button', { name: 'Scope', exact: true });
    // Two chips, added from the keyboard: Kind (PDF) and Dates.
    await scopeButton.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('scope-panel');
    await panel.getByRole('button', { name: 'Kind' }).click();
    await panel.getByRole('checkbox', { name: 'PDF' }).check();
    await page.keyboard.press('Enter');
    await scopeButton.click();
    await panel.getByRole('button', { name: 'Dates' }).click();
    await panel.getByLabel('Dated on or after').fill('2016-01-01');
    await panel.getByRole('button', { name: 'Apply' }).click();
    expect(await page.getByTestId('scope-chip').locator('.scope-chip-edit').allInnerTexts()).toEqual([
      'Kind: PDF',
      'Dates: since 2016-01-01',
    ]);
    await scopeButton.click();
    await panel.getByTestId('scope-document').first().waitFor();
    const overflow = await page.evaluate(() => {
      const problems: string[] = [];
      const root = document.scrollingElement ?? document.documentElement;
      if (root.scrollWidth > window.innerWidth) problems.push(`page ${root.scrollWidth}px wide`);
      for (const el of document.querySelectorAll<HTMLElement>(
        '.chat-main, .scope-bar, .scope-panel, .composer',
      )) {
        if (el.scrollWidth > el.clientWidth + 1)
          problems.push(`${el.className} ${el.scrollWidth} > ${el.clientWidth}`);
      }
      return problems;
    });
    expect(overflow).toEqual([]);
    await screenshot(page, 'scope-labels-800');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });
});
