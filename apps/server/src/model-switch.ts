import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Embedder } from '@quire/embeddings';
import { type DocumentId, type DocumentRecord, LanceVectorStore, StoreError } from '@quire/index';
import { loadEmbedder, type OpenWorkspace } from './open-workspace.ts';
import { embeddingText } from './sync.ts';

export interface ReembedProgress {
  /** Chunks embedded with the new model so far. */
  done: number;
  total: number;
}

export interface SwitchReport {
  from: string | null;
  to: string | null;
  documents: number;
  chunks: number;
}

const INDEX_DIR = /^index(?:-(\d+))?$/;

function nextIndexDir(current: string): string {
  const generation = Number(INDEX_DIR.exec(current)?.[1] ?? 1);
  return `index-${generation + 1}`;
}

async function reembed(
  records: Omit<DocumentRecord, 'vectors'>[],
  embedder: Embedder | null,
): Promise<DocumentRecord[]> {
  if (!embedder) return records.map((r) => ({ ...r, vectors: null }));
  const texts = records.flatMap((r) => r.chunks.map((c) => embeddingText(c.headingPath, c.text)));
  const vectors = await embedder.embed(texts, 'document');
  let i = 0;
  return records.map((r) => ({ ...r, vectors: r.chunks.map(() => vectors[i++] ?? new Float32Array()) }));
}

/**
 * Switches a workspace to another embedding model (`null`: full text only). Builds a complete new index
 * beside the current one, re-embedding every stored chunk (no file is parsed again), then points the
 * workspace at it in one atomic settings write and removes the old one. Until then the old index keeps
 * serving searches; the two models' vectors never share an index.
 */
export async function switchEmbeddingModel(
  ws: OpenWorkspace,
  ref: string | null,
  options: { onProgress?: (p: ReembedProgress) => void; batchChunks?: number } = {},
): Promise<SwitchReport> {
  if (ws.settings.indexUri !== null)
    throw new StoreError(
      'unsupported',
      `Workspace "${ws.settings.name}" keeps its index at ${ws.settings.indexUri}: its embedding model is fixed; create a workspace with the other model`,
    );
  return ws.exclusive(async () => {
    const { registry } = ws;
    const from = ws.settings.embeddingModel;
    const embedder = await loadEmbedder(registry.modelsDir, ref);
    const nextDir = nextIndexDir(ws.settings.indexDir);
    const target = join(ws.dir, nextDir);
    await rm(target, { recursive: true, force: true });
    let next: LanceVectorStore | null = null;
    try {
      next = await LanceVectorStore.open(target, {
        embedding: embedder
          ? { modelId: embedder.modelId, name: embedder.name, dimension: embedder.dimension }
          : null,
      });
      const into = next;
      const totals = await ws.withIndex(async (store) => {
        const documents = await store.listDocuments();
        const total = documents.reduce((sum, d) => sum + d.chunkCount, 0);
        const batch = options.batchChunks ?? 256;
        let done = 0;
        let ids: DocumentId[] = [];
        let pending = 0;
        const flush = async () => {
          if (ids.length === 0) return;
          const records = await reembed(await store.readDocuments(ids), embedder);
          await into.addDocuments(records);
          done += pending;
          options.onProgress?.({ done, total });
          ids = [];
          pending = 0;
        };
        for (const document of documents) {
          ids.push(document.id);
          pending += document.chunkCount;
          if (pending >= batch) await flush();
        }
        await flush();
        await into.upsertPaths(await store.listPaths());
        return { documents: documents.length, chunks: total };
      });
      await next.optimize();
      const settings = await registry.update(ws.settings, { embeddingModel: ref, indexDir: nextDir });
      await ws.replaceIndex(settings, next, embedder);
      await removeStaleIndexes(ws.dir, nextDir);
      return { from, to: ref, ...totals };
    } catch (error) {
      await next?.close();
      await embedder?.close();
      await rm(target, { recursive: true, force: true });
      throw error;
    }
  });
}

/** Deletes index folders of earlier generations (left by a finished or an interrupted switch). */
async function removeStaleIndexes(workspaceDir: string, keep: string): Promise<void> {
  for (const entry of await readdir(workspaceDir, { withFileTypes: true })) {
    if (entry.isDirectory() && INDEX_DIR.test(entry.name) && entry.name !== keep) {
      await rm(join(workspaceDir, entry.name), { recursive: true, force: true });
    }
  }
}
