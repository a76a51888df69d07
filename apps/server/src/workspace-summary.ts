import { LanceVectorStore } from '@quire/index';
import { type RemoteInference, remoteInference } from './model-resolution.ts';
import { redactedMessage } from './object-storage.ts';
import type { WorkspaceRegistry, WorkspaceSettings } from './workspace-registry.ts';

/** What a workspace list shows: its name, folders and how many documents its index holds. */
export interface WorkspaceSummary {
  name: string;
  slug: string;
  folders: string[];
  documents: number;
  /** The servers its models send text to, by role; absent when every model runs on this machine. */
  remoteInference?: RemoteInference;
  /**
   * Where its index lives when not in the data home (`quire add --index s3://…`): the URI, and whether
   * this machine only reads it (another writes). Absent for a local index.
   */
  index?: { uri: string; readOnly: boolean };
  /** Why its index could not be read just now (object storage unreachable, say); absent when it could. */
  indexError?: string;
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
    ...(settings.indexUri !== null ? { index: { uri: settings.indexUri, readOnly: settings.readOnly } } : {}),
  };
  // An index never opened holds nothing; one on storage that does not answer still lists its workspace.
  let store: LanceVectorStore | null;
  try {
    store = await LanceVectorStore.openIfExists(registry.indexLocation(settings));
  } catch (error) {
    if (settings.indexUri === null) throw error;
    return { ...summary, indexError: redactedMessage(error) };
  }
  if (store === null) return summary;
  try {
    const { documents } = await store.counts();
    return { ...summary, documents };
  } finally {
    await store.close();
  }
}
