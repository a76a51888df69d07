import { type JSX, onCleanup } from 'solid-js';
import type { SidebarState } from '../lib/sidebar-state.ts';
import { SIDEBAR_ID } from './WorkspaceSidebar.tsx';

/**
 * The top bar's button that shows or collapses the workspace sidebar. On a narrow window, where the
 * sidebar lies over the screen, Esc inside it or a click outside it closes it (Esc gives the focus back
 * to this button).
 */
export function SidebarToggle(props: { state: SidebarState }): JSX.Element {
  let button!: HTMLButtonElement;
  const overlaid = () => props.state.narrow() && props.state.open();
  const sidebar = () => document.getElementById(SIDEBAR_ID);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented || !overlaid()) return;
    if (!(event.target instanceof Node) || !sidebar()?.contains(event.target)) return;
    event.preventDefault();
    props.state.setOpen(false);
    button.focus();
  };
  const onPointerDown = (event: PointerEvent) => {
    if (!overlaid() || !(event.target instanceof Node)) return;
    if (sidebar()?.contains(event.target) || button.contains(event.target)) return;
    props.state.setOpen(false);
  };
  document.addEventListener('keydown', onKeyDown);
  document.addEventListener('pointerdown', onPointerDown);
  onCleanup(() => {
    document.removeEventListener('keydown', onKeyDown);
    document.removeEventListener('pointerdown', onPointerDown);
  });

  return (
    <button
      type="button"
      ref={button}
      class="sidebar-toggle"
      aria-expanded={props.state.open()}
      aria-controls={SIDEBAR_ID}
      title={props.state.open() ? 'Hide the workspaces' : 'Show the workspaces'}
      onClick={() => props.state.toggle()}
    >
      <span aria-hidden="true">☰</span> Workspaces
    </button>
  );
}
