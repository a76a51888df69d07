import { describe, expect, it } from 'vitest';
import { rectsForRange } from '../../../apps/web/src/lib/highlight.ts';
import {
  formatLanguages,
  imageFormatLabel,
  imageGrid,
  isImagePath,
  isTiffPath,
  ocrNote,
  percentRects,
} from '../../../apps/web/src/lib/ocr.ts';

describe('ocrNote', () => {
  it('says nothing for text from a text layer, or when the source is not known', () => {
    expect(ocrNote({})).toBeNull();
    expect(ocrNote({ source: 'text-layer', confidence: 95 })).toBeNull();
  });

  it('labels OCR text with its rounded confidence and explains it', () => {
    const note = ocrNote({ source: 'ocr', confidence: 91.4 });
    expect(note?.label).toBe('Read by OCR · 91% confidence');
    expect(note?.low).toBe(false);
    expect(note?.explanation).toContain('recognised from an image');
    expect(note?.explanation).toContain('may contain recognition errors');
    expect(note?.explanation).toContain('91%');
  });

  it('calls a confidence below 70% low, and clamps nonsense', () => {
    expect(ocrNote({ source: 'ocr', confidence: 69.4 })).toMatchObject({
      label: 'Read by OCR · low confidence (69%)',
      low: true,
    });
    expect(ocrNote({ source: 'ocr', confidence: 69.4 })?.explanation).toContain('errors are likely');
    expect(ocrNote({ source: 'ocr', confidence: 70 })?.low).toBe(false);
    expect(ocrNote({ source: 'ocr', confidence: 140 })?.label).toBe('Read by OCR · 100% confidence');
    expect(ocrNote({ source: 'ocr', confidence: -3 })?.label).toBe('Read by OCR · low confidence (0%)');
  });

  it('still says OCR when the confidence is missing', () => {
    expect(ocrNote({ source: 'ocr' })).toMatchObject({ label: 'Read by OCR', low: false });
    expect(ocrNote({ source: 'ocr', confidence: Number.NaN })?.label).toBe('Read by OCR');
  });
});

describe('images', () => {
  it('recognises image paths by extension, in any case', () => {
    for (const path of ['/a/scan.png', 'C:\\x\\photo.JPG', '/a/b.jpeg', '/a/fax.tif', '/a/fax.TIFF']) {
      expect(isImagePath(path)).toBe(true);
    }
    for (const path of ['/a/report.pdf', '/a/memo.docx', '/a/png', '/a/scan.png.pdf', '/a/x.gif']) {
      expect(isImagePath(path)).toBe(false);
    }
    expect(isTiffPath('/a/fax.tif')).toBe(true);
    expect(isTiffPath('/a/fax.TIFF')).toBe(true);
    expect(isTiffPath('/a/scan.png')).toBe(false);
    expect(['/a/s.png', '/a/s.jpg', '/a/s.JPEG', '/a/s.tif', '/a/s.pdf'].map(imageFormatLabel)).toEqual([
      'PNG',
      'JPEG',
      'JPEG',
      'TIFF',
      null,
    ]);
  });

  it('turns pixel rectangles into percentages of the image, clipped to it', () => {
    expect(
      percentRects(
        [
          { x: 100, y: 50, width: 300, height: 25 },
          { x: 900, y: -10, width: 200, height: 20 },
          { x: 1200, y: 0, width: 10, height: 10 },
        ],
        1000,
        500,
      ),
    ).toEqual([
      { left: 10, top: 10, width: 30, height: 5 },
      { left: 90, top: 0, width: 10, height: 2 },
    ]);
    expect(percentRects([{ x: 0, y: 0, width: 10, height: 10 }], 0, 500)).toEqual([]);
  });

  it('highlights the words of a quote on an image as the viewer does', () => {
    // "Invoice total 120 EUR" on two lines of a 1000 × 500 image: "Invoice total" / "120 EUR".
    const boxes = [
      { start: 0, end: 7, x: 100, y: 50, width: 140, height: 20 },
      { start: 8, end: 13, x: 250, y: 50, width: 100, height: 20 },
      { start: 14, end: 17, x: 100, y: 100, width: 60, height: 20 },
      { start: 18, end: 21, x: 170, y: 100, width: 60, height: 20 },
    ];
    const rects = percentRects(rectsForRange(boxes, 8, 17), 1000, 500);
    expect(rects).toEqual([
      { left: 25, top: 10, width: 10, height: 4 },
      { left: 10, top: 20, width: 6, height: 4 },
    ]);
  });

  it('uses the grid the browser shows: turned a quarter by EXIF, or the natural size when unknown', () => {
    const layout = { width: 1000, height: 500 };
    expect(imageGrid(layout, null)).toEqual(layout);
    expect(imageGrid(layout, { width: 1000, height: 500 })).toEqual(layout);
    expect(imageGrid(layout, { width: 500, height: 1000 })).toEqual({ width: 500, height: 1000 });
    // a size that merely differs (the file changed, or was scaled) keeps the layout's own grid
    expect(imageGrid(layout, { width: 2000, height: 1000 })).toEqual(layout);
    expect(imageGrid({ width: 0, height: 0 }, { width: 640, height: 480 })).toEqual({
      width: 640,
      height: 480,
    });
  });
});

describe('formatLanguages', () => {
  it('lists the codes separated by commas', () => {
    expect(formatLanguages(['eng', 'deu'])).toBe('eng, deu');
  });
});
