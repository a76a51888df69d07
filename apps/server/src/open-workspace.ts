import { resolve } from 'node:path';
import { type Embedder, LanceVectorStore, LlamaEmbedder, type VectorStore } from '@quire/embeddings';
import { type Generator, LlamaGenerator } from '@quire/inference';
import type { WorkspaceRegistry, WorkspaceSettings } from './workspace-registry.ts';

/** Models named for one run (CLI flags); they win over the workspace's stored choice. */
export interface ModelOverrides {
  embeddingModel?: string;
  chatModel?: string;
}

/**
 * One workspace opened for work: its settings, its own index, and its models. Owns them all:
 * `close()` releases the index and the native models.
 */
export class OpenWorkspace {
  private generatorPromise: Promise<Generator | null> | undefined;

  private constructor(
    readonly settings: WorkspaceSettings,
    readonly store: VectorStore,
    readonly embedder: Embedder | null,
    private readonly chatModelPath: string | null,
  ) {}

  static async open(
    registry: WorkspaceRegistry,
    nameOrSlug: string,
    overrides: ModelOverrides = {},
  ): Promise<OpenWorkspace> {
    const settings = await registry.get(nameOrSlug);
    const embeddingPath = overrides.embeddingModel
      ? resolve(overrides.embeddingModel)
      : settings.embeddingModel;
    const chatPath = overrides.chatModel ? resolve(overrides.chatModel) : settings.chatModel;
    const embedder = embeddingPath ? await LlamaEmbedder.load(embeddingPath) : null;
    try {
      const store = await LanceVectorStore.open(registry.indexDir(settings.slug), {
        embedding: embedder
          ? { modelId: embedder.modelId, name: embedder.name, dimension: embedder.dimension }
          : null,
      });
      return new OpenWorkspace(settings, store, embedder, chatPath);
    } catch (error) {
      await embedder?.close();
      throw error;
    }
  }

  /** Retrieval uses vectors and full text when the workspace has an embedding model, else full text only. */
  get retrieval(): 'hybrid' | 'fulltext' {
    return this.embedder ? 'hybrid' : 'fulltext';
  }

  /** The chat model, loaded on first use; null when none is configured (answers are then extractive). */
  generator(): Promise<Generator | null> {
    this.generatorPromise ??= this.chatModelPath
      ? LlamaGenerator.load(this.chatModelPath)
      : Promise.resolve(null);
    return this.generatorPromise;
  }

  async close(): Promise<void> {
    const generator = await this.generatorPromise?.catch(() => null);
    await generator?.close();
    await this.embedder?.close();
    await this.store.close();
  }
}
