// How far a document being indexed has come within its current step, from the live `document` events
// (issue 14): pages read while parsing, pages read by OCR, chunks embedded. Pure: no DOM, no fetching.
import type { IngestEvent } from './api.ts';

type DocumentEvent = Extract<IngestEvent, { type: 'document' }>;

/** `done` of `total`: pages read, pages read by OCR or chunks embedded. */
export type StepProgress = NonNullable<DocumentEvent['parse']>;

/** What a document's live events say of its step: its state and the progress they carry. */
export interface LiveProgress {
  state: DocumentEvent['state'];
  parse?: StepProgress | undefined;
  ocr?: StepProgress | undefined;
  embed?: StepProgress | undefined;
}

/** The progress shown for a row's current step: what it counts, in words, and the share done (0–1). */
export interface LiveStep {
  kind: 'pages' | 'ocr' | 'embed';
  text: string;
  /** What the count means, for a tooltip. */
  hint: string;
  share: number;
}

const grouped = new Intl.NumberFormat('en');

/** A usable progress (whole numbers, `done` at most `total`, `total` above 0), or undefined. */
export function cleanProgress(progress: StepProgress | undefined): StepProgress | undefined {
  if (!progress || !Number.isFinite(progress.total) || !Number.isFinite(progress.done)) return undefined;
  if (progress.total <= 0) return undefined;
  const total = Math.round(progress.total);
  return { done: Math.min(Math.max(Math.round(progress.done), 0), total), total };
}

const of = (p: StepProgress): string => `${grouped.format(p.done)} of ${grouped.format(p.total)}`;

/** `{ done: 3, total: 10 }` → `"Reading scanned pages (OCR) 3 of 10"`; null without OCR progress. */
export function ocrProgressText(ocr: StepProgress | undefined | null): string | null {
  if (!ocr || !(ocr.total > 0)) return null;
  return `Reading scanned pages (OCR) ${of(ocr)}`;
}

/**
 * The progress of a row's current step, or null when its events carry none: while parsing, OCR's pages
 * once OCR has started (it follows the reading of every page), else the pages read; while embedding,
 * the chunks embedded.
 */
export function liveStep(row: LiveProgress): LiveStep | null {
  const share = (p: StepProgress) => Math.min(Math.max(p.done / p.total, 0), 1);
  if (row.state === 'parsing') {
    const ocr = cleanProgress(row.ocr);
    if (ocr) {
      return {
        kind: 'ocr',
        text: ocrProgressText(ocr) ?? '',
        hint: 'Pages without usable text are read from an image of the page by OCR, which takes a few seconds a page',
        share: share(ocr),
      };
    }
    const pages = cleanProgress(row.parse);
    if (pages) {
      return {
        kind: 'pages',
        text: `Reading pages ${of(pages)}`,
        hint: 'Pages whose text has been read so far (a Word document is read as one page)',
        share: share(pages),
      };
    }
  }
  const chunks = row.state === 'embedding' ? cleanProgress(row.embed) : undefined;
  if (chunks) {
    return {
      kind: 'embed',
      text: `Embedding passages ${of(chunks)}`,
      hint: 'Passages made searchable by the embedding model so far',
      share: share(chunks),
    };
  }
  return null;
}
