import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { PIECE_TOKENS } from '@quire/embeddings';
import {
  BUILTIN_MODEL_FILE,
  BUILTIN_MODEL_NAME,
  CATALOGUE,
  ensureBuiltinModel,
  isBuiltinModelBuilding,
  isRemoteRef,
  ModelManager,
  parseRemoteRef,
  type RemoteModelRef,
} from '@quire/models';

/** The model reference that names Quire's built-in embedding model (the default of new workspaces). */
export const BUILTIN = 'builtin';
/** The model reference that means "no model": full-text retrieval, or extractive answers. */
export const NONE = 'none';

/** A model reference turned into a file and what loading it needs. */
export interface ResolvedModel {
  path: string;
  name: string;
  queryPrefix?: string;
  documentPrefix?: string;
  /** Set for the built-in model only: see `LlamaEmbedderOptions.piecewiseTokens`. */
  piecewiseTokens?: number;
  /** Set for an `openai-compatible:` reference: the server it names (`path` is then the reference). */
  remote?: RemoteModelRef;
}

/** The model manager of a models folder (catalogue, downloads, imports, discovery). */
export function modelManager(modelsDir: string): ModelManager {
  return new ModelManager(modelsDir);
}

/** Whether `ref` means "no model". */
export function isNone(ref: string | null | undefined): boolean {
  return ref === null || ref === undefined || ref === '' || ref === NONE;
}

/**
 * Resolves a model reference against a models folder (`WorkspaceRegistry.modelsDir`): `builtin`
 * (generated there on first use from the word vectors shipped with Quire), `none`, an installed model
 * id (`quire models list`), a path to a `.gguf` file, or `openai-compatible:<base-url>#<model>` (a model
 * on a server: parsed here, nothing is sent until it is loaded).
 */
export async function resolveModel(
  modelsDir: string,
  ref: string | null | undefined,
  onBuild?: () => void,
): Promise<ResolvedModel | null> {
  if (isNone(ref) || !ref) return null;
  if (isRemoteRef(ref)) {
    const remote = parseRemoteRef(ref);
    return { path: remote.ref, name: remote.ref, remote };
  }
  if (ref === BUILTIN) {
    const path = await ensureBuiltinModel(modelsDir, { onBuild });
    // Every token's output depends on that token alone (no attention, zero position embeddings), so
    // texts are embedded in pieces with the same vectors and a bounded llama.cpp buffer (docs/ingestion.md).
    return { path, name: BUILTIN_MODEL_NAME, piecewiseTokens: PIECE_TOKENS };
  }
  const isPath = /[\\/]|\.gguf$/i.test(ref);
  const model = await modelManager(modelsDir).get(isPath ? resolve(ref) : ref);
  return {
    path: model.file,
    name: isPath ? basename(model.file) : model.id,
    queryPrefix: model.queryPrefix,
    documentPrefix: model.documentPrefix,
  };
}

/**
 * What `quire models list --json` and `GET /api/models` answer: the built-in model (whether it is
 * generated, and whether this process is generating it now), installed ones, the catalogue.
 */
export type ModelOverview = Awaited<ReturnType<typeof modelOverview>>;

export async function modelOverview(modelsDir: string) {
  const file = join(modelsDir, BUILTIN_MODEL_FILE);
  const installed = await modelManager(modelsDir).list();
  const ids = new Set(installed.map((m) => m.catalogueId ?? m.id));
  return {
    builtin: { id: BUILTIN, file, built: existsSync(file), building: isBuiltinModelBuilding(modelsDir) },
    installed,
    catalogue: CATALOGUE.map((entry) => ({ ...entry, installed: ids.has(entry.id) })),
  };
}

/**
 * The servers a workspace's models send text to, by role (empty: all inference is local). What the
 * workspace summary reports as `remoteInference`, so the UI can say so wherever it is on.
 */
export interface RemoteInference {
  embedding?: string;
  chat?: string;
  rerank?: string;
}

export function remoteInference(models: {
  embeddingModel: string | null;
  chatModel: string | null;
  rerankModel?: string | null;
}): RemoteInference {
  const servers: RemoteInference = {};
  if (isRemoteRef(models.embeddingModel)) servers.embedding = parseRemoteRef(models.embeddingModel).baseUrl;
  if (isRemoteRef(models.chatModel)) servers.chat = parseRemoteRef(models.chatModel).baseUrl;
  if (isRemoteRef(models.rerankModel)) servers.rerank = parseRemoteRef(models.rerankModel).baseUrl;
  return servers;
}

/**
 * How remote models are called, from the environment: `QUIRE_REMOTE_TIMEOUT_MS` (per try, default 60 s),
 * `QUIRE_REMOTE_TRIES` (default 3), `QUIRE_REMOTE_BACKOFF_MS` (default 500 ms, doubled per try),
 * `QUIRE_REMOTE_CONTEXT_SIZE` (the chat model's window, default 4096), `QUIRE_REMOTE_BATCH_SIZE` (texts per
 * embedding request, default 32). The token is read by the client
 * itself (`QUIRE_REMOTE_API_KEY`).
 */
export function remoteOptions(): {
  timeoutMs?: number;
  tries?: number;
  backoffMs?: number;
  contextSize?: number;
  batchSize?: number;
} {
  const number = (name: string) => {
    const value = Number(process.env[name]);
    return Number.isFinite(value) && value > 0 ? value : undefined;
  };
  return {
    timeoutMs: number('QUIRE_REMOTE_TIMEOUT_MS'),
    tries: number('QUIRE_REMOTE_TRIES'),
    backoffMs: number('QUIRE_REMOTE_BACKOFF_MS'),
    contextSize: number('QUIRE_REMOTE_CONTEXT_SIZE'),
    batchSize: number('QUIRE_REMOTE_BATCH_SIZE'),
  };
}

/** The one line said whenever a remote model is put to use: text leaves the machine. */
export function tellRemote(role: 'embedding' | 'chat', remote: RemoteModelRef): void {
  process.stderr.write(
    `Text is sent to ${remote.baseUrl} (${role} model ${remote.model}): remote inference is on for this workspace.\n`,
  );
}
