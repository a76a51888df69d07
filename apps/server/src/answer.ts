import { retrieve, type SearchHit, type StoredPage, type VectorStore } from '@quire/index';
import {
  type Answer,
  composeAnswer,
  type EmailRef,
  type PriorTurn,
  removeNearDuplicates,
  type Source,
  type SupportLevel,
  standaloneQuestion,
  widenToSentences,
} from '@quire/inference';
import { labelOfRange } from '@quire/ingest';
import { sha256Hex } from './audit-log.ts';
import { EmailFamilies } from './email-family.ts';
import type { OpenWorkspace } from './open-workspace.ts';
import { normalizeScope, type Scope } from './scope.ts';
import { scopeFilter } from './search.ts';

/** What clients say instead of an answer when only closest passages were found (`support: "closest"`). */
export const NO_ANSWER_CONFIRMED =
  'No answer was confirmed in these documents: related passages were found, but none was judged to answer the question.';

/** A passage offered when no answer is confirmed (support `closest` or `not-found`): where the closest text is. */
export interface ClosestPassage {
  n: number;
  chunkId: string;
  documentId: string;
  path: string;
  page: number;
  heading: string | null;
  text: string;
  /** Offsets of `text` in the page text (for opening the page with the passage highlighted). */
  start: number;
  end: number;
  score: number;
  /** How the passage's page was read: its text layer or OCR (absent: text layer). */
  source?: 'text-layer' | 'ocr';
  /** For an OCR page: the mean recognition confidence, 0–100. */
  confidence?: number;
  /** How well the page's text reads (0–1, share of words that read as real words); absent: not assessed. */
  quality?: number;
  /** For an email attachment: every email it came with. */
  attachedTo?: EmailRef[];
  /** The page number printed on the page; null when it has none (`page` is the physical page). */
  pageLabel: string | null;
  /** The Bates number stamped on the page; null when none is. */
  bates: string | null;
}

/** The `quire ask --json` shape (a public contract: add fields, never rename or remove). */
export interface AskResult extends Answer {
  /**
   * How well the sources support the answer: `answered`, `closest` (related passages, no confirmed
   * answer: show `passages` to read, not `answer` as an answer) or `not-found`. `mode` says how the
   * answer text was made.
   */
  support: SupportLevel;
  retrieval: 'hybrid' | 'fulltext';
  models: { embedding: string | null; chat: string | null; rerank: string | null };
  question: string;
  /** The query retrieval used: the question, or for a follow-up, the question made to stand alone. */
  standaloneQuery: string;
  /** How well the best passages cover the question (0–1), and the workspace's refusal threshold. */
  evidence: number;
  threshold: number;
  /**
   * Without a chat model: the share of the question's content words the answer's leading quote holds,
   * and the share it needs to count as answered (the workspace's `answerThreshold`). `answerCoverage` is
   * null for generated and refused answers.
   */
  answerCoverage: number | null;
  answerThreshold: number;
  /** Unless `support` is `answered`: the closest passages, so the user can see what was found. */
  passages: ClosestPassage[];
  /** The numbered passages the answer was drawn from (citations refer to their `n`). */
  sources: {
    n: number;
    chunkId: string;
    path: string;
    page: number;
    heading: string | null;
    score: number;
    /** The page number printed on the page; null when it has none. */
    pageLabel: string | null;
    /** The Bates number stamped on the page; null when none is. */
    bates: string | null;
  }[];
  threadId: string | null;
  time: string;
  /**
   * The part of the workspace the question was asked of (its empty fields dropped); null: the whole
   * workspace. A follow-up in a thread keeps its thread's scope unless given one.
   */
  scope: Scope | null;
  /** How many documents the scope holds; null without a scope. */
  scopeDocuments: number | null;
}

export interface AskOptions {
  onToken?: (text: string) => void;
  signal?: AbortSignal;
  /** Continue this conversation (its earlier turns shape the query); created if new. */
  threadId?: string;
  /**
   * Earlier turns of a conversation kept by the caller (e.g. an OpenAI-style request's messages), used
   * like a thread's turns to rewrite a follow-up. Ignored when `threadId` is given.
   */
  history?: readonly PriorTurn[];
  /** Passages retrieved for the answer. Default: the workspace setting (6). */
  passages?: number;
  /** Longest answer in tokens. Default 512. */
  maxAnswerTokens?: number;
  /** Record the turn in its thread and in the audit log. Default true (false for evaluation runs). */
  record?: boolean;
  /**
   * Ask only part of the workspace. Absent: the scope of the thread's last turn (none for a new
   * thread); null or an empty scope: the whole workspace.
   */
  scope?: Scope | null;
  /** Recorded in the audit log as `askedBy`: the named token's name, `owner`, or null (no token). */
  askedBy?: string | null;
}

const pageKey = (documentId: string, page: number) => `${documentId}:${page}`;

/** How a stored page's text was read (OCR and its confidence, text quality), for a closest passage. */
function pageReading(
  page: StoredPage | undefined,
): Pick<ClosestPassage, 'source' | 'confidence' | 'quality'> {
  if (!page) return {};
  return {
    ...(page.source === 'ocr' ? { source: 'ocr' as const } : {}),
    ...(page.confidence === undefined ? {} : { confidence: page.confidence }),
    ...(page.quality === undefined ? {} : { quality: page.quality }),
  };
}

/** The printed label and Bates number of the text `start`–`end` of a stored page (nulls without one). */
function pageMarks(
  page: StoredPage | undefined,
  start: number,
  end: number,
): { pageLabel: string | null; bates: string | null } {
  return { pageLabel: page ? labelOfRange(page, start, end) : null, bates: page?.bates ?? null };
}

