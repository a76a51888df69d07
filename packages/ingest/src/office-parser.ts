import { type BlocksLayout, layoutBlocks } from './block-layout.ts';
import { officeMetadataDate } from './document-date.ts';
import { pptxPages, withSlideLabels } from './pptx-parser.ts';
import { type BlockPage, blockDocument } from './text-pages.ts';
import type { DocumentDate, ParsedDocument, ParseProgress } from './types.ts';
import { type SheetLayout, sheetLayout, xlsxPages } from './xlsx-parser.ts';
import { ZipPackage } from './zip-parts.ts';

/** What an Office Open XML package holds, told by its part names: a Word document, a workbook or a deck. */
export type OfficePackage = 'docx' | 'xlsx' | 'pptx';

const MAIN_PARTS: ReadonlyArray<[string, OfficePackage]> = [
  ['word/document.xml', 'docx'],
  ['xl/workbook.xml', 'xlsx'],
  ['ppt/presentation.xml', 'pptx'],
];

/**
 * The kind of a zip by the main part among its entry names (read from the zip's central directory, so a
 * workbook embedded in a Word document does not count), else null.
 */
export function officePackageOf(data: Uint8Array): OfficePackage | null {
  const names = zipEntryNames(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  return MAIN_PARTS.find(([name]) => names.has(name))?.[1] ?? null;
}

function zipEntryNames(bytes: Buffer): Set<string> {
  const names = new Set<string>();
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > bytes.length) return names;
  const count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  for (let i = 0; i < count && offset + 46 <= bytes.length; i++) {
    if (bytes.readUInt32LE(offset) !== 0x02014b50) break;
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    names.add(bytes.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/**
 * A workbook as a document: its visible sheets' pages (see `xlsxPages`), dated by docProps/core.xml
 * (`dcterms:created`, else `dcterms:modified`).
 */
export async function parseXlsx(
  data: Uint8Array,
  options: { onPages?: (progress: ParseProgress) => void } = {},
): Promise<ParsedDocument> {
  const pages = await xlsxPages(data);
  return withDate(blockDocument('xlsx', null, pages, options.onPages), await coreDate(data));
}

/**
 * A slide deck as a document: one page per slide (see `pptxPages`), titled by its first slide's title,
 * dated as a workbook is.
 */
export async function parsePptx(
  data: Uint8Array,
  options: { onPages?: (progress: ParseProgress) => void } = {},
): Promise<ParsedDocument> {
  const pages = await pptxPages(data);
  const document = withSlideLabels(blockDocument('pptx', firstHeading(pages), pages, options.onPages));
  return withDate(document, await coreDate(data));
}

async function coreDate(data: Uint8Array): Promise<DocumentDate | null> {
  const core = await (await ZipPackage.open(data, 'the Office file')).text('docProps/core.xml');
  return officeMetadataDate(core ?? '');
}

function withDate(document: ParsedDocument, date: DocumentDate | null): ParsedDocument {
  return date === null ? document : { ...document, date };
}

/**
 * Page `page` (1-based) of a workbook or deck as indexed, for the viewer; RangeError past the last page.
 * A workbook's page carries its sheet as a table too (`sheet`), placed in the same page text.
 */
export async function officePageLayout(
  data: Uint8Array,
  kind: 'xlsx' | 'pptx',
  page: number,
): Promise<BlocksLayout & { pageCount: number; sheet?: SheetLayout }> {
  if (kind === 'pptx') {
    const slides = await pptxPages(data);
    return { ...layoutBlocks(pageAt(slides, page).blocks), pageCount: slides.length };
  }
  const sheets = await xlsxPages(data);
  const sheet = pageAt(sheets, page);
  const layout = layoutBlocks(sheet.blocks);
  return { ...layout, pageCount: sheets.length, sheet: sheetLayout(sheet, layout) };
}

function pageAt<T>(pages: readonly T[], page: number): T {
  const found = pages[page - 1];
  if (found === undefined) throw new RangeError(`The file has ${pages.length} pages, not ${page}`);
  return found;
}

function firstHeading(pages: readonly BlockPage[]): string | null {
  return pages[0]?.blocks[0]?.kind === 'heading' ? pages[0].blocks[0].text : null;
}
