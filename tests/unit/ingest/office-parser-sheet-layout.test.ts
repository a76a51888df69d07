// A spreadsheet page for the viewer (issue 16): the layout route gives a sheet page as a table — its rows
// in order, the header row flagged, each cell placed where the indexed page text holds its value — so a
// citation's offsets mark the cells of the cited row. The page text stays exactly what is indexed.
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { officePageLayoutOf, parseDocument } from '@quire/ingest';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_SHEET_CELLS,
  SHEET_PAGE_ROWS,
  type SheetLayout,
} from '../../../packages/ingest/src/xlsx-parser.ts';
import { tempDir } from '../../helpers/temp.ts';

/** Real workbooks beside the repository (skipped where they are absent). */
const REALDOCS = fileURLToPath(new URL('../../../../shared/realdocs/office', import.meta.url));
/** In CI the shared documents must be there: the real workbooks' test never skips. */
const required = process.env.CI === 'true';

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('quire-sheet-layout-');
});
afterAll(() => dir?.cleanup());

async function workbookFile(name: string, build: (workbook: ExcelJS.Workbook) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  const file = path.join(dir.path, name);
  await writeFile(file, Buffer.from(await workbook.xlsx.writeBuffer()));
  return file;
}

/** Every placed cell of a sheet layout holds, in the page text, exactly its own text. */
function expectCellsInText(sheet: SheetLayout, text: string): void {
  for (const row of sheet.rows) {
    expect(text.slice(row.start, row.end).length).toBe(row.end - row.start);
    for (const cell of row.cells) {
      if (cell.start === null) expect(cell.text).toBe('');
      else expect(text.slice(cell.start, cell.start + cell.text.length)).toBe(cell.text);
    }
  }
}

describe('the layout of a sheet page', () => {
  it('is a table of the rows, header flagged, each value placed where the indexed text holds it', async () => {
    const file = await workbookFile('claims.xlsx', (workbook) => {
      const sheet = workbook.addWorksheet('Damages');
      sheet.getCell('A1').value = 'Claim schedule';
      sheet.mergeCells('A1:C1');
      sheet.addRow(['Item', 'Amount', 'Note']);
      sheet.addRow(['Roof', 1200, 'leaking skylight; see photos']);
      sheet.addRow(['Door', null, 'Note']);
    });
    const indexed = await parseDocument(file);
    const layout = await officePageLayoutOf(new Uint8Array(await readFile(file)), '.xlsx', 1);
    expect(layout?.text).toBe(indexed.pages[0]?.text);
    const sheet = layout?.sheet as SheetLayout;
    expect(sheet).toMatchObject({ name: 'Damages', continued: false, columns: ['Item', 'Amount', 'Note'] });
    expect(sheet.rows.map((row) => [row.header, row.cells.map((cell) => cell.text)])).toEqual([
      [false, ['Claim schedule']],
      [true, ['Item', 'Amount', 'Note']],
      [false, ['Roof', '1200', 'leaking skylight; see photos']],
      [false, ['Door', '', 'Note']],
    ]);
    const text = layout?.text ?? '';
    expectCellsInText(sheet, text);
    // A row's place is its sentence, header names included.
    const roof = sheet.rows[2];
    expect(text.slice(roof?.start, roof?.end)).toBe(
      'Item: Roof; Amount: 1200; Note: leaking skylight; see photos',
    );
    expect(sheet.notes).toEqual([]);
  });

  it('gives a continued page the column names, and the truncation note as a note, not a row', async () => {
    const columns = 10;
    const rows = Math.ceil((MAX_SHEET_CELLS * 1.1) / columns);
    const file = await workbookFile('big.xlsx', (workbook) => {
      const sheet = workbook.addWorksheet('Ledger');
      sheet.addRow(Array.from({ length: columns }, (_, c) => `Col ${c + 1}`));
      for (let r = 1; r < rows; r++) sheet.addRow(Array.from({ length: columns }, (_, c) => r * 100 + c));
    });
    const data = new Uint8Array(await readFile(file));
    const indexed = await parseDocument(file);
    const second = await officePageLayoutOf(data, '.xlsx', 2);
    expect(second?.text).toBe(indexed.pages[1]?.text);
    expect(second?.sheet).toMatchObject({ name: 'Ledger', continued: true });
    expect(second?.sheet?.columns).toHaveLength(columns);
    expect(second?.sheet?.rows).toHaveLength(SHEET_PAGE_ROWS);
    expect(second?.sheet?.rows.some((row) => row.header)).toBe(false);
    expectCellsInText(second?.sheet as SheetLayout, second?.text ?? '');
    const last = await officePageLayoutOf(data, '.xlsx', indexed.pages.length);
    expect(last?.sheet?.notes).toHaveLength(1);
    expect(last?.sheet?.notes[0]?.text).toMatch(/^\[Sheet truncated/);
    expect(last?.text.slice(last.sheet?.notes[0]?.start)).toMatch(/^\[Sheet truncated/);
  });

  it.skipIf(!required && !existsSync(REALDOCS))(
    'places every cell of every page of the real workbooks in the indexed text',
    async () => {
      const files = (await readdir(REALDOCS)).filter((name) => name.endsWith('.xlsx'));
      expect(files.length).toBeGreaterThan(0);
      for (const name of files) {
        const file = path.join(REALDOCS, name);
        const indexed = await parseDocument(file);
        const data = new Uint8Array(await readFile(file));
        for (const page of indexed.pages) {
          const layout = await officePageLayoutOf(data, '.xlsx', page.page);
          expect(layout?.text, `${name} page ${page.page}`).toBe(page.text);
          expect(layout?.sheet?.rows.length, `${name} page ${page.page}`).toBeGreaterThan(0);
          expectCellsInText(layout?.sheet as SheetLayout, page.text);
        }
      }
    },
  );
});
