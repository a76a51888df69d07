import type { PageLabelSource } from './types.ts';

/** A page's running head and foot, as the PDF parser keeps them (lines top to bottom); null: none. */
export type MarginTexts = { header: string | null; footer: string | null } | null;

/** A page's label and where it came from. */
export interface PageLabel {
  label: string;
  source: Extract<PageLabelSource, 'pdf-labels' | 'printed'>;
}

/** A number read on a page: `value` in the numbering called `key` (`arabic`, `roman`, a Bates prefix…). */
export interface Reading {
  key: string;
  value: number;
}

/**
 * Each page's label: from the PDF's own `/PageLabels` (`pdfLabels`, one per page, from pdf.js
 * `getPageLabels`) where the page's is not blank, else the page number printed in its running head or
 * foot (`margins`, one per page) where neighbouring pages agree (see {@link agreedReadings}); null where
 * there is none.
 */
export function pageLabels(
  margins: readonly MarginTexts[],
  pdfLabels: readonly string[] | null = null,
): (PageLabel | null)[] {
  const printed = agreedReadings(margins.map(printedNumbers), { fill: true });
  return margins.map((_, index) => {
    const own = pdfLabels?.[index]?.trim() ?? '';
    if (own !== '') return { label: own, source: 'pdf-labels' };
    const reading = printed[index];
    if (!reading) return null;
    return {
      label: reading.key === 'roman' ? toRoman(reading.value) : String(reading.value),
      source: 'printed',
    };
  });
}

// How many read pages on each side of a page are asked whether they agree with it. One would let a
// single misread neighbour (a number in a figure's running caption, a footer not found) cut a page off
// its run; two on each side still keeps a lone coincidence on one page from counting.
const NEIGHBOURS = 2;
// A run is accepted from two pages that agree: a two-page letter ("Page 1 of 2", "Page 2 of 2") has no
// more, and numbers in running heads that are not page numbers (a chapter, a year, an edition) stay the
// same from page to page instead of rising with it, so two agreeing pages are rarely a coincidence.
const MIN_RUN = 2;

/**
 * For each page, the reading (of the several each page may have, e.g. a chapter number in its head and a
 * page number in its foot) that rises by one per page together with a neighbouring page's: of a run of
 * at least two pages whose `value − page` is the same for the same `key`. Runs may restart anywhere (a new
 * book at 1, arabic after roman). With `fill`, a page between two pages of one run that has no reading of
 * its own (a blank page, a full-page figure) gets the value the run implies; elsewhere such a page has
 * null. Pure; `readings[i]` are page i+1's.
 */
export function agreedReadings(
  readings: readonly (readonly Reading[])[],
  options: { fill: boolean },
): (Reading | null)[] {
  const read = readings.flatMap((list, index) => (list.length > 0 ? [index] : []));
  const chosen: (Reading | null)[] = readings.map(() => null);
  read.forEach((index, position) => {
    const neighbours = [
      ...read.slice(Math.max(0, position - NEIGHBOURS), position),
      ...read.slice(position + 1, position + 1 + NEIGHBOURS),
    ];
    chosen[index] = bestSupported(readings, index, neighbours);
  });
  const runs = runsOf(dropShortRuns(chosen));
  const agreed: (Reading | null)[] = readings.map(() => null);
  for (const run of runs) {
    const first = run.pages[0] ?? 0;
    const last = run.pages[run.pages.length - 1] ?? 0;
    const pages = options.fill ? range(first, last) : run.pages;
    for (const index of pages) agreed[index] = { key: run.key, value: index - run.offset };
  }
  return agreed;
}

/** The reading of page `index` that the most `neighbours` agree with (same key and offset); null: none. */
function bestSupported(
  readings: readonly (readonly Reading[])[],
  index: number,
  neighbours: readonly number[],
): Reading | null {
  let best: Reading | null = null;
  let bestSupport = 0;
  for (const reading of readings[index] ?? []) {
    const offset = index - reading.value;
    const support = neighbours.filter((other) =>
      (readings[other] ?? []).some((r) => r.key === reading.key && other - r.value === offset),
    ).length;
    if (support > bestSupport) {
      best = reading;
      bestSupport = support;
    }
  }
  return best;
}

