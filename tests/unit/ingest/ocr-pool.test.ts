import { afterAll, describe, expect, it } from 'vitest';
import { sniffImage } from '../../../packages/ingest/src/ocr/image-format.ts';
import { OcrError } from '../../../packages/ingest/src/ocr/ocr-error.ts';
import { type OcrPage, type OcrPagesProgress, OcrPool } from '../../../packages/ingest/src/ocr/ocr-pool.ts';
import type { OcrBox, OcrWord } from '../../../packages/ingest/src/ocr/ocr-text.ts';
import {
  needsOrientationCheck,
  orientationOf,
  unturnBox,
} from '../../../packages/ingest/src/ocr/orientation.ts';
import {
  drawnWordBox,
  drawTextImage,
  GARBLED_LINES,
  GARBLED_WORDS,
  garbledPdf,
  MIXED_SCANNED_LINES,
  mixedPdf,
  ROTATED_SCAN_ANGLES,
  ROTATED_SCAN_PAGES,
  ROTATED_SCAN_WORDS,
  rotatedScanPdf,
  SCANNED_LINES,
  SCANNED_WORDS,
  STAMP_TEXT,
  scannedPdf,
  stampedScanPdf,
  textImageFile,
  turnBox,
  turnCanvas,
} from '../../fixtures/ocr-documents.ts';

const pool = new OcrPool({ size: 2 });
const OCR_TIMEOUT = 90_000;

afterAll(async () => {
  await pool.terminate();
});

/** Share of the words of `lines` found in `text` (each occurrence counted once). */
function wordAccuracy(lines: readonly string[], text: string): number {
  const found = new Map<string, number>();
  for (const word of text.split(/\s+/)) found.set(word, (found.get(word) ?? 0) + 1);
  const expected = lines.join(' ').split(/\s+/);
  let right = 0;
  for (const word of expected) {
    const count = found.get(word) ?? 0;
    if (count > 0) {
      right++;
      found.set(word, count - 1);
    }
  }
  return right / expected.length;
}

/** Every word's offsets slice the text to the word itself, in order, without overlap. */
function expectConsistentWords(text: string, words: readonly OcrWord[]): void {
  expect(words.length).toBeGreaterThan(0);
  let previousEnd = 0;
  for (const word of words) {
    expect(text.slice(word.start, word.end)).toBe(word.text);
    expect(word.start).toBeGreaterThanOrEqual(previousEnd);
    expect(word.confidence).toBeGreaterThanOrEqual(0);
    expect(word.confidence).toBeLessThanOrEqual(100);
    expect(word.box.width).toBeGreaterThan(0);
    expect(word.box.height).toBeGreaterThan(0);
    previousEnd = word.end;
  }
}

function wordNamed(page: { words: readonly OcrWord[] }, text: string): OcrWord {
  const word = page.words.find((candidate) => candidate.text.replace(/^\p{P}+|\p{P}+$/gu, '') === text);
  if (word === undefined) throw new Error(`no word ${text} in ${page.words.map((w) => w.text).join(' ')}`);
  return word;
}

