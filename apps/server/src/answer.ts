import type { SearchHit, VectorStore } from '@quire/embeddings';
import {
  type Answer,
  buildRagPrompt,
  type Citation,
  checkCitation,
  extractiveAnswer,
  type Generator,
  NOT_FOUND,
  parseCitations,
  type Source,
  sourcesWithinBudget,
  widenToSentences,
} from '@quire/inference';
import type { OpenWorkspace } from './open-workspace.ts';
import { retrieveFrom } from './search.ts';

/** The `quire ask --json` shape (a public contract: add fields, never rename or remove). */
export interface AskResult extends Answer {
  retrieval: 'hybrid' | 'fulltext';
  models: { embedding: string | null; chat: string | null };
}

export interface AskOptions {
  onToken?: (text: string) => void;
  signal?: AbortSignal;
  /** Passages retrieved for the answer. Default 6. */
  passages?: number;
  /** Longest answer in tokens. Default 512. */
  maxAnswerTokens?: number;
}

/** The sources, best first, that fit the model's context window beside the instructions and the answer. */
function fitSources(
  generator: Generator,
  question: string,
  sources: Source[],
  answerTokens: number,
): Source[] {
  const countTokens = (text: string) => generator.countTokens(text);
  const overhead = buildRagPrompt(question, []).reduce((sum, m) => sum + countTokens(m.content) + 8, 0);
  const maxSourceTokens = Math.max(generator.contextSize - answerTokens - overhead - 64, 0);
  return sourcesWithinBudget(sources, maxSourceTokens, countTokens);
}

const pageKey = (documentId: string, page: number) => `${documentId}:${page}`;

/**
 * Numbered sources from retrieved chunks, each widened to whole sentences of its page (a chunk may
 * start or end mid-sentence), so answers and quotes read as complete sentences.
 */
async function toSources(
  store: VectorStore,
  hits: readonly SearchHit[],
  pages: Map<string, string>,
): Promise<Source[]> {
  return Promise.all(
    hits.map(async (hit, i) => {
      const { chunk } = hit;
      const page = await store.getPage(chunk.documentId, chunk.page);
      if (page) pages.set(pageKey(chunk.documentId, chunk.page), page.text);
      const span = page
        ? widenToSentences(page.text, chunk.start, chunk.end)
        : { start: chunk.start, end: chunk.end };
      return {
        n: i + 1,
        chunkId: chunk.id,
        documentId: chunk.documentId,
        path: hit.paths[0] ?? '',
        page: chunk.page,
        headingPath: chunk.headingPath,
        text: page ? page.text.slice(span.start, span.end) : chunk.text,
        start: span.start,
        score: hit.score,
      };
    }),
  );
}

/**
 * Answers `question` from this workspace's documents: a generated answer with [n] citations when a chat
 * model is configured, else an extractive answer of cited sentences; refused when nothing relevant is found.
 */
export async function askWorkspace(
  ws: OpenWorkspace,
  question: string,
  options: AskOptions = {},
): Promise<AskResult> {
  const generator = await ws.generator();
  const reranker = await ws.reranker();
  const pages = new Map<string, string>();
  const sources = await ws.withIndex(async (store, embedder) =>
    toSources(store, await retrieveFrom(store, embedder, question, options.passages ?? 6, reranker), pages),
  );
  const verify = (citations: Citation[]) =>
    citations.map((c) => checkCitation(c, pages.get(pageKey(c.documentId, c.page)) ?? null));
  const meta = {
    retrieval: ws.retrieval,
    models: { embedding: ws.embedder?.name ?? null, chat: generator?.name ?? null },
  };
  if (sources.length === 0) return { answer: NOT_FOUND, mode: 'refused', citations: [], ...meta };
  if (!generator) {
    const extractive = extractiveAnswer(question, sources);
    return { ...extractive, citations: verify(extractive.citations), ...meta };
  }

  const maxTokens = options.maxAnswerTokens ?? 512;
  const shown = fitSources(generator, question, sources, maxTokens);
  const messages = buildRagPrompt(question, shown);
  const text = await generator.generate(messages, {
    onToken: options.onToken,
    signal: options.signal,
    maxTokens,
  });
  // Only sources the model was shown can be cited.
  const { citations } = parseCitations(text, shown);
  return { answer: text.trim(), mode: 'generated', citations: verify(citations), ...meta };
}
