import {
  type Embedder,
  LlamaEmbedder,
  LlamaReranker,
  OpenAiCompatibleEmbedder,
  type Reranker,
} from '@quire/embeddings';
import { LanceVectorStore, type VectorStore } from '@quire/index';
import { type Generator, LlamaGenerator, OpenAiCompatibleGenerator } from '@quire/inference';
import { createParser, type DocumentParser } from '@quire/ingest';
import { ModelError } from '@quire/models';
import { AuditLog } from './audit-log.ts';
import { IngestLog } from './ingest-log.ts';
import { type ResolvedModel, remoteOptions, resolveModel, tellRemote } from './model-resolution.ts';
import { ThreadStore } from './threads.ts';
import type { WorkspaceRegistry, WorkspaceSettings } from './workspace-registry.ts';

/** Models named for one run (CLI flags); they win over the workspace's stored choice. */
export interface ModelOverrides {
  embeddingModel?: string;
  chatModel?: string;
}

export interface OpenOptions extends ModelOverrides {
  /** Called before the built-in embedding model is generated (first use only; a few seconds). */
  onBuildModel?: () => void;
  /**
   * How files are parsed and chunked. Default: an in-process parser of the workspace's own (with its OCR
   * pools), closed with it. A parser given here (e.g. one worker pool for every workspace of a server)
   * stays its giver's to close.
   */
  parser?: DocumentParser;
}

/**
 * Chunks from which a workspace's vectors get an ANN index: `QUIRE_VECTOR_INDEX_MIN_ROWS` when it is a
 * whole number ≥ 1, else the store's default (100,000; docs/retrieval.md).
 */
function vectorIndexMinRows(): number | undefined {
  const value = Number(process.env.QUIRE_VECTOR_INDEX_MIN_ROWS);
  return Number.isSafeInteger(value) && value >= 1 ? value : undefined;
}

/** Loads the embedding model a reference names (null: full-text only) from a models folder. */
export async function loadEmbedder(
  modelsDir: string,
  ref: string | null | undefined,
  onBuildModel?: () => void,
): Promise<Embedder | null> {
  const model = await resolveModel(modelsDir, ref, onBuildModel);
  if (!model?.remote) return model ? LlamaEmbedder.load(model.path, model) : null;
  tellRemote('embedding', model.remote);
  return OpenAiCompatibleEmbedder.connect(model.remote, remoteOptions());
}

/** Loads the chat model a resolved reference names: a GGUF file, or a model on a server. */
function loadGenerator(model: ResolvedModel): Promise<Generator> | Generator {
  if (!model.remote) return LlamaGenerator.load(model.path, { name: model.name });
  tellRemote('chat', model.remote);
  return OpenAiCompatibleGenerator.connect(model.remote, remoteOptions());
}

interface IndexHandle {
  store: VectorStore;
  embedder: Embedder | null;
  users: number;
  idle?: () => void;
}

interface WorkspaceParts {
  settings: WorkspaceSettings;
  store: VectorStore;
  embedder: Embedder | null;
  chatRef: string | null;
  parser: DocumentParser;
  ownsParser: boolean;
}

/**
 * One workspace opened for work: its settings, its folder with the files kept there (conversations,
 * audit log, ingest log), its own index, its models and its parser. Owns what it opened: `close()`
 * releases the index, the native models and (unless it was given one) the parser with its OCR pools.
 * Reads use `store`/`embedder`, which a model switch replaces in one step once the new index is complete.
 */