describe('OCR of PDF pages', () => {
  it(
    'reads a scanned page: its made-up words, confidence, word boxes in PDF points',
    async () => {
      const page = await pool.ocrPdfPage(await scannedPdf(), 1);
      expect(page).toMatchObject({ page: 1, source: 'ocr', width: 612, height: 792, dpi: 200 });
      for (const word of SCANNED_WORDS) expect(page.text).toContain(word);
      expect(wordAccuracy(SCANNED_LINES, page.text)).toBeGreaterThanOrEqual(0.95);
      expect(page.confidence).toBeGreaterThan(80);
      expectConsistentWords(page.text, page.words);
      // "NOTICE OF ZANQUILLO EASEMENT" is drawn from x = 72 pt on a baseline 100 pt from the top.
      const box = wordNamed(page, 'ZANQUILLO').box;
      expect(box.x).toBeGreaterThan(72);
      expect(box.x + box.width).toBeLessThan(612);
      expect(box.y).toBeGreaterThan(80);
      expect(box.y + box.height).toBeLessThan(104);
      expect(page.text.split('\n')[0]).toBe('NOTICE OF ZANQUILLO EASEMENT');
      expect(page.renderMs).toBeGreaterThan(0);
      expect(page.recognizeMs).toBeGreaterThan(0);
    },
    OCR_TIMEOUT,
  );

  it(
    'reads the true words of a page whose text layer is junk',
    async () => {
      const page = await pool.ocrPdfPage(await garbledPdf(), 1);
      for (const word of [...GARBLED_WORDS, 'plaintiff', 'grievance']) expect(page.text).toContain(word);
      expect(wordAccuracy(GARBLED_LINES, page.text)).toBeGreaterThanOrEqual(0.95);
      expect(page.confidence).toBeGreaterThan(85);
      expect(page.dpi).toBe(300);
      expectConsistentWords(page.text, page.words);
    },
    OCR_TIMEOUT,
  );

  it(
    'reads several pages in parallel, reporting each finished page',
    async () => {
      const progress: OcrPagesProgress[] = [];
      const results = await pool.ocrPdfPages(await mixedPdf(), [1, 2, 3], {
        onProgress: (event) => progress.push(event),
      });
      expect(results.map((result) => result.page)).toEqual([1, 2, 3]);
      expect(progress.map((event) => event.done)).toEqual([1, 2, 3]);
      expect(progress.every((event) => event.total === 3)).toBe(true);
      const scanned = results[1] as OcrPage;
      expect(scanned.text).toContain('quellbrook');
      expect(scanned.text).toContain('Dravenport');
      expect(wordAccuracy(MIXED_SCANNED_LINES, scanned.text)).toBeGreaterThanOrEqual(0.9);
      expect((results[0] as OcrPage).text).toContain('Harbor Holdings');
    },
    OCR_TIMEOUT,
  );

  it(
    'reads both the stamp and the scan under it',
    async () => {
      const page = await pool.ocrPdfPage(await stampedScanPdf(), 1);
      expect(page.text).toContain(STAMP_TEXT.split(' ')[0]);
      for (const word of SCANNED_WORDS) expect(page.text).toContain(word);
    },
    OCR_TIMEOUT,
  );

  it(
    'reports a page the PDF does not have, among pages that are read',
    async () => {
      const results = await pool.ocrPdfPages(await scannedPdf(), [3, 1], { dpi: 100 });
      expect(results[0]).toMatchObject({ page: 3, error: { code: 'bad-page' } });
      expect(results[1]).toMatchObject({ page: 1, source: 'ocr' });
      await expect(pool.ocrPdfPage(new TextEncoder().encode('%PDF-junk'), 1)).rejects.toMatchObject({
        code: 'unreadable-pdf',
      });
    },
    OCR_TIMEOUT,
  );
});

describe('OCR of standalone images', () => {
  it.each(['png', 'jpeg', 'tiff'] as const)(
    'reads a %s image as a one-page document',
    async (format) => {
      const image = await pool.ocrImageFile(textImageFile(format));
      expect(image).toMatchObject({ format, width: 2550, height: 917 });
      for (const word of SCANNED_WORDS) expect(image.text).toContain(word);
      expect(wordAccuracy(SCANNED_LINES, image.text)).toBeGreaterThanOrEqual(0.95);
      expect(image.confidence).toBeGreaterThan(85);
      expectConsistentWords(image.text, image.words);
      // Boxes are in image pixels.
      const box = wordNamed(image, 'ZANQUILLO').box;
      expect(box.x + box.width).toBeLessThanOrEqual(2550);
      expect(box.height).toBeGreaterThan(20);
    },
    OCR_TIMEOUT,
  );

  it(
    'refuses bytes that are no image, and survives an image it cannot decode',
    async () => {
      const notImage = await pool
        .ocrImageFile(new TextEncoder().encode('hello'))
        .catch((error: unknown) => error);
      expect(notImage).toBeInstanceOf(OcrError);
      expect(notImage).toMatchObject({ code: 'unsupported-image' });
      const png = textImageFile('png');
      const truncated = png.subarray(0, 200);
      expect(sniffImage(truncated)?.format).toBe('png');
      await expect(pool.ocrImageFile(truncated)).rejects.toMatchObject({
        name: 'OcrError',
        code: 'recognize-failed',
      });
      // The worker carries on.
      expect((await pool.ocrImageFile(png)).text).toContain('ZANQUILLO');
    },
    OCR_TIMEOUT,
  );
});

