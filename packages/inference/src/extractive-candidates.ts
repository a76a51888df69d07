import { contentStems, words } from './query-terms.ts';
import { type Sentence, splitSentences } from './sentences.ts';
import type { Source } from './types.ts';

/** The stored text of a page, or nothing when it is not at hand. */
export type PageTextLookup = (documentId: string, page: number) => string | null | undefined;

/** A whole sentence of a cited page that an extractive answer may quote. */
export interface CandidateSentence {
  /** The best-ranked source whose passage holds (part of) the sentence, and its rank (0 = best). */
  source: Source;
  rank: number;
  /** Offsets of the sentence in its page's text. */
  start: number;
  end: number;
  text: string;
  /** The text it was read from (the page, or the passage when the page is not at hand) and its page offset. */
  frame: { text: string; offset: number };
  /**
   * Positions of its first and last sentence among those of its page (or source). A sentence that
   * ends with a colon ("…the following conditions are met:") is quoted with the sentence it
   * introduces, as one.
   */
  first: number;
  last: number;
  stems: string[];
  words: string[];
  /** A heading, a label or a caption: a short line of its own with no final punctuation. */
  label: boolean;
  /** Content stems of the sentences just before and after it on the page. */
  neighbourStems: string[][];
}

/** A line this short (in words) with no final punctuation is a heading or a label, not an answer. */
const MAX_LABEL_WORDS = 10;
const QUESTION = /[?？؟]["'”’)\]]*$/;
/** Headings and labels rarely hold a comma; an unpunctuated list item often does. */
const INNER_COMMA = /[,，、]\s/;
const INTRODUCER = /[:：]["'”’)\]]*$/;
const FINAL_PUNCTUATION = /[.!…。！:;,]["'”’)\]]*$/;
/** A clause or list number before a sentence ("4.2", "(b)", "12."): not a word of it. */
const NUMBERING =
  /^\s*(?:\(?(?:\p{Nd}{1,3}(?:\.\p{Nd}{1,3})*|\p{L}|[ivx]{1,4})[.)]|\p{Nd}{1,3}(?:\.\p{Nd}{1,3})+)\s+/iu;
const LINE_START_FILLER = /^[\s•·▪◦‣∙*\-–—]*$/;

const fold = (text: string): string => text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

function isWholeLine(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  return (
    LINE_START_FILLER.test(text.slice(lineStart, start)) &&
    text.slice(end, lineEnd < 0 ? text.length : lineEnd).trim() === ''
  );
}

function isAllCaps(sentence: string): boolean {
  const letters = sentence.replace(/[^\p{L}]/gu, '');
  return letters.length > 1 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/** A heading, label or caption: its own line(s), unpunctuated (no comma either) and short, in capitals, or a heading of its passage. */
function isLabel(text: string, sentence: Sentence, headings: ReadonlySet<string>): boolean {
  if (headings.has(fold(sentence.text))) return true;
  if (FINAL_PUNCTUATION.test(sentence.text) || INNER_COMMA.test(sentence.text)) return false;
  if (isAllCaps(sentence.text)) return true;
  const wordCount = sentence.text.split(/\s+/).length;
  return wordCount <= MAX_LABEL_WORDS && isWholeLine(text, sentence.start, sentence.end);
}

/** The text a source's sentences are read from: its page, or (without the page) the passage itself. */
interface Frame {
  text: string;
  /** Page offset of `text[0]`: 0 for the page, the passage's start for the passage. */
  offset: number;
  sentences: Sentence[];
  key: string;
}

function frameOf(source: Source, pageText: PageTextLookup | undefined, pages: Map<string, Frame>): Frame {
  const key = `${source.documentId}\u0000${source.page}`;
  const page = pageText?.(source.documentId, source.page);
  if (page && page.slice(source.start, source.start + source.text.length) === source.text) {
    const frame = pages.get(key) ?? { text: page, offset: 0, sentences: splitSentences(page), key };
    pages.set(key, frame);
    return frame;
  }
  const sentences = splitSentences(source.text);
  return { text: source.text, offset: source.start, sentences, key: `${key}\u0000${source.n}` };
}

/**
 * The whole sentences of the cited pages that the sources' passages hold, each once (with its
 * best-ranked source), in source order then reading order. With `pageText`, sentences are those of
 * the page text that overlap the passage (so a passage cut mid-sentence still yields whole
 * sentences, with page offsets); without it, or when the page no longer holds the passage, the
 * passage's own sentences. Questions (a checklist item, a heading that asks) and pieces of over-long
 * runs cut mid-sentence are left out; headings and labels are kept but marked. A sentence ending in
 * a colon comes with the sentence after it.
 */
export function candidateSentences(
  sources: readonly Source[],
  pageText?: PageTextLookup,
): CandidateSentence[] {
  const pages = new Map<string, Frame>();
  const seen = new Set<string>();
  const candidates: CandidateSentence[] = [];
  sources.forEach((source, rank) => {
    const frame = frameOf(source, pageText, pages);
    const from = source.start - frame.offset;
    const to = from + source.text.length;
    const headings = new Set(source.headingPath.map(fold));
    frame.sentences.forEach((sentence, index) => {
      if (sentence.end <= from || sentence.start >= to) return;
      const id = `${frame.key}\u0000${sentence.start}`;
      if (seen.has(id) || sentence.cut || QUESTION.test(sentence.text)) return;
      seen.add(id);
      const introduced = INTRODUCER.test(sentence.text) ? frame.sentences[index + 1] : undefined;
      const follower =
        introduced && !introduced.cut && !QUESTION.test(introduced.text) ? introduced : undefined;
      const end = follower?.end ?? sentence.end;
      const last = follower ? index + 1 : index;
      const text = frame.text.slice(sentence.start, end);
      const neighbours = [frame.sentences[index - 1], frame.sentences[last + 1]];
      candidates.push({
        source,
        rank,
        start: frame.offset + sentence.start,
        end: frame.offset + end,
        text,
        frame: { text: frame.text, offset: frame.offset },
        first: index,
        last,
        stems: contentStems(text.replace(NUMBERING, '')),
        words: words(text),
        // "Related Provisions:" over "11 U.S.C. § 341 Meeting of Creditors": a heading line and the first
        // label under it are a label together.
        label:
          isLabel(frame.text, sentence, headings) ||
          (follower !== undefined &&
            isWholeLine(frame.text, sentence.start, sentence.end) &&
            sentence.text.split(/\s+/).length <= MAX_LABEL_WORDS &&
            isLabel(frame.text, follower, headings)),
        neighbourStems: neighbours.flatMap((n) =>
          n && !QUESTION.test(n.text) ? [contentStems(n.text.replace(NUMBERING, ''))] : [],
        ),
      });
    });
  });
  return candidates;
}
