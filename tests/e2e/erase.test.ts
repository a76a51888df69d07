// Erasing a document from the Documents screen (issue 19) in headless Chromium against a real
// `startServer` on 127.0.0.1, in a 800×600 window. A workspace holds two notes, each with a marker word
// of its own, and a conversation that quotes the first. "Erase…" on the first note's row opens a
// confirmation that fits the window, says what will be removed (read from the erase-preview route: the
// quotes in the conversation, the file's path) and that the file in the folder is not deleted; nothing
// is removed until it is confirmed. Once erased, the dialog says what was removed, the note leaves the
// list (listed apart as erased, its file still in the folder), search no longer finds its marker while
// the other note's is still found, and no file of the data home holds the marker.
// Fails on a request to another origin or a console error. Screenshots go to tests/.artifacts/e2e.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer } from '@quire/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildWebUi, launchChromium, screenshot } from '../helpers/browser.ts';
import { scanForMarker } from '../helpers/byte-scan.ts';
import { apiRequest, PageChecks, useTestModels, waitForIndexed } from '../helpers/e2e.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let origin: string;
let home: string;
let matter: string;

const SLUG = 'erase-matter';
const ERASED = 'privileged.txt';
const KEPT = 'lease.txt';
// Words English stemming leaves alone, unique to this test.
const ERASED_MARKER = 'quorvantixbrel';
const KEPT_MARKER = 'plimbarthquor';

let restoreModels: (() => void) | undefined;
const pages = new PageChecks();

const api = (path: string, body?: unknown): Promise<Response> => apiRequest(origin, path, body);

/** The texts of the passages a search of `word` returns that hold it. */
async function searchHolding(word: string): Promise<string[]> {
  const response = await api(`/api/workspaces/${SLUG}/search?q=${word}&k=20`);
  expect(response.status).toBe(200);
  const { hits } = (await response.json()) as { hits: { path: string; text: string }[] };
  return hits.filter((h) => h.text.toLowerCase().includes(word)).map((h) => h.path);
}

async function openDocuments(): Promise<Page> {
  const page = await pages.open(browser, origin);
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(`${origin}/#/w/${SLUG}/documents`);
  await page.getByTestId('document-row').nth(1).waitFor();
  return page;
}

beforeAll(async () => {
  tmp = await tempDir('quire-erase-e2e-');
  const webRoot = join(tmp.path, 'web');
  matter = join(tmp.path, 'Erase matter');
  home = join(tmp.path, 'home');
  await mkdir(matter);
  restoreModels = await useTestModels(join(tmp.path, 'models'));
  await Promise.all([
    buildWebUi(webRoot),
    writeFile(
      join(matter, ERASED),
      `Privileged note.\n\nThe ${ERASED_MARKER} settlement was offered to the landlord on 3 May 2024 and must stay confidential.\n`,
    ),
    writeFile(
      join(matter, KEPT),
      `Lease summary.\n\nThe ${KEPT_MARKER} lease runs for five years from 1 June 2021.\n`,
    ),
  ]);
  server = await startServer({ home, port: 0, webRoot });
  origin = server.url;
  const created = await api('/api/workspaces', { name: 'Erase matter', folders: [matter] });
  expect(created.status).toBe(201);
  browser = await launchChromium();
  await waitForIndexed(origin, SLUG, [ERASED, KEPT]);
  // A conversation quoting the note to erase (the question is the user's own words, which erasing keeps:
  // it does not name the marker).
  const asked = await api(`/api/workspaces/${SLUG}/ask`, {
    question: 'When was the settlement offered to the landlord?',
    newThread: true,
  });
  expect(asked.status).toBe(200);
}, 420_000);

afterEach(() => pages.verify());

afterAll(async () => {
  restoreModels?.();
  await browser?.close();
  await server?.close();
  await tmp?.cleanup();
});

describe('Erase from Quire on the Documents screen', () => {
  it('confirms what will be removed, erases the document, and search no longer finds it', async () => {
    expect(await searchHolding(ERASED_MARKER)).toEqual([join(matter, ERASED)]);
    const page = await openDocuments();

    // The confirmation: what will be removed, that the file stays; Cancel removes nothing.
    await page.getByRole('button', { name: `Erase ${ERASED} from Quire…` }).click();
    const dialog = page.getByRole('dialog', { name: `Erase “${ERASED}” from Quire?` });
    await dialog.getByTestId('erase-preview').waitFor();
    const preview = await dialog.innerText();
    expect(preview).toContain(join(matter, ERASED));
    expect(preview).toMatch(
      /its quotes in 1 answer of your conversations, replaced by “\[removed: erased on \d{4}-\d{2}-\d{2}\]”/,
    );
    expect(preview).toContain('The file in your folder is not deleted.');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    // It fits the window: the whole dialog and both of its buttons are on screen.
    const box = await dialog.boundingBox();
    expect(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= 800 && box.y + box.height <= 600).toBe(
      true,
    );
    await expect.poll(() => dialog.getByRole('button', { name: 'Erase from Quire' }).isVisible()).toBe(true);
    await screenshot(page, 'erase-confirm-800x600');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await searchHolding(ERASED_MARKER)).toHaveLength(1);

    // Confirmed: the result, then the list without the note.
    await page.getByRole('button', { name: `Erase ${ERASED} from Quire…` }).click();
    await dialog.getByRole('button', { name: 'Erase from Quire' }).click();
    const result = page.getByTestId('erase-result');
    await result.waitFor();
    const said = await result.innerText();
    expect(said).toContain('its quotes were replaced in 1 answer of your conversations');
    expect(said).toContain('The file is still in your folder');
    await screenshot(page, 'erase-done-800x600');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await expect
      .poll(() => page.locator(`[data-testid="document-row"][data-path="${join(matter, ERASED)}"]`).count())
      .toBe(0);
    await page.locator(`[data-testid="document-row"][data-path="${join(matter, KEPT)}"]`).waitFor();
    expect(await page.getByTestId('erased-files').innerText()).toContain('Erased from Quire: 1 file');
    await screenshot(page, 'erase-list-800x600');

    expect(await searchHolding(ERASED_MARKER)).toEqual([]);
    expect(await searchHolding(KEPT_MARKER)).toEqual([join(matter, KEPT)]);
    expect((await stat(join(matter, ERASED))).isFile()).toBe(true);
    expect(await scanForMarker(home, ERASED_MARKER)).toEqual({ files: [], versions: [] });
  });
});
