// The prompts that ask a chat model to summarise a document from numbered passages with [n] markers,
// and the reading of its reply into sentences, each with the markers that follow it.

import { type ChatMessage, splitSentences } from '@quire/inference';
import { findMarkerGroups, maskMarkers } from '@quire/inference/citation-markers';

/** A passage offered to the model under its number `n`. */
export interface Numbered {
  n: number;
  page: number;
  text: string;
  headingPath?: readonly string[];
}

/**
 * What is asked: `section`, 1–2 sentences about a part of the document from its passages; `document`,
 * 3–5 sentences about a whole document from its passages; `sections`, 3–5 sentences about a whole
 * document from the sentences summarising its sections.
 */
export type SummaryTask = 'section' | 'document' | 'sections';

const SYSTEM_PROMPT = [
  'You summarise one of the user’s documents using only the numbered sources provided.',
  'Rules:',
  '- Use only facts stated in the sources. Do not use outside knowledge and do not guess.',
  '- After each sentence, put the number of the source that supports it in square brackets, like [1]. ' +
    'Cite only source numbers that appear in the list.',
  '- Keep the sources’ own words for amounts, dates, names and obligations.',
  '- Write plain sentences: no title, no list, no preamble.',
].join('\n');

const ASK: Record<SummaryTask, string> = {
  section: 'Summarise this part of the document in one or two sentences.',
  document: 'Summarise the whole document in three to five sentences: what it is and what it says.',
  sections:
    'The sources summarise the document’s sections in order. Summarise the whole document in three to ' +
    'five sentences: what it is and what it says.',
};

/** A numbered passage as the model sees it: `[3] page 12 — Article 5 > Rent`, then its text. */
export function renderNumbered(source: Numbered): string {
  const heading = source.headingPath?.length ? ` — ${source.headingPath.join(' > ')}` : '';
  return `[${source.n}] page ${source.page}${heading}\n${source.text.trim()}`;
}

/** The conversation asking for `task` about `document` from `sources`. */
export function summaryPrompt(
  document: { title: string | null; kind: string },
  task: SummaryTask,
  sources: readonly Numbered[],
): ChatMessage[] {
  const about = `Document: ${document.title?.trim() || 'untitled'} (${document.kind})`;
  const listed = sources.length > 0 ? sources.map(renderNumbered).join('\n\n') : '(none)';
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: [about, `Sources:\n\n${listed}`, ASK[task]].join('\n\n') },
  ];
}

/** A sentence of a reply: its text without markers, the text with the markers that follow it, their numbers. */
export interface ReplySentence {
  text: string;
  /** The sentence as written, up to the next sentence: markers after its full stop belong to it. */
  marked: string;
  numbers: number[];
}

/** The sentences of a model's reply, each with the citation markers in it or right after it. */
export function replySentences(reply: string): ReplySentence[] {
  const groups = findMarkerGroups(reply);
  const sentences = splitSentences(maskMarkers(reply, groups));
  return sentences.map((sentence, i) => {
    const end = sentences[i + 1]?.start ?? reply.length;
    return {
      text: sentence.text
        .replace(/\s+/g, ' ')
        .replace(/ ([.,;:!?])/g, '$1')
        .trim(),
      marked: reply.slice(sentence.start, end).trim(),
      numbers: groups.filter((g) => g.start >= sentence.start && g.start < end).flatMap((g) => g.numbers),
    };
  });
}
