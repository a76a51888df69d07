// A document's summary written by the chat model (issue 18, "Document overview"): map over sections of
// the document (each summarised in a sentence or two citing its numbered passages), then reduce (the
// section sentences, offered as numbered sources, summarised in a few sentences). Every sentence kept
// cites a quote verified on its page; the rules are described in docs/overviews.md.
import {
  type Citation,
  checkCitation,
  type Generator,
  parseCitations,
  queryTerms,
  type Source,
} from '@quire/inference';
import { contentSupport } from './content-support.ts';
import { type ReplySentence, replySentences, type SummaryTask, summaryPrompt } from './summary-prompt.ts';
import { renumber, sectionsOf, withinBudget } from './summary-sections.ts';

/** A page of the document: its stored text, which quotes are checked against. */
export interface SummaryPage {
  page: number;
  text: string;
}

/** A chunk of the document: `text` is a verbatim slice of its page's text starting at `start`. */
export interface SummaryChunk {
  page: number;
  start: number;
  end: number;
  text: string;
  headingPath: string[];
}

export interface DocumentToSummarize {
  title: string | null;
  kind: string;
  pages: SummaryPage[];
  /** In reading order. */
  chunks: SummaryChunk[];
}

/** A quote of one page: `pageText.slice(start, end) === quote`. */
export interface SummaryCitation {
  page: number;
  start: number;
  end: number;
  quote: string;
  /** The quote is on the page and carries enough of the sentence's words (see `checkCitation`). */
  verified: boolean;
}

export interface GeneratedSentence {
  text: string;
  citations: SummaryCitation[];
}

export interface GeneratedSummary {
  mode: 'generated';
  sentences: GeneratedSentence[];
}

export interface GeneratedSummaryOptions {
  /** Most map calls (sections) for one document; the whole summary takes at most one more. Default 8. */
  maxSections?: number;
  /**
   * Most tokens of passages shown in one call, to bound the time a call takes on a slow machine
   * (prompt reading grows with it). Default: as many as the model's context leaves room for.
   */
  maxPassageTokens?: number;
  signal?: AbortSignal;
}

/**
 * The default `maxSections`: a document is summarised in at most 9 model calls however long it is (a
 * 900-page document must not make 900 calls); the reduce step reads at most 16 section sentences.
 */
export const DEFAULT_MAX_SECTIONS = 8;
/** The whole summary's length in sentences (the prompt asks for 3–5). */
export const MAX_SUMMARY_SENTENCES = 5;
const MAX_SECTION_SENTENCES = 2;
/**
 * A summary sentence states something in at least this many content words: with fewer ("Contents.",
 * "It is a lease.") any quote holding one of them would support it, so the check would prove nothing.
 */
const MIN_SENTENCE_WORDS = 3;
const SECTION_TOKENS = 160;
const SUMMARY_TOKENS = 320;
/** Room kept in the context for the chat template's own tokens. */
const TEMPLATE_MARGIN = 64;

/**
 * A summary of one document written by `generator`, or null when the model fails or none of its
 * sentences is verified (the caller then shows the extractive summary).
 *
 * The document's chunks are cut into sections that each fit the model's context, or `maxPassageTokens`
 * (runs of chunks under one top heading, small ones packed together). A document that fits in one
 * section is summarised in one call; one with no chunks is not summarised (null, no call). Otherwise each section is summarised in 1–2 sentences with [n] markers to its numbered
 * chunks (map), and the verified section sentences are offered as numbered sources to a last call that
 * writes 3–5 sentences about the whole document (reduce); its markers are mapped back to the page quotes
 * the section sentences cite. A document of more than `maxSections` sections is cut into `maxSections`
 * equal parts instead, each read from its start as far as the context allows: at most `maxSections` + 1
 * calls. If the reduce step yields no verified sentence, the first sentence of each section summary
 * stands in.
 *
 * Every citation is checked against its page's text (`checkCitation`): the quote must be on the page and
 * hold at least `MIN_SUPPORT` of the sentence's content words. A sentence with no verified citation is
 * dropped, never shown; a kept sentence's unverified citations are kept marked `verified: false`.
 */
