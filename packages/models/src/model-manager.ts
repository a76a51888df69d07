import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { findCatalogueEntry } from './catalogue.ts';
import {
  type DiscoveredModel,
  defaultLmStudioDirs,
  defaultOllamaDir,
  discoverLmStudio,
  discoverOllama,
} from './discovery.ts';
import { downloadModel } from './download.ts';
import type { DownloadProgress } from './download-progress.ts';
import type { InstalledModel, ModelRole, ModelSource } from './installed-model.ts';
import { ModelManagerError } from './manager-errors.ts';
import { describeModelFile } from './model-entry.ts';
import { ModelError } from './model-errors.ts';
import { fileNameFromUrl, resolveModelUrl } from './model-url.ts';
import { readModelsFile, slugify, uniqueId, writeModelsFile } from './models-file.ts';

/** Injectable parts of a {@link ModelManager}; defaults are the real ones. */
export interface ModelManagerOptions {
  /** Used by `pull` only. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Ollama's store. Default: `$OLLAMA_MODELS` or `~/.ollama/models`. */
  ollamaDir?: string;
  /** LM Studio's stores. Default: `~/.lmstudio/models` and `~/.cache/lm-studio/models`. */
  lmStudioDirs?: readonly string[];
}

export interface PullOptions {
  onProgress?: (progress: DownloadProgress) => void;
  /** Stops the download and keeps the `.partial` file; pulling again resumes. */
  signal?: AbortSignal;
}

export interface ImportOptions {
  /** Copy the file into the models folder (then `remove` deletes the copy). Default false: use it in place. */
  copy?: boolean;
  /** Overrides the role read from the file's metadata. */
  role?: ModelRole | null;
  /** Default: a slug of the file (or discovered model) name, made unique. */
  id?: string;
}

/** A model Quire did not download, recorded by id (the built-in embedding model, for one). */
export interface RegisterInput {
  id: string;
  file: string;
  name?: string;
  role?: ModelRole | null;
  /** Default `builtin`. */
  source?: ModelSource;
  /** Whether `remove` may delete the file (when it lies in the models folder). Default false. */
  managed?: boolean;
  queryPrefix?: string;
  documentPrefix?: string;
}

export interface RemoveResult {
  model: InstalledModel;
  /** True when the file was deleted: only files Quire itself wrote into its models folder are. */
  fileDeleted: boolean;
}

