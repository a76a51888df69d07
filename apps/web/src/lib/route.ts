import { createSignal } from 'solid-js';

/** The screens of a workspace (`compare` is opened from a document's versions, not from the tab bar). */
export type WorkspaceTab = 'overview' | 'timeline' | 'chat' | 'documents' | 'settings' | 'compare';
const TABS: readonly WorkspaceTab[] = ['overview', 'timeline', 'chat', 'documents', 'settings', 'compare'];

/**
 * Where the page is: a workspace's screen (`tab` null: none named, the workspace's first screen; `compare`:
 * the two documents compared), the models screen, or nothing chosen yet.
 */
export type Route =
  | { view: 'workspace'; slug: string; tab: WorkspaceTab | null; compare?: { a: string; b: string } }
  | { view: 'models' }
  | { view: 'home' };

/** `#/w/<slug>[/<tab>]`, `#/w/<slug>/compare/<a>/<b>`, `#/models` or anything else (home). */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'models') return { view: 'models' };
  if (parts[0] === 'w' && parts[1]) {
    const tab = TABS.find((t) => t === parts[2]) ?? null;
    const [a, b] = [parts[3], parts[4]];
    if (tab === 'compare')
      return a && b
        ? { view: 'workspace', slug: parts[1], tab, compare: { a, b } }
        : { view: 'workspace', slug: parts[1], tab: null };
    return { view: 'workspace', slug: parts[1], tab };
  }
  return { view: 'home' };
}

export function routeHash(route: Route): string {
  if (route.view === 'models') return '#/models';
  if (route.view === 'workspace') {
    const base = `#/w/${encodeURIComponent(route.slug)}`;
    if (route.tab === 'compare' && route.compare)
      return `${base}/compare/${encodeURIComponent(route.compare.a)}/${encodeURIComponent(route.compare.b)}`;
    return route.tab ? `${base}/${route.tab}` : base;
  }
  return '#/';
}

const [route, setRouteSignal] = createSignal<Route>(parseRoute(globalThis.location?.hash ?? ''));
globalThis.addEventListener?.('hashchange', () => setRouteSignal(parseRoute(location.hash)));

/** The current route (kept in the address bar, so a reload stays on the same screen). */
export { route };

export function navigate(next: Route): void {
  const hash = routeHash(next);
  if (globalThis.location && location.hash !== hash) location.hash = hash;
  setRouteSignal(next);
}
