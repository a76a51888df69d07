import type { WorkspaceSettings } from '../../lib/api.ts';

/** What each section of a workspace's settings screen is given. */
export interface SectionProps {
  slug: string;
  settings: () => WorkspaceSettings;
  /** New settings from the server after a change. */
  onSaved: (settings: WorkspaceSettings) => void;
}
