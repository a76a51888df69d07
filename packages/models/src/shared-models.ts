import { realpath, stat } from 'node:fs/promises';
import type { LlamaModel } from 'node-llama-cpp';
import { loadGgufModel } from './llama-runtime.ts';

/** One hold on a model loaded by {@link acquireGgufModel}. */
export interface GgufModelHandle {
  /** The loaded model, shared with the file's other holders: create contexts on it, never dispose it. */
  readonly model: LlamaModel;
  /** Gives this hold up (later calls do nothing); the model is disposed when its last holder releases it. */
  release(): Promise<void>;
}

/** A model file held through {@link acquireGgufModel}, as {@link ggufModelsInUse} lists it. */
export interface GgufModelInUse {
  /** The file's resolved path (symbolic links followed). */
  path: string;
  /** Handles not yet released, including acquisitions still waiting for the load. */
  holders: number;
}

interface Entry {
  path: string;
  /** Size, modification time and inode: a file replaced at the same path is another model. */
  identity: string;
  loading: Promise<LlamaModel>;
  loaded: LlamaModel | null;
  holders: number;
}

/** The current entry per resolved path; `live` also keeps entries of replaced files until released. */
const current = new Map<string, Entry>();
const live = new Set<Entry>();

async function identify(path: string): Promise<{ path: string; identity: string } | null> {
  try {
    const resolved = await realpath(path);
    const info = await stat(resolved);
    return { path: resolved, identity: `${info.size}:${info.mtimeMs}:${info.ino}` };
  } catch {
    return null; // missing or unreadable: loadGgufModel says which, with its ModelError
  }
}

function load(path: string, resolved: string, identity: string): Entry {
  const entry: Entry = { path: resolved, identity, loading: loadGgufModel(path), loaded: null, holders: 0 };
  entry.loading.then(
    (model) => {
      entry.loaded = model;
    },
    () => {
      // A failed load is not remembered: the next acquisition tries the file again.
      if (current.get(resolved) === entry) current.delete(resolved);
      live.delete(entry);
    },
  );
  current.set(resolved, entry);
  live.add(entry);
  return entry;
}

function handle(model: LlamaModel, giveUp: () => Promise<void>): GgufModelHandle {
  let released = false;
  return {
    model,
    release: async () => {
      if (released) return;
      released = true;
      await giveUp();
    },
  };
}

/**
 * Loads a GGUF model once per process and shares it: holders of the same file (same resolved path, size,
 * modification time and inode) get the same `LlamaModel`, loaded by {@link loadGgufModel} (same
 * `ModelError`s), and it is disposed when the last of them releases it. A file replaced since it was
 * loaded is loaded anew (the old model stays with its holders); a failed load is not cached. Each holder
 * creates and disposes its own contexts.
 */
export async function acquireGgufModel(path: string): Promise<GgufModelHandle> {
  const file = await identify(path);
  if (!file) {
    const model = await loadGgufModel(path);
    return handle(model, () => model.dispose());
  }
  let entry = current.get(file.path);
  if (!entry || entry.identity !== file.identity || entry.loaded?.disposed) {
    entry = load(path, file.path, file.identity);
  }
  const held = entry;
  held.holders++;
  let model: LlamaModel;
  try {
    model = await held.loading;
  } catch (error) {
    held.holders--;
    throw error;
  }
  return handle(model, async () => {
    held.holders--;
    if (held.holders > 0) return;
    if (current.get(held.path) === held) current.delete(held.path);
    live.delete(held);
    await model.dispose();
  });
}

/** The model files held in this process and by how many holders (for diagnostics and tests). */
export function ggufModelsInUse(): GgufModelInUse[] {
  return [...live].map((entry) => ({ path: entry.path, holders: entry.holders }));
}