export class OpenWorkspace {
  /** The workspace's folder, `<home>/<slug>/`: its settings, indexes and logs. */
  readonly dir: string;
  /** Its conversations (`threads/`). */
  readonly threads: ThreadStore;
  /** Every answer given (`audit.jsonl`). */
  readonly auditLog: AuditLog;
  /** What happened to which file (`ingest.jsonl`). */
  readonly ingestLog: IngestLog;
  /** How its files are parsed and chunked. */
  readonly parser: DocumentParser;
  settings: WorkspaceSettings;
  private readonly chatRef: string | null;
  private readonly ownsParser: boolean;
  private generatorPromise: Promise<Generator | null> | undefined;
  private rerankerPromise: Promise<Reranker | null> | undefined;
  private current: IndexHandle;
  private writes: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly registry: WorkspaceRegistry,
    parts: WorkspaceParts,
  ) {
    this.settings = parts.settings;
    this.dir = registry.dir(parts.settings.slug);
    this.threads = new ThreadStore(this.dir);
    this.auditLog = new AuditLog(this.dir);
    this.ingestLog = new IngestLog(this.dir);
    this.chatRef = parts.chatRef;
    this.parser = parts.parser;
    this.ownsParser = parts.ownsParser;
    this.current = { store: parts.store, embedder: parts.embedder, users: 0 };
  }

  get store(): VectorStore {
    return this.current.store;
  }

  get embedder(): Embedder | null {
    return this.current.embedder;
  }

  /**
   * Runs `work` against the index in use now. A model switch that completes meanwhile does not close
   * that index until `work` is done, so reads never fail during a switch.
   */
  async withIndex<T>(work: (store: VectorStore, embedder: Embedder | null) => Promise<T>): Promise<T> {
    const handle = this.current;
    handle.users++;
    try {
      return await work(handle.store, handle.embedder);
    } finally {
      handle.users--;
      if (handle.users === 0) handle.idle?.();
    }
  }

  static async open(
    registry: WorkspaceRegistry,
    nameOrSlug: string,
    options: OpenOptions = {},
  ): Promise<OpenWorkspace> {
    const settings = await registry.get(nameOrSlug);
    const embedder = await loadEmbedder(
      registry.modelsDir,
      options.embeddingModel ?? settings.embeddingModel,
      options.onBuildModel,
    );
    try {
      const store = await LanceVectorStore.open(registry.indexLocation(settings), {
        embedding: embedder
          ? { modelId: embedder.modelId, name: embedder.name, dimension: embedder.dimension }
          : null,
        vectorIndexMinRows: vectorIndexMinRows(),
      });
      return new OpenWorkspace(registry, {
        settings,
        store,
        embedder,
        chatRef: options.chatModel ?? settings.chatModel,
        parser: options.parser ?? createParser({ isolation: 'in-process' }),
        ownsParser: options.parser === undefined,
      });
    } catch (error) {
      await embedder?.close();
      throw error;
    }
  }

  /** Retrieval uses vectors and full text when the workspace has an embedding model, else full text only. */
  get retrieval(): 'hybrid' | 'fulltext' {
    return this.embedder ? 'hybrid' : 'fulltext';
  }

  /** Whether a chat model is configured (without loading it). */
  get hasChatModel(): boolean {
    return this.chatRef !== null;
  }

  /** The chat model, loaded on first use; null when none is configured (answers are then extractive). */
  generator(): Promise<Generator | null> {
    this.generatorPromise ??= resolveModel(this.registry.modelsDir, this.chatRef).then((model) =>
      model ? loadGenerator(model) : null,
    );
    return this.generatorPromise;
  }

  /** The reranking model, loaded on first use; null when none is configured. */
  reranker(): Promise<Reranker | null> {
    this.rerankerPromise ??= resolveModel(this.registry.modelsDir, this.settings.rerankModel).then(
      (model) => {
        if (model?.remote)
          throw new ModelError('model-invalid', 'Reranking runs on a local model only, not on a server');
        return model ? LlamaReranker.load(model.path, { name: model.name }) : null;
      },
    );
    return this.rerankerPromise;
  }

  /** Runs index-changing work (a sync, a model switch) one at a time for this workspace. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.writes.then(work);
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Puts a new index and embedder in place of the current ones, closing the old ones. */
  async replaceIndex(
    settings: WorkspaceSettings,
    store: VectorStore,
    embedder: Embedder | null,
  ): Promise<void> {
    const old = this.current;
    this.settings = settings;
    this.current = { store, embedder, users: 0 };
    if (old.users > 0) await new Promise<void>((resolve) => (old.idle = resolve));
    await old.store.close();
    await old.embedder?.close();
  }

  async close(): Promise<void> {
    const generator = await this.generatorPromise?.catch(() => null);
    await generator?.close();
    const reranker = await this.rerankerPromise?.catch(() => null);
    await reranker?.close();
    await this.embedder?.close();
    await this.store.close();
    if (this.ownsParser) await this.parser.close();
  }
}
