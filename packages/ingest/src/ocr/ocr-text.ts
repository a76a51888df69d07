/** A rectangle, top-left origin: image pixels for {@link OcrRecognition}, PDF points for an OCR'd PDF page. */
export interface OcrBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One recognized word: `text === pageText.slice(start, end)`. */
export interface OcrWord {
  text: string;
  /** Tesseract's confidence in the word, 0–100. */
  confidence: number;
  start: number;
  end: number;
  box: OcrBox;
}

/** Tesseract's block → paragraph → line → word tree (the fields read here). */
export interface TesseractBlocks {
  paragraphs: {
    lines: {
      words: { text: string; confidence: number; bbox: { x0: number; y0: number; x1: number; y1: number } }[];
    }[];
  }[];
}

/** Text assembled from recognized words, with each word's offsets in it. */
export interface AssembledText {
  text: string;
  words: OcrWord[];
  /** Mean word confidence, 0–100 (0 when no word was found). */
  confidence: number;
}

/**
 * Joins Tesseract's words into page text the way pdf-parser lays out a text layer: words separated by
 * a space, lines by a newline, paragraphs (and blocks) by a blank line. Every word records its
 * `start`/`end` offsets in that text, so a quote found in the text maps back to word boxes.
 */
export function assembleOcrText(blocks: readonly TesseractBlocks[] | null | undefined): AssembledText {
  let text = '';
  const words: OcrWord[] = [];
  let pendingBreak = '';
  for (const block of blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        let lineStarted = false;
        for (const word of line.words) {
          const wordText = word.text.trim();
          if (wordText === '') continue;
          if (text !== '') text += lineStarted ? ' ' : pendingBreak;
          lineStarted = true;
          const start = text.length;
          text += wordText;
          const { x0, y0, x1, y1 } = word.bbox;
          words.push({
            text: wordText,
            confidence: word.confidence,
            start,
            end: text.length,
            box: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
          });
        }
        if (lineStarted) pendingBreak = '\n';
      }
      pendingBreak = '\n\n';
    }
  }
  const confidence =
    words.length === 0 ? 0 : words.reduce((sum, word) => sum + word.confidence, 0) / words.length;
  return { text, words, confidence };
}

/** The words whose characters overlap `start`–`end` of the text (e.g. a cited quote), to highlight their boxes. */
export function wordsInRange<W extends { start: number; end: number }>(
  words: readonly W[],
  start: number,
  end: number,
): W[] {
  return words.filter((word) => word.end > start && word.start < end);
}
