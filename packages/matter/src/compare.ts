// Two versions of a document compared page by page: pages are first aligned by content (a page inserted in
// one version shifts every later page number, so page 4 of one is page 5 of the other), then each aligned
// pair is diffed word by word with jsdiff. Words are runs of non-space characters, so whitespace and line
// breaks are never a change, and a word hyphenated across a line break equals the whole word.
import { diffArrays } from 'diff';
import { normalisedWords } from './minhash.ts';

/** A page of one version: its 1-based page number and text. */
export interface VersionPage {
  readonly page: number;
  readonly text: string;
}

/** Half-open character offsets into a page's text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** One marked difference. `a` is where it is on version a's page, `b` on version b's. `text` is the words
 *  as they read in b (added, changed) or in a (removed); for a change, `was` is how a read. Spans run from
 *  the first changed word's start to the last's end, so they may hold the whitespace between words. */
export type Change =
  | { readonly kind: 'added'; readonly b: Span; readonly text: string }
  | { readonly kind: 'removed'; readonly a: Span; readonly text: string }
  | {
      readonly kind: 'changed';
      readonly a: Span;
      readonly b: Span;
      readonly text: string;
      readonly was: string;
    };

/** The differences between a page of version a and the page of version b aligned with it. A page only one
 *  version has is aligned with nothing (`pageA` or `pageB` null) and is one whole-page change. */
export interface PageDiff {
  readonly pageA: number | null;
  readonly pageB: number | null;
  readonly changes: readonly Change[];
}

/** Pages whose word-pair (bigram) Jaccard similarity is below this are not versions of one another: the
 *  page was replaced rather than edited, and shows as one page removed and another added. */
export const MIN_PAGE_SIMILARITY = 0.2;

/** Versions a and b compared page by page, in reading order of both (every page of each appears once). */
export function compareVersions(a: readonly VersionPage[], b: readonly VersionPage[]): PageDiff[] {
  return alignPages(a, b).map(([pa, pb]) => {
    if (pa && pb) return { pageA: pa.page, pageB: pb.page, changes: diffPage(pa.text, pb.text) };
    if (pa) return { pageA: pa.page, pageB: null, changes: wholePage('removed', pa.text) };
    return {
      pageA: null,
      pageB: (pb as VersionPage).page,
      changes: wholePage('added', (pb as VersionPage).text),
    };
  });
}

interface Word {
  readonly key: string;
  readonly start: number;
  readonly end: number;
}

/** A page's words with their offsets; a word broken by a hyphen at a line's end is one word. */
function words(text: string): Word[] {
  return [...text.matchAll(/\S+?-[ \t]*\r?\n\s*\S+|\S+/g)].map((m) => ({
    key: m[0].replace(/-[ \t]*\r?\n\s*/, ''),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** The word-level changes between two aligned pages, a removal followed by an addition merged into one
 *  change. */
export function diffPage(textA: string, textB: string): Change[] {
  const wa = words(textA);
  const wb = words(textB);
  const parts = diffArrays(
    wa.map((w) => w.key),
    wb.map((w) => w.key),
  );
  const changes: Change[] = [];
  let i = 0;
  let j = 0;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k] as (typeof parts)[number];
    const count = part.value.length;
    if (!part.added && !part.removed) {
      i += count;
      j += count;
    } else if (part.removed) {
      const next = parts[k + 1];
      const a = span(wa, i, count);
      i += count;
      if (next?.added) {
        const b = span(wb, j, next.value.length);
        j += next.value.length;
        k++;
        changes.push({
          kind: 'changed',
          a,
          b,
          text: textB.slice(b.start, b.end),
          was: textA.slice(a.start, a.end),
        });
      } else changes.push({ kind: 'removed', a, text: textA.slice(a.start, a.end) });
    } else {
      const b = span(wb, j, count);
      j += count;
      changes.push({ kind: 'added', b, text: textB.slice(b.start, b.end) });
    }
  }
  return changes;
}

function span(ws: readonly Word[], from: number, count: number): Span {
  return { start: (ws[from] as Word).start, end: (ws[from + count - 1] as Word).end };
}

function wholePage(kind: 'added' | 'removed', text: string): Change[] {
  const ws = words(text);
  if (ws.length === 0) return [];
  const s = span(ws, 0, ws.length);
  const body = text.slice(s.start, s.end);
  return [kind === 'added' ? { kind, b: s, text: body } : { kind, a: s, text: body }];
}

/** A monotone alignment of the two page sequences maximising the summed similarity of aligned pairs (each
 *  pair at least MIN_PAGE_SIMILARITY), as pairs in reading order; unaligned pages are paired with undefined. */
function alignPages(
  a: readonly VersionPage[],
  b: readonly VersionPage[],
): [VersionPage | undefined, VersionPage | undefined][] {
  const ba = a.map((p) => bigrams(p.text));
  const bb = b.map((p) => bigrams(p.text));
  const sim = ba.map((x) => bb.map((y) => jaccard(x, y)));
  const score = Array.from({ length: a.length + 1 }, () => new Float64Array(b.length + 1));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const s = sim[i - 1]?.[j - 1] as number;
      const row = score[i] as Float64Array;
      const up = score[i - 1] as Float64Array;
      const match = s >= MIN_PAGE_SIMILARITY ? (up[j - 1] as number) + s : -1;
      row[j] = Math.max(match, up[j] as number, row[j - 1] as number);
    }
  }
  const aligned: [VersionPage | undefined, VersionPage | undefined][] = [];
  let i = a.length;
  let j = b.length;
  while (i > 0 || j > 0) {
    const s = i > 0 && j > 0 ? (sim[i - 1]?.[j - 1] as number) : 0;
    const here = score[i]?.[j] as number;
    if (i > 0 && j > 0 && s >= MIN_PAGE_SIMILARITY && here === (score[i - 1]?.[j - 1] as number) + s) {
      aligned.push([a[--i], b[--j]]);
    } else if (j > 0 && (i === 0 || here === (score[i]?.[j - 1] as number))) {
      aligned.push([undefined, b[--j]]);
    } else aligned.push([a[--i], undefined]);
  }
  return aligned.reverse();
}

function bigrams(text: string): Set<string> {
  const ws = normalisedWords(text);
  const set = new Set<string>();
  for (let i = 0; i + 1 < ws.length; i++) set.add(`${ws[i]} ${ws[i + 1]}`);
  if (ws.length === 1) set.add(ws[0] as string);
  return set;
}

function jaccard(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  if (x.size === 0 && y.size === 0) return 1;
  let common = 0;
  for (const v of x) if (y.has(v)) common++;
  return common / (x.size + y.size - common);
}
