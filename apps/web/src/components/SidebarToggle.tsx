import type { JSX } from 'solid-js';
import type { SidebarState } from '../lib/sidebar-state.ts';
import { SIDEBAR_ID } from './WorkspaceSidebar.tsx';

/** The top bar's button that shows or collapses the workspace sidebar. */
export function SidebarToggle(props: { state: SidebarState }): JSX.Element {
  return (
    <button
      type="button"
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
