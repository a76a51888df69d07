import { type Accessor, createSignal, onCleanup } from 'solid-js';

/** Below this width the sidebar starts collapsed and opens over the screen instead of beside it. */
export const NARROW_QUERY = '(max-width: 999.98px)';

/** What the sidebar needs of a media query: whether it matches now, and word when that changes. */
export type WidthQuery = Pick<MediaQueryList, 'matches' | 'addEventListener' | 'removeEventListener'>;

export interface SidebarState {
  /** Whether the workspace sidebar is shown. */
  open: Accessor<boolean>;
  /** Whether the window is narrow (the sidebar then lies over the screen, and closes after a choice). */
  narrow: Accessor<boolean>;
  setOpen: (open: boolean) => void;
  toggle: () => void;
}

/**
 * The sidebar's open state: open on wide windows, collapsed on narrow ones (below ~1000 px), and back to
 * that default whenever the window crosses the width. `query` defaults to the window's {@link NARROW_QUERY}
 * (none outside a browser: always wide).
 */
export function createSidebarState(query: WidthQuery | null = defaultQuery()): SidebarState {
  const [narrow, setNarrow] = createSignal(query?.matches ?? false);
  const [open, setOpen] = createSignal(!narrow());
  if (query) {
    const onChange = () => {
      setNarrow(query.matches);
      setOpen(!query.matches);
    };
    query.addEventListener('change', onChange);
    onCleanup(() => query.removeEventListener('change', onChange));
  }
  return { open, narrow, setOpen, toggle: () => setOpen(!open()) };
}

function defaultQuery(): WidthQuery | null {
  return typeof globalThis.matchMedia === 'function' ? globalThis.matchMedia(NARROW_QUERY) : null;
}