/**
 * Numbered sources from retrieved chunks, each widened to whole sentences of its page (a chunk may
 * start or end mid-sentence), so answers and quotes read as complete sentences. Page texts are kept in
 * `pages` for checking citations.
 */
async function toSources(
  store: VectorStore,
  hits: readonly SearchHit[],
  pages: Map<string, StoredPage>,
): Promise<Source[]> {
  return Promise.all(
    hits.map(async (hit, i) => {
      const { chunk } = hit;
      const page = await store.getPage(chunk.documentId, chunk.page);
      if (page) pages.set(pageKey(chunk.documentId, chunk.page), page);
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
 * Answers `question` from this workspace's documents (and only this one). Retrieval uses the question,
 * or for a follow-up in a thread, the question rewritten to stand alone. When the best evidence is below
 * the workspace's threshold the answer is refused ("not found in these documents") with the closest
 * passages. Otherwise: a generated answer with [n] citations when a chat model is configured, else an
 * extractive answer of cited sentences. `support` says whether the answer is confirmed (see
 * `composeAnswer`); when it is not, the closest passages come with it. Every citation is checked against
 * the stored page text. The turn is added to the thread and to the workspace's audit log.
 */
export async function askWorkspace(
  ws: OpenWorkspace,
  question: string,
  options: AskOptions = {},
): Promise<AskResult> {
  const time = new Date().toISOString();
  const { threads } = ws;
  const threadId = options.threadId ?? null;
  const turns = threadId ? await threads.turns(threadId) : null;
  const history = turns ?? options.history ?? [];
  const generator = await ws.generator();
  const reranker = await ws.reranker();
  const standaloneQuery = await standaloneQuestion(history, question, generator, options.signal);
  const scope = normalizeScope(options.scope === undefined ? turns?.at(-1)?.scope : options.scope);
  const resolved = await scopeFilter(ws, scope);

  const pages = new Map<string, StoredPage>();
  const { retrieved, families } = await ws.withIndex(async (store, embedder) => {
    const hits = await retrieve(store, standaloneQuery, {
      k: options.passages ?? ws.settings.retrieval.passages,
      embedder,
      reranker,
      filter: resolved?.filter,
    });
    // An attachment's citations and passages name the emails it came with.
    return {
      retrieved: await toSources(store, hits, pages),
      families: await EmailFamilies.readFor(store, hits),
    };
  });
  const sources = removeNearDuplicates(retrieved).map((s, i) => ({ ...s, n: i + 1 }));
  const threshold = ws.settings.retrieval.refusalThreshold;
  const { answerThreshold } = ws.settings.retrieval;
  const { evidence, ...answer } = await composeAnswer(sources, question, generator, {
    refusalThreshold: threshold,
    answerThreshold,
    standaloneQuery,
    pageText: (documentId, page) => pages.get(pageKey(documentId, page)),
    onToken: options.onToken,
    signal: options.signal,
    maxAnswerTokens: options.maxAnswerTokens,
  });

  answer.citations = answer.citations.map((c) => ({
    ...c,
    ...pageMarks(pages.get(pageKey(c.documentId, c.page)), c.start, c.end),
    ...families.field(c.documentId),
  }));
  const marksOf = (s: Source) =>
    pageMarks(pages.get(pageKey(s.documentId, s.page)), s.start, s.start + s.text.length);
  const models = {
    embedding: ws.embedder?.name ?? null,
    chat: generator?.name ?? null,
    rerank: reranker?.name ?? null,
  };
  const result: AskResult = {
    ...answer,
    retrieval: ws.retrieval,
    models,
    question,
    standaloneQuery,
    evidence,
    threshold,
    answerThreshold,
    passages:
      answer.support !== 'answered'
        ? sources.slice(0, 3).map((s) => ({
            n: s.n,
            chunkId: s.chunkId,
            documentId: s.documentId,
            path: s.path,
            page: s.page,
            heading: s.headingPath.at(-1) ?? null,
            text: s.text,
            start: s.start,
            end: s.start + s.text.length,
            score: s.score,
            ...pageReading(pages.get(pageKey(s.documentId, s.page))),
            ...families.field(s.documentId),
            ...marksOf(s),
          }))
        : [],
    sources: sources.map((s) => ({
      n: s.n,
      chunkId: s.chunkId,
      path: s.path,
      page: s.page,
      heading: s.headingPath.at(-1) ?? null,
      score: s.score,
      ...marksOf(s),
    })),
    threadId,
    time,
    scope,
    scopeDocuments: resolved?.documents ?? null,
  };
  if (options.record === false) return result;
  if (threadId) {
    await threads.append(threadId, {
      time,
      question,
      standaloneQuery,
      answer: result.answer,
      mode: result.mode,
      support: result.support,
      citations: result.citations,
      models,
      scope,
    });
  }
  await ws.auditLog.append({
    time,
    threadId,
    question,
    standaloneQuery,
    retrievedChunkIds: retrieved.map((s) => s.chunkId),
    models,
    mode: result.mode,
    support: result.support,
    scope,
    askedBy: options.askedBy ?? null,
    answerHash: sha256Hex(result.answer),
    citations: result.citations.map(
      ({ n, chunkId, documentId, path, page, pageLabel, bates, start, end, verified }) => ({
        n,
        chunkId,
        documentId,
        path,
        page,
        pageLabel: pageLabel ?? null,
        bates: bates ?? null,
        start,
        end,
        verified,
      }),
    ),
  });
  return result;
}