export async function generateDocumentSummary(
  document: DocumentToSummarize,
  generator: Generator,
  options: GeneratedSummaryOptions = {},
): Promise<GeneratedSummary | null> {
  const pages = new Map(document.pages.map((p) => [p.page, p.text]));
  const count = (text: string) => generator.countTokens(text);
  const ask = async (messages: ReturnType<typeof summaryPrompt>, maxTokens: number) => {
    const reply = await generator.generate(messages, { maxTokens, signal: options.signal });
    // A generator may stop early on abort and return what it has: a part of a summary is not one.
    options.signal?.throwIfAborted();
    return reply;
  };
  const budget = (task: SummaryTask, answerTokens: number) => {
    const room = generator.contextSize - answerTokens - TEMPLATE_MARGIN - promptTokens(document, task, count);
    return Math.max(Math.min(room, options.maxPassageTokens ?? room), 0);
  };
  if (document.chunks.length === 0) return null;
  try {
    const sources = document.chunks.map((chunk, i) => sourceOf(chunk, i));
    const whole = withinBudget(sources, budget('document', SUMMARY_TOKENS), count);
    if (whole.length === sources.length) {
      const reply = await ask(summaryPrompt(document, 'document', whole), SUMMARY_TOKENS);
      return summaryOf(citedSentences(reply, whole, pages).slice(0, MAX_SUMMARY_SENTENCES));
    }
    const maxSections = Math.max(options.maxSections ?? DEFAULT_MAX_SECTIONS, 1);
    const sectionBudget = budget('section', SECTION_TOKENS);
    const sectionSentences: GeneratedSentence[][] = [];
    for (const section of sectionsOf(sources, sectionBudget, maxSections, count)) {
      const shown = withinBudget(renumber(section), sectionBudget, count);
      const reply = await ask(summaryPrompt(document, 'section', shown), SECTION_TOKENS);
      sectionSentences.push(citedSentences(reply, shown, pages).slice(0, MAX_SECTION_SENTENCES));
    }
    const offered = sectionSentences.flat();
    if (offered.length === 0) return null;
    const numbered = offered.map((s, i) => ({ n: i + 1, page: s.citations[0]?.page ?? 0, text: s.text }));
    const shown = withinBudget(numbered, budget('sections', SUMMARY_TOKENS), count);
    const reply = await ask(summaryPrompt(document, 'sections', shown), SUMMARY_TOKENS);
    const reduced = reducedSentences(reply, offered.slice(0, shown.length), pages).slice(
      0,
      MAX_SUMMARY_SENTENCES,
    );
    if (reduced.length > 0) return summaryOf(reduced);
    return summaryOf(sectionSentences.flatMap((s) => s.slice(0, 1)).slice(0, MAX_SUMMARY_SENTENCES));
  } catch (error) {
    if (options.signal?.aborted) throw error;
    // A model that fails (context overflow, a crash of the native runtime) leaves the extractive summary.
    return null;
  }
}

function summaryOf(sentences: GeneratedSentence[]): GeneratedSummary | null {
  return sentences.length > 0 ? { mode: 'generated', sentences } : null;
}

function promptTokens(
  document: DocumentToSummarize,
  task: SummaryTask,
  count: (text: string) => number,
): number {
  return summaryPrompt(document, task, []).reduce((sum, m) => sum + count(m.content) + 8, 0);
}

function sourceOf(chunk: SummaryChunk, i: number): Source {
  return {
    n: i + 1,
    chunkId: `${chunk.page}:${chunk.start}`,
    documentId: '',
    path: '',
    page: chunk.page,
    headingPath: chunk.headingPath,
    text: chunk.text,
    start: chunk.start,
    score: 0,
  };
}

function checked(citation: Citation, pages: ReadonlyMap<number, string>): SummaryCitation {
  const { page, start, end, quote, verified } = checkCitation(citation, pages.get(citation.page) ?? null);
  return { page, start, end, quote, verified: verified === true };
}

function withoutRepeats(citations: readonly SummaryCitation[]): SummaryCitation[] {
  const seen = new Set<string>();
  return citations.filter((c) => {
    const key = `${c.page}:${c.start}:${c.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The reply's sentences that say enough to be checked (see `MIN_SENTENCE_WORDS`). */
function statements(reply: string): ReplySentence[] {
  return replySentences(reply).filter((sentence) => queryTerms(sentence.text).length >= MIN_SENTENCE_WORDS);
}

/** The reply's sentences that cite at least one verified quote of the numbered chunks they were shown. */
function citedSentences(
  reply: string,
  shown: readonly Source[],
  pages: ReadonlyMap<number, string>,
): GeneratedSentence[] {
  return statements(reply).flatMap((sentence) => {
    const citations = withoutRepeats(
      parseCitations(sentence.marked, shown).citations.map((c) => checked(c, pages)),
    );
    return citations.some((c) => c.verified) ? [{ text: sentence.text, citations }] : [];
  });
}

/**
 * The reduce step's sentences that cite section sentences, each given the verified page quotes of the
 * section sentences it cites, checked again: on the page, and holding enough of this sentence's words.
 */
function reducedSentences(
  reply: string,
  offered: readonly GeneratedSentence[],
  pages: ReadonlyMap<number, string>,
): GeneratedSentence[] {
  return statements(reply).flatMap((sentence) => {
    const quotes = sentence.numbers.flatMap((n) => offered[n - 1]?.citations.filter((c) => c.verified) ?? []);
    const citations = withoutRepeats(quotes).map((c) =>
      checked(
        {
          n: 0,
          chunkId: '',
          documentId: '',
          path: '',
          page: c.page,
          heading: null,
          quote: c.quote,
          start: c.start,
          end: c.end,
          support: contentSupport(sentence.text, c.quote),
        },
        pages,
      ),
    );
    return citations.some((c) => c.verified) ? [{ text: sentence.text, citations }] : [];
  });
}
