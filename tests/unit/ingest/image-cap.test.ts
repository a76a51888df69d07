// Images over MAX_IMAGE_PIXELS are never decoded (pdf.js decodes an image whole before drawing it scaled:
// a 20,000 × 20,000 scan took ~5 GB to render for OCR); a PDF left with no text because of them fails
// `too-large` with its size, not `no-text`.
import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_PIXELS, oversizedImages, PDFJS_OPTIONS } from '../../../packages/ingest/src/ocr/pdfjs.ts';
import { parsePdf } from '../../../packages/ingest/src/pdf-parser.ts';
import { giantScanPdf, largeImagesPdf } from '../../fixtures/worst-case-pdfs.ts';

describe('the image size cap', () => {
  it('is what pdf.js is told, and fits a letter or A4 page scanned at 600 DPI', () => {
    expect(PDFJS_OPTIONS.maxImageSize).toBe(MAX_IMAGE_PIXELS);
    expect(MAX_IMAGE_PIXELS).toBeGreaterThan(4961 * 7016);
    expect(MAX_IMAGE_PIXELS).toBeGreaterThan(5100 * 6600);
  });

  it('finds oversized images from their dictionaries, without decoding', async () => {
    expect(oversizedImages(await giantScanPdf(20_000))).toEqual([{ width: 20_000, height: 20_000 }]);
    expect(oversizedImages(await largeImagesPdf(3, { distinct: 1 }))).toEqual([]);
    expect(oversizedImages(await largeImagesPdf(3, { distinct: 1 }), 1_000_000)).toHaveLength(3);
  }, 60_000);

  it('fails a PDF that is nothing but an oversized scan with too-large and its size', async () => {
    const data = await giantScanPdf(20_000);
    const before = process.memoryUsage().rss;
    const failure = await parsePdf(data).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'too-large' });
    expect((failure as Error).message).toMatch(
      /20,000 × 20,000 pixels \(400 Mpx; Quire reads images up to 36 Mpx/,
    );
    // Decoding it would have taken 400 MB at least (one byte a pixel).
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
  }, 60_000);
});
