import ExcelJS from 'exceljs';
import type { BlocksLayout } from './block-layout.ts';
import { DocumentParseError } from './errors.ts';
import type { HtmlBlock } from './html-blocks.ts';
import { formatCellNumber, formatDate } from './number-format.ts';
import type { BlockPage } from './text-pages.ts';

/** Cells (non-empty) read per sheet; the rest of a larger sheet is left out and said so in its text. */
export const MAX_SHEET_CELLS = 50_000;
/** Rows on a page: a longer sheet is cut into pages of this many rows, each headed by the sheet's name. */
export const SHEET_PAGE_ROWS = 200;

type Cell = ExcelJS.Cell;

/**
 * A row of a sheet page as read: its cell values by column ('' for an empty cell); `header` for the header
 * row, `named` for a row read with the header's names (every row after it).
 */
interface SheetRow {
  values: string[];
  header: boolean;
  named: boolean;
}

/** A page of a sheet: its blocks, and beside them the rows its paragraphs were written from, for the viewer. */
export interface SheetPage extends BlockPage {
  sheet: {
    name: string;
    /** The header row's values (on every page of the sheet), or null when the sheet has none. */
    header: string[] | null;
    /** One per paragraph block after the page's heading: the row it reads, or null for a note. */
    rows: (SheetRow | null)[];
  };
}

/** A cell of a sheet as the viewer shows it; `start` is where its text lies in the page text (null if it is not there). */
export interface SheetCellLayout {
  start: number | null;
  text: string;
}

/**
 * A row of a sheet page: its line's place in the page text (`start`–`end`) and its cells by column;
 * `header` for the sheet's header row.
 */
export interface SheetRowLayout {
  start: number;
  end: number;
  header: boolean;
  cells: SheetCellLayout[];
}

/**
 * A sheet page as a table placed in the page text: its rows in order, the sheet's column names (for a
 * continued page, whose rows do not include the header row), and paragraphs that are not rows (the
 * truncation note).
 */
export interface SheetLayout {
  name: string;
  continued: boolean;
  columns: string[] | null;
  rows: SheetRowLayout[];
  notes: { start: number; text: string }[];
}

/**
 * The pages of an `.xlsx` workbook, sheet by sheet in the workbook's order (hidden sheets left out):
 * each page starts with the sheet's name as a heading; the header row (the first row of two or more
 * cells, all text) names the columns, and every later row is a paragraph "Header: value; Header: value"
 * (rows above it are paragraphs of their values). Values are shown as formatted (dates as ISO dates,
 * numbers by their number format), a merged cell's value is repeated over the cells it covers, empty
 * rows are skipped. A sheet of more than {@link SHEET_PAGE_ROWS} rows takes several pages; past
 * {@link MAX_SHEET_CELLS} cells the rest of the sheet is noted as not read.
 */
export async function xlsxPages(data: Uint8Array): Promise<SheetPage[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's type asks for its own Buffer type; a Node Buffer is what it reads.
    await workbook.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.byteLength) as never);
  } catch (error) {
    throw new DocumentParseError('corrupt', 'the spreadsheet is damaged and cannot be read', {
      cause: error,
    });
  }
  const pages: SheetPage[] = [];
  for (const sheet of workbook.worksheets) {
    if (sheet.state !== 'visible') continue;
    pages.push(...sheetPages(sheet));
  }
  if (pages.length === 0) throw new DocumentParseError('no-text', 'the spreadsheet contains no text');
  return pages;
}

function sheetPages(sheet: ExcelJS.Worksheet): SheetPage[] {
  const lines: string[] = [];
  const read: SheetRow[] = [];
  let header: string[] | null = null;
  let cells = 0;
  let truncatedAt: number | null = null;
  const rowCount = sheet.rowCount;
  for (let r = 1; r <= rowCount; r++) {
    const row = sheet.findRow(r);
    if (row === undefined) continue;
    const values = rowValues(row);
    const filled = values.filter((value) => value !== '').length;
    if (filled === 0) continue;
    if (cells + filled > MAX_SHEET_CELLS) {
      truncatedAt = r;
      break;
    }
    cells += filled;
    if (header === null && isHeaderRow(row, values)) {
      header = values;
      lines.push(headerLine(values));
      read.push({ values, header: true, named: false });
      continue;
    }
    lines.push(rowSentence(values, header));
    read.push({ values, header: false, named: header !== null });
  }
  if (lines.length === 0) return [];
  const pages: SheetPage[] = [];
  for (let start = 0; start < lines.length; start += SHEET_PAGE_ROWS) {
    const part = pages.length === 0 ? sheet.name : `${sheet.name} (continued)`;
    const blocks: HtmlBlock[] = [{ kind: 'heading', text: part, headingLevel: 1 }];
    for (const line of lines.slice(start, start + SHEET_PAGE_ROWS))
      blocks.push({ kind: 'paragraph', text: line });
    const rows = read.slice(start, start + SHEET_PAGE_ROWS);
    pages.push({ blocks, footer: null, sheet: { name: sheet.name, header, rows } });
  }
  if (truncatedAt !== null) {
    const note = `[Sheet truncated: rows ${truncatedAt} to ${rowCount} not read; Quire reads at most ${MAX_SHEET_CELLS.toLocaleString('en-US')} cells of a sheet.]`;
    pages.at(-1)?.blocks.push({ kind: 'paragraph', text: note });
    pages.at(-1)?.sheet.rows.push(null);
  }
  return pages;
}

