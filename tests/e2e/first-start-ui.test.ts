// A first start in the browser: a fresh install (no built-in model yet) where the first workspace is
// created from the form while the server generates its model. The Documents screen says what it is waiting for, with
// the build's progress, instead of "Loading documents…"; the sidebar's count follows the indexing run
// instead of "0 documents" until it ends. Headless Chromium against a real `startServer` on 127.0.0.1;
// fails on a console error or a request to another origin.
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer } from '@quire/server';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeDocumentFixtures } from '../fixtures/documents.ts';
import { buildWebUi, launchChromium, pageErrors, recordingContext, screenshot } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let server: Awaited<ReturnType<typeof startServer>> | undefined;
let browser: Browser;
let context: BrowserContext | undefined;
let webRoot: string;
let matter: string;
const sharedModels = process.env.QUIRE_MODELS_DIR;

beforeAll(async () => {
  tmp = await tempDir('quire-first-ui-');
  webRoot = join(tmp.path, 'web');
  matter = join(tmp.path, 'First matter');
  await Promise.all([buildWebUi(webRoot), writeDocumentFixtures(matter)]);
  browser = await launchChromium();
});

afterAll(async () => {
  process.env.QUIRE_MODELS_DIR = sharedModels;
  await context?.close();
  await browser?.close();
  await server?.close();
  await tmp?.cleanup();
});

it('shows the built-in model being prepared, then the documents, with the sidebar count following indexing', async () => {
  // A fresh install: an empty models folder. The server's start-up build of the built-in model is held
  // back until the form is filled and started just before the workspace is created (as if the server had
  // just started), so that the Documents screen opens while it runs however fast this machine builds it.
  process.env.QUIRE_MODELS_DIR = await mkdtemp(join(tmp.path, 'models-'));
  server = await startServer({ home: join(tmp.path, 'home'), port: 0, webRoot, warmBuiltin: false });
  const { modelBuild } = server;
  const origin = server.url;

  const recording = await recordingContext(browser, origin);
  context = recording.context;
  const page = await context.newPage();
  const errors = pageErrors(page);
  // Everything the Documents screen and the sidebar say while the page is open, in order.
  await page.addInitScript(() => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    const note = (text: string | null | undefined) => {
      if (text && said.at(-1) !== text) said.push(text);
    };
    new MutationObserver(() => {
      note(document.querySelector('[data-testid="model-wait"]')?.textContent);
      note(document.querySelector('.documents-view [role="status"]')?.textContent);
      const count = document.querySelector('[data-testid="workspace-count"]')?.textContent;
      if (count) note(`sidebar: ${count}`);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  // As a new user does: the page opens on the create form, and the workspace is created from it while
  // the model is being generated.
  await page.goto(`${origin}/`);
  await page.getByLabel('Name').fill('First matter');
  await page.getByLabel('Folders').fill(matter);
  void modelBuild.start();
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.waitForURL(/#\/w\/first-matter\/documents$/, { timeout: 60_000 });

  const wait = page.getByTestId('model-wait');
  await wait.waitFor({ timeout: 60_000 });
  expect(await wait.innerText()).toMatch(/Preparing the built-in search model… \d+%/);
  await screenshot(page, 'first-start-preparing-model');

  await page
    .locator('[data-testid="document-row"][data-path$="/contract.pdf"][data-state="indexed"]')
    .waitFor({
      timeout: 180_000,
    });
  await wait.waitFor({ state: 'detached' });
  // The run ends with every document read; the sidebar then gives the index's count alone.
  await expect
    .poll(() => page.getByTestId('workspace-count').innerText(), { timeout: 120_000 })
    .toMatch(/^\d+ documents?$/);
  await screenshot(page, 'first-start-indexed');

  const said = await page.evaluate(() => (window as unknown as { said: string[] }).said);
  const shares = said
    .map((text) => /Preparing the built-in search model… (\d+)%/.exec(text)?.[1])
    .filter((share) => share !== undefined)
    .map(Number);
  expect(shares.length, JSON.stringify(said)).toBeGreaterThan(0);
  expect(shares).toEqual([...shares].sort((a, b) => a - b));
  // While the run went on, the sidebar said so (not "0 documents" until it ended).
  expect(
    said.some((text) => /^sidebar: .* · indexing/.test(text)),
    JSON.stringify(said),
  ).toBe(true);

  expect(recording.offOrigin(), 'requests to other origins').toEqual([]);
  expect(errors, 'console errors').toEqual([]);
});
