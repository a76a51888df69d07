import { LanceVectorStore } from '@quire/index';
import type { WorkspaceRegistry, WorkspaceSettings } from './workspace-registry.ts';

/** What a workspace list shows: its name, folders and how many documents its index holds. */
export interface WorkspaceSummary {
  name: string;
  slug: string;
  folders: string[];
  documents: number;
}

export async function workspaceSummary(
  registry: WorkspaceRegistry,
  settings: WorkspaceSettings,
): Promise<WorkspaceSummary> {
  const store = await LanceVectorStore.openExisting(registry.indexDir(settings));
  try {
    const { documents } = await store.counts();
    return { name: settings.name, slug: settings.slug, folders: settings.folders, documents };
  } finally {
    await store.close();
  }
}
