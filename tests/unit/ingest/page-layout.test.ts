import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { docxLayout, parseDocx, parsePdf, pdfPageLayout } from '@quire/ingest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTES_HEADINGS, NOTES_TABLE, writeDocumentFixtures } from '../../fixtures/documents.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'quire-layout-'));
  await writeDocumentFixtures(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A letter-size page with three lines drawn at known places (PDF origin bottom left). */
async function placedPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([612, 792]);
  const page = pdf.addPage([612, 792]);
  page.drawText('Rent is due on the first day of each month.', { x: 72, y: 700, size: 12, font });
  page.drawText('Late payment costs a fee of forty pounds.', { x: 72, y: 686, size: 12, font });
  page.drawText('Footnote in small print.', { x: 300, y: 100, size: 8, font });
  return pdf.save();
}

describe('pdfPageLayout', () => {
  it('gives the page text exactly as parsePdf indexes it, for every page of real fixtures', async () => {
    for (const file of ['contract.pdf', 'two-column.pdf', 'blank-page.pdf']) {
      const data = await readFile(path.join(dir, file));
      const parsed = await parsePdf(data);
      for (const page of parsed.pages) {
        const layout = await pdfPageLayout(data, page.page);
        expect(layout.text, `${file} page ${page.page}`).toBe(page.text);
        for (const box of layout.boxes) {
          expect(box.end).toBeGreaterThan(box.start);
          expect(box.end).toBeLessThanOrEqual(layout.text.length);
          expect(box.x).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width).toBeLessThanOrEqual(layout.width + 1);
          expect(box.y).toBeGreaterThanOrEqual(-1);
          expect(box.y + box.height).toBeLessThanOrEqual(layout.height + 1);
        }
      }
    }
  });

  it('places each line where it was drawn, top-left origin in points', async () => {
    const layout = await pdfPageLayout(await placedPdf(), 2);
    expect(layout).toMatchObject({ page: 2, width: 612, height: 792 });
    const boxAt = (phrase: string) => {
      const offset = layout.text.indexOf(phrase);
      expect(offset).toBeGreaterThanOrEqual(0);
      const box = layout.boxes.find((b) => b.start <= offset && offset < b.end);
      if (!box) throw new Error(`no box covers "${phrase}"`);
      return box;
    };
    const rent = boxAt('Rent is due');
    expect(rent.x).toBeCloseTo(72, 0);
    // The baseline is 792 - 700 = 92 points from the top; the box spans the glyphs above and below it.
    expect(rent.y).toBeLessThan(92);
    expect(rent.y + rent.height).toBeGreaterThan(92);
    const late = boxAt('Late payment');
    expect(late.y).toBeGreaterThan(rent.y);
    const note = boxAt('Footnote');
    expect(note.x).toBeCloseTo(300, 0);
    expect(note.y).toBeGreaterThan(650);
    expect(note.height).toBeLessThan(rent.height);
  });

  it('refuses a page the PDF does not have', async () => {
    await expect(pdfPageLayout(await placedPdf(), 3)).rejects.toThrow(RangeError);
  });
});

describe('docxLayout', () => {
  it('gives the indexed text and blocks whose offsets slice it exactly', async () => {
    const data = await readFile(path.join(dir, 'notes.docx'));
    const [page] = (await parseDocx(data)).pages;
    const layout = await docxLayout(data);
    expect(layout.text).toBe(page?.text);
    for (const block of layout.blocks) {
      expect(layout.text.slice(block.start, block.end)).toBe(block.text);
      for (const row of block.rows ?? []) {
        for (const cell of row)
          expect(layout.text.slice(cell.start, cell.start + cell.text.length)).toBe(cell.text);
      }
    }
    expect(layout.blocks[0]).toMatchObject({ kind: 'heading', level: 1, text: NOTES_HEADINGS.h1 });
    expect(layout.blocks.some((b) => b.kind === 'list-item')).toBe(true);
    const table = layout.blocks.find((b) => b.kind === 'table');
    expect(table?.rows?.map((row) => row.map((cell) => cell.text))).toEqual(NOTES_TABLE);
  });
});
