import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Where browser tests save their screenshots (kept out of git; CI can upload the folder). */
export const ARTIFACTS = join(repoRoot, 'tests', '.artifacts', 'e2e');

/** The Debian `chromium` package's binary (`.ci/run` installs it); `QUIRE_CHROMIUM` overrides it. */
export function chromiumPath(): string {
  const path = process.env.QUIRE_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}: install it (Debian: apt-get install -y chromium) or set QUIRE_CHROMIUM.`,
    );
  }
  return path;
}

/** Builds the web UI from its current sources into `outDir` (the folder the server then serves). */
export async function buildWebUi(outDir: string): Promise<void> {
  const root = join(repoRoot, 'apps', 'web');
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Root in containers cannot use Chromium's sandbox; the page only loads the local server.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/**
 * A browser context at 1280×720 that records every request its pages make and lets through only those
 * to `origin` (anything else is aborted, so nothing can leave the machine even when the page tries).
 */
export async function recordingContext(
  browser: Browser,
  origin: string,
  options: { colorScheme?: 'light' | 'dark' } = {},
): Promise<{ context: BrowserContext; requests: string[]; offOrigin: () => string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 720 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const requests: string[] = [];
  const sameOrigin = (url: string) => {
    if (url.startsWith('data:')) return true; // inline, never on the network
    if (url.startsWith('blob:')) return url.startsWith(`blob:${origin}/`);
    try {
      return new URL(url).origin === origin;
    } catch {
      return false;
    }
  };
  context.on('request', (request) => {
    requests.push(request.url());
  });
  await context.route('**/*', async (route) => {
    if (sameOrigin(route.request().url())) await route.continue();
    else await route.abort('blockedbyclient');
  });
  return { context, requests, offOrigin: () => requests.filter((url) => !sameOrigin(url)) };
}

/** Saves a full-page screenshot as `<ARTIFACTS>/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Collects the page's console errors and uncaught exceptions. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
