// Workspaces cannot merge by accident (issue 15), in headless Chromium against a real `startServer` on
// 127.0.0.1 serving the UI built from the current sources: a taken name is refused and attaches nothing;
// Settings → Folders warns before attaching a folder another workspace reads, and attaches it once
// confirmed; the folder browser picks a folder into the create form. The server's home folder (where
// the browser starts) is a temp folder of this test. Every test fails if the page made any request to
// another origin or logged an error. Screenshots go to tests/.artifacts/e2e.
import { mkdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer } from '@quire/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildWebUi, launchChromium, screenshot } from '../helpers/browser.ts';
import { PageChecks, useTestModels } from '../helpers/e2e.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let origin: string;
/** The server's home folder: Matters/{Acme, Acme/letters, Beta, Gamma}. */
let userHome: string;
const matter = (name: string) => join(userHome, 'Matters', name);

let restoreModels: (() => void) | undefined;
const pages = new PageChecks();
const givenHome = process.env.HOME;

/** The line Chromium logs for an answer with status 409, which the refusals under test are. */
const CONFLICT_LOGGED = 'Failed to load resource: the server responded with a status of 409 (Conflict)';

async function openPage(hash = ''): Promise<Page> {
  const page = await pages.open(browser, origin);
  await page.goto(`${origin}/${hash}`);
  return page;
}

type Json = Record<string, unknown>;
async function api(
  path: string,
  init?: { method: string; body: unknown },
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${origin}${path}`, {
    method: init?.method ?? 'GET',
    headers: { 'content-type': 'application/json' },
    body: init ? JSON.stringify(init.body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Json };
}
const foldersOf = async (slug: string) =>
  ((await api(`/api/workspaces/${slug}`)).body.workspace as { folders: string[] }).folders;

beforeAll(async () => {
  tmp = await tempDir('quire-e2e-safety-');
  const webRoot = join(tmp.path, 'web');
  await mkdir(join(tmp.path, 'user'));
  userHome = await realpath(join(tmp.path, 'user'));
  for (const name of ['Acme/letters', 'Beta', 'Gamma']) await mkdir(matter(name), { recursive: true });
  restoreModels = await useTestModels(join(tmp.path, 'models'));
  await buildWebUi(webRoot);
  server = await startServer({ home: join(tmp.path, 'home'), port: 0, webRoot, warmBuiltin: false });
  origin = server.url;
  browser = await launchChromium();
  // The server's folder browser starts at the home folder (os.homedir(), which reads HOME).
  process.env.HOME = userHome;
  expect(
    (
      await api('/api/workspaces', {
        method: 'POST',
        body: { name: 'Acme lease', folders: [matter('Acme')] },
      })
    ).status,
  ).toBe(201);
});

afterEach(() => pages.verify());

afterAll(async () => {
  process.env.HOME = givenHome;
  restoreModels?.();
  await browser?.close();
  await server?.close();
  await tmp?.cleanup();
});

describe('workspaces cannot merge by accident (Chromium)', () => {
  it('refuses to create a workspace with an existing name, keeps what was typed, and attaches nothing', async () => {
    const page = await openPage();
    await page.getByRole('button', { name: /New workspace/ }).click();
    await page.getByLabel('Name').fill('acme Lease');
    await page.getByLabel('Folders').fill(matter('Beta'));
    const answered = page.waitForResponse(
      (r) => r.url().endsWith('/api/workspaces') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Create workspace' }).click();
    expect((await answered).status()).toBe(409);
    pages.expectConsoleError(CONFLICT_LOGGED);
    const alert = page.getByRole('alert').filter({ hasText: 'already taken' });
    await alert.waitFor();
    expect(await alert.innerText()).toBe(
      'That name is already taken by the workspace “Acme lease”. Choose a different name. To add these folders to “Acme lease” instead, open it and use Add folder in its Settings → Folders. Nothing was created.',
    );
    expect(await page.getByLabel('Name').inputValue()).toBe('acme Lease');
    expect(await page.getByLabel('Folders').inputValue()).toBe(matter('Beta'));
    await screenshot(page, 'safety-1-name-taken');

    expect(await foldersOf('acme-lease')).toEqual([matter('Acme')]);
    const list = (await api('/api/workspaces')).body.workspaces as { slug: string }[];
    expect(list.map((w) => w.slug)).toEqual(['acme-lease']);
  });

  it('warns before attaching a folder another workspace reads in Settings → Folders, and attaches it once confirmed', async () => {
    expect(
      (
        await api('/api/workspaces', {
          method: 'POST',
          body: { name: 'Beta holdings', folders: [matter('Beta')] },
        })
      ).status,
    ).toBe(201);
    const page = await openPage('#/w/beta-holdings/settings');
    const letters = join(matter('Acme'), 'letters');
    await page.getByLabel('Add a folder to “Beta holdings”').fill(letters);
    await page.getByRole('button', { name: 'Add folder to “Beta holdings”' }).click();
    const warning = page.getByTestId('folder-in-use');
    await warning.waitFor();
    pages.expectConsoleError(CONFLICT_LOGGED);
    expect(await warning.innerText()).toContain(
      `${letters} is inside ${matter('Acme')}, a folder of the workspace “Acme lease”.`,
    );
    expect(await warning.innerText()).toContain('Add it to “Beta holdings” anyway?');
    expect(await foldersOf('beta-holdings')).toEqual([matter('Beta')]);
    await screenshot(page, 'safety-2-folder-in-use-warning');

    await warning.getByRole('button', { name: 'Add anyway' }).click();
    await page.getByText(`Added ${letters} to “Beta holdings”.`).waitFor();
    expect(await warning.count()).toBe(0);
    expect(await page.locator('.folder-list code.path').allInnerTexts()).toEqual([matter('Beta'), letters]);
    expect(await foldersOf('beta-holdings')).toEqual([matter('Beta'), letters]);
    expect(await foldersOf('acme-lease')).toEqual([matter('Acme')]);
  });

  it('picks a folder with the folder browser into the create form and creates the workspace on it', async () => {
    const page = await openPage();
    await page.getByRole('button', { name: /New workspace/ }).click();
    await page.getByLabel('Name').fill('Gamma');
    await page.getByRole('button', { name: 'Browse for a folder…' }).click();
    const picker = page.getByTestId('folder-picker');
    const where = picker.getByTestId('folder-picker-path');
    await expect.poll(() => where.innerText()).toBe(userHome);
    await picker.getByRole('button', { name: /Matters/ }).click();
    await expect.poll(() => where.innerText()).toBe(join(userHome, 'Matters'));
    // Folders other workspaces read say so.
    const acme = picker.getByRole('listitem').filter({ hasText: 'Acme' });
    expect(await acme.innerText()).toContain('in Acme lease');
    await picker.scrollIntoViewIfNeeded();
    await screenshot(page, 'safety-3-folder-browser');
    await picker.getByRole('button', { name: /Gamma/ }).click();
    await expect.poll(() => where.innerText()).toBe(matter('Gamma'));
    await picker.getByRole('button', { name: 'Add this folder' }).click();
    expect(await page.getByLabel('Folders').inputValue()).toBe(matter('Gamma'));

    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL(/#\/w\/gamma\/documents$/);
    expect(await foldersOf('gamma')).toEqual([matter('Gamma')]);
  });
});
