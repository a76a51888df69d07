// A row citation from a spreadsheet, in headless Chromium against a real `startServer` on 127.0.0.1 (no
// chat model) with a folder holding a workbook written here (issue 16, must-show 4): asking with the words
// of one row, then opening its source (the answer's card, or the closest passage) shows the sheet as a
// table named "Sheet <name>", the cited row marked with the quote's cells highlighted and scrolled into
// view. Fails on a request to another origin or a console error. Screenshots go to tests/.artifacts/e2e.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer } from '@quire/server';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildWebUi, launchChromium, screenshot } from '../helpers/browser.ts';
import { apiRequest, PageChecks, parseAnswerEvent, useTestModels, waitForIndexed } from '../helpers/e2e.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let origin: string;

const SLUG = 'claims-matter';
const FILE = 'claims.xlsx';
/** The one row's note with words no other row has; its row is far down the sheet. */
const NOTE = 'zanquillo pump flooded the marmotte cellar';
const ROW = 45;
let restoreModels: (() => void) | undefined;
const pages = new PageChecks();

const api = (path: string, body?: unknown): Promise<Response> => apiRequest(origin, path, body);

/** A claims schedule: a header row, then 60 rows of repairs, row {@link ROW} the one with {@link NOTE}. */
async function writeWorkbook(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Damages');
  sheet.addRow(['Item', 'Amount', 'Note']);
  const rooms = ['kitchen', 'hallway', 'attic', 'garage', 'porch', 'bathroom'];
  for (let i = 1; i <= 60; i++) {
    const note = i === ROW ? NOTE : `ordinary wear in the ${rooms[i % rooms.length]}, repair ${i}`;
    sheet.addRow([`Repair ${i}`, 100 * i + 25, note]);
  }
  sheet.getColumn(2).numFmt = '#,##0.00';
  await writeFile(file, Buffer.from(await workbook.xlsx.writeBuffer()));
}

beforeAll(async () => {
  tmp = await tempDir('quire-sheet-citation-');
  const webRoot = join(tmp.path, 'web');
  const matter = join(tmp.path, 'matter');
  await mkdir(matter);
  restoreModels = await useTestModels(join(tmp.path, 'models'));
  await Promise.all([buildWebUi(webRoot), writeWorkbook(join(matter, FILE))]);
  server = await startServer({ home: join(tmp.path, 'home'), port: 0, webRoot });
  origin = server.url;
  const created = await api('/api/workspaces', { name: 'Claims matter', folders: [matter] });
  expect(created.status).toBe(201);
  browser = await launchChromium();
  await waitForIndexed(origin, SLUG, [FILE]);
}, 420_000);

afterEach(() => pages.verify());

afterAll(async () => {
  restoreModels?.();
  await browser?.close();
  await server?.close();
  await tmp?.cleanup();
});

describe('a spreadsheet citation in Chromium', () => {
  it('opens the sheet as a table with the cited row marked, its quoted cells highlighted and in view', async () => {
    const page = await pages.open(browser, origin);
    await page.goto(`${origin}/#/w/${SLUG}/chat`);
    await page.getByLabel('Question').waitFor();

    const answered = page.waitForResponse((r) => r.url().endsWith(`/api/workspaces/${SLUG}/ask`));
    await page.getByLabel('Question').fill('Which zanquillo pump flooded the marmotte cellar?');
    await page.getByLabel('Question').press('Enter');
    const result = parseAnswerEvent<AnswerEvent>(await (await answered).text());
    await page.locator('[data-testid="answer"][data-status="done"]').last().waitFor();
    const cited = [...result.citations, ...result.passages].find((c) => c.path.endsWith(FILE));
    expect(cited, 'a citation or closest passage of the workbook').toBeDefined();

    await sourceOf(page, result).click();
    const viewer = page.locator('[data-testid="viewer"][data-kind="text"]');
    await viewer.waitFor();
    const table = viewer.getByTestId('sheet');
    await table.waitFor();
    expect(await table.locator('th').allInnerTexts()).toEqual(['Item', 'Amount', 'Note']);
    expect(await table.locator('tbody tr').count()).toBe(61);
    expect(await viewer.locator('.viewer-where').innerText()).toBe('Spreadsheet · Sheet Damages');

    // The row with the note is marked as cited, the note's cell text inside a highlight, and in view.
    const row = table.locator('tr[data-cited]').filter({ hasText: NOTE });
    await row.waitFor();
    expect(await row.locator('td').allInnerTexts()).toEqual([`Repair ${ROW}`, '4,525.00', NOTE]);
    const mark = row.getByTestId('highlight').filter({ hasText: 'marmotte' });
    expect(await mark.count()).toBe(1);
    expect(await mark.innerText()).toContain('zanquillo pump flooded the marmotte cellar');
    expect(await mark.isVisible()).toBe(true);
    const body = await viewer.locator('.viewer-body').boundingBox();
    const markBox = await mark.boundingBox();
    if (!body || !markBox) throw new Error('viewer not laid out');
    expect(markBox.y).toBeGreaterThanOrEqual(body.y - 1);
    expect(markBox.y + markBox.height).toBeLessThanOrEqual(body.y + body.height + 1);
    await screenshot(page, 'sheet-row-citation-marked');
  });
});

/**
 * What opens the workbook's page for an answer: its source card when the answer was given, else (support
 * `closest`) its closest passage, which the page shows instead of an answer.
 */
function sourceOf(page: Page, result: AnswerEvent) {
  return result.support === 'answered'
    ? page.getByTestId('citation-card').filter({ hasText: FILE }).first()
    : page.getByTestId('closest-passage').filter({ hasText: FILE }).first().getByRole('button').first();
}

interface AnswerEvent {
  support?: string;
  passages: { path: string; page: number }[];
  citations: { path: string; page: number; quote: string; start: number; end: number }[];
}

/** The `answer` event of an ask stream (Server-Sent Events). */
