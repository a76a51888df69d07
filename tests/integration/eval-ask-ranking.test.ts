import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  askWorkspace,
  OpenWorkspace,
  parseQaJsonl,
  type QaItem,
  runEval,
  type SearchResultHit,
  searchWorkspace,
  syncWorkspace,
  WorkspaceRegistry,
} from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankPages } from '../../apps/server/src/eval/eval-runner.ts';
import { buildEvalDocuments } from '../../eval/build-documents.ts';
import { writeTinyReranker } from '../fixtures/tiny-reranker.ts';
import { tempDir } from '../helpers/temp.ts';

const QA = new URL('../../eval/qa.jsonl', import.meta.url);
/** What eval asks retrieval for, per question and mode (it scores the first 10 distinct pages). */
const EVAL_K = 30;

let tmp: { path: string; cleanup: () => Promise<void> };
let registry: WorkspaceRegistry;
let items: QaItem[];

beforeAll(async () => {
  tmp = await tempDir();
  registry = new WorkspaceRegistry(join(tmp.path, 'home'));
  const docs = join(tmp.path, 'eval-docs');
  await buildEvalDocuments(docs);
  const reranker = join(tmp.path, 'reranker.gguf');
  await writeTinyReranker(reranker);
  const settings = await registry.addFolder(await registry.create('Ranked'), docs);
  await registry.update(settings, { rerankModel: reranker });
  const ws = await OpenWorkspace.open(registry, 'ranked');
  try {
    await syncWorkspace(ws);
  } finally {
    await ws.close();
  }
  // The lease questions: the tiny reranker's vocabulary is a lease's (tenant, rent, deposit, notice…).
  items = parseQaJsonl(await readFile(QA, 'utf8'))
    .filter((item) => item.id.startsWith('lease-'))
    .slice(0, 6);
});
afterAll(() => tmp.cleanup());

/** Distinct pages of search hits, best first, as eval scores them. */
function distinctPages(hits: readonly SearchResultHit[]): { path: string; page: number }[] {
  const pages = new Map<string, { path: string; page: number }>();
  for (const { path, page } of hits)
    if (!pages.has(`${path}:${page}`)) pages.set(`${path}:${page}`, { path, page });
  return [...pages.values()];
}

describe('eval, search and ask share one retrieval, reranker included', () => {
  it('eval ranks hybrid pages exactly as search does, and ask answers from the same order', async () => {
    const ws = await OpenWorkspace.open(registry, 'ranked');
    try {
      expect(await ws.reranker()).not.toBeNull();
      let reorderedByReranker = 0;
      for (const { question } of items) {
        const searched = await searchWorkspace(ws, question, EVAL_K);
        expect(searched.reranked).toBe(true);
        expect(await rankPages(ws, question, 'hybrid')).toEqual(distinctPages(searched.hits).slice(0, 10));

        // Without the reranker, the fused order would differ for some question: eval does rerank.
        const [vector] = (await ws.embedder?.embed([question], 'query')) ?? [];
        const fused = await ws.store.search({ mode: 'hybrid', query: question, vector, k: EVAL_K });
        if (fused.map((h) => h.chunk.id).join() !== searched.hits.map((h) => h.chunkId).join()) {
          reorderedByReranker++;
        }

        // Ask's sources are the same hits, in the same order (less near-duplicates), for the same k.
        for (const k of [6, EVAL_K]) {
          const asked = await askWorkspace(ws, question, { record: false, passages: k });
          expect(asked.models.rerank).not.toBeNull();
          const ids = new Set(asked.sources.map((s) => s.chunkId));
          const hits = k === EVAL_K ? searched.hits : (await searchWorkspace(ws, question, k)).hits;
          expect(asked.sources.length).toBeGreaterThan(0);
          expect(asked.sources.map((s) => s.chunkId)).toEqual(
            hits.filter((h) => ids.has(h.chunkId)).map((h) => h.chunkId),
          );
          expect(asked.sources.map((s) => s.score)).toEqual(
            hits.filter((h) => ids.has(h.chunkId)).map((h) => h.score),
          );
        }
      }
      expect(reorderedByReranker).toBeGreaterThan(0);
    } finally {
      await ws.close();
    }
  });

  it("each question's first hit per mode agrees with the ranking and with the summary", async () => {
    // A gold path that is only the tail of a file name ("ease.pdf") is not that file: never a hit.
    const tail: QaItem = {
      ...(items[0] as QaItem),
      id: 'tail-of-a-name',
      gold: (items[0] as QaItem).gold.map((g) => ({ ...g, path: g.path.replace('commercial-l', '') })),
    };
    const ws = await OpenWorkspace.open(registry, 'ranked');
    try {
      const report = await runEval(ws, [...items, tail]);
      for (const [i, item] of [...items, tail].entries()) {
        const result = report.questions[i];
        for (const mode of ['fulltext', 'vector', 'hybrid'] as const) {
          const ranked = await rankPages(ws, item.question, mode);
          const index = ranked.findIndex((r) =>
            item.gold.some((g) => r.page === g.page && r.path.endsWith(`/${g.path}`)),
          );
          expect(result?.firstHit[mode]).toBe(index === -1 ? null : index + 1);
        }
      }
      expect(report.questions[0]?.firstHit.hybrid).not.toBeNull();
      expect(report.questions.at(-1)?.firstHit).toEqual({ fulltext: null, vector: null, hybrid: null });
      const hybridHits1 = report.questions.filter((q) => q.firstHit.hybrid === 1).length;
      expect(report.summary.retrieval.hybrid?.pageHit1).toBeCloseTo(hybridHits1 / (items.length + 1), 10);
    } finally {
      await ws.close();
    }
  });
});
