import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { hasGgufMagic } from './gguf-info.ts';

/** A GGUF file found in another tool's model store, usable in place (never copied or deleted by Quire). */
export interface DiscoveredModel {
  source: 'ollama' | 'lmstudio';
  /** `model:tag` for Ollama (`namespace/model:tag` outside the library), `publisher/repo/file.gguf` for LM Studio. */
  name: string;
  file: string;
  sizeBytes: number;
  /** Known without hashing: the blob digest for Ollama. */
  sha256?: string;
  /** Set by `ModelManager.discover()` when this file is already installed under that id. */
  installedId?: string;
}

/** Ollama's store: `$OLLAMA_MODELS`, else `~/.ollama/models`. */
export function defaultOllamaDir(): string {
  return process.env.OLLAMA_MODELS || join(homedir(), '.ollama', 'models');
}

/** LM Studio's stores: `~/.lmstudio/models` and the older `~/.cache/lm-studio/models`. */
export function defaultLmStudioDirs(): string[] {
  return [join(homedir(), '.lmstudio', 'models'), join(homedir(), '.cache', 'lm-studio', 'models')];
}

const MODEL_LAYER = 'application/vnd.ollama.image.model';
const manifestSchema = z.object({
  layers: z.array(z.object({ mediaType: z.string(), digest: z.string() })),
});

async function subdirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

async function fileSize(path: string): Promise<number | null> {
  const info = await stat(path).catch(() => null);
  return info?.isFile() ? info.size : null;
}

function ollamaName(registry: string, namespace: string, model: string, tag: string): string {
  if (registry === 'registry.ollama.ai') {
    return namespace === 'library' ? `${model}:${tag}` : `${namespace}/${model}:${tag}`;
  }
  return `${registry}/${namespace}/${model}:${tag}`;
}

async function readManifest(path: string): Promise<z.infer<typeof manifestSchema> | null> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // not JSON: not a manifest Quire can use
  }
}

/**
 * Models in an Ollama store: each manifest `manifests/<registry>/<namespace>/<model>/<tag>` whose model
 * layer's blob `blobs/sha256-<hex>` exists and is a GGUF. Manifests pointing at missing blobs are skipped.
 */
export async function discoverOllama(ollamaDir: string = defaultOllamaDir()): Promise<DiscoveredModel[]> {
  const found: DiscoveredModel[] = [];
  const root = join(ollamaDir, 'manifests');
  for (const registry of await subdirectories(root)) {
    for (const namespace of await subdirectories(join(root, registry))) {
      for (const model of await subdirectories(join(root, registry, namespace))) {
        const modelDir = join(root, registry, namespace, model);
        for (const tag of await files(modelDir)) {
          const manifest = await readManifest(join(modelDir, tag));
          const layer = manifest?.layers.find((l) => l.mediaType === MODEL_LAYER);
          const hex = layer?.digest.match(/^sha256[:-]([0-9a-f]{64})$/)?.[1];
          if (!hex) continue;
          const file = join(ollamaDir, 'blobs', `sha256-${hex}`);
          const sizeBytes = await fileSize(file);
          if (sizeBytes === null || !(await hasGgufMagic(file))) continue;
          found.push({
            source: 'ollama',
            name: ollamaName(registry, namespace, model, tag),
            file,
            sizeBytes,
            sha256: hex,
          });
        }
      }
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

const SPLIT_PART = /-(\d{5})-of-\d{5}\.gguf$/i;

function isUsableGgufName(name: string): boolean {
  if (!name.toLowerCase().endsWith('.gguf')) return false;
  if (/^mmproj/i.test(name)) return false; // vision projector, not a model on its own
  const part = name.match(SPLIT_PART)?.[1];
  return part === undefined || part === '00001'; // llama.cpp loads a split model from its first part
}

/**
 * Models in LM Studio's stores (`<publisher>/<repo>/<file>.gguf`), skipping `mmproj-*` projector files
 * and all but the first part of split models. A file reachable from two stores is listed once.
 */
export async function discoverLmStudio(
  dirs: readonly string[] = defaultLmStudioDirs(),
): Promise<DiscoveredModel[]> {
  const found: DiscoveredModel[] = [];
  const seen = new Set<string>();
  for (const dir of dirs) {
    for (const publisher of await subdirectories(dir)) {
      for (const repo of await subdirectories(join(dir, publisher))) {
        for (const name of await files(join(dir, publisher, repo))) {
          if (!isUsableGgufName(name)) continue;
          const file = join(dir, publisher, repo, name);
          const real = await realpath(file).catch(() => file);
          if (seen.has(real)) continue;
          const sizeBytes = await fileSize(file);
          if (sizeBytes === null || !(await hasGgufMagic(file))) continue;
          seen.add(real);
          found.push({ source: 'lmstudio', name: `${publisher}/${repo}/${basename(file)}`, file, sizeBytes });
        }
      }
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}