describe('OcrPool', () => {
  it(
    'creates workers lazily, never more than its size, and queues the rest',
    async () => {
      const small = new OcrPool({ size: 1 });
      try {
        expect(small.workerCount).toBe(0);
        const image = textImageFile('jpeg');
        let most = 0;
        const watch = setInterval(() => {
          most = Math.max(most, small.workerCount);
        }, 5);
        const results = await Promise.all([
          small.recognize(image),
          small.recognize(image),
          small.recognize(image),
        ]);
        clearInterval(watch);
        expect(most).toBe(1);
        expect(results.map((result) => result.text)).toEqual([
          results[0]?.text,
          results[0]?.text,
          results[0]?.text,
        ]);
        // The later jobs waited for the single worker.
        expect(Math.max(...results.map((result) => result.waitMs))).toBeGreaterThan(100);
      } finally {
        await small.terminate();
      }
    },
    OCR_TIMEOUT,
  );

  it(
    'rejects queued and aborted jobs with code terminated',
    async () => {
      const small = new OcrPool({ size: 1 });
      const image = textImageFile('jpeg');
      const controller = new AbortController();
      const running = small.recognize(image);
      const aborted = small.recognize(image, { signal: controller.signal });
      const queued = small.recognize(image);
      controller.abort();
      await expect(aborted).rejects.toMatchObject({ code: 'terminated' });
      await small.terminate();
      await expect(queued).rejects.toMatchObject({ code: 'terminated' });
      await expect(running).rejects.toMatchObject({ code: 'terminated' });
      await expect(small.recognize(image)).rejects.toMatchObject({ code: 'terminated' });
    },
    OCR_TIMEOUT,
  );

  it(
    'fails with code worker-failed when the language data is missing',
    async () => {
      const broken = new OcrPool({ size: 1, langPath: '/nonexistent/tessdata' });
      try {
        await expect(broken.recognize(textImageFile('png'))).rejects.toMatchObject({ code: 'worker-failed' });
      } finally {
        await broken.terminate();
      }
    },
    OCR_TIMEOUT,
  );
});

describe('memory bound (issue 14)', () => {
  /** What a reading says, without its times. */
  const reading = (page: { text: string; confidence: number; words: readonly OcrWord[] }) => ({
    text: page.text,
    confidence: page.confidence,
    words: page.words,
  });

  it(
    'replaces a worker after recycleAfterJobs jobs, one at a time, and reads the same',
    async () => {
      const recycling = new OcrPool({ size: 1, recycleAfterJobs: 2 });
      try {
        const pdf = await scannedPdf();
        const expected = reading(await pool.ocrPdfPage(pdf, 1));
        let most = 0;
        const watch = setInterval(() => {
          most = Math.max(most, recycling.workerCount);
        }, 5);
        const pages = await recycling.ocrPdfPages(pdf, [1, 1, 1, 1, 1]);
        clearInterval(watch);
        // Five readings, two a worker: a third worker read the last; never two alive at once.
        expect(recycling.workersStarted).toBe(3);
        expect(most).toBe(1);
        for (const page of pages) {
          expect('error' in page).toBe(false);
          expect(reading(page as OcrPage)).toEqual(expected);
        }
      } finally {
        await recycling.terminate();
      }
    },
    OCR_TIMEOUT * 2,
  );

  it(
    'replaces a worker at once after an image above recycleAbovePixels',
    async () => {
      const image = textImageFile('png'); // 2550 × 917 pixels
      const strict = new OcrPool({ size: 1, recycleAbovePixels: 2_000_000 });
      const loose = new OcrPool({ size: 1, recycleAbovePixels: 3_000_000 });
      try {
        const first = await strict.recognize(image);
        expect(strict.workerCount).toBe(0);
        const second = await strict.recognize(image);
        expect(strict.workerCount).toBe(0);
        expect(strict.workersStarted).toBe(2);
        expect(reading(second)).toEqual(reading(first));
        await loose.recognize(image);
        await loose.recognize(image);
        expect(loose.workerCount).toBe(1);
        expect(loose.workersStarted).toBe(1);
      } finally {
        await Promise.all([strict.terminate(), loose.terminate()]);
      }
    },
    OCR_TIMEOUT,
  );
});

