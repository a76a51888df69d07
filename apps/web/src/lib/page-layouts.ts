// Page layouts (a page's text and where it is drawn), loaded once and shared by the citation cards and
// the viewer for a minute.
import { type PageLayout, pageLayout } from './api.ts';

/** Page layouts are kept this long, so the cards and the viewer ask the server once for each page. */
const LAYOUT_TTL_MS = 60_000;
const MAX_LAYOUTS = 40;
const layouts = new Map<string, { at: number; promise: Promise<PageLayout> }>();

/** The layout (text and where it is drawn) of one page, shared by every card and the viewer for a minute. */
export function loadPageLayout(slug: string, documentId: string, page: number): Promise<PageLayout> {
  const key = `${slug}\n${documentId}\n${page}`;
  const kept = layouts.get(key);
  if (kept && Date.now() - kept.at < LAYOUT_TTL_MS) return kept.promise;
  const promise = pageLayout(slug, documentId, page);
  layouts.set(key, { at: Date.now(), promise });
  promise.catch(() => {
    if (layouts.get(key)?.promise === promise) layouts.delete(key);
  });
  while (layouts.size > MAX_LAYOUTS) {
    const oldest = layouts.keys().next().value;
    if (oldest === undefined) break;
    layouts.delete(oldest);
  }
  return promise;
}

/** Forgets every kept page layout (after a reindex, and between tests). */
export function forgetPageLayouts(): void {
  layouts.clear();
}
