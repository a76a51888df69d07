import { createRequire } from 'node:module';
import type { OcrBox } from './ocr-text.ts';

/** A clockwise turn by a quarter, half or three quarters of a circle. */
export type Rotation = 0 | 90 | 180 | 270;

/** Tesseract's guess of how a page image is turned. */
export interface OrientationGuess {
  /** The clockwise turn that makes the page upright. */
  rotation: Rotation;
  /** Tesseract's orientation confidence (≈ 10–20 on a page of text, near 0 when it cannot tell). */
  confidence: number;
}

/**
 * A page whose upright reading has a mean word confidence below this is checked for orientation. Upright
 * scans of text read at 90–96 here and a typewritten memo with smudges at 69; the same pages turned by
 * 90°, 180° or 270° read at 25–48 (their "words" are pieces of sideways or upside-down glyphs).
 */
export const ORIENTATION_CHECK_BELOW_CONFIDENCE = 60;

/**
 * Whether a reading is poor enough to check the page's orientation: some words, at a mean confidence below
 * {@link ORIENTATION_CHECK_BELOW_CONFIDENCE}. A reading of no word at all is a blank page (or one with no
 * text), on which orientation detection finds nothing: on the 50 such pages of `corpus/pdf` it found no
 * orientation every time. Skipping them spares a detection each (and, for a file of blank pages, the
 * detection worker's ~100 MB).
 */
export function needsOrientationCheck(reading: { confidence: number; words: readonly unknown[] }): boolean {
  return reading.words.length > 0 && reading.confidence < ORIENTATION_CHECK_BELOW_CONFIDENCE;
}

/**
 * Folder of `osd.traineddata.gz` (Tesseract's orientation and script detection data, legacy engine) in
 * the installed npm package `@tesseract.js-data/osd`. Nothing is downloaded.
 */
export function osdLangPath(): string {
  const { langPath } = createRequire(import.meta.url)('@tesseract.js-data/osd') as { langPath: string };
  return langPath;
}

/** Tesseract's `detect()` result (the fields read here). */
export interface TesseractDetection {
  orientation_degrees: number | null;
  orientation_confidence: number | null;
}

/**
 * The turn that makes a page upright, from Tesseract's detection (null when it found no orientation).
 * Tesseract reports the clockwise turn to apply: a page scanned turned 90° clockwise reads `270`.
 */
export function orientationOf(detection: TesseractDetection): OrientationGuess | null {
  const degrees = detection.orientation_degrees;
  if (degrees !== 0 && degrees !== 90 && degrees !== 180 && degrees !== 270) return null;
  return { rotation: degrees, confidence: detection.orientation_confidence ?? 0 };
}

/**
 * Maps a box found on a page image turned clockwise by `rotation` back to the page as it is drawn
 * (`width` × `height`, the unturned size, in the box's unit): where a highlight must land on the page.
 */
export function unturnBox(box: OcrBox, rotation: Rotation, width: number, height: number): OcrBox {
  if (rotation === 0) return box;
  const back = ([x, y]: [number, number]): [number, number] => {
    if (rotation === 90) return [y, height - x];
    if (rotation === 180) return [width - x, height - y];
    return [width - y, x];
  };
  const [x0, y0] = back([box.x, box.y]);
  const [x1, y1] = back([box.x + box.width, box.y + box.height]);
  return {
    x: Math.min(x0, x1),
    y: Math.min(y0, y1),
    width: Math.abs(x1 - x0),
    height: Math.abs(y1 - y0),
  };
}