/** Intersection over union of two boxes. */
function overlap(a: OcrBox, b: OcrBox): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  const inter = Math.max(0, width) * Math.max(0, height);
  return inter / (a.width * a.height + b.width * b.height - inter);
}

describe('pages in any orientation', () => {
  it(
    'turns every page of a scan fed at 0°, 90°, 180° and 270° upright, its word boxes on the words',
    async () => {
      const results = await pool.ocrPdfPages(await rotatedScanPdf(), [1, 2, 3, 4]);
      for (const [index, angle] of ROTATED_SCAN_ANGLES.entries()) {
        const page = results[index] as OcrPage;
        const lines = ROTATED_SCAN_PAGES[index] ?? [];
        expect(page).toMatchObject({ page: index + 1, source: 'ocr', rotation: (360 - angle) % 360 });
        expect([page.width, page.height]).toEqual(angle % 180 === 0 ? [612, 792] : [792, 612]);
        // An upright page read well is not checked; a turned one is, and Tesseract is sure of it.
        if (angle === 0) expect(page.orientation).toBeUndefined();
        else expect(page.orientation?.confidence).toBeGreaterThan(2);
        expect(wordAccuracy(lines, page.text), page.text).toBeGreaterThanOrEqual(0.9);
        expect(page.confidence).toBeGreaterThan(80);
        expectConsistentWords(page.text, page.words);
        for (const word of ROTATED_SCAN_WORDS[index] ?? []) {
          // Where the word lies on the page as a viewer shows it (the scan turned by `angle`).
          const drawn = turnBox(drawnWordBox(lines, word), angle);
          expect(overlap(wordNamed(page, word).box, drawn), `${word} on page ${index + 1}`).toBeGreaterThan(
            0.5,
          );
        }
      }
    },
    3 * OCR_TIMEOUT,
  );

  it(
    'turns a standalone image upright, its word boxes in the pixels of the image as it is',
    async () => {
      // A Letter page at 200 DPI (1700 × 2200 px) scanned sideways: a 2200 × 1700 px PNG.
      const sideways = turnCanvas(drawTextImage(SCANNED_LINES, { seed: 3 }), 90).toBuffer('image/png');
      const image = await pool.ocrImageFile(sideways);
      expect(image).toMatchObject({ format: 'png', width: 2200, height: 1700, rotation: 270 });
      for (const word of SCANNED_WORDS) expect(image.text).toContain(word);
      expectConsistentWords(image.text, image.words);
      const points = turnBox(drawnWordBox(SCANNED_LINES, 'Quintavesh,'), 90);
      const pixels = 200 / 72;
      const drawn = {
        x: points.x * pixels,
        y: points.y * pixels,
        width: points.width * pixels,
        height: points.height * pixels,
      };
      expect(overlap(wordNamed(image, 'Quintavesh').box, drawn)).toBeGreaterThan(0.5);
    },
    2 * OCR_TIMEOUT,
  );

  it('maps boxes read on a turned image back onto the page', () => {
    const box = { x: 100, y: 50, width: 80, height: 10 };
    for (const rotation of [0, 90, 180, 270] as const) {
      // The box as it lies on the page turned clockwise by `rotation`, then mapped back.
      const turned = turnBox(box, rotation, 612, 792);
      const back = unturnBox(turned, rotation, 612, 792);
      for (const key of ['x', 'y', 'width', 'height'] as const) expect(back[key]).toBeCloseTo(box[key]);
    }
    expect(orientationOf({ orientation_degrees: 270, orientation_confidence: 12.3 })).toEqual({
      rotation: 270,
      confidence: 12.3,
    });
    expect(orientationOf({ orientation_degrees: null, orientation_confidence: null })).toBeNull();
  });

  it('checks the orientation of a poor reading, not of a blank page', () => {
    const word = { text: 'x' };
    expect(needsOrientationCheck({ confidence: 30, words: [word] })).toBe(true);
    expect(needsOrientationCheck({ confidence: 90, words: [word] })).toBe(false);
    // Nothing read: nothing to turn upright (and no detection worker started for it).
    expect(needsOrientationCheck({ confidence: 0, words: [] })).toBe(false);
  });
});
