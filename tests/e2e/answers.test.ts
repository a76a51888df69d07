import { join } from 'node:path';
import { startServer } from '@quire/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUESTION_CHARS } from '../../apps/web/src/lib/ask-problems.ts';
import { writeDocumentFixtures } from '../fixtures/documents.ts';
import { buildWebUi, launchChromium, screenshot } from '../helpers/browser.ts';
import { apiRequest, PageChecks, parseAnswerEvent, useTestModels, waitForIndexed } from '../helpers/e2e.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let origin: string;

const SLUG = 'answers-matter';
let restoreModels: (() => void) | undefined;
const pages = new PageChecks();

async function openChat(): Promise<Page> {
  const page = await pages.open(browser, origin);
  await page.goto(`${origin}/#/w/${SLUG}/chat`);
  await page.getByLabel('Question').waitFor();
  return page;
}

const api = (path: string, body?: unknown): Promise<Response> => apiRequest(origin, path, body);

/** Asks `question` in the page and returns the `answer` event the server sent. */
async function ask(page: Page, question: string): Promise<AnswerEvent> {
  const answered = page.waitForResponse((r) => r.url().endsWith(`/api/workspaces/${SLUG}/ask`));
  await page.getByLabel('Question').fill(question);
  await page.getByLabel('Question').press('Enter');
  const result = parseAnswerEvent<AnswerEvent>(await (await answered).text());
  await page.locator('[data-testid="answer"][data-status="done"]').last().waitFor();
  return result;
}

beforeAll(async () => {
  tmp = await tempDir('quire-answers-');
  const webRoot = join(tmp.path, 'web');
  const matter = join(tmp.path, 'matter');
  restoreModels = await useTestModels(join(tmp.path, 'models'));
  await Promise.all([buildWebUi(webRoot), writeDocumentFixtures(matter)]);
  server = await startServer({ home: join(tmp.path, 'home'), port: 0, webRoot });
  origin = server.url;
  const created = await api('/api/workspaces', { name: 'Answers matter', folders: [matter] });
  expect(created.status).toBe(201);
  browser = await launchChromium();
  // Indexed: the contract and the notes (the encrypted file fails, as it must).
  await waitForIndexed(origin, SLUG, ['contract.pdf', 'notes.docx']);
}, 420_000);

afterEach(() => pages.verify());

afterAll(async () => {
  restoreModels?.();
  await browser?.close();
  await server?.close();
  await tmp?.cleanup();
});

