import { z } from 'zod';

/** What a model is used for in Quire; `null` when its metadata does not say. */
export const MODEL_ROLES = ['embedding', 'chat', 'rerank'] as const;
export type ModelRole = (typeof MODEL_ROLES)[number];

/** Where an installed model came from. Only `download` and copied imports are Quire's to delete. */
export const MODEL_SOURCES = ['download', 'import', 'ollama', 'lmstudio', 'builtin'] as const;
export type ModelSource = (typeof MODEL_SOURCES)[number];

/** One entry of `models.json`. */
export const installedModelSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  /** Absolute path of the GGUF file. */
  file: z.string().min(1),
  role: z.enum(MODEL_ROLES).nullable(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  source: z.enum(MODEL_SOURCES),
  /** True when Quire wrote the file into its models folder (a download or `import --copy`). */
  managed: z.boolean().default(false),
  catalogueId: z.string().optional(),
  /** Where a download came from (never fetched again implicitly). */
  url: z.string().optional(),
  queryPrefix: z.string().optional(),
  documentPrefix: z.string().optional(),
  architecture: z.string(),
  contextLength: z.number().int().positive().optional(),
  dimension: z.number().int().positive().optional(),
  quantization: z.string().optional(),
  /** ISO 8601 time the entry was recorded. */
  addedAt: z.string(),
});

export type InstalledModel = z.infer<typeof installedModelSchema>;

export const modelsFileSchema = z.object({
  version: z.literal(1),
  models: z.array(installedModelSchema),
});

export type ModelsFile = z.infer<typeof modelsFileSchema>;