interface Run {
  key: string;
  /** Page index − value, the same on every page of the run. */
  offset: number;
  /** Indexes of the pages whose reading is the run's, in order. */
  pages: number[];
}

/** Consecutive chosen readings with the same key and offset (pages without one in between are skipped). */
function runsOf(chosen: readonly (Reading | null)[]): Run[] {
  const runs: Run[] = [];
  chosen.forEach((reading, index) => {
    if (reading === null) return;
    const offset = index - reading.value;
    const current = runs[runs.length - 1];
    if (current !== undefined && current.key === reading.key && current.offset === offset) {
      current.pages.push(index);
    } else {
      runs.push({ key: reading.key, offset, pages: [index] });
    }
  });
  return runs;
}

/** The chosen readings without those of runs shorter than {@link MIN_RUN} (so the runs around them can join). */
function dropShortRuns(chosen: readonly (Reading | null)[]): (Reading | null)[] {
  const kept: (Reading | null)[] = chosen.map(() => null);
  for (const run of runsOf(chosen)) {
    if (run.pages.length < MIN_RUN) continue;
    for (const index of run.pages) kept[index] = chosen[index] ?? null;
  }
  return kept;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

const PAGE_WORD = /\b(?:page|p\.|pg\.?)\s*(\d{1,4}|[ivxlc]{1,7})\b(?:\s*(?:of|\/)\s*\d{1,4})?/i;
// Marks set around a page number: "- 7 -", "(7)", "| 7 |", "7." are the number 7.
const DECORATION = /^[-–—()|·•.,[\]]+|[-–—()|·•.,[\]]+$/g;

/**
 * The page numbers a page's running head and foot may print: "Page 7" or "Page 7 of 30" anywhere in a
 * line, and a number or lower-case roman numeral standing at the start or the end of a line
 * ("4 Cancer Council", "Key questions 9", "- 7 -"). Numbers with a leading zero are not page numbers (they
 * are Bates numbers and the like).
 */
export function printedNumbers(margins: MarginTexts): Reading[] {
  if (margins === null) return [];
  const readings: Reading[] = [];
  const add = (token: string | undefined): void => {
    const reading = token === undefined ? null : numeralOf(token.replace(DECORATION, ''));
    if (reading && !readings.some((r) => r.key === reading.key && r.value === reading.value)) {
      readings.push(reading);
    }
  };
  const lines = [margins.header, margins.footer].flatMap((text) => (text === null ? [] : text.split('\n')));
  for (const line of lines) {
    add(PAGE_WORD.exec(line)?.[1]);
    const tokens = line
      .trim()
      .split(/\s+/)
      .filter((token) => token.replace(DECORATION, '') !== '');
    add(tokens[0]);
    if (tokens.length > 1) add(tokens[tokens.length - 1]);
  }
  return readings;
}

function numeralOf(token: string): Reading | null {
  if (/^[1-9]\d{0,3}$/.test(token)) return { key: 'arabic', value: Number(token) };
  const value = fromRoman(token);
  return value === null ? null : { key: 'roman', value };
}

const ROMAN: readonly [string, number][] = [
  ['m', 1000],
  ['cm', 900],
  ['d', 500],
  ['cd', 400],
  ['c', 100],
  ['xc', 90],
  ['l', 50],
  ['xl', 40],
  ['x', 10],
  ['ix', 9],
  ['v', 5],
  ['iv', 4],
  ['i', 1],
];

/** Lower-case roman numerals only, written the usual way ("iv", not "iiii"): a capital "I" is a word. */
function fromRoman(token: string): number | null {
  if (!/^[ivxlcdm]{1,9}$/.test(token)) return null;
  let value = 0;
  let rest = token;
  for (const [numeral, worth] of ROMAN) {
    while (rest.startsWith(numeral)) {
      value += worth;
      rest = rest.slice(numeral.length);
    }
  }
  return rest === '' && toRoman(value) === token ? value : null;
}

function toRoman(value: number): string {
  let text = '';
  let rest = value;
  for (const [numeral, worth] of ROMAN) {
    while (rest >= worth) {
      text += numeral;
      rest -= worth;
    }
  }
  return text;
}
