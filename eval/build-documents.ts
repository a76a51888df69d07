import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { PDFDocument, type PDFFont, type PDFPage, StandardFonts } from 'pdf-lib';
import { stampZipDates } from '../tests/fixtures/zip-dates.ts';

/**
 * Writes Quire's evaluation corpus: each Markdown-ish source in `eval/documents/` becomes a PDF
 * (one physical page per `<!-- page -->` section) or a DOCX (Heading 1/2 styles, bullet lists; a
 * DOCX is page 1 in Quire). Output is byte-identical across runs (fixed dates and metadata).
 *
 * Usage: `tsx eval/build-documents.ts <outDir>`
 */

export type EvalFormat = 'pdf' | 'docx';

/** The corpus: every source and the format it is published in. */
export const EVAL_DOCUMENTS: readonly { source: string; format: EvalFormat }[] = [
  { source: 'commercial-lease.md', format: 'pdf' },
  { source: 'diabetes-guideline.md', format: 'pdf' },
  { source: 'discharge-summary.md', format: 'pdf' },
  { source: 'audit-report.md', format: 'pdf' },
  { source: 'it-services-sla.md', format: 'pdf' },
  { source: 'insurance-policy.md', format: 'pdf' },
  { source: 'quarterly-report.md', format: 'pdf' },
  { source: 'employment-contract.md', format: 'docx' },
  { source: 'mutual-nda.md', format: 'docx' },
  { source: 'board-minutes.md', format: 'docx' },
];

export type SourceBlock =
  | { kind: 'h1' | 'h2' | 'paragraph' | 'bullet'; text: string }
  | { kind: 'page-break' };

/** One source read and split: `pages[i]` holds the blocks of physical page i + 1 (PDF). */
export interface EvalSource {
  file: string;
  format: EvalFormat;
  title: string;
  pages: SourceBlock[][];
}

export const SOURCES_DIR = fileURLToPath(new URL('./documents/', import.meta.url));
const PAGE_MARKER = '<!-- page -->';
const FIXED_DATE = new Date('2025-01-01T00:00:00Z');
const AUTHOR = 'Quire evaluation set';

