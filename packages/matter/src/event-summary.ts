// One-line summaries of chronology events by the chat model (issue 18, "Chronology"), each accepted only
// when checked against the sentence that states the event: the rules are in docs/overviews.md.
import type { ChatMessage, Generator } from '@quire/inference';
import { findMarkerGroups, maskMarkers } from '@quire/inference/citation-markers';
import { contentSupport } from './content-support.ts';

/** An event to summarise: its date (ISO 8601, partial allowed) and the sentence stating it. */
export interface EventToSummarize {
  date: string;
  /** The sentence that states the event, verbatim from its page. */
  text: string;
  /** Words around it (the document's title, the sentence before) shown to the model to read the sentence by. */
  context?: string;
}

export interface EventSummaryOptions {
  signal?: AbortSignal;
}

export interface EventSummariesOptions extends EventSummaryOptions {
  /** Most events summarised (one model call each, in the order given); later ones get null. Default 200. */
  maxEvents?: number;
}

/** Longest summary accepted, in words (the prompt asks for at most 20). */
export const MAX_EVENT_SUMMARY_WORDS = 24;
/**
 * Share of a summary's content words (stemmed) that must occur in the event's sentence. A one-line
 * summary of one sentence should reuse its words; this leaves room for a word or two of rephrasing
 * ("signed" for "signature" is one stem already) but not for new facts.
 */
export const EVENT_SUMMARY_SUPPORT = 0.75;
export const DEFAULT_MAX_EVENT_SUMMARIES = 200;
const EVENT_SUMMARY_TOKENS = 60;

const SYSTEM_PROMPT = [
  'You write a one-line summary of what happened, from the sentence that states it.',
  'Rules:',
  '- At most 20 words.',
  '- Use the sentence’s own words. Add no fact, name, number or date that the sentence does not state.',
  '- Do not begin with the date.',
  '- Reply with the summary only.',
].join('\n');

/** English month names, from the platform's calendar data. */
const MONTHS: readonly string[] = Array.from({ length: 12 }, (_, i) =>
  new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2000, i, 1)),
);
const MONTH_NAME =
  /\b(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b/g;
const WEEKDAY = /\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b/gi;
const NUMBER_WORD =
  /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|dozen|half|twice|once)\b/gi;

/** The conversation asking for a one-line summary of `event`. */
function eventPrompt(event: EventToSummarize): ChatMessage[] {
  const context = event.context?.trim() ? `\nContext (to read the sentence by): ${event.context.trim()}` : '';
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: `Date: ${event.date}\nSentence: ${event.text.trim()}${context}` },
  ];
}

/** The reply's first line without a "Summary:" label, quotes around it or citation markers. */
function cleanReply(reply: string): string {
  const line =
    reply
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? '';
  const unlabelled = line.replace(/^(?:one-line\s+)?summary\s*:\s*/i, '').replace(/^["“']+|["”']+$/g, '');
  return maskMarkers(unlabelled, findMarkerGroups(unlabelled))
    .replace(/\s+/g, ' ')
    .replace(/ ([.,;:!?])/g, '$1')
    .trim();
}

function month(name: string): string {
  return MONTHS.find((m) => m.startsWith(name.slice(0, 3))) ?? name;
}

/** Numbers (digits, thousands separators dropped), number words, month and weekday names of `text`. */
function factTokens(text: string): Set<string> {
  const digits = text.replace(/(\d),(?=\d{3}\b)/g, '$1').match(/\d+/g) ?? [];
  return new Set([
    ...digits.map((d) => String(Number(d))),
    ...[...text.matchAll(NUMBER_WORD)].map((m) => m[0].toLowerCase()),
    ...[...text.matchAll(MONTH_NAME)].map((m) => month(m[0])),
    ...[...text.matchAll(WEEKDAY)].map((m) => m[0].toLowerCase()),
  ]);
}

/** The year, month name and day of an ISO date (`2014-03-17`, `2014-03`, `2014`). */
function dateTokens(date: string): string[] {
  const [year, monthNumber, day] = date.split('-');
  const name = monthNumber ? MONTHS[Number(monthNumber) - 1] : undefined;
  return [year, name, day].flatMap((t) => (t ? [/^\d+$/.test(t) ? String(Number(t)) : t] : []));
}

/**
 * Whether `summary` may stand for `event`: at most {@link MAX_EVENT_SUMMARY_WORDS} words, at least
 * {@link EVENT_SUMMARY_SUPPORT} of its content words (stemmed) in the sentence, and no number, number
 * word, month or weekday that is neither in the sentence nor part of the event's own date.
 */
export function checkEventSummary(summary: string, event: EventToSummarize): boolean {
  const words = summary.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > MAX_EVENT_SUMMARY_WORDS) return false;
  if (contentSupport(summary, event.text) < EVENT_SUMMARY_SUPPORT) return false;
  const allowed = new Set([...factTokens(event.text), ...dateTokens(event.date)]);
  return [...factTokens(summary)].every((token) => allowed.has(token));
}

/**
 * A one-line summary (at most about 20 words) of what happened in `event`, written by `generator` and
 * accepted only when {@link checkEventSummary} holds; null when it does not or the model fails.
 */
export async function summarizeEvent(
  event: EventToSummarize,
  generator: Generator,
  options: EventSummaryOptions = {},
): Promise<string | null> {
  try {
    const reply = await generator.generate(eventPrompt(event), {
      maxTokens: EVENT_SUMMARY_TOKENS,
      signal: options.signal,
    });
    options.signal?.throwIfAborted();
    const summary = cleanReply(reply);
    return checkEventSummary(summary, event) ? summary : null;
  } catch (error) {
    if (options.signal?.aborted) throw error;
    // A model that fails leaves the event with its sentence only.
    return null;
  }
}

/**
 * {@link summarizeEvent} for each of `events`, one call at a time in the order given, at most
 * `maxEvents` calls: the result is aligned with `events`, null where no summary was accepted or made.
 */
export async function summarizeEvents(
  events: readonly EventToSummarize[],
  generator: Generator,
  options: EventSummariesOptions = {},
): Promise<(string | null)[]> {
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENT_SUMMARIES;
  const summaries: (string | null)[] = [];
  for (const [i, event] of events.entries()) {
    summaries.push(i < maxEvents ? await summarizeEvent(event, generator, options) : null);
  }
  return summaries;
}
