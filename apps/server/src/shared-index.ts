import { LanceVectorStore } from '@quire/index';
import { BUILTIN_MODEL_NAME } from '@quire/models';
import { normalizeModelRef } from './cli-support.ts';
import { QuireError, WorkspaceNotFoundError } from './errors.ts';
import { BUILTIN } from './model-resolution.ts';
import type { WorkspaceRegistry, WorkspaceSettings } from './workspace-registry.ts';

/**
 * Registers a reader of an index another machine writes (`quire add --workspace <name> --index s3://…
 * --read-only`): the index must be there (one sync done by the indexer); the workspace takes the embedding
 * model the index was built with (the built-in one, or the id of a model installed here) unless one is named.
 * Nothing is written to the index.
 */
export async function addReader(
  registry: WorkspaceRegistry,
  name: string,
  indexUri: string,
  models: { embeddingModel?: string; chatModel?: string },
): Promise<{ workspace: WorkspaceSettings; action: 'created' | 'unchanged' }> {
  const existing = await registry.get(name).catch((error: unknown) => {
    if (error instanceof WorkspaceNotFoundError) return null;
    throw error;
  });
  if (existing && !(existing.readOnly && existing.indexUri === indexUri))
    throw new QuireError(
      'conflict',
      `Workspace "${existing.name}" already exists with ${existing.readOnly ? `the index ${existing.indexUri}` : 'an index of its own'}; choose another name`,
    );
  // The index is opened (read-only) before anything is created: a wrong address or credentials create nothing.
  const store = await LanceVectorStore.open(
    registry.indexLocation({ slug: '', indexDir: 'index', indexUri, readOnly: true }),
    { embedding: null },
  );
  const built = store.embedding;
  await store.close();
  const embeddingModel =
    models.embeddingModel !== undefined
      ? normalizeModelRef(models.embeddingModel)
      : built === null
        ? null
        : built.name === BUILTIN_MODEL_NAME
          ? BUILTIN
          : built.name;
  let settings = existing ?? (await registry.create(name));
  settings = await registry.update(settings, {
    indexUri,
    readOnly: true,
    embeddingModel,
    ...(models.chatModel !== undefined ? { chatModel: normalizeModelRef(models.chatModel) } : {}),
  });
  return { workspace: settings, action: existing ? 'unchanged' : 'created' };
}
