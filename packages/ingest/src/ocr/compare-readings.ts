import { type PageTextVerdict, textStatistics } from './text-quality.ts';

/**
 * A little real text over a page that is mostly image (a scan with a stamped header, a photo with a
 * caption) is replaced by OCR only when OCR reads at least twice as many words with this confidence.
 */
export const OCR_CONFIDENCE_TO_REPLACE = 60;

const BAD_CHAR = /[\p{Cc}\p{Co}\p{Cn}\p{Cs}\uFFFD]/u;

/**
 * How much of a reading of a page can be used: known words minus junk (unpronounceable words, symbol
 * words such as `!"#`, words broken into single letters, tokens holding control or private-use
 * characters). A text layer of junk scores below zero; a sound reading of a page scores about its
 * number of words.
 */
export function readingScore(text: string, isKnownWord: (word: string) => boolean): number {
  const stats = textStatistics(text, isKnownWord);
  const known = stats.checkedWords === 0 ? 0 : Math.round(stats.knownWordShare * stats.checkedWords);
  const implausible = Math.round(stats.implausibleShare * stats.checkedWords);
  const spaced = Math.round(stats.spacedLetterShare * stats.tokens);
  let badTokens = 0;
  if (stats.badCharShare > 0) for (const token of text.split(/\s+/)) if (BAD_CHAR.test(token)) badTokens++;
  return known - implausible - spaced - badTokens;
}

/**
 * Whether a page's OCR reading replaces its text layer, given the layer's verdict: an empty layer by any
 * text; a garbled one (junk, whole or in runs) when the OCR reading scores higher ({@link readingScore}:
 * a layer with one junk sidebar and a sound body keeps its body when OCR reads no better); a little text
 * over an image when OCR reads at least twice as many words with confidence ≥
 * {@link OCR_CONFIDENCE_TO_REPLACE} (a photo with a real caption keeps its caption). A good layer stays.
 */
export function preferOcrReading(
  verdict: PageTextVerdict,
  layerText: string,
  ocr: { text: string; confidence: number; words: readonly unknown[] },
  isKnownWord: (word: string) => boolean,
): boolean {
  if (ocr.text.trim() === '') return false;
  switch (verdict) {
    case 'good':
      return false;
    case 'empty':
      return true;
    case 'garbled':
      return readingScore(ocr.text, isKnownWord) > readingScore(layerText, isKnownWord);
    case 'sparse-over-image': {
      const layerWords = layerText.split(/\s+/).filter(Boolean).length;
      return ocr.confidence >= OCR_CONFIDENCE_TO_REPLACE && ocr.words.length >= 2 * layerWords;
    }
  }
}
