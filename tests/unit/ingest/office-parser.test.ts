// Spreadsheets and slide decks (issue 16): .xlsx sheets as pages of rows read with their header cells
// (formatted values, merged cells, hidden sheets, big sheets bounded), .pptx slides as pages (title,
// text, tables, speaker notes, hidden slides), told from DOCX by the zip's entries — through
// parseDocument as a sync reads a file.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  chunkDocument,
  DocumentParseError,
  officePackageOf,
  officePageLayoutOf,
  type ParseProgress,
  parseDocument,
} from '@quire/ingest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCellNumber } from '../../../packages/ingest/src/number-format.ts';
import { MAX_SHEET_CELLS, SHEET_PAGE_ROWS } from '../../../packages/ingest/src/xlsx-parser.ts';
import { tempDir } from '../../helpers/temp.ts';

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('quire-office-');
});
afterAll(() => dir?.cleanup());

async function write(name: string, data: Uint8Array | Buffer | ArrayBuffer): Promise<string> {
  const file = path.join(dir.path, name);
  await writeFile(file, data instanceof ArrayBuffer ? new Uint8Array(data) : data);
  return file;
}

async function failure(promise: Promise<unknown>): Promise<DocumentParseError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentParseError);
  return error as DocumentParseError;
}

async function workbookBytes(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function revenueWorkbook(workbook: ExcelJS.Workbook): void {
  const sheet = workbook.addWorksheet('Revenue 2023');
  sheet.getCell('A1').value = 'Half-year revenue by segment';
  sheet.mergeCells('A1:D1');
  sheet.addRow([]);
  sheet.getRow(3).values = ['Segment', 'Revenue', 'Share', 'Closed'];
  sheet.getRow(4).values = ['Europe', 1234.5, 0.125, new Date(Date.UTC(2023, 5, 30))];
  sheet.getRow(5).values = ['Americas', -98765, 0.5, new Date(Date.UTC(2023, 11, 31, 14, 30))];
  sheet.getRow(6).values = [null, 42, 0.375, null];
  sheet.mergeCells('A5:A6');
  sheet.getColumn(2).numFmt = '#,##0.00;(#,##0.00)';
  sheet.getColumn(3).numFmt = '0.0%';
  sheet.getCell('D4').numFmt = 'yyyy-mm-dd';
  sheet.getCell('D5').numFmt = 'yyyy-mm-dd hh:mm';
  const notes = workbook.addWorksheet('Notes');
  notes.addRow(['Item', 'Comment']);
  notes.addRow(['Audit', 'Signed off by the board']);
  const hidden = workbook.addWorksheet('Workings');
  hidden.state = 'hidden';
  hidden.addRow(['Secret', 'scratch figures']);
}

describe('.xlsx workbooks', () => {
  it('reads each visible sheet as a page whose rows carry their header cells and formatted values', async () => {
    const file = await write('revenue.xlsx', await workbookBytes(revenueWorkbook));
    const progress: ParseProgress[] = [];
    const document = await parseDocument(file, { onPageProgress: (p) => progress.push(p) });
    expect(document.kind).toBe('xlsx');
    expect(document.pages).toHaveLength(2);
    const [revenue, notes] = document.pages;
    expect(revenue?.headings).toEqual([{ offset: 0, level: 1, text: 'Revenue 2023' }]);
    expect(revenue?.text).toBe(
      [
        'Revenue 2023',
        'Half-year revenue by segment',
        'Segment | Revenue | Share | Closed',
        'Segment: Europe; Revenue: 1,234.50; Share: 12.5%; Closed: 2023-06-30',
        'Segment: Americas; Revenue: (98,765.00); Share: 50.0%; Closed: 2023-12-31 14:30',
        'Segment: Americas; Revenue: 42.00; Share: 37.5%',
      ].join('\n\n'),
    );
    expect(notes?.text).toBe('Notes\n\nItem | Comment\n\nItem: Audit; Comment: Signed off by the board');
    expect(document.pages.map((page) => page.text).join(' ')).not.toContain('scratch');
    expect(progress.at(-1)).toEqual({ done: 2, total: 2 });
    const chunks = chunkDocument(document);
    expect(chunks.find((chunk) => chunk.text.includes('Revenue: 1,234.50'))).toMatchObject({
      page: 1,
      headingPath: ['Revenue 2023'],
    });
  });

  it('bounds a big sheet: pages of 200 rows repeating the sheet name, the cells past the limit noted', async () => {
    const columns = 10;
    const rows = Math.ceil((MAX_SHEET_CELLS * 1.2) / columns);
    const file = await write(
      'big.xlsx',
      await workbookBytes((workbook) => {
        const sheet = workbook.addWorksheet('Ledger');
        sheet.addRow(Array.from({ length: columns }, (_, c) => `Col ${c + 1}`));
        for (let r = 1; r <= rows; r++) sheet.addRow(Array.from({ length: columns }, (_, c) => r * 100 + c));
      }),
    );
    const started = Date.now();
    const document = await parseDocument(file);
    const elapsed = Date.now() - started;
    const readRows = MAX_SHEET_CELLS / columns;
    expect(document.pages).toHaveLength(Math.ceil(readRows / SHEET_PAGE_ROWS));
    expect(document.pages[0]?.text.split('\n\n')).toHaveLength(1 + SHEET_PAGE_ROWS);
    expect(document.pages[1]?.headings).toEqual([{ offset: 0, level: 1, text: 'Ledger (continued)' }]);
    const last = document.pages.at(-1)?.text ?? '';
    expect(last).toContain(`Col 1: ${(readRows - 1) * 100}; Col 2: ${(readRows - 1) * 100 + 1}`);
    expect(last).not.toContain(`Col 1: ${readRows * 100};`);
    expect(last).toMatch(
      /\[Sheet truncated: rows \d+ to \d+ not read; Quire reads at most 50,000 cells of a sheet\.\]$/,
    );
    expect(elapsed).toBeLessThan(20_000);
  });

  it('fails password-protected workbooks as encrypted and damaged ones as corrupt', async () => {
    const marker = Buffer.from('EncryptedPackage', 'utf16le');
    const locked = await write(
      'locked.xlsx',
      Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600), marker]),
    );
    const error = await failure(parseDocument(locked));
    expect(error.code).toBe('encrypted');
    expect(error.message).toContain('workbook');
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/workbook.xml', '<workbook><sheets><sheet name="A" r:id="rId9"');
    const broken = await write('broken.xlsx', await zip.generateAsync({ type: 'uint8array' }));
    expect((await failure(parseDocument(broken))).code).toBe('corrupt');
    const valid = await workbookBytes(revenueWorkbook);
    const truncated = await write('truncated.xlsx', valid.subarray(0, valid.length / 2));
    expect((await failure(parseDocument(truncated))).code).toBe('corrupt');
  });

  it('formats numbers by the common parts of their number format', () => {
    expect(formatCellNumber(1234.5, undefined)).toBe('1234.5');
    expect(formatCellNumber(0.1 + 0.2, 'General')).toBe('0.3');
    expect(formatCellNumber(1234567, '#,##0')).toBe('1,234,567');
    expect(formatCellNumber(-1234, '#,##0')).toBe('-1,234');
    expect(formatCellNumber(-1234, '#,##0;(#,##0)')).toBe('(1,234)');
    expect(formatCellNumber(0.0425, '0.00%')).toBe('4.25%');
    expect(formatCellNumber(99.5, '"€"#,##0.00')).toBe('€99.50');
    expect(formatCellNumber(1500, '[$$-409]#,##0')).toBe('$1,500');
    expect(formatCellNumber(12, '0" units"')).toBe('12 units');
  });
});