/** Parses a source: `# `/`## ` headings, `- ` bullets, blank-line separated paragraphs, page markers. */
export function parseSource(text: string, name = 'source'): SourceBlock[] {
  const blocks: SourceBlock[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (/[^\x20-\x7e]/.test(line)) {
      throw new Error(`${name}:${index + 1}: only printable ASCII is allowed (standard PDF fonts)`);
    }
    if (line === '') {
      flush();
    } else if (line === PAGE_MARKER) {
      flush();
      blocks.push({ kind: 'page-break' });
    } else if (line.startsWith('# ')) {
      flush();
      blocks.push({ kind: 'h1', text: line.slice(2).trim() });
    } else if (line.startsWith('## ')) {
      flush();
      blocks.push({ kind: 'h2', text: line.slice(3).trim() });
    } else if (line.startsWith('- ')) {
      flush();
      blocks.push({ kind: 'bullet', text: line.slice(2).trim() });
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

/** Reads every source of the corpus, split into pages. */
export async function readEvalSources(): Promise<EvalSource[]> {
  return Promise.all(
    EVAL_DOCUMENTS.map(async ({ source, format }) => {
      const blocks = parseSource(await readFile(path.join(SOURCES_DIR, source), 'utf8'), source);
      const pages: SourceBlock[][] = [[]];
      for (const block of blocks) {
        if (block.kind === 'page-break') pages.push([]);
        else pages.at(-1)?.push(block);
      }
      const title = blocks.find((block) => block.kind === 'h1');
      if (title === undefined || !('text' in title)) throw new Error(`${source}: no "# " title`);
      return { file: source.replace(/\.md$/, `.${format}`), format, title: title.text, pages };
    }),
  );
}

/** Writes every document of the corpus into `outDir` (created if needed). */
export async function buildEvalDocuments(outDir: string): Promise<{ file: string; pages: number }[]> {
  await mkdir(outDir, { recursive: true });
  const built: { file: string; pages: number }[] = [];
  for (const source of await readEvalSources()) {
    const bytes = source.format === 'pdf' ? await renderPdf(source) : await renderDocx(source);
    await writeFile(path.join(outDir, source.file), bytes);
    built.push({ file: source.file, pages: source.format === 'pdf' ? source.pages.length : 1 });
  }
  return built;
}

// A4, in points.
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN_X = 64;
const MARGIN_TOP = 64;
const MARGIN_BOTTOM = 64;
const TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const BODY = { size: 10.5, leading: 14, after: 6 };
// Headings must be at least 1.3 x the body size for Quire's PDF heading detection.
const H1 = { size: 18, leading: 22, after: 10 };
const H2 = { size: 14, leading: 18, after: 5 };
const BULLET_INDENT = 14;

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

async function renderPdf(source: EvalSource): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle(source.title);
  pdf.setAuthor(AUTHOR);
  pdf.setCreator(AUTHOR);
  pdf.setProducer(AUTHOR);
  pdf.setCreationDate(FIXED_DATE);
  pdf.setModificationDate(FIXED_DATE);
  const fonts = {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
  };
  source.pages.forEach((blocks, index) => {
    const page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    drawPage(page, blocks, fonts, `${source.file} page ${index + 1}`);
    const footer = `Page ${index + 1} of ${source.pages.length}`;
    const width = fonts.regular.widthOfTextAtSize(footer, 8);
    page.drawText(footer, { x: (PAGE_WIDTH - width) / 2, y: 36, size: 8, font: fonts.regular });
  });
  return pdf.save();
}

/** Draws the blocks top-down; throws when they do not fit, so the author moves the page marker. */
function drawPage(page: PDFPage, blocks: readonly SourceBlock[], fonts: Fonts, where: string): void {
  let y = PAGE_HEIGHT - MARGIN_TOP;
  const line = (text: string, x: number, style: typeof BODY, font: PDFFont): void => {
    y -= style.leading;
    if (y < MARGIN_BOTTOM) {
      throw new Error(`${where} overflows at "${text.slice(0, 40)}": move the <!-- page --> marker up`);
    }
    page.drawText(text, { x, y, size: style.size, font });
  };
  for (const block of blocks) {
    if (block.kind === 'page-break') continue;
    if (block.kind === 'h1' || block.kind === 'h2') {
      const style = block.kind === 'h1' ? H1 : H2;
      // A wrapped heading would read back as two headings: keep every heading on one line.
      if (fonts.bold.widthOfTextAtSize(block.text, style.size) > TEXT_WIDTH) {
        throw new Error(`${where}: heading "${block.text}" does not fit on one line; shorten it`);
      }
      if (y < PAGE_HEIGHT - MARGIN_TOP) y -= style.after;
      line(block.text, MARGIN_X, style, fonts.bold);
      y -= style.after;
    } else if (block.kind === 'bullet') {
      const lines = wrap(block.text, fonts.regular, BODY.size, TEXT_WIDTH - BULLET_INDENT);
      lines.forEach((text, index) => {
        line(text, MARGIN_X + BULLET_INDENT, BODY, fonts.regular);
        if (index === 0)
          page.drawText('\u2022', { x: MARGIN_X + 3, y, size: BODY.size, font: fonts.regular });
      });
      y -= BODY.after / 2;
    } else {
      for (const text of wrap(block.text, fonts.regular, BODY.size, TEXT_WIDTH)) {
        line(text, MARGIN_X, BODY, fonts.regular);
      }
      y -= BODY.after;
    }
  }
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (current !== '' && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

async function renderDocx(source: EvalSource): Promise<Uint8Array> {
  const children = source.pages.flat().flatMap((block) => {
    if (block.kind === 'h1') return [new Paragraph({ text: block.text, heading: HeadingLevel.HEADING_1 })];
    if (block.kind === 'h2') return [new Paragraph({ text: block.text, heading: HeadingLevel.HEADING_2 })];
    if (block.kind === 'bullet') return [new Paragraph({ text: block.text, bullet: { level: 0 } })];
    if (block.kind === 'paragraph') return [new Paragraph(block.text)];
    return [];
  });
  const document = new Document({ creator: AUTHOR, title: source.title, sections: [{ children }] });
  const date = FIXED_DATE.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const coreXml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(source.title)}</dc:title><dc:creator>${AUTHOR}</dc:creator>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${date}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${date}</dcterms:modified>` +
    '</cp:coreProperties>';
  const zip = await Packer.toBuffer(document, false, [{ path: 'docProps/core.xml', data: coreXml }]);
  return stampZipDates(new Uint8Array(zip), FIXED_DATE);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(path.resolve(invokedPath)).href) {
  const outDir = process.argv[2];
  if (outDir === undefined) {
    console.error('usage: tsx eval/build-documents.ts <outDir>');
    process.exit(1);
  }
  for (const { file, pages } of await buildEvalDocuments(outDir)) {
    console.log(`${file}\t${pages} page${pages === 1 ? '' : 's'}`);
  }
}