/**
 * A sheet page laid out as a table over `layout` (the page's blocks placed in its text): each row's cells
 * placed where its sentence holds their values, so a quote's offsets mark the cells it covers.
 */
export function sheetLayout(page: SheetPage, layout: BlocksLayout): SheetLayout {
  const { name, header, rows } = page.sheet;
  const placed: SheetLayout = {
    name,
    continued: page.blocks[0]?.text !== name,
    columns: header,
    rows: [],
    notes: [],
  };
  rows.forEach((row, i) => {
    const block = layout.blocks[i + 1];
    if (block === undefined) return;
    if (row === null) {
      placed.notes.push({ start: block.start, text: block.text });
      return;
    }
    const parts = row.header ? headerParts(row.values) : rowParts(row.values, row.named ? header : null);
    const cells = row.values.map((text): SheetCellLayout => ({ start: null, text }));
    for (const part of parts) cells[part.column] = { start: block.start + part.valueAt, text: part.value };
    placed.rows.push({ start: block.start, end: block.end, header: row.header, cells });
  });
  return placed;
}

/**
 * A row's cell values as shown, column 1 to the sheet's last column ('' for an empty cell). A merged
 * cell's value is given once per row (at the merge's first column) and again on every row it covers.
 */
function rowValues(row: ExcelJS.Row): string[] {
  const values: string[] = [];
  for (let c = 1; c <= row.cellCount; c++) {
    const cell = row.getCell(c);
    const before = c > 1 ? row.getCell(c - 1) : null;
    const master = cell.master;
    const repeated =
      cell.isMerged &&
      master.address !== cell.address &&
      before !== null &&
      (before.address === master.address || before.isMergedTo(master));
    values.push(repeated ? '' : cellText(cell));
  }
  while (values.at(-1) === '') values.pop();
  return values;
}

/** The first row of two or more distinct cells, all of them text (a merged title over columns is not a header). */
function isHeaderRow(row: ExcelJS.Row, values: readonly string[]): boolean {
  const filled = values.flatMap((value, i) => (value === '' ? [] : [{ value, cell: row.getCell(i + 1) }]));
  const masters = new Set(filled.map(({ cell }) => (cell.isMerged ? cell.master.address : cell.address)));
  if (masters.size < 2) return false;
  return filled.every(({ cell }) => {
    const value = (cell.isMerged ? cell.master : cell).value;
    return typeof value === 'string' || (typeof value === 'object' && value !== null && 'richText' in value);
  });
}

/** A non-empty cell's part of a row's line: its column, its text in the line, and where its value starts in it. */
interface RowPart {
  column: number;
  value: string;
  text: string;
  valueAt: number;
}

/** The header row's line: its non-empty values joined by ` | `. */
function headerLine(values: readonly string[]): string {
  return joinParts(headerParts(values), ' | ');
}

function headerParts(values: readonly string[]): RowPart[] {
  return placeParts(
    values.flatMap((value, column) => (value === '' ? [] : [{ column, value, text: value }])),
    ' | ',
  );
}

/** A row's sentence: "Header: value" for each non-empty cell (the value alone without a header), joined by `; `. */
function rowSentence(values: readonly string[], header: readonly string[] | null): string {
  return joinParts(rowParts(values, header), '; ');
}

function rowParts(values: readonly string[], header: readonly string[] | null): RowPart[] {
  const parts = values.flatMap((value, column) => {
    if (value === '') return [];
    const name = header?.[column] ?? '';
    return [{ column, value, text: name === '' || name === value ? value : `${name}: ${value}` }];
  });
  return placeParts(parts, '; ');
}

/** Where each part's value starts in the line its parts make joined by `separator` (the value ends its part). */
function placeParts(parts: readonly Omit<RowPart, 'valueAt'>[], separator: string): RowPart[] {
  let offset = 0;
  return parts.map((part, i) => {
    if (i > 0) offset += separator.length;
    offset += part.text.length;
    return { ...part, valueAt: offset - part.value.length };
  });
}

function joinParts(parts: readonly RowPart[], separator: string): string {
  return parts.map((part) => part.text).join(separator);
}

/** A cell's value as the user sees it, on one line; a merged cell shows its master's value. */
export function cellText(cell: Cell): string {
  const source = cell.isMerged ? cell.master : cell;
  return shown(source.value, source.numFmt).replace(/\s+/g, ' ').trim();
}

function shown(value: ExcelJS.CellValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatCellNumber(value, numFmt);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return formatDate(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('error' in value) return value.error;
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : '';
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: ExcelJS.CellValue }).result;
    return result === undefined ? '' : shown(result, numFmt);
  }
  return '';
}