function isInside(dir: string, file: string): boolean {
  const rel = relative(resolve(dir), resolve(file));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function looksLikePath(ref: string): boolean {
  return ref.includes('/') || ref.includes('\\') || ref.toLowerCase().endsWith('.gguf');
}

/**
 * Installed GGUF models, recorded in `<modelsDir>/models.json`: downloads (`pull`), local files used in
 * place or copied (`import`), files found in Ollama and LM Studio stores (`discover` + `import`), and
 * registered ones (the built-in model). Nothing here touches the network except `pull`.
 */
export class ModelManager {
  /** Absolute path of the folder holding `models.json` and downloaded files. */
  readonly modelsDir: string;
  private readonly fetchImpl: typeof fetch | undefined;
  private readonly ollamaDir: string;
  private readonly lmStudioDirs: readonly string[];
  private writes: Promise<unknown> = Promise.resolve();

  constructor(modelsDir: string, options: ModelManagerOptions = {}) {
    this.modelsDir = resolve(modelsDir);
    this.fetchImpl = options.fetch;
    this.ollamaDir = options.ollamaDir ?? defaultOllamaDir();
    this.lmStudioDirs = options.lmStudioDirs ?? defaultLmStudioDirs();
  }

  /** Installed models, in the order they were added. */
  list(): Promise<InstalledModel[]> {
    return readModelsFile(this.modelsDir);
  }

  /**
   * An installed model by id, or a `.gguf` path described on the fly (validated, not recorded).
   * Throws `model-not-found` for an unknown id, `ModelError('model-missing')` when the file is gone.
   */
  async get(idOrPath: string): Promise<InstalledModel> {
    const models = await this.list();
    const installed = models.find((m) => m.id === idOrPath);
    if (installed) {
      if (!(await exists(installed.file))) {
        throw new ModelError(
          'model-missing',
          `Model "${installed.id}" is installed but its file is gone: ${installed.file}`,
        );
      }
      return installed;
    }
    if (looksLikePath(idOrPath) || (await exists(idOrPath))) {
      const file = resolve(idOrPath);
      const byFile = models.find((m) => m.file === file);
      if (byFile) return byFile;
      return describeModelFile(file, { id: slugify(basename(file)), source: 'import', managed: false });
    }
    const hint = findCatalogueEntry(idOrPath)
      ? `Download it with \`quire models pull ${idOrPath}\`.`
      : 'See `quire models list`, or give a path to a .gguf file.';
    throw new ModelManagerError('model-not-found', `No installed model "${idOrPath}". ${hint}`);
  }

  /**
   * Downloads a model: a catalogue id, an `hf:<owner>/<repo>/<file>.gguf` URI or an https URL. Resumes
   * an interrupted download of the same file; returns the existing entry when it is already installed.
   */
  async pull(ref: string, options: PullOptions = {}): Promise<InstalledModel> {
    const catalogue = findCatalogueEntry(ref);
    let url: URL;
    try {
      url = new URL(catalogue?.url ?? resolveModelUrl(ref));
    } catch (cause) {
      if (cause instanceof ModelManagerError) {
        throw new ModelManagerError(
          'bad-model-reference',
          `${cause.message} Catalogue ids: see \`quire models list\`.`,
          {
            cause,
          },
        );
      }
      throw cause;
    }
    const models = await this.list();
    const already = models.find((m) => (catalogue ? m.catalogueId === catalogue.id : m.url === url.href));
    if (already && (await exists(already.file))) return already;

    let fileName = fileNameFromUrl(url);
    const usedFiles = new Set(models.filter((m) => m.url !== url.href).map((m) => m.file));
    for (let n = 2; usedFiles.has(join(this.modelsDir, fileName)); n++) {
      fileName = fileNameFromUrl(url).replace(/\.gguf$/i, `-${n}.gguf`);
    }
    const download = await downloadModel(url, this.modelsDir, {
      fileName,
      ...(catalogue?.sha256 ? { sha256: catalogue.sha256 } : {}),
      ...(catalogue && !catalogue.sizeApproximate ? { sizeBytes: catalogue.sizeBytes } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(this.fetchImpl ? { fetch: this.fetchImpl } : {}),
    });
    let entry: InstalledModel;
    try {
      entry = await describeModelFile(download.file, {
        id: catalogue?.id ?? slugify(fileName),
        source: 'download',
        managed: true,
        catalogue,
        url: url.href,
        sha256: download.sha256,
      });
    } catch (cause) {
      await rm(download.file, { force: true });
      throw cause;
    }
    return this.record(entry, { replaceSameFile: true });
  }

  /**
   * Records a local GGUF file, or a model found by {@link discover}, after validating it. By default the
   * file is used where it is (Quire never deletes it); `copy: true` copies it into the models folder.
   * Throws `ModelError('model-invalid')` for a file that is not a usable GGUF.
   */
  async import(source: string | DiscoveredModel, options: ImportOptions = {}): Promise<InstalledModel> {
    const discovered = typeof source === 'string' ? undefined : source;
    const original = resolve(typeof source === 'string' ? source : source.file);
    const origin: ModelSource = discovered?.source ?? this.storeOf(original) ?? 'import';
    const displayName =
      discovered?.source === 'ollama' ? discovered.name : basename(discovered?.name ?? original);
    const models = await this.list();
    if (!options.copy) {
      const already = models.find((m) => m.file === original);
      if (already) return already;
    }
    const described = await describeModelFile(original, {
      id: options.id ?? slugify(displayName),
      source: options.copy ? 'import' : origin,
      managed: Boolean(options.copy),
      name: discovered?.name,
      role: options.role,
      sha256: discovered?.sha256,
    });
    if (!options.copy) return this.record(described, { replaceSameFile: false });

    const used = new Set(models.map((m) => basename(m.file)));
    const stem = slugify(displayName);
    let fileName = `${stem}.gguf`;
    for (let n = 2; used.has(fileName) || (await exists(join(this.modelsDir, fileName))); n++) {
      fileName = `${stem}-${n}.gguf`;
    }
    const copy = join(this.modelsDir, fileName);
    await mkdir(this.modelsDir, { recursive: true });
    await copyFile(original, `${copy}.partial`);
    await rename(`${copy}.partial`, copy);
    return this.record({ ...described, file: copy }, { replaceSameFile: false });
  }

  /**
   * Forgets a model. Its file is deleted only when Quire wrote it into the models folder (a download or
   * a copied import); a user's own file, an Ollama blob or an LM Studio file is never touched.
   */
  async remove(id: string): Promise<RemoveResult> {
    const { removed, others } = await this.update((models) => {
      const model = models.find((m) => m.id === id);
      if (!model) throw new ModelManagerError('model-not-found', `No installed model "${id}".`);
      const rest = models.filter((m) => m !== model);
      return { models: rest, result: { removed: model, others: rest } };
    });
    const shared = others.some((m) => m.file === removed.file);
    const fileDeleted = removed.managed && isInside(this.modelsDir, removed.file) && !shared;
    if (fileDeleted) await rm(removed.file, { force: true });
    return { model: removed, fileDeleted };
  }

  /** GGUF models in the Ollama and LM Studio stores, marked with their id when already installed. */
  async discover(): Promise<DiscoveredModel[]> {
    const [ollama, lmStudio, models] = await Promise.all([
      discoverOllama(this.ollamaDir),
      discoverLmStudio(this.lmStudioDirs),
      this.list(),
    ]);
    return [...ollama, ...lmStudio].map((found) => {
      const installed = models.find((m) => m.file === found.file);
      return installed ? { ...found, installedId: installed.id } : found;
    });
  }

  /**
   * Records a model file under a fixed id (the built-in embedding model). Registering the same id and
   * file again refreshes the entry; the same id for another file throws `model-id-taken`.
   */
  async register(input: RegisterInput): Promise<InstalledModel> {
    const file = resolve(input.file);
    const entry = await describeModelFile(file, {
      id: input.id,
      source: input.source ?? 'builtin',
      managed: input.managed ?? false,
      name: input.name,
      role: input.role,
      queryPrefix: input.queryPrefix,
      documentPrefix: input.documentPrefix,
    });
    return this.update((models) => {
      const same = models.find((m) => m.id === input.id);
      if (same && same.file !== file) {
        throw new ModelManagerError(
          'model-id-taken',
          `Model id "${input.id}" is already used for ${same.file}.`,
        );
      }
      const kept = same ? { ...entry, addedAt: same.addedAt } : entry;
      return { models: same ? models.map((m) => (m === same ? kept : m)) : [...models, kept], result: kept };
    });
  }

  private storeOf(file: string): 'ollama' | 'lmstudio' | null {
    if (isInside(this.ollamaDir, file)) return 'ollama';
    return this.lmStudioDirs.some((dir) => isInside(dir, file)) ? 'lmstudio' : null;
  }

  /** Adds an entry, giving it a unique id; with `replaceSameFile`, an entry for the same file is replaced. */
  private record(entry: InstalledModel, options: { replaceSameFile: boolean }): Promise<InstalledModel> {
    return this.update((models) => {
      const rest = options.replaceSameFile ? models.filter((m) => m.file !== entry.file) : models;
      const id = uniqueId(entry.id, new Set(rest.map((m) => m.id)));
      const saved = { ...entry, id };
      return { models: [...rest, saved], result: saved };
    });
  }

  /** Read-modify-write of `models.json`, one at a time within this process. */
  private update<T>(
    change: (models: InstalledModel[]) => { models: InstalledModel[]; result: T },
  ): Promise<T> {
    const run = this.writes.then(async () => {
      const { models, result } = change(await this.list());
      await writeModelsFile(this.modelsDir, models);
      return result;
    });
    this.writes = run.catch(() => undefined);
    return run;
  }
}
