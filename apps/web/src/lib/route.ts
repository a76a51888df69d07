import { createSignal } from 'solid-js';

/** The screens of a workspace. */
export type WorkspaceTab = 'chat' | 'documents' | 'settings';
const TABS: readonly WorkspaceTab[] = ['chat', 'documents', 'settings'];

/** Where the page is: a workspace's screen, the models screen, or nothing chosen yet. */
export type Route =
  | { view: 'workspace'; slug: string; tab: WorkspaceTab }
  | { view: 'models' }
  | { view: 'home' };

/** `#/w/<slug>/<tab>`, `#/models` or anything else (home). */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'models') return { view: 'models' };
  if (parts[0] === 'w' && parts[1]) {
    const tab = TABS.find((t) => t === parts[2]) ?? 'chat';
    return { view: 'workspace', slug: parts[1], tab };
  }
  return { view: 'home' };
}

export function routeHash(route: Route): string {
  if (route.view === 'models') return '#/models';
  if (route.view === 'workspace') return `#/w/${encodeURIComponent(route.slug)}/${route.tab}`;
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
