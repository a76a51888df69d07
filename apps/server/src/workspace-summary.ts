import { LanceVectorStore } from '@quire/index';
import { type RemoteInference, remoteInference } from './model-resolution.ts';
import type { WorkspaceRegistry, WorkspaceSettings } from './workspace-registry.ts';

/** What a workspace list shows: its name, folders and how many documents its index holds. */
export interface WorkspaceSummary {
  name: string;
  slug: string;
  folders: string[];
  documents: number;
  /** The servers its models send text to, by role; absent when every model runs on this machine. */
  remoteInference?: RemoteInference;
}

export async function workspaceSummary(
  registry: WorkspaceRegistry,
  settings: WorkspaceSettings,
): Promise<WorkspaceSummary> {
  const remote = remoteInference(settings);
  const summary: WorkspaceSummary = {
    name: settings.name,
    slug: settings.slug,
    folders: settings.folders,
    documents: 0,
    ...(Object.keys(remote).length > 0 ? { remoteInference: remote } : {}),
  };
  // An index never opened holds nothing.
  const store = await LanceVectorStore.openIfExists(registry.indexLocation(settings));
  if (store === null) return summary;
  try {
    const { documents } = await store.counts();
    return { ...summary, documents };
  } finally {
    await store.close();
  }
}
