// Pure helpers for text read by OCR (issue 8) and text that reads poorly (issue 15): the words of the
// badge on a citation, standalone images, the languages setting, and highlight rectangles over an image.
// No DOM, no fetching.
import type { Rect } from './highlight.ts';

/** Below this mean confidence (0–100) an OCR page's text is called low confidence. */
export const LOW_CONFIDENCE = 70;

/**
 * Below this quality (share of a page's words that read as real words, 0–1) a page's text is called low
 * quality. Measured on every page of the shared corpora (docs/ocr.md): sound text layers score ≥ 0.78 in
 * any language (a scanned paper's own OCR layer with formulas 0.78, game and health manuals ≥ 0.85), OCR
 * readings ≥ 0.82; junk layers (a scanner's OCR layer, a Japanese font extracted as Latin symbols) 0.38–0.43.
 */
export const LOW_QUALITY = 0.7;

/** What the badge of a citation says: a short label, a longer explanation, and whether to warn. */
export interface OcrNote {
  label: string;
  explanation: string;
  low: boolean;
}

/** A citation's text source, OCR confidence and text quality, as the server sends them. */
export interface OcrSource {
  source?: 'text-layer' | 'ocr';
  confidence?: number;
  /** Share (0–1) of the page's words that read as real words; absent: not assessed. */
  quality?: number;
}

const CHECK_THE_PAGE = 'The quote may be garbled: check it against the page image.';

/**
 * The badge of a citation: for an OCR page `"Read by OCR · 91% confidence"`, `"Read by OCR · low
 * confidence (54%)"` or `"Read by OCR"` when the confidence is not known; for a page whose text reads
 * poorly (quality below {@link LOW_QUALITY}) `"Low-quality text · 40% of words readable"`, or
 * `"Read by OCR · 40% of words readable"` when OCR read it; null for sound text from a text layer (or a
 * page not assessed).
 */
export function ocrNote(citation: OcrSource): OcrNote | null {
  const readable = lowQualityPercent(citation.quality);
  if (citation.source !== 'ocr') {
    if (readable === null) return null;
    return {
      label: `Low-quality text · ${readable}% of words readable`,
      explanation: `This page's text reads poorly: only ${readable}% of its words read as real words (a damaged text layer, or one a scanner made by OCR, which Quire could not read better). ${CHECK_THE_PAGE}`,
      low: true,
    };
  }
  const base =
    'The text of this page was recognised from an image of it (OCR), so it may contain recognition errors: check the quote against the page.';
  const confidence = citation.confidence;
  const percent =
    typeof confidence === 'number' && Number.isFinite(confidence)
      ? Math.round(Math.min(Math.max(confidence, 0), 100))
      : null;
  if (readable !== null) {
    const mean = percent === null ? '' : ` (mean recognition confidence ${percent}%)`;
    return {
      label: `Read by OCR · ${readable}% of words readable`,
      explanation: `The text of this page was recognised from an image of it (OCR)${mean} and reads poorly: only ${readable}% of its words read as real words. ${CHECK_THE_PAGE}`,
      low: true,
    };
  }
  if (percent === null) return { label: 'Read by OCR', explanation: base, low: false };
  if (percent < LOW_CONFIDENCE) {
    return {
      label: `Read by OCR · low confidence (${percent}%)`,
      explanation: `${base} The recognition was unsure of this page (mean confidence ${percent}%), so errors are likely.`,
      low: true,
    };
  }
  return {
    label: `Read by OCR · ${percent}% confidence`,
    explanation: `${base} Mean recognition confidence on this page: ${percent}%.`,
    low: false,
  };
}

/** The quality as a whole percentage when it is below {@link LOW_QUALITY}; null when it is not, or unknown. */
function lowQualityPercent(quality: number | undefined): number | null {
  if (typeof quality !== 'number' || !Number.isFinite(quality) || quality >= LOW_QUALITY) return null;
  return Math.floor(Math.max(quality, 0) * 100);
}

// Standalone images

const IMAGE_EXTENSION = /\.(png|jpe?g|tiff?)$/i;

/** Whether a document is a standalone image (PNG, JPEG, TIFF) read by OCR, from its path. */
export function isImagePath(path: string): boolean {
  return IMAGE_EXTENSION.test(path);
}

/** Whether a document is a TIFF image, which browsers cannot display. */
export function isTiffPath(path: string): boolean {
  return /\.tiff?$/i.test(path);
}

/** `"PNG"`, `"JPEG"` or `"TIFF"` for an image path; null for anything else. */
export function imageFormatLabel(path: string): string | null {
  const match = IMAGE_EXTENSION.exec(path);
  if (!match) return null;
  const extension = (match[1] ?? '').toLowerCase();
  return extension.startsWith('tif') ? 'TIFF' : extension === 'png' ? 'PNG' : 'JPEG';
}

/** A rectangle as percentages of the image it lies on, so that it follows the image when it is scaled. */
export interface PercentRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * `rects` (pixels of a `width` × `height` image, top-left origin) as percentages of the image, clipped to
 * it; rectangles wholly outside the image are dropped. Empty when the image's size is unknown.
 */
export function percentRects(rects: readonly Rect[], width: number, height: number): PercentRect[] {
  if (!(width > 0) || !(height > 0)) return [];
  const out: PercentRect[] = [];
  for (const rect of rects) {
    const left = Math.max(rect.x, 0);
    const top = Math.max(rect.y, 0);
    const right = Math.min(rect.x + rect.width, width);
    const bottom = Math.min(rect.y + rect.height, height);
    if (right <= left || bottom <= top) continue;
    out.push({
      left: (100 * left) / width,
      top: (100 * top) / height,
      width: (100 * (right - left)) / width,
      height: (100 * (bottom - top)) / height,
    });
  }
  return out;
}

// The languages setting

/** The languages field's text from a list of codes. */
export function formatLanguages(languages: readonly string[]): string {
  return languages.join(', ');
}

/**
 * The pixel grid an image's boxes are in, as the browser shows it: the layout's size, unless the
 * browser shows the image turned a quarter (a JPEG's EXIF orientation, which OCR also applies, while
 * the size in the file's header is the unturned one), or the layout does not know its size.
 */
export function imageGrid(
  layout: { width: number; height: number },
  natural: { width: number; height: number } | null,
): { width: number; height: number } {
  const known = layout.width > 0 && layout.height > 0;
  if (!natural || !(natural.width > 0) || !(natural.height > 0)) return layout;
  if (!known) return natural;
  const turned =
    layout.width !== layout.height && natural.width === layout.height && natural.height === layout.width;
  return turned ? natural : layout;
}
