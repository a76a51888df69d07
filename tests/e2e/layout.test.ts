import { join } from 'node:path';
import { startServer } from '@quire/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeDocumentFixtures } from '../fixtures/documents.ts';
import { buildWebUi, launchChromium, screenshot } from '../helpers/browser.ts';
import { PageChecks, useTestModels } from '../helpers/e2e.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let origin: string;

let restoreModels: (() => void) | undefined;
const pages = new PageChecks();

const SLUG = 'layout-matter';
const SIZES = [
  { width: 800, height: 600 },
  { width: 1440, height: 900 },
] as const;
const THEMES = ['light', 'dark'] as const;
/** Background of the page in each theme (styles.css `--bg`). */
const BACKGROUNDS = { light: 'rgb(251, 250, 247)', dark: 'rgb(22, 23, 25)' };

async function openPage(
  size: { width: number; height: number },
  colorScheme: 'light' | 'dark',
  hash: string,
): Promise<Page> {
  const page = await pages.open(browser, origin, { colorScheme });
  await page.setViewportSize(size);
  await page.goto(`${origin}/${hash}`);
  return page;
}

beforeAll(async () => {
  tmp = await tempDir('quire-layout-');
  const webRoot = join(tmp.path, 'web');
  const matter = join(tmp.path, 'Layout matter');
  restoreModels = await useTestModels(join(tmp.path, 'models'));
  await Promise.all([buildWebUi(webRoot), writeDocumentFixtures(matter)]);
  server = await startServer({ home: join(tmp.path, 'home'), port: 0, webRoot });
  origin = server.url;
  const created = await fetch(`${origin}/api/workspaces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Layout matter', folders: [matter] }),
  });
  expect(created.status).toBe(201);
  // Every document read (indexed or failed) before the screens are looked at.
  for (let settled = false; !settled; ) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const response = await fetch(`${origin}/api/workspaces/${SLUG}/documents`);
    // Right after the workspace is created its index may not be open yet: ask again.
    if (!response.ok) continue;
    const status = (await response.json()) as {
      counts: { queued: number; parsing: number; embedding: number; indexed: number };
    };
    const { queued, parsing, embedding, indexed } = status.counts;
    settled = indexed > 0 && queued + parsing + embedding === 0;
  }
  browser = await launchChromium();
});

afterEach(() => pages.verify());

afterAll(async () => {
  restoreModels?.();
  await browser?.close();
  await server?.close();
  await tmp?.cleanup();
});

/**
 * What is wrong with the page's layout, in words (empty: nothing): a page wider than the window, or a
 * screen that scrolls sideways; and, for each element matching `rows`, two visible children that overlap.
 */
async function layoutProblems(page: Page, rows: readonly string[]): Promise<string[]> {
  return page.evaluate((selectors) => {
    const problems: string[] = [];
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth > window.innerWidth) {
      problems.push(`the page is ${root.scrollWidth}px wide in a ${window.innerWidth}px window`);
    }
    for (const scroller of document.querySelectorAll<HTMLElement>('.content, .chat-scroll, .viewer-header')) {
      if (scroller.scrollWidth > scroller.clientWidth + 1) {
        problems.push(
          `.${scroller.className.split(' ')[0]} scrolls sideways (${scroller.scrollWidth} > ${scroller.clientWidth})`,
        );
      }
    }
    const visible = (element: Element) => {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
    };
    const name = (element: Element) =>
      `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} “${(element.textContent ?? '').trim().slice(0, 30)}”`;
    for (const selector of selectors) {
      for (const row of document.querySelectorAll(selector)) {
        if (!visible(row)) continue;
        const children = [...row.children].filter(visible);
        for (let i = 0; i < children.length; i++) {
          for (let j = i + 1; j < children.length; j++) {
            const a = children[i]?.getBoundingClientRect();
            const b = children[j]?.getBoundingClientRect();
            if (!a || !b) continue;
            const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (across > 1 && down > 1) {
              problems.push(
                `in ${selector}: ${name(children[i] as Element)} overlaps ${name(children[j] as Element)}`,
              );
            }
          }
        }
      }
    }
    return problems;
  }, rows);
}

/** Document names shown cut: wider than their box, or squeezed to a few characters' width. */
async function cutNames(page: Page): Promise<string[]> {
  return page.locator('.docs-file').evaluateAll((names) =>
    names
      .filter((name) => {
        const text = (name.textContent ?? '').trim();
        const box = name.getBoundingClientRect();
        const em = Number.parseFloat(getComputedStyle(name).fontSize);
        const fits = name.scrollWidth <= name.clientWidth + 1;
        // A name may wrap, but each of its lines holds at least ~8 characters (or the whole name).
        return !fits || box.width < Math.min(text.length, 8) * 0.45 * em;
      })
      .map((name) => `${name.textContent} (${name.getBoundingClientRect().width}px)`),
  );
}

const TOP = ['.topbar', '.tabs'];
const DOCUMENTS = [...TOP, '.documents-header', '.docs-toolbar', '.docs-head', '.docs-row'];
const ASK = [...TOP, '.viewer-header', '.viewer-tools', '.composer-row'];
const SETTINGS = [...TOP, '.settings', '.settings-card', '.inline-form', '.settings-grid'];

describe('layout from 800 px to wide screens', () => {
  for (const size of SIZES) {
    for (const theme of THEMES) {
      const label = `${size.width}x${size.height}-${theme}`;
      const narrow = size.width < 1000;

      it(`Documents, Ask with the viewer and Settings at ${size.width} × ${size.height}, ${theme}`, async () => {
        const page = await openPage(size, theme, `#/w/${SLUG}/documents`);
        await page.locator('[data-testid="document-row"][data-state="indexed"]').first().waitFor();
        expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(
          BACKGROUNDS[theme],
        );

        // The sidebar: collapsed on a narrow window (the list gets the width), beside the screen on a wide one.
        const toggle = page.getByRole('button', { name: 'Workspaces' });
        expect(await toggle.getAttribute('aria-expanded')).toBe(narrow ? 'false' : 'true');
        expect(await page.locator('#workspace-sidebar').isVisible()).toBe(!narrow);

        expect(await layoutProblems(page, DOCUMENTS)).toEqual([]);
        expect(await cutNames(page)).toEqual([]);
        await screenshot(page, `layout-${label}-documents`);

        // A document opens from its name, at page 1, over the list (all of it on a narrow window).
        await page.getByTestId('document-open').filter({ hasText: 'contract.pdf' }).click();
        const opened = page.locator('[data-testid="viewer"][data-kind="pdf"][data-page="1"]');
        await opened.locator('[data-testid="pdf-canvas"][data-rendered="true"]').waitFor({ timeout: 30_000 });
        const openedBox = await opened.boundingBox();
        expect(openedBox?.width ?? 0).toBeGreaterThanOrEqual(narrow ? size.width - 24 : 600);
        expect(await layoutProblems(page, ['.viewer-header', '.viewer-tools'])).toEqual([]);
        await screenshot(page, `layout-${label}-document-open`);
        await page.keyboard.press('Escape');
        await opened.waitFor({ state: 'detached' });

        if (narrow) {
          // Opened, the sidebar lies over the screen without squeezing it, and closes after a choice.
          const before = await page.locator('main.content').boundingBox();
          await toggle.click();
          const sidebar = page.locator('#workspace-sidebar');
          await sidebar.waitFor();
          expect(await page.locator('main.content').boundingBox()).toEqual(before);
          expect(await layoutProblems(page, ['.sidebar-head', '.workspace-link'])).toEqual([]);
          await screenshot(page, `layout-${label}-sidebar-open`);
          await sidebar.getByRole('link', { name: /Layout matter/ }).click();
          await sidebar.waitFor({ state: 'hidden' });
        }

        // Ask, then open the first cited page.
        await page.goto(`${origin}/#/w/${SLUG}/chat`);
        const question = page.getByLabel('Question');
        await question.fill('How much written notice is needed to end the lease?');
        await question.press('Enter');
        const card = page.getByTestId('citation-card').filter({ hasText: 'contract.pdf' }).first();
        await card.waitFor({ timeout: 60_000 });
        expect(await layoutProblems(page, [...ASK, '.chat', '.citations-header'])).toEqual([]);
        await screenshot(page, `layout-${label}-ask`);
        await card.click();
        const viewer = page.locator('[data-testid="viewer"][data-kind="pdf"]');
        const canvas = viewer.locator('[data-testid="pdf-canvas"][data-rendered="true"]');
        await canvas.waitFor({ timeout: 30_000 });
        await viewer.getByTestId('highlight').first().waitFor();
        const viewerBox = await viewer.boundingBox();
        const canvasBox = await canvas.boundingBox();
        if (!viewerBox || !canvasBox) throw new Error('viewer not laid out');
        if (narrow) {
          // The viewer covers the window's width (it lies over the conversation, closed with Esc).
          expect(viewerBox.width).toBeGreaterThanOrEqual(size.width - 24);
        }
        // The page is drawn large enough to read: at least 500 px wide.
        expect(canvasBox.width).toBeGreaterThanOrEqual(500);
        expect(await layoutProblems(page, ASK)).toEqual([]);
        await screenshot(page, `layout-${label}-ask-viewer`);
        await page.keyboard.press('Escape');
        await viewer.waitFor({ state: 'detached' });

        await page.goto(`${origin}/#/w/${SLUG}/settings`);
        await page.locator('.settings-card').first().waitFor();
        expect(await layoutProblems(page, SETTINGS)).toEqual([]);
        await screenshot(page, `layout-${label}-settings`);
      });
    }
  }

  it('between 1000 and 1250 px with the sidebar open, a cited page covers the window too', async () => {
    const size = { width: 1120, height: 800 };
    const page = await openPage(size, 'light', `#/w/${SLUG}/chat`);
    expect(await page.getByRole('button', { name: 'Workspaces' }).getAttribute('aria-expanded')).toBe('true');
    await page.getByLabel('Question').fill('How much written notice is needed to end the lease?');
    await page.getByLabel('Question').press('Enter');
    const card = page.getByTestId('citation-card').filter({ hasText: 'contract.pdf' }).first();
    await card.waitFor({ timeout: 60_000 });
    await card.click();
    const viewer = page.locator('[data-testid="viewer"][data-kind="pdf"]');
    const canvas = viewer.locator('[data-testid="pdf-canvas"][data-rendered="true"]');
    await canvas.waitFor({ timeout: 30_000 });
    expect((await viewer.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(size.width - 24);
    expect((await canvas.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(500);
    expect(await layoutProblems(page, ASK)).toEqual([]);
    await screenshot(page, 'layout-1120x800-light-ask-viewer-sidebar-open');
  });
});
