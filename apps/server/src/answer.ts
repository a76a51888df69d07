import {
  type Answer,
  buildRagPrompt,
  extractiveAnswer,
  type Generator,
  NOT_FOUND,
  parseCitations,
  type Source,
  sourcesWithinBudget,
} from '@quire/inference';
import type { OpenWorkspace } from './open-workspace.ts';
import { retrieve } from './search.ts';

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
  const hits = await retrieve(ws, question, options.passages ?? 6);
  const sources: Source[] = hits.map((hit, i) => ({
    n: i + 1,
    chunkId: hit.chunk.id,
    documentId: hit.chunk.documentId,
    path: hit.paths[0] ?? '',
    page: hit.chunk.page,
    headingPath: hit.chunk.headingPath,
    text: hit.chunk.text,
    start: hit.chunk.start,
    score: hit.score,
  }));
  const meta = {
    retrieval: ws.retrieval,
    models: { embedding: ws.embedder?.name ?? null, chat: generator?.name ?? null },
  };
  if (sources.length === 0) return { answer: NOT_FOUND, mode: 'refused', citations: [], ...meta };
  if (!generator) return { ...extractiveAnswer(question, sources), ...meta };

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
  return { answer: text.trim(), mode: 'generated', citations, ...meta };
}