const NS =
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function shape(text: string[], placeholder?: string): string {
  const ph = placeholder === undefined ? '' : `<p:ph type="${placeholder}"/>`;
  const paragraphs = text.map((line) => `<a:p><a:r><a:t>${line}</a:t></a:r></a:p>`).join('');
  return `<p:sp><p:nvSpPr><p:cNvPr id="2" name="s"/><p:cNvSpPr/><p:nvPr>${ph}</p:nvPr></p:nvSpPr><p:txBody><a:bodyPr/>${paragraphs}</p:txBody></p:sp>`;
}

function table(rows: string[][]): string {
  const body = rows
    .map(
      (row) =>
        `<a:tr h="1">${row.map((cell) => `<a:tc><a:txBody><a:bodyPr/><a:p><a:r><a:t>${cell}</a:t></a:r></a:p></a:txBody></a:tc>`).join('')}</a:tr>`,
    )
    .join('');
  return `<p:graphicFrame><a:graphic><a:graphicData><a:tbl><a:tblGrid/>${body}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`;
}

async function deckBytes(): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<Types/>');
  zip.file(
    'ppt/presentation.xml',
    `<p:presentation ${NS}><p:sldIdLst><p:sldId id="257" r:id="rId3"/><p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>`,
  );
  zip.file(
    'ppt/_rels/presentation.xml.rels',
    `<Relationships><Relationship Id="rId2" Type="${REL}/slide" Target="slides/slide1.xml"/><Relationship Id="rId3" Type="${REL}/slide" Target="slides/slide2.xml"/></Relationships>`,
  );
  // slide2.xml is listed first: the deck's order, not the file names, numbers the slides
  zip.file(
    'ppt/slides/slide2.xml',
    `<p:sld ${NS}><p:cSld><p:spTree>${shape(['Quarterly damages', 'estimate'], 'title')}${shape(['Claims &amp; costs', 'Filed in 2014'], 'body')}${table(
      [
        ['Claim', 'Amount'],
        ['Lost profits', '1.2m'],
        ['Interest', '0.3m'],
      ],
    )}${shape(['7'], 'sldNum')}</p:spTree></p:cSld></p:sld>`,
  );
  zip.file(
    'ppt/slides/_rels/slide2.xml.rels',
    `<Relationships><Relationship Id="rId1" Type="${REL}/notesSlide" Target="../notesSlides/notesSlide1.xml"/></Relationships>`,
  );
  zip.file(
    'ppt/notesSlides/notesSlide1.xml',
    `<p:notes ${NS}><p:cSld><p:spTree>${shape([''], 'sldImg')}${shape(['Mention the expert report.'], 'body')}${shape(['7'], 'sldNum')}</p:spTree></p:cSld></p:notes>`,
  );
  zip.file(
    'ppt/slides/slide1.xml',
    `<p:sld ${NS} show="0"><p:cSld><p:spTree>${shape(['Backup figures'], 'title')}${shape(['Not for the client'])}</p:spTree></p:cSld></p:sld>`,
  );
  return zip.generateAsync({ type: 'uint8array' });
}

