// The web UI end to end, in headless Chromium (Debian `chromium` driven by playwright-core) against a
// real `startServer` on 127.0.0.1 serving the UI built from the current sources: create a workspace on
// a fixture folder, watch its documents get indexed (and a file dropped in later), ask, watch the answer
// stream, click a citation and see the page with the passage highlighted — PDF and DOCX. Every test
// fails if the page made any request to another origin. Screenshots go to tests/.artifacts/e2e.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pdfPageLayout } from '@quire/ingest';
import { startServer } from '@quire/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeDocumentFixtures } from '../fixtures/documents.ts';
import { scannedPdf } from '../fixtures/ocr-documents.ts';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { SCRIPTED_REPLY_TEXT, writeScriptedChatModel } from '../fixtures/tiny-models.ts';
import { buildWebUi, launchChromium, screenshot } from '../helpers/browser.ts';
import { PageChecks, parseAnswerEvent, useTestModels } from '../helpers/e2e.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let origin: string;
let matter: string;

let restoreModels: (() => void) | undefined;
/** Each test's page, checked when it ends. */
const pages = new PageChecks();

async function openPage(hash = '', colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await pages.open(browser, origin, { colorScheme });
  await page.goto(`${origin}/${hash}`);
  return page;
}

const row = (page: Page, file: string) => page.locator(`[data-testid="document-row"][data-path$="/${file}"]`);

beforeAll(async () => {
  tmp = await tempDir('quire-e2e-');
  const webRoot = join(tmp.path, 'web');
  matter = join(tmp.path, 'Acme matter');
  // Models this test imports land in a folder of its own; the built-in model is shared (no rebuild).
  restoreModels = await useTestModels(join(tmp.path, 'models'));
  await Promise.all([buildWebUi(webRoot), writeDocumentFixtures(matter)]);
  server = await startServer({ home: join(tmp.path, 'home'), port: 0, webRoot });
  origin = server.url;
  browser = await launchChromium();
});

afterEach(() => pages.verify());

afterAll(async () => {
  restoreModels?.();
  await browser?.close();
  await server?.close();
  await tmp?.cleanup();
});

