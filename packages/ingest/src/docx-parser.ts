import mammoth from 'mammoth';
import {
  type BlockLayout,
  type BlocksLayout,
  type CellLayout,
  headingMarks,
  layoutBlocks,
} from './block-layout.ts';
import { officeMetadataDate } from './document-date.ts';
import { docxLabelPlan, labelMarksOf, takePageMarkers, withDocumentXml } from './docx-page-labels.ts';
import { DocumentParseError } from './errors.ts';
import { htmlToBlocks } from './html-blocks.ts';
import type { DocumentDate, PageLabelMark, ParsedDocument, ParsedPage } from './types.ts';
import { ZipPackage } from './zip-parts.ts';

/**
 * Extracts the text of a Word (.docx) document as one page: headings, paragraphs, list items
 * (`• ` or their number) and table rows (cells joined by ` | `), separated by blank lines, with a
 * heading mark for every Word heading. Images are skipped and external files are never read.
 * When Word laid the document out (its rendered page breaks) and its headers or footers print page
 * numbers, the page carries the printed number of its text from each offset on (`labelMarks`, see
 * `docxLabelPlan`). The date is docProps/core.xml's `dcterms:created` (else `dcterms:modified`).
 * Throws `DocumentParseError` with code `unsupported` (not a zip), `corrupt` or `no-text`.
 */
export async function parseDocx(data: Uint8Array): Promise<ParsedDocument> {
  const { layout, labelMarks, date } = await readDocx(data);
  const headings = headingMarks(layout);
  const page: ParsedPage = { page: 1, text: layout.text, headings, ...labelsOf(labelMarks) };
  return { kind: 'docx', title: headings[0]?.text ?? null, pages: [page], ...(date ? { date } : {}) };
}

function labelsOf(marks: PageLabelMark[]): Pick<ParsedPage, 'label' | 'labelSource' | 'labelMarks'> {
  const first = marks[0];
  return first ? { label: first.label, labelSource: 'word-layout', labelMarks: marks } : {};
}

/** A cell of a Word table and where its text starts in the page text. */
export type DocxCellLayout = CellLayout;

/** One block of a Word document and where its text lies in the page text (`start`–`end`). */
export type DocxBlockLayout = BlockLayout;

/** A Word document's text exactly as indexed (its one page) and the blocks it is made of, for display. */
export type DocxLayout = BlocksLayout;

/**
 * The blocks of a Word document (headings, paragraphs, list items, tables with their cells) with
 * their offsets in the text {@link parseDocx} indexes, so a viewer can render the document and
 * highlight a quote found at offsets. Throws like `parseDocx`.
 */
export async function docxLayout(data: Uint8Array): Promise<DocxLayout> {
  return (await readDocx(data)).layout;
}

/** The layout, label marks (empty: none) and date of a Word document; the viewer's text is the indexed text. */
async function readDocx(
  data: Uint8Array,
): Promise<{ layout: DocxLayout; labelMarks: PageLabelMark[]; date: DocumentDate | null }> {
  if (!isZip(data)) {
    throw new DocumentParseError('unsupported', 'not a Word document: the file is not a .docx (zip) package');
  }
  const pkg = await ZipPackage.open(data, 'the Word document');
  const plan = await docxLabelPlan(pkg).catch(corrupt);
  const date = officeMetadataDate((await pkg.text('docProps/core.xml').catch(corrupt)) ?? '');
  const html = await convertToHtml(plan ? await withDocumentXml(data, plan.documentXml) : data);
  const marked = plan ? takePageMarkers(htmlToBlocks(html)) : { blocks: htmlToBlocks(html), marks: [] };
  const layout = layoutBlocks(marked.blocks);
  if (layout.text === '') throw new DocumentParseError('no-text', 'the Word document contains no text');
  const starts = layout.blocks.map((block) => block.start);
  const labelMarks = plan ? labelMarksOf(marked.marks, starts, plan.labels) : [];
  return { layout, labelMarks, date };
}

function corrupt(error: unknown): never {
  if (error instanceof DocumentParseError) throw error;
  throw new DocumentParseError('corrupt', 'the Word document is damaged and cannot be read', {
    cause: error,
  });
}

export function isZip(data: Uint8Array): boolean {
  return data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
}

async function convertToHtml(data: Uint8Array): Promise<string> {
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength) },
      { externalFileAccess: false, convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    return result.value;
  } catch (error) {
    throw new DocumentParseError('corrupt', 'the Word document is damaged and cannot be read', {
      cause: error,
    });
  }
}
