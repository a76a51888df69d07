// What every browser test sets up and checks the same way: its server's models folder (the run's shared
// built-in model linked in, not rebuilt), and the pages a test opens — each test fails on a request to
// another origin or a console error it did not cause on purpose.
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { pageErrors, recordingContext } from './browser.ts';

/**
 * Makes `dir` the models folder of servers started from now on (`QUIRE_MODELS_DIR`), with the built-in
 * model of the run's shared models folder linked in when there is one (so no test rebuilds it). Returns
 * the function that restores the previous setting.
 */
export async function useTestModels(dir: string): Promise<() => void> {
  const shared = process.env.QUIRE_MODELS_DIR;
  await mkdir(dir, { recursive: true });
  if (shared) {
    const { ensureBuiltinModel } = await import('@quire/models');
    const builtin = await ensureBuiltinModel(shared);
    await symlink(builtin, join(dir, builtin.split('/').at(-1) ?? 'builtin.gguf'));
  }
  process.env.QUIRE_MODELS_DIR = dir;
  return () => {
    process.env.QUIRE_MODELS_DIR = shared;
  };
}

/** The page a test has open, with what it must not have done. */
interface OpenPage {
  context: BrowserContext;
  requests: string[];
  offOrigin: () => string[];
  errors: string[];
  /** Console lines the test causes on purpose (Chromium logs every 4xx answer): each must appear. */
  expected: string[];
}

/** The pages a test opens, checked by {@link PageChecks.verify} in `afterEach`. */
export class PageChecks {
  private current: OpenPage | null = null;

  /** A new page in a context that records every request and lets only `origin`'s through. */
  async open(
    browser: Browser,
    origin: string,
    options: { colorScheme?: 'light' | 'dark' } = {},
  ): Promise<Page> {
    const { context, requests, offOrigin } = await recordingContext(browser, origin, options);
    const page = await context.newPage();
    this.current = { context, requests, offOrigin, errors: pageErrors(page), expected: [] };
    return page;
  }

  /** Every URL the open page requested. */
  get requests(): readonly string[] {
    return this.current?.requests ?? [];
  }

  /** A console line the test is about to cause on purpose (e.g. a refusal the server answers with 409). */
  expectConsoleError(line: string): void {
    this.current?.expected.push(line);
  }

  /** Closes the open page's context and fails on off-origin requests or unexpected console errors. */
  async verify(): Promise<void> {
    if (!this.current) return;
    const { context, offOrigin, errors, expected } = this.current;
    this.current = null;
    await context.close();
    expect(offOrigin(), 'requests to other origins').toEqual([]);
    expect(errors, 'console errors').toEqual(expected);
  }
}

/**
 * Waits until each of `files` (names at the end of their paths) is indexed in workspace `slug`: up to
 * five minutes, which a loaded machine may take to start the parse and embed workers.
 */
export async function waitForIndexed(origin: string, slug: string, files: readonly string[]): Promise<void> {
  for (let tries = 0; ; tries++) {
    const status = (await (await fetch(`${origin}/api/workspaces/${slug}/documents`)).json()) as {
      documents: { path: string; state: string }[];
      indexing: boolean;
      progress: unknown;
    };
    const indexed = (file: string) =>
      status.documents.some((d) => d.path.endsWith(`/${file}`) && d.state === 'indexed');
    if (files.every(indexed)) return;
    if (tries > 600) throw new Error(`not indexed: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** A GET of `path` on `origin`, or a POST of `body` as JSON when there is one. */
export function apiRequest(origin: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${origin}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The `answer` event of an ask's Server-Sent Events body, as the shape `T` a test reads of it. */
export function parseAnswerEvent<T>(body: string): T {
  const block = body.split(/\r?\n\r?\n/).find((b) => /^event: ?answer$/m.test(b));
  const data = block
    ?.split(/\r?\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.replace(/^data: ?/, ''))
    .join('\n');
  if (!data) throw new Error(`no answer event in: ${body.slice(0, 300)}`);
  return JSON.parse(data) as T;
}