describe('.pptx slide decks', () => {
  it('reads a slide per page: title as heading, text, tables row by row, notes, hidden slides marked', async () => {
    const data = await deckBytes();
    expect(officePackageOf(data)).toBe('pptx');
    const file = await write('deck.pptx', data);
    const progress: ParseProgress[] = [];
    const document = await parseDocument(file, { onPageProgress: (p) => progress.push(p) });
    expect(document).toMatchObject({ kind: 'pptx', title: 'Quarterly damages estimate' });
    expect(document.pages.map((page) => page.text)).toEqual([
      [
        'Quarterly damages estimate',
        'Claims & costs\nFiled in 2014',
        'Claim | Amount\nLost profits | 1.2m\nInterest | 0.3m',
        'Speaker notes',
        'Mention the expert report.',
      ].join('\n\n'),
      'Backup figures\n\n[Hidden slide]\n\nNot for the client',
    ]);
    expect(document.pages[0]?.headings.map((h) => [h.level, h.text])).toEqual([
      [1, 'Quarterly damages estimate'],
      [2, 'Speaker notes'],
    ]);
    expect(progress.at(-1)).toEqual({ done: 2, total: 2 });
    const layout = await officePageLayoutOf(data, '.PPTX', 1);
    expect(layout).toMatchObject({ format: 'slides', pageCount: 2, text: document.pages[0]?.text });
    expect(layout?.blocks.find((block) => block.kind === 'table')?.rows?.[1]?.[0]).toMatchObject({
      text: 'Lost profits',
    });
    await expect(officePageLayoutOf(data, '.pptx', 3)).rejects.toThrow(RangeError);
    expect(await officePageLayoutOf(data, '.docx', 1)).toBeNull();
  });

  it('tells a workbook, deck and Word document apart by the zip entries, whatever the extension', async () => {
    const deck = await write('deck-named.docx', await deckBytes());
    expect((await parseDocument(deck)).kind).toBe('pptx');
    const book = await write('book-named.pptx', await workbookBytes(revenueWorkbook));
    expect((await parseDocument(book)).kind).toBe('xlsx');
    const layout = await officePageLayoutOf(await workbookBytes(revenueWorkbook), '.xlsx', 2);
    expect(layout).toMatchObject({ format: 'spreadsheet', pageCount: 2 });
    expect(layout?.text).toContain('Comment: Signed off by the board');
  });
});
