import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgePdfPage } from '../../../packages/ingest/src/ocr/assess-page.ts';
import { loadEnglishWords } from '../../../packages/ingest/src/ocr/english-words.ts';
import { OcrError } from '../../../packages/ingest/src/ocr/ocr-error.ts';
import { getPdfPage, type OpenPdf, openPdf } from '../../../packages/ingest/src/ocr/pdfjs.ts';
import {
  DEFAULT_OCR_DPI,
  measurePageCoverage,
  renderPdfPage,
  suggestOcrDpi,
} from '../../../packages/ingest/src/ocr/render.ts';
import type { PageTextVerdict } from '../../../packages/ingest/src/ocr/text-quality.ts';
import {
  GARBLED_LINES,
  garbledPdf,
  MIXED_TEXT_PAGES,
  mixedPdf,
  rotatedScanPdf,
  STAMP_TEXT,
  SYMBOL_SOUP_SECTIONS,
  SYMBOL_SOUP_WORDS,
  scannedPdf,
  scrambleLikeGarbledPdf,
  stampedScanPdf,
  symbolSoupOf,
  symbolSoupPdf,
} from '../../fixtures/ocr-documents.ts';

let dir: string;
let isKnownWord: (word: string) => boolean;
const opened: OpenPdf[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'quire-ocr-pdf-'));
  const words = await loadEnglishWords({ cacheDir: dir });
  isKnownWord = (word) => words.has(word);
});

afterAll(async () => {
  await Promise.all(opened.map((pdf) => pdf.close()));
  await rm(dir, { recursive: true, force: true });
});

async function open(bytes: Uint8Array): Promise<OpenPdf> {
  const pdf = await openPdf(bytes);
  opened.push(pdf);
  return pdf;
}

/** The page's text as pdf.js extracts it, and its verdict. */
async function judge(bytes: Uint8Array): Promise<{ text: string; verdict: PageTextVerdict }[]> {
  const { pdf } = await open(bytes);
  const pages: { text: string; verdict: PageTextVerdict }[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    pages.push({ text, verdict: (await judgePdfPage(page, text, isKnownWord, content)).verdict });
    page.cleanup();
  }
  return pages;
}

describe('page verdicts on the OCR fixtures', () => {
  it('a scanned page has no text layer: empty', async () => {
    expect(await judge(await scannedPdf())).toEqual([{ text: '', verdict: 'empty' }]);
  });

  it('a text layer behind a wrong ToUnicode map extracts as junk: garbled', async () => {
    const [page] = await judge(await garbledPdf());
    expect(page?.verdict).toBe('garbled');
    // pdf.js reads the scrambled letters, not the words drawn on the page.
    expect(page?.text).toContain(scrambleLikeGarbledPdf('Velmarune'));
    expect(page?.text).not.toContain('Velmarune');
    expect(page?.text).not.toContain('plaintiff');
    expect(GARBLED_LINES.join(' ')).toContain('plaintiff');
  });

  it('the mixed document flags only its scanned middle page', async () => {
    const pages = await judge(await mixedPdf());
    expect(pages.map((page) => page.verdict)).toEqual(['good', 'empty', 'good']);
    expect(pages[0]?.text).toContain(MIXED_TEXT_PAGES[0]?.[0] ?? '?');
  });

  it('a body font that extracts as symbols under headings in a sound font: garbled', async () => {
    const [page] = await judge(await symbolSoupPdf());
    expect(page?.verdict).toBe('garbled');
    const [first] = SYMBOL_SOUP_SECTIONS;
    expect(page?.text).toContain(first?.heading);
    expect(page?.text).toContain(symbolSoupOf(first?.body[0] ?? '?'));
    expect(page?.text).not.toContain(SYMBOL_SOUP_WORDS[0]);
  });

  it('scanned pages in any orientation have no text layer: empty', async () => {
    expect((await judge(await rotatedScanPdf())).map((page) => page.verdict)).toEqual([
      'empty',
      'empty',
      'empty',
      'empty',
    ]);
  });

  it('a scan with a stamped text header: sparse-over-image', async () => {
    const [page] = await judge(await stampedScanPdf());
    expect(page).toEqual({ text: STAMP_TEXT, verdict: 'sparse-over-image' });
  });
});

describe('measurePageCoverage', () => {
  it('measures text, images and ink away from the text', async () => {
    const { pdf } = await open(await stampedScanPdf());
    const coverage = await measurePageCoverage(await pdf.getPage(1));
    expect(coverage.pageArea).toBe(612 * 792);
    expect(coverage.imageCoverage).toBeGreaterThan(0.99);
    expect(coverage.textCoverage).toBeGreaterThan(0);
    expect(coverage.textCoverage).toBeLessThan(0.01);
    expect(coverage.inkCoverage).toBeGreaterThan(0.01);

    const text = await open(await mixedPdf());
    const textPage = await measurePageCoverage(await text.pdf.getPage(1));
    expect(textPage.imageCoverage).toBe(0);
    expect(textPage.textCoverage).toBeGreaterThan(0.01);
    expect(textPage.inkCoverage).toBeUndefined();
  });
});

describe('renderPdfPage', () => {
  it('renders a scan at its own resolution and vector pages at the default DPI', async () => {
    const scanned = await open(await scannedPdf());
    const scan = await scanned.pdf.getPage(1);
    expect(await suggestOcrDpi(scan)).toBe(200);
    const rendered = await renderPdfPage(scan);
    expect(rendered).toMatchObject({ width: 1700, height: 2200, dpi: 200, pageWidth: 612, pageHeight: 792 });
    expect(rendered.image.subarray(0, 2).toString('latin1')).toBe('P5');
    expect(rendered.image.length).toBe('P5\n1700 2200\n255\n'.length + 1700 * 2200);

    const garbled = await open(await garbledPdf());
    const vector = await renderPdfPage(await garbled.pdf.getPage(1), { format: 'png' });
    expect(vector.dpi).toBe(DEFAULT_OCR_DPI);
    expect([...vector.image.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG');
  });

  it('caps the pixels of a huge page', async () => {
    const { pdf } = await open(await scannedPdf());
    const rendered = await renderPdfPage(await pdf.getPage(1), { dpi: 600, maxPixels: 1_000_000 });
    expect(rendered.width * rendered.height).toBeLessThanOrEqual(1_002_000);
    expect(rendered.dpi).toBeLessThan(150);
  });

  it('refuses a page the PDF does not have, and bytes that are no PDF', async () => {
    const { pdf } = await open(await scannedPdf());
    await expect(getPdfPage(pdf, 2)).rejects.toMatchObject({ name: 'OcrError', code: 'bad-page' });
    const error = await openPdf(new TextEncoder().encode('not a pdf')).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(OcrError);
    expect(error).toMatchObject({ code: 'unreadable-pdf' });
  });
});
