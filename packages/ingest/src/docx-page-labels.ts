import JSZip from 'jszip';
import { docxPageBreaks, docxPageNumbers, type MarkerEdit } from './docx-page-breaks.ts';
import { DocumentParseError } from './errors.ts';
import type { HtmlBlock } from './html-blocks.ts';
import type { PageLabelMark } from './types.ts';
import type { ZipPackage } from './zip-parts.ts';

const DOCUMENT_PART = 'word/document.xml';

/**
 * How to label a Word document's text by the pages Word last laid it out on: document.xml with a marker
 * where each page's text starts, and each page's printed number (index 0: page 1).
 */
export interface DocxLabelPlan {
  documentXml: string;
  labels: string[];
}

/**
 * The plan to label a Word document's pages, or null when it cannot be labelled truthfully: Word never
 * laid it out (no `w:lastRenderedPageBreak`: explicit page breaks alone say nothing of where long
 * stretches of text overflow onto new pages), its headers and footers print no page number (no `PAGE`
 * field), it has one page, or docProps/app.xml counts a different number of pages than the breaks do.
 */
export async function docxLabelPlan(pkg: ZipPackage): Promise<DocxLabelPlan | null> {
  const bytes = await pkg.bytes(DOCUMENT_PART);
  if (bytes === null) return null;
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!data.includes('lastRenderedPageBreak')) return null;
  const xml = data.toString('utf8');
  const breaks = docxPageBreaks(xml);
  if (breaks.renderedBreaks === 0 || breaks.pages.length < 2) return null;
  const ids = new Set(breaks.sections.flatMap((section) => section.headerFooterIds));
  if (!(await printsPageNumbers(pkg, ids))) return null;
  const appPages = /<(?:\w+:)?Pages>\s*(\d+)\s*</.exec((await pkg.text('docProps/app.xml')) ?? '')?.[1];
  if (appPages !== undefined && Number(appPages) !== breaks.pages.length) return null;
  const edits = breaks.pages.flatMap((page, index) => (page.marker ? [{ ...page.marker, index }] : []));
  return { documentXml: applyMarkers(xml, edits), labels: docxPageNumbers(breaks) };
}

/** The docx with its document.xml replaced (other parts copied as they are compressed), for mammoth. */
export async function withDocumentXml(data: Uint8Array, documentXml: string): Promise<Buffer> {
  try {
    const zip = await JSZip.loadAsync(data);
    zip.file(DOCUMENT_PART, documentXml, { compression: 'STORE' });
    return await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  } catch (error) {
    throw new DocumentParseError('corrupt', 'the Word document is damaged and cannot be read', {
      cause: error,
    });
  }
}

async function printsPageNumbers(pkg: ZipPackage, ids: ReadonlySet<string>): Promise<boolean> {
  const rels = (await pkg.text('word/_rels/document.xml.rels')) ?? '';
  for (const rel of rels.match(/<Relationship\b[^>]*>/g) ?? []) {
    const id = /\bId="([^"]*)"/.exec(rel)?.[1];
    const target = /\bTarget="([^"]*)"/.exec(rel)?.[1];
    if (id === undefined || target === undefined || !ids.has(id)) continue;
    const part = target.startsWith('/') ? target.slice(1) : `word/${target}`;
    if (hasPageField((await pkg.text(part)) ?? '')) return true;
  }
  return false;
}

/** Whether a header or footer part holds a `PAGE` field, simple (`w:fldSimple`) or complex (`w:instrText`). */
export function hasPageField(xml: string): boolean {
  const parts =
    /<w:fldSimple\b[^>]*\bw:instr="([^"]*)"|<w:fldChar\b[^>]*\bw:fldCharType="(\w+)"|<w:instrText\b[^>]*>([^<]*)</g;
  let instruction = '';
  for (const match of xml.matchAll(parts)) {
    const [, simple, fieldChar, text] = match;
    if (simple !== undefined && isPageField(simple)) return true;
    if (fieldChar === 'begin') instruction = '';
    else if (fieldChar !== undefined && isPageField(instruction)) return true;
    if (text !== undefined) instruction += text;
  }
  return false;
}

function isPageField(instruction: string): boolean {
  return /^\s*PAGE\b/i.test(instruction);
}

const MARKER = /\uFDD0(\d+)\uFDD1/g;

/** A marker's text: Unicode noncharacters around the page's index, which no document holds. */
function markerText(index: number): string {
  return `\uFDD0${index}\uFDD1`;
}

function applyMarkers(xml: string, edits: ReadonlyArray<MarkerEdit & { index: number }>): string {
  let out = '';
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    if (edit.start < at) continue;
    const text = `<w:t>${markerText(edit.index)}</w:t>`;
    out += xml.slice(at, edit.start) + (edit.wrapRun ? `<w:r>${text}</w:r>` : text);
    at = edit.end;
  }
  return out + xml.slice(at);
}