describe('web UI in Chromium', () => {
  it('creates a workspace on a folder and shows its documents getting indexed, live', async () => {
    const page = await openPage();
    await page.getByLabel('Name').fill('Acme lease');
    await page.getByLabel('Folders').fill(matter);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL(/#\/w\/acme-lease\/documents$/);

    await row(page, 'contract.pdf').and(page.locator('[data-state="indexed"]')).waitFor({ timeout: 90_000 });
    await row(page, 'notes.docx').and(page.locator('[data-state="indexed"]')).waitFor();
    const encrypted = row(page, 'encrypted.pdf');
    await encrypted.and(page.locator('[data-state="failed"]')).waitFor();
    expect(await encrypted.innerText()).toMatch(/password/i);
    await screenshot(page, '1-documents-indexed');

    // A file saved into the folder later appears and gets indexed without reloading the page.
    const seen: string[] = [];
    await page.exposeFunction('recordState', (state: string) => void seen.push(state));
    await page.evaluate(() => {
      const record = (window as unknown as { recordState: (s: string) => void }).recordState;
      new MutationObserver(() => {
        const late = document.querySelector('[data-testid="document-row"][data-path$="/late-memo.pdf"]');
        const state = late?.getAttribute('data-state');
        if (state) record(state);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await writeFile(join(matter, 'late-memo.pdf'), await simplePdf(['Memo about the zanquillo boiler.']));
    await row(page, 'late-memo.pdf').and(page.locator('[data-state="indexed"]')).waitFor({ timeout: 60_000 });
    expect(seen.at(-1)).toBe('indexed');
    await expect
      .poll(async () =>
        page
          .getByRole('status')
          .filter({ hasText: /documents indexed/ })
          .count(),
      )
      .toBeGreaterThan(0);
  });

  it('answers with citations; a click opens the PDF page with the quoted passage highlighted', async () => {
    const page = await openPage('#/w/acme-lease/chat');
    const question = page.getByLabel('Question');
    await question.fill('How much written notice is needed to end the lease?');
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/workspaces/acme-lease/ask'));
    await question.press('Enter');
    const result = parseAnswerEvent<AnswerEvent>(await (await answered).text());
    const cited = result.citations.find((c) => c.path.endsWith('contract.pdf') && c.page === 3);
    expect(cited, 'a citation of the notice clause on page 3').toBeDefined();
    if (!cited) return;

    const card = page.getByTestId('citation-card').filter({ hasText: 'contract.pdf' }).first();
    await card.waitFor();
    expect(await card.getAttribute('data-verified')).toBe('true');
    expect(await card.innerText()).toContain(cited.quote.slice(0, 30));
    await card.click();

    const viewer = page.locator('[data-testid="viewer"][data-kind="pdf"][data-page="3"]');
    await viewer.waitFor();
    const canvas = viewer.locator('[data-testid="pdf-canvas"][data-rendered="true"]');
    await canvas.waitFor({ timeout: 30_000 });
    const highlights = viewer.getByTestId('highlight');
    await highlights.first().waitFor();

    // The first highlight sits where the quote starts on the page (same share of the page height).
    const layout = await pdfPageLayout(await readFile(join(matter, 'contract.pdf')), 3);
    const startBox = layout.boxes.find((b) => b.start <= cited.start && cited.start < b.end);
    expect(startBox).toBeDefined();
    // The page may still be settling (the viewer lays it out again once its size is known): boxes of
    // the same layout, read once both are there.
    let canvasBox = await canvas.boundingBox();
    let markBox = await highlights.first().boundingBox();
    for (let tries = 0; (!canvasBox || !markBox) && tries < 50; tries++) {
      await page.waitForTimeout(100);
      canvasBox = await canvas.boundingBox();
      markBox = await highlights.first().boundingBox();
    }
    if (!canvasBox || !markBox || !startBox) throw new Error('viewer not laid out');
    const expectedTop = canvasBox.y + (startBox.y / layout.height) * canvasBox.height;
    expect(Math.abs(markBox.y - expectedTop)).toBeLessThan(0.02 * canvasBox.height);
    expect(markBox.x).toBeGreaterThanOrEqual(canvasBox.x - 1);
    expect(markBox.x + markBox.width).toBeLessThanOrEqual(canvasBox.x + canvasBox.width + 1);
    await screenshot(page, '2-pdf-citation-highlighted');
  });

  it('opens a Word document at the cited (or closest) passage, marked and scrolled into view', async () => {
    const page = await openPage('#/w/acme-lease/chat');
    await page.getByLabel('Question').fill('Where are my records kept, and for how long?');
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/workspaces/acme-lease/ask'));
    await page.getByLabel('Question').press('Enter');
    const result = parseAnswerEvent<AnswerEvent>(await (await answered).text());
    const cited = [...result.citations, ...result.passages].find((c) => c.path.endsWith('notes.docx'));
    expect(cited, 'a citation or closest passage of notes.docx').toBeDefined();

    await sourceOf(page, result, 'notes.docx').click();
    const viewer = page.locator('[data-testid="viewer"][data-kind="docx"]');
    await viewer.waitFor();
    const mark = viewer.getByTestId('highlight').first();
    await mark.waitFor();
    const marked = (await viewer.getByTestId('highlight').allInnerTexts()).join(' ');
    expect(marked.replace(/\s+/g, ' ')).toContain('quorraby archive');
    expect(await mark.isVisible()).toBe(true);
    await screenshot(page, '3-docx-citation-highlighted');
  });

  it('quotes a scanned page read by OCR, says so, and highlights the quote over the page image', async () => {
    await writeFile(join(matter, 'easement-scan.pdf'), await scannedPdf());
    const page = await openPage('#/w/acme-lease/documents');
    await row(page, 'easement-scan.pdf')
      .and(page.locator('[data-state="indexed"]'))
      .waitFor({ timeout: 90_000 });
    await page.goto(`${origin}/#/w/acme-lease/chat`);
    await page.getByLabel('Question').fill('Who witnessed the zanquillo easement as notary public?');
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/workspaces/acme-lease/ask'));
    await page.getByLabel('Question').press('Enter');
    const result = parseAnswerEvent<AnswerEvent>(await (await answered).text());
    // A citation of the scanned page, or (without a confirmed answer) a closest passage from it.
    const cited = [...result.citations, ...result.passages].find((c) => c.path.endsWith('easement-scan.pdf'));
    expect(cited, 'a quote or passage of the scanned page').toMatchObject({ source: 'ocr' });
    if (result.support === 'answered') {
      expect(result.citations.find((c) => c.path.endsWith('easement-scan.pdf'))?.verified).toBe(true);
    }

    const source = sourceOf(page, result, 'easement-scan.pdf');
    await expect
      .poll(() => source.getByTestId('ocr-badge').innerText(), { timeout: 15_000 })
      .toMatch(/Read by OCR/);
    await source.click();
    const viewer = page.locator('[data-testid="viewer"][data-kind="pdf"][data-page="1"]');
    await viewer.locator('[data-testid="pdf-canvas"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    const highlight = viewer.getByTestId('highlight').first();
    await highlight.waitFor();
    let canvasBox = await viewer.getByTestId('pdf-canvas').boundingBox();
    let markBox = await highlight.boundingBox();
    for (let tries = 0; (!canvasBox || !markBox) && tries < 50; tries++) {
      await page.waitForTimeout(100);
      canvasBox = await viewer.getByTestId('pdf-canvas').boundingBox();
      markBox = await highlight.boundingBox();
    }
    if (!canvasBox || !markBox) throw new Error('viewer not laid out');
    expect(markBox.y).toBeGreaterThanOrEqual(canvasBox.y - 1);
    expect(markBox.y + markBox.height).toBeLessThanOrEqual(canvasBox.y + canvasBox.height + 1);
    await screenshot(page, '5-ocr-citation-highlighted');
  });

  it('streams a generated answer token by token, and Esc stops a stream', async () => {
    // A scripted tiny GGUF chat model through the real node-llama-cpp path (it cannot prove quality).
    const modelPath = join(tmp.path, 'scripted-chat.gguf');
    await writeScriptedChatModel(modelPath);
    const imported = await postJson('/api/models/import', { path: modelPath });
    await postJson('/api/workspaces/acme-lease/models', { role: 'chat', model: imported.model.id });

    const page = await openPage('#/w/acme-lease/chat', 'dark');
    await page.getByLabel('Question').waitFor();
    // Slow the page's network so that each token event arrives on its own.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: 1500,
      uploadThroughput: -1,
    });
    await page.evaluate(() => {
      const states: string[] = [];
      (window as unknown as { answerStates: string[] }).answerStates = states;
      new MutationObserver(() => {
        const answers = document.querySelectorAll('[data-testid="answer"]');
        const text = answers[answers.length - 1]?.textContent ?? '';
        if (text && states.at(-1) !== text) states.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByLabel('Question').fill('When can the tenant end the lease?');
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/workspaces/acme-lease/ask'));
    await page.getByRole('button', { name: 'Ask' }).click();
    const result = parseAnswerEvent<AnswerEvent>(await (await answered).text());
    await page.locator('[data-testid="answer"][data-status="done"]').waitFor({ timeout: 60_000 });
    const states = await page.evaluate(() => (window as unknown as { answerStates: string[] }).answerStates);
    // The streamed text, whole: while it streams its marker already shows its number.
    const streamed = states.find((s) => s.includes(SCRIPTED_REPLY_TEXT)) ?? '';
    expect(streamed, `answers seen: ${JSON.stringify(states)}`).toContain(SCRIPTED_REPLY_TEXT);
    const growing = states.filter((s) => s.length < streamed.length && streamed.includes(s.trim()));
    expect(growing.length, `partial answers seen: ${JSON.stringify(states)}`).toBeGreaterThanOrEqual(3);
    await screenshot(page, '4-streamed-answer-dark');

    // Complete, it is an answer only if its citation was verified; else the closest passages replace it.
    const done = page.getByTestId('answer');
    expect(await done.getAttribute('data-support')).toBe(result.support);
    if (result.support === 'answered') await page.getByTestId('citation-marker').first().click();
    else {
      expect(await done.getByTestId('answer-text').count()).toBe(0);
      expect(await page.getByTestId('verification').count()).toBe(0);
      await page.getByTestId('closest-passage').first().getByRole('button').click();
    }
    await page.getByTestId('viewer').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('viewer').waitFor({ state: 'detached' });

    // A second question, stopped with Esc while it streams: what arrived stays, marked as stopped.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 200,
      downloadThroughput: 300,
      uploadThroughput: -1,
    });
    await page.getByLabel('Question').fill('Who pays for repairs?');
    await page.getByLabel('Question').press('Enter');
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    await page.keyboard.press('Escape');
    await page
      .getByText(/stopped/i)
      .first()
      .waitFor();
    await postJson('/api/workspaces/acme-lease/models', { role: 'chat', model: null });
  });
});

/**
 * What opens the page of `file` for an answer: its source card when the answer was given, else (support
 * `closest`) its closest passage, which the page shows instead of an answer.
 */
function sourceOf(page: Page, result: AnswerEvent, file: string) {
  return result.support === 'answered'
    ? page.getByTestId('citation-card').filter({ hasText: file }).first()
    : page.getByTestId('closest-passage').filter({ hasText: file }).first();
}

interface AnswerEvent {
  support?: string;
  passages: { path: string; page: number }[];
  citations: {
    path: string;
    page: number;
    quote: string;
    start: number;
    end: number;
    source?: string;
    verified?: boolean;
  }[];
}

/** The `answer` event of an ask stream (Server-Sent Events). */

// biome-ignore lint/suspicious/noExplicitAny: test-side JSON of the server's own routes
async function postJson(path: string, body: unknown): Promise<any> {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}