describe('answers in Chromium', () => {
  it('shows closest passages or "not found" for a question the documents cannot answer, never an answer', async () => {
    const page = await openChat();
    const result = await ask(page, 'What is the capital of Mongolia?');
    expect(result.support === 'closest' || result.support === 'not-found').toBe(true);

    const answer = page.getByTestId('answer').last();
    expect(await answer.getAttribute('data-support')).toBe(result.support);
    expect(await page.getByTestId('mode-label').last().innerText()).toMatch(
      /^(No answer found — closest passages|Not found in these documents)$/,
    );
    expect(await answer.getByTestId('answer-text').count()).toBe(0);
    expect(await page.getByTestId('citation-marker').count()).toBe(0);
    expect(await page.getByTestId('citation-card').count()).toBe(0);
    expect(await page.getByTestId('verification').count()).toBe(0);
    const body = await page.locator('body').innerText();
    expect(body).not.toMatch(/verified|Quote found|Extracted from the documents/i);
    if (result.support === 'closest') {
      expect(await page.getByTestId('closest-passage').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('closest-why').innerText()).toMatch(/could not confirm/);
      // a closest passage opens its page in the viewer
      await page.getByTestId('closest-passage').first().getByRole('button').click();
      await page.getByTestId('viewer').waitFor();
    }
    await screenshot(page, 'answers-1-unanswerable');
  });

  it('answers an answerable question: markers 1..n, one card per source, each marker opening its own quote', async () => {
    const page = await openChat();
    // Two sources (pages 4 and 1 of the contract), quoted by an extractive answer.
    const result = await ask(page, 'How much is the monthly rent and the security deposit?');
    expect(result.support).toBe('answered');
    const answer = page.getByTestId('answer').last();
    expect(await answer.getAttribute('data-support')).toBe('answered');
    await answer.getByTestId('answer-text').waitFor();

    const markers = answer.getByTestId('citation-marker');
    const numbers = (await markers.allInnerTexts()).map((t) => Number(t.replace(/[[\]]/g, '')));
    expect(numbers.length).toBeGreaterThanOrEqual(2);
    const firstMentions = [...new Set(numbers)];
    expect(firstMentions).toEqual(firstMentions.map((_, i) => i + 1));
    const cards = page.getByTestId('citation-card');
    await cards.first().waitFor();
    expect(await cards.evaluateAll((all) => all.map((c) => Number(c.getAttribute('data-n'))))).toEqual(
      firstMentions,
    );
    // one card per source: no two cards for the same server source
    const sources = await cards.evaluateAll((all) => all.map((c) => c.getAttribute('data-source')));
    expect(new Set(sources).size).toBe(sources.length);
    // what was checked, and nothing more
    for (const badge of await page.locator('[data-testid="verification"] .badge-label').allInnerTexts()) {
      expect(badge).toMatch(/^(Quote found on p\. \d+|Quote not found on the page)$/);
    }
    expect(await page.locator('body').innerText()).not.toMatch(/Verified on page/);

    for (let i = 0; i < numbers.length; i++) {
      const marker = markers.nth(i);
      // The text the marker follows: from the previous marker (or the start) to this one.
      const before = await marker.evaluate((el) => {
        const range = document.createRange();
        const text = el.closest('[data-testid="answer-text"]');
        if (!text) return '';
        range.setStart(text, 0);
        range.setEndBefore(el);
        const all = range.toString();
        const previous = [...text.querySelectorAll('[data-testid="citation-marker"]')]
          .slice(0, [...text.querySelectorAll('[data-testid="citation-marker"]')].indexOf(el))
          .at(-1);
        if (!previous) return all;
        range.setStartAfter(previous);
        return range.toString();
      });
      await marker.click();
      const viewer = page.getByTestId('viewer');
      await viewer.waitFor();
      const card = page.locator(`[data-testid="citation-card"][data-n="${numbers[i]}"]`);
      expect(await card.getAttribute('data-selected')).toBe('true');
      const chosen = card.locator('[data-testid="citation-quote-item"][data-selected="true"]');
      expect(await chosen.count()).toBe(1);
      const quote = (await chosen.locator('mark').innerText()).replace(/\s+/g, ' ').trim();
      // an extractive answer (no chat model): each marker follows the very sentence it cites
      expect(before.replace(/\s+/g, ' ').trim().endsWith(quote)).toBe(true);
      // the card names the page as printed ("p. 2 (PDF p. 4)"); it carries the physical page too
      const cardPage = await card.locator('.citation-page').getAttribute('data-page');
      expect(await viewer.getAttribute('data-page')).toBe(cardPage);
      expect(await viewer.innerText()).toContain(`[${numbers[i]}]`);
      await page.keyboard.press('Escape');
      await viewer.waitFor({ state: 'detached' });
    }
    await markers.first().click();
    await page.getByTestId('viewer').waitFor();
    await screenshot(page, 'answers-2-answered-viewer');
  });

  it('keeps a question over the limit in the box, says so plainly with a counter, and does not send it', async () => {
    // The limit the page counts to is the server's: one more character is refused there.
    const over = await api(`/api/workspaces/${SLUG}/ask`, { question: 'x'.repeat(MAX_QUESTION_CHARS + 1) });
    expect(over.status).toBe(400);

    const page = await openChat();
    const question = `What does the lease say about notice? ${'Please consider every clause. '.repeat(180)}`;
    expect(question.trim().length).toBeGreaterThan(5000);
    const box = page.getByLabel('Question');
    await box.fill(question);
    const counter = page.getByTestId('question-counter');
    expect(await counter.innerText()).toBe(
      `${question.trim().length.toLocaleString('en-US')} / ${MAX_QUESTION_CHARS.toLocaleString('en-US')}`,
    );
    const problem = page.getByTestId('question-problem');
    expect(await problem.innerText()).toMatch(
      /^This question is [\d,]+ characters long; Quire takes questions of up to 4,000\. Shorten it by [\d,]+ characters/,
    );
    expect(await page.getByRole('button', { name: 'Ask' }).isDisabled()).toBe(true);
    await box.press('Enter');
    await page.getByRole('button', { name: 'Ask' }).click({ force: true });
    expect(await box.inputValue()).toBe(question);
    expect(pages.requests.filter((url) => url.endsWith('/ask'))).toEqual([]);
    const body = await page.locator('body').innerText();
    expect(body).not.toMatch(/Try again|Invalid json|Too big/);
    expect(await page.getByTestId('turn').count()).toBe(0);
    await screenshot(page, 'answers-3-question-over-limit');

    // Shortened under the limit, it is asked; the counter shows while it is near the limit.
    await box.fill(question.slice(0, 3700));
    expect(await counter.innerText()).toMatch(/^3,\d{3} \/ 4,000$/);
    expect(await problem.count()).toBe(0);
    await screenshot(page, 'answers-4-question-near-limit');
  });
});

interface AnswerEvent {
  support?: string;
  mode: string;
  answer: string;
  citations: { n: number; path: string; page: number; quote: string }[];
}

/** The `answer` event of an ask stream (Server-Sent Events). */
