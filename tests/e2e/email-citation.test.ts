// An attachment citation from an email, in headless Chromium against a real `startServer` on 127.0.0.1
// (no chat model) with a folder holding one message written here, a PDF attached (issue 16, must-show 4,
// email half): asking with the words of a sentence of the PDF, the attachment's source (the answer's card,
// or the closest passage) names the email it came with; opening it shows the PDF page with the quote
// marked; the "attached to" label there opens the email: its header card and its attachment list. Fails
// on a request to another origin or a console error. Screenshots go to tests/.artifacts/e2e.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer } from '@quire/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../apps/web/src/lib/format.ts';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { buildWebUi, launchChromium, screenshot } from '../helpers/browser.ts';
import { apiRequest, PageChecks, parseAnswerEvent, useTestModels, waitForIndexed } from '../helpers/e2e.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let origin: string;

const SLUG = 'supplier-matter';
const EMAIL = 'q3-numbers.eml';
const ATTACHMENT = 'report.pdf';
/** The PDF's one sentence, with words nothing else in the folder has. */
const SENTENCE = 'The quellmoor turbine audit found brass sprockets missing at Dunwhistle.';
const LABEL = "attached to 'Q3 numbers', J. Smith → A. Jones, 17 Mar 2014";
/** The attached PDF's size in bytes, as its email says. */
let pdfSize = 0;
let restoreModels: (() => void) | undefined;
const pages = new PageChecks();

const api = (path: string, body?: unknown): Promise<Response> => apiRequest(origin, path, body);

