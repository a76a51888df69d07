import { mkdir, readdir, readFile, realpath, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { IndexLocation } from '@quire/index';
import { DEFAULT_ANSWER_THRESHOLD } from '@quire/inference';
import { z } from 'zod';
import { QuireError, WorkspaceNotFoundError } from './errors.ts';
import { resolveModelsDir } from './home.ts';
import { storageOptionsFor } from './object-storage.ts';

const ChunkingSchema = z.object({
  maxTokens: z.number().int().min(50).max(4000).default(400),
  overlap: z.number().min(0).max(0.5).default(0.15),
});

const RetrievalSchema = z.object({
  /** Passages retrieved for an answer. */
  passages: z.number().int().min(1).max(50).default(6),
  /**
   * Below this evidence (share of the question's content words found in the best passage) an answer is
   * refused as "not found in these documents". Calibrated on the eval set (docs/retrieval.md).
   */
  refusalThreshold: z.number().min(0).max(1).default(0.25),
  /**
   * Without a chat model, an extractive answer is shown as an answer (`support: "answered"`) only when its
   * leading quote holds this share of the question's content words; below it, as closest passages.
   * Chosen by validation (docs/retrieval.md).
   */
  answerThreshold: z.number().min(0).max(1).default(DEFAULT_ANSWER_THRESHOLD),
});

/** The settings a workspace starts with that a user may restore (`GET /api/workspace-defaults`). */
export interface WorkspaceDefaults {
  retrieval: z.infer<typeof RetrievalSchema>;
}

export const WORKSPACE_DEFAULTS: WorkspaceDefaults = { retrieval: RetrievalSchema.parse({}) };

/** Tesseract language codes; each needs its `@tesseract.js-data/<code>` npm package installed. */
export const OcrLanguagesSchema = z
  .array(z.string().regex(/^[a-z]{3}(?:_[a-z]+)?$/, 'a Tesseract language code such as eng, deu or fra'))
  .min(1)
  .max(8);

const OcrSchema = z.object({
  /** Read scanned pages, pages whose text layer is junk, and images, with OCR (on this machine). */
  enabled: z.boolean().default(true),
  languages: OcrLanguagesSchema.default(['eng']),
});

const WorkspaceSettingsSchema = z.object({
  name: z.string().min(1),
  slug: z.string().min(1),
  folders: z.array(z.string()),
  /** Embedding model: `builtin` (default), a model id or `.gguf` path, or null for full-text retrieval only. */
  embeddingModel: z.string().nullable().default('builtin'),
  /** Chat model (id or `.gguf` path), or null for extractive answers. */
  chatModel: z.string().nullable().default(null),
  /** Reranking model (id or `.gguf` path), or null to keep the fused order. */
  rerankModel: z.string().nullable().default(null),
  /** Folder (inside the workspace folder) of the index in use; a model switch builds the next one beside it. */
  indexDir: z
    .string()
    .regex(/^index(-\d+)?$/)
    .default('index'),
  /**
   * Where the index lives when not in the workspace folder: `s3://bucket/prefix` (object storage; the
   * credentials come from the environment, never from here). Null: `indexDir` in the workspace folder.
   */
  indexUri: z.string().nullable().default(null),
  /**
   * A reader of an index another process writes (`quire add --index s3://… --read-only`): no folders
   * watched, nothing indexed, every write refused; new documents appear once the indexer commits them.
   */
  readOnly: z.boolean().default(false),
  chunking: ChunkingSchema.default({ maxTokens: 400, overlap: 0.15 }),
  retrieval: RetrievalSchema.default(WORKSPACE_DEFAULTS.retrieval),
  ocr: OcrSchema.default({ enabled: true, languages: ['eng'] }),
  createdAt: z.string(),
});

/** A workspace's `workspace.json`: one matter or client, with its folders and model choices. */
export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;

/** Names inside the data home that are not workspaces. */
const RESERVED = new Set(['models', 'quire.json']);

/** `"Acme v. Smith (2024)"` → `"acme-v-smith-2024"`. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  if (!slug)
    throw new QuireError('invalid-request', `Workspace name "${name}" needs at least one letter or digit`);
  return RESERVED.has(slug) ? `${slug}-workspace` : slug;
}

async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(tmp, path);
}

/** The workspaces of one data home, each a folder `<home>/<slug>/` holding `workspace.json` and its index. */
export class WorkspaceRegistry {
  /** Where the models of this data home live (downloads, imports, the built-in model). */
  readonly modelsDir: string;

  /**
   * @param options.modelsDir the models folder; default {@link resolveModelsDir}: `QUIRE_MODELS_DIR`,
   * else `<home>/models`, read once here.
   */
  constructor(
    readonly home: string,
    options: { modelsDir?: string } = {},
  ) {
    this.modelsDir = options.modelsDir ?? resolveModelsDir(home);
  }

  dir(slug: string): string {
    return join(this.home, slug);
  }

  /** The folder of the index a workspace uses now (when its index is local). */
  indexDir(settings: Pick<WorkspaceSettings, 'slug' | 'indexDir'>): string {
    return join(this.home, settings.slug, settings.indexDir);
  }

  /**
   * Where a workspace's index lives: its folder, or its `s3://` URI with the storage options read now
   * from the environment (never stored); read-only for a reader.
   */
  indexLocation(
    settings: Pick<WorkspaceSettings, 'slug' | 'indexDir' | 'indexUri' | 'readOnly'>,
  ): IndexLocation {
    if (settings.indexUri === null) return { uri: this.indexDir(settings), readOnly: settings.readOnly };
    return {
      uri: settings.indexUri,
      storageOptions: storageOptionsFor(this.home),
      readOnly: settings.readOnly,
    };
  }

  async list(): Promise<WorkspaceSettings[]> {
    const entries = await readdir(this.home, { withFileTypes: true }).catch(() => []);
    const out: WorkspaceSettings[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory() || RESERVED.has(entry.name)) continue;
      const settings = await this.read(entry.name);
      if (settings) out.push(settings);
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Finds a workspace by name or slug. */
  async get(nameOrSlug: string): Promise<WorkspaceSettings> {
    let slug: string;
    try {
      slug = slugify(nameOrSlug);
    } catch {
      throw new WorkspaceNotFoundError(nameOrSlug);
    }
    const settings = await this.read(slug);
    if (!settings) throw new WorkspaceNotFoundError(nameOrSlug);
    return settings;
  }

  async create(name: string): Promise<WorkspaceSettings> {
    const slug = slugify(name);
    const existing = await this.read(slug);
    if (existing) {
      if (existing.name !== name && existing.slug !== name) {
        throw new QuireError(
          'conflict',
          `Workspace "${existing.name}" already uses the folder name "${slug}"`,
        );
      }
      return existing;
    }
    const settings = WorkspaceSettingsSchema.parse({
      name,
      slug,
      folders: [],
      createdAt: new Date().toISOString(),
    });
    await mkdir(this.dir(slug), { recursive: true });
    await this.save(settings);
    return settings;
  }

  /** Attaches `folder` (made absolute and resolved through symbolic links); attaching it twice is a no-op. */
  /** The real path of `folder`; `invalid-request` when it is not an existing folder. */
  async checkFolder(folder: string): Promise<string> {
    const absolute = resolve(folder);
    const info = await stat(absolute).catch(() => null);
    if (!info?.isDirectory()) throw new QuireError('invalid-request', `Not a folder: ${absolute}`);
    return realpath(absolute);
  }

  async addFolder(settings: WorkspaceSettings, folder: string): Promise<WorkspaceSettings> {
    const real = await this.checkFolder(folder);
    if (settings.folders.includes(real)) return settings;
    return this.update(settings, { folders: [...settings.folders, real] });
  }

  async update(
    settings: WorkspaceSettings,
    patch: Partial<Omit<WorkspaceSettings, 'slug'>>,
  ): Promise<WorkspaceSettings> {
    const next = WorkspaceSettingsSchema.parse({ ...settings, ...patch, slug: settings.slug });
    await this.save(next);
    return next;
  }

  private async save(settings: WorkspaceSettings): Promise<void> {
    await writeJsonAtomic(join(this.dir(settings.slug), 'workspace.json'), settings);
  }

  private async read(slug: string): Promise<WorkspaceSettings | null> {
    let text: string;
    try {
      text = await readFile(join(this.dir(slug), 'workspace.json'), 'utf8');
    } catch {
      return null;
    }
    const damaged = (cause: unknown) =>
      new QuireError('invalid-request', `Damaged settings in ${join(this.dir(slug), 'workspace.json')}`, {
        cause,
      });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw damaged(cause);
    }
    const parsed = WorkspaceSettingsSchema.safeParse(json);
    if (!parsed.success) throw damaged(parsed.error);
    return parsed.data;
  }
}
