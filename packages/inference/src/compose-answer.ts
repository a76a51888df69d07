import { checkCitation } from './citation-checker.ts';
import { parseCitations } from './citations.ts';
import { evidenceScore, leadCoverage } from './evidence.ts';
import { extractiveAnswer, NOT_FOUND } from './extractive.ts';
import { queryTerms } from './query-terms.ts';
import { buildRagPrompt, NOT_IN_DOCUMENTS, sourcesWithinBudget } from './rag-prompt.ts';
import type { Answer, Citation, Generator, Source, SupportLevel } from './types.ts';

/** The stored text of a cited page, which citations are checked against. */
export interface PageText {
  text: string;
  /** Where the text came from (absent: `text-layer`). */
  source?: 'text-layer' | 'ocr';
  /** Mean OCR confidence (0–100) of an OCR page. */
  confidence?: number;
  /** How well the page's text reads (0–1), when it was assessed. */
  quality?: number;
}

export interface ComposeOptions {
  /** Evidence (see `evidenceScore`) below which the answer is refused. */
  refusalThreshold: number;
  /**
   * Without a chat model: the share of the question's content words an extractive answer's leading
   * quote must hold (see `leadCoverage`) to be given as an answer (`support: 'answered'`); below it, its
   * sentences are the closest passages (`support: 'closest'`). Default `DEFAULT_ANSWER_THRESHOLD`.
   */
  answerThreshold?: number;
  /**
   * The query retrieval used: for a follow-up, the question made to stand alone. Evidence and the
   * prompt use it; extractive sentences are chosen for `question` itself when it has content words.
   * Default: `question`.
   */
  standaloneQuery?: string;
  /** The stored page a citation points to; none (undefined or null) leaves its citations unverified. */
  pageText: (documentId: string, page: number) => PageText | null | undefined;
  /** Called with each piece of a generated answer as the model produces it. */
  onToken?: (text: string) => void;
  signal?: AbortSignal;
  /** Longest generated answer in tokens; room for it is kept in the context. Default 512. */
  maxAnswerTokens?: number;
}

/** An answer with the evidence it was judged on. */
export interface ComposedAnswer extends Answer {
  /** How well the best source covers the standalone query (0–1). */
  evidence: number;
  /** How well the sources support the answer (see `SupportLevel`). */
  support: SupportLevel;
  /** An extractive answer's `leadCoverage`, which `answerThreshold` applies to; null for other answers. */
  answerCoverage: number | null;
}

/**
 * The default `answerThreshold`, chosen by leave-one-document-out validation on both question sets
 * with a wrong answer costing three times a right one (docs/retrieval.md, "Support levels"): every one
 * of the 25 folds chose 0.8.
 */
export const DEFAULT_ANSWER_THRESHOLD = 0.8;

const DEFAULT_ANSWER_TOKENS = 512;

/**
 * Answers `question` from numbered `sources` (best first), with no I/O of its own. Refused ("not found
 * in these documents", support `not-found`) when there are no sources or their evidence is below the
 * refusal threshold. Else, with a `generator`, a generated answer from the sources that fit its
 * context, with [n] citations to those sources only: `answered` when a citation is verified, `closest`
 * when none is or when the model says the documents do not hold the answer (then refused). Without
 * one, an extractive answer of cited sentences: `answered` when its leading quote is verified and holds
 * `answerThreshold` of the question's content words (see `leadCoverage`), else `closest`. Every citation
 * is checked against its page's stored text: `verified` only when the quote is on the page and supports
 * the claim.
 */
export async function composeAnswer(
  sources: readonly Source[],
  question: string,
  generator: Generator | null,
  options: ComposeOptions,
): Promise<ComposedAnswer> {
  const standaloneQuery = options.standaloneQuery ?? question;
  const evidence = evidenceScore(standaloneQuery, sources);
  const verify = (citations: readonly Citation[]) => verifyCitations(citations, options.pageText);
  if (sources.length === 0 || evidence < options.refusalThreshold) {
    return { ...refusal(), evidence, support: 'not-found', answerCoverage: null };
  }
  if (!generator) {
    // Sentences are chosen for what this question asks; terms carried from earlier turns only guide retrieval.
    const asked = queryTerms(question).length > 0 ? question : standaloneQuery;
    const extractive = extractiveAnswer(asked, sources, {
      pageText: (documentId, page) => options.pageText(documentId, page)?.text,
    });
    if (extractive.mode === 'refused')
      return { ...extractive, evidence, support: 'closest', answerCoverage: null };
    const answerCoverage = leadCoverage(asked, extractive.citations);
    const citations = verify(extractive.citations);
    const answered =
      citations[0]?.verified === true &&
      answerCoverage >= (options.answerThreshold ?? DEFAULT_ANSWER_THRESHOLD);
    return {
      ...extractive,
      citations,
      evidence,
      support: answered ? 'answered' : 'closest',
      answerCoverage,
    };
  }
  const maxTokens = options.maxAnswerTokens ?? DEFAULT_ANSWER_TOKENS;
  const shown = fitSources(generator, standaloneQuery, sources, maxTokens);
  const text = await generator.generate(buildRagPrompt(standaloneQuery, shown), {
    onToken: options.onToken,
    signal: options.signal,
    maxTokens,
  });
  if (saysNotInDocuments(text)) return { ...refusal(), evidence, support: 'closest', answerCoverage: null };
  // Only sources the model was shown can be cited.
  const citations = verify(parseCitations(text, shown).citations);
  return {
    answer: text.trim(),
    mode: 'generated',
    citations,
    evidence,
    support: citations.some((c) => c.verified) ? 'answered' : 'closest',
    answerCoverage: null,
  };
}

function refusal(): Answer {
  return { answer: NOT_FOUND, mode: 'refused', citations: [] };
}

/**
 * Each citation checked against its page, carrying the page's text source (and OCR confidence) and,
 * when assessed, how well the page's text reads.
 */
function verifyCitations(citations: readonly Citation[], pageText: ComposeOptions['pageText']): Citation[] {
  return citations.map((c) => {
    const page = pageText(c.documentId, c.page);
    const checked: Citation = {
      ...checkCitation(c, page?.text ?? null),
      ...(page?.quality === undefined ? {} : { quality: page.quality }),
    };
    if (page?.source !== 'ocr') return { ...checked, source: 'text-layer' as const };
    return {
      ...checked,
      source: 'ocr' as const,
      ...(page.confidence === undefined ? {} : { confidence: page.confidence }),
    };
  });
}

/** The sources, best first, that fit the model's context window beside the instructions and the answer. */
function fitSources(
  generator: Generator,
  question: string,
  sources: readonly Source[],
  answerTokens: number,
): Source[] {
  const countTokens = (text: string) => generator.countTokens(text);
  const overhead = buildRagPrompt(question, []).reduce((sum, m) => sum + countTokens(m.content) + 8, 0);
  const maxSourceTokens = Math.max(generator.contextSize - answerTokens - overhead - 64, 0);
  return sourcesWithinBudget(sources, maxSourceTokens, countTokens);
}

/** Whether the model answered that the sources do not contain the answer (as the prompt asks it to). */
function saysNotInDocuments(text: string): boolean {
  const start = text.trim().toLowerCase().slice(0, 80);
  return (
    start.startsWith(NOT_IN_DOCUMENTS.toLowerCase().replace(/\.$/, '')) ||
    start.startsWith('not found in these documents')
  );
}