/** A message as a mail client saves it: a plain body and {@link ATTACHMENT} (base64), multipart/mixed. */
async function writeEmail(file: string): Promise<void> {
  const bytes = await simplePdf([SENTENCE]);
  pdfSize = bytes.length;
  const pdf = Buffer.from(bytes).toString('base64');
  const boundary = '----=_quire_e2e_boundary';
  const message = [
    'Message-ID: <q3-numbers@example.com>',
    'From: J. Smith <j.smith@example.com>',
    'To: A. Jones <a.jones@example.com>',
    'Subject: Q3 numbers',
    'Date: Mon, 17 Mar 2014 11:15:00 +0000',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Ann, the third quarter report is attached. Regards, John',
    `--${boundary}`,
    `Content-Type: application/pdf; name="${ATTACHMENT}"`,
    `Content-Disposition: attachment; filename="${ATTACHMENT}"`,
    'Content-Transfer-Encoding: base64',
    '',
    pdf.replace(/.{76}/g, '$&\r\n'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
  await writeFile(file, message);
}

beforeAll(async () => {
  tmp = await tempDir('quire-email-citation-');
  const webRoot = join(tmp.path, 'web');
  const matter = join(tmp.path, 'matter');
  await mkdir(matter);
  restoreModels = await useTestModels(join(tmp.path, 'models'));
  await Promise.all([buildWebUi(webRoot), writeEmail(join(matter, EMAIL))]);
  server = await startServer({ home: join(tmp.path, 'home'), port: 0, webRoot });
  origin = server.url;
  const created = await api('/api/workspaces', { name: 'Supplier matter', folders: [matter] });
  expect(created.status).toBe(201);
  browser = await launchChromium();
  await waitForIndexed(origin, SLUG, [EMAIL, ATTACHMENT]);
}, 420_000);

afterEach(() => pages.verify());

afterAll(async () => {
  restoreModels?.();
  await browser?.close();
  await server?.close();
  await tmp?.cleanup();
});

describe('an email attachment citation in Chromium', () => {
  it('names the email, shows the PDF page with the quote marked, and opens the email from the label', async () => {
    const page = await pages.open(browser, origin);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${origin}/#/w/${SLUG}/chat`);
    await page.getByLabel('Question').waitFor();

    const answered = page.waitForResponse((r) => r.url().endsWith(`/api/workspaces/${SLUG}/ask`));
    await page
      .getByLabel('Question')
      .fill('What did the quellmoor turbine audit find missing at Dunwhistle?');
    await page.getByLabel('Question').press('Enter');
    const result = parseAnswerEvent<AnswerEvent>(await (await answered).text());
    await page.locator('[data-testid="answer"][data-status="done"]').last().waitFor();
    const cited = [...result.citations, ...result.passages].find((c) => c.path.endsWith(`/${ATTACHMENT}`));
    expect(cited, 'a citation or closest passage of the attachment').toBeDefined();
    expect(cited?.attachedTo?.map((e) => e.subject)).toEqual(['Q3 numbers']);

    // The source names the attachment and the email it came with.
    const source = sourceOf(page, result);
    await source.waitFor();
    expect(await source.getByTestId('attached-to').innerText()).toBe(LABEL);
    await screenshot(page, 'email-attachment-citation');

    // Opened: the PDF page, the quote marked over it, the label in the viewer's header.
    await openButton(source, result).click();
    const viewer = page.locator('[data-testid="viewer"][data-kind="pdf"]');
    await viewer.waitFor();
    await viewer.locator('[data-testid="pdf-canvas"][data-rendered="true"]').waitFor();
    expect(await viewer.locator('.viewer-title').innerText()).toContain(ATTACHMENT);
    expect(await viewer.getByTestId('attached-to').innerText()).toBe(LABEL);
    const marks = viewer.getByTestId('highlight');
    await marks.first().waitFor();
    expect(await marks.count()).toBeGreaterThan(0);
    await screenshot(page, 'email-attachment-quote-marked');

    // From the label to the email: its card and its attachment list, the PDF opening again from it.
    await viewer.getByTestId('attached-to-email').click();
    const emailViewer = page.locator('[data-testid="viewer"][data-kind="text"]');
    const card = emailViewer.getByTestId('email-card');
    await card.waitFor();
    await card.getByTestId('email-subject').waitFor();
    expect(await card.getByTestId('email-subject').innerText()).toBe('Q3 numbers');
    expect(await card.getByTestId('email-from').innerText()).toBe('J. Smith <j.smith@example.com>');
    expect(await card.getByTestId('email-to').innerText()).toBe('A. Jones <a.jones@example.com>');
    expect(await card.getByTestId('email-date').innerText()).toBe('17 Mar 2014, 11:15 UTC');
    expect(await emailViewer.locator('.viewer-title').innerText()).toBe('Q3 numbers');
    const body = await emailViewer.locator('.docx-page').innerText();
    expect(body).toContain('the third quarter report is attached');
    expect(body, 'the card lines shown as the card only').not.toContain('Subject: Q3 numbers');
    const attachments = card.getByTestId('email-attachment');
    expect(await attachments.count()).toBe(1);
    expect(await attachments.first().getAttribute('data-state')).toBe('read');
    expect(await attachments.first().innerText()).toBe(`${ATTACHMENT} ${formatBytes(pdfSize)}`);
    await screenshot(page, 'email-card');

    await attachments.first().getByRole('button', { name: ATTACHMENT }).click();
    await page.locator('[data-testid="viewer"][data-kind="pdf"][data-page="1"]').waitFor();
  });

  it('lists the attachment under its email on the Documents screen, and opens the email from there', async () => {
    const page = await pages.open(browser, origin);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${origin}/#/w/${SLUG}/documents`);
    const rows = page.getByTestId('document-row');
    await rows.nth(1).waitFor();
    expect(await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-parent')))).toEqual([
      null,
      expect.stringMatching(new RegExp(`/${EMAIL.replace('.', '\\.')}$`)),
    ]);
    expect(await rows.nth(0).getByTestId('document-open').innerText()).toBe(EMAIL);
    expect(await rows.nth(1).getByTestId('document-open').innerText()).toBe(ATTACHMENT);
    expect(await rows.nth(1).getByTestId('document-attached-to').innerText()).toBe(
      `attached to ${EMAIL} · matter`,
    );
    await screenshot(page, 'email-documents-list');
    await rows.nth(0).getByTestId('document-open').click();
    const card = page.locator('[data-testid="viewer"][data-kind="text"]').getByTestId('email-card');
    await card.getByTestId('email-subject').waitFor();
    expect(await card.getByTestId('email-subject').innerText()).toBe('Q3 numbers');
  });
});

/**
 * The attachment's source for an answer: its card when the answer was given, else (support `closest`)
 * its closest passage, which the page shows instead of an answer.
 */
function sourceOf(page: Page, result: AnswerEvent) {
  return result.support === 'answered'
    ? page.getByTestId('citation-card').filter({ hasText: ATTACHMENT }).first()
    : page.getByTestId('closest-passage').filter({ hasText: ATTACHMENT }).first();
}

/** What opens the source's page: a card's quote button, a passage's "Open page" button. */
function openButton(source: ReturnType<typeof sourceOf>, result: AnswerEvent) {
  return result.support === 'answered'
    ? source.locator('.citation-open').first()
    : source.getByRole('button', { name: /^Open page/ });
}

interface AnswerEvent {
  support?: string;
  passages: { path: string; page: number; attachedTo?: { subject: string | null }[] }[];
  citations: { path: string; page: number; attachedTo?: { subject: string | null }[] }[];
}

/** The `answer` event of an ask stream (Server-Sent Events). */
