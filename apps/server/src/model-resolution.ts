import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { PIECE_TOKENS } from '@quire/embeddings';
import {
  BUILTIN_MODEL_FILE,
  BUILTIN_MODEL_NAME,
  CATALOGUE,
  ensureBuiltinModel,
  isBuiltinModelBuilding,
  ModelManager,
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
 * id (`quire models list`), or a path to a `.gguf` file.
 */
export async function resolveModel(
  modelsDir: string,
  ref: string | null | undefined,
  onBuild?: () => void,
): Promise<ResolvedModel | null> {
  if (isNone(ref) || !ref) return null;
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