/** Where a page's text starts: `offset` in block `block`'s text. */
interface BlockMark {
  block: number;
  offset: number;
  page: number;
}

/**
 * The blocks of mammoth's HTML for a document.xml that {@link docxLabelPlan} marked, with the markers
 * taken out (blocks, rows and cells left empty dropped, white space normalized as without them: the
 * text is the one the unmarked document gives) and where each marked page starts.
 */
export function takePageMarkers(marked: readonly HtmlBlock[]): { blocks: HtmlBlock[]; marks: BlockMark[] } {
  const blocks: HtmlBlock[] = [];
  const marks: BlockMark[] = [];
  let pending: number[] = [];
  const place = (found: ReadonlyArray<{ offset: number; page: number }>): void => {
    for (const page of pending) marks.push({ block: blocks.length, offset: 0, page });
    pending = [];
    for (const mark of found) marks.push({ block: blocks.length, ...mark });
  };
  for (const block of marked) {
    const clean = cleanBlock(block);
    if (clean === null) {
      pending.push(...[...block.text.matchAll(MARKER)].map((match) => Number(match[1])));
      continue;
    }
    place(clean.marks);
    blocks.push(clean.block);
  }
  return { blocks, marks };
}

type Found = Array<{ offset: number; page: number }>;

function cleanBlock(block: HtmlBlock): { block: HtmlBlock; marks: Found } | null {
  if (!block.text.includes('\uFDD0')) return { block, marks: [] };
  if (block.rows) return cleanTable(block, block.rows);
  const prefix = block.kind === 'list-item' ? (/^(?:• |\d+\. )/.exec(block.text)?.[0] ?? '') : '';
  const { text, marks } = stripMarkers(block.text.slice(prefix.length));
  if (text === '') return null;
  const shifted = marks.map((mark) => ({ ...mark, offset: mark.offset + prefix.length }));
  return { block: { ...block, text: prefix + text }, marks: shifted };
}

function cleanTable(block: HtmlBlock, rows: readonly string[][]): { block: HtmlBlock; marks: Found } | null {
  const kept: string[][] = [];
  const marks: Found = [];
  let pending: number[] = [];
  let length = 0;
  for (const row of rows) {
    const cells = row.map((cell) => stripMarkers(cell));
    if (cells.every((cell) => cell.text === '')) {
      pending.push(...cells.flatMap((cell) => cell.marks.map((mark) => mark.page)));
      continue;
    }
    if (kept.length > 0) length += 1;
    for (const page of pending) marks.push({ offset: length, page });
    pending = [];
    cells.forEach((cell, index) => {
      if (index > 0) length += 3;
      for (const mark of cell.marks) marks.push({ offset: length + mark.offset, page: mark.page });
      length += cell.text.length;
    });
    kept.push(cells.map((cell) => cell.text));
  }
  if (kept.length === 0) return null;
  return { block: { ...block, text: kept.map((row) => row.join(' | ')).join('\n'), rows: kept }, marks };
}

/** A text without its markers, normalized as html-blocks normalizes block text, and the markers' offsets in it. */
function stripMarkers(marked: string): { text: string; marks: Found } {
  const prefixes: Array<{ before: string; page: number }> = [];
  let plain = '';
  let at = 0;
  for (const match of marked.matchAll(MARKER)) {
    plain += marked.slice(at, match.index);
    prefixes.push({ before: plain, page: Number(match[1]) });
    at = match.index + match[0].length;
  }
  const text = normalize(plain + marked.slice(at));
  const marks = prefixes.map(({ before, page }) => ({
    offset: Math.min(collapse(before).trimStart().length, text.length),
    page,
  }));
  return { text, marks };
}

function collapse(text: string): string {
  return text.replace(/[^\S\n]+/g, ' ').replace(/ *\n */g, '\n');
}

function normalize(text: string): string {
  return collapse(text).trim();
}

/**
 * The page's label marks: page 1's label from offset 0, then each marked page's from where its text
 * starts (`starts`: offsets of the blocks in the page text); a page whose start holds no text gives way
 * to the next.
 */
export function labelMarksOf(
  marks: readonly BlockMark[],
  starts: readonly number[],
  labels: readonly string[],
): PageLabelMark[] {
  const first = labels[0];
  if (first === undefined) return [];
  const result: PageLabelMark[] = [{ offset: 0, label: first }];
  for (const mark of marks) {
    const offset = (starts[mark.block] ?? Number.POSITIVE_INFINITY) + mark.offset;
    const label = labels[mark.page];
    const last = result.at(-1);
    if (label === undefined || last === undefined || !Number.isFinite(offset) || offset < last.offset)
      continue;
    if (offset === last.offset) result.pop();
    result.push({ offset, label });
  }
  return result;
}
