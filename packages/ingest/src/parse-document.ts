import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BlocksLayout } from './block-layout.ts';
import { hasPdfObjects, isEncryptedOfficeFile, sniffContent } from './content-sniffer.ts';
import { isWordOleFile } from './doc-parser.ts';
import { textDate } from './document-date.ts';
import { documentPageLayout, parseDoc, parseEpub, parseOdt, parseRtf } from './document-formats.ts';
import { parseDocx } from './docx-parser.ts';
import { type EmailAttachmentInfo, emailPageLayout, parseEmail } from './email-parser.ts';
import { EPUB_MIMETYPE, epubMetadataDate } from './epub-parser.ts';
import { DocumentParseError } from './errors.ts';
import { htmlPageLayout, parseHtml } from './html-parser.ts';
import { isOutlookMessage } from './msg-reader.ts';
import { sniffImage } from './ocr/image-format.ts';
import { OcrError } from './ocr/ocr-error.ts';
import { pageQuality } from './ocr/page-quality.ts';
import { ODT_MIMETYPES, odtMetadataDate } from './odt-parser.ts';
import { officePackageOf, officePageLayout, parsePptx, parseXlsx } from './office-parser.ts';
import { type PdfOcr, parsePdf } from './pdf-parser.ts';
import { throttleProgress } from './progress-throttle.ts';
import { isRtf, rtfMetadataDate } from './rtf-parser.ts';
import {
  EMAIL_EXTENSIONS,
  HTML_EXTENSIONS,
  MARKDOWN_EXTENSIONS,
  TEXT_EXTENSIONS,
} from './supported-paths.ts';
import { parseText, textPageLayout } from './text-parser.ts';
import type { DocumentDate, EmailHeaders, ParsedDocument, ParseProgress } from './types.ts';
import type { SheetLayout } from './xlsx-parser.ts';
import { zipMimetype } from './zip-parts.ts';

/** Options for {@link parseDocument}. */
export interface ParseDocumentOptions {
  /** Files larger than this many bytes are refused with code `too-large` (default 256 MiB). */
  maxBytes?: number;
  /** Read scanned and garbled PDF pages and images with OCR; without it, images fail with `no-text`. */
  ocr?: PdfOcr | null;
  /**
   * Pages read so far, of how many: for a PDF every few pages as its text layer is read (pages read by
   * OCR are reported by `ocr.onProgress`); a Word document or an image, which Quire reads as one page
   * all at once, is reported once, when it has been read; a web page, text file, workbook, slide deck,
   * OpenDocument text, EPUB, RTF, `.doc` or email message page by page once its text is read (in well under a second for
   * megabytes). At most ~10 calls a second (the last always).
   */
  onPageProgress?: (progress: ParseProgress) => void;
}

const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/**
 * Reads and parses one file. The content decides the parser (a `%PDF-` header in the first
 * 1024 bytes means PDF; a zip is a workbook, slide deck or Word document by its main part —
 * `xl/workbook.xml`, `ppt/presentation.xml`, `word/document.xml` — or an OpenDocument text or EPUB by
 * its `mimetype`; an OLE file that is an Outlook item is an email message (`.msg`), one with a WordDocument
 * stream a Word 97–2003 document; `{\rtf` starts
 * an RTF document named `.rtf` or `.doc`, as Word saves them), then the extension: a `.pdf` without a header is still
 * given to the PDF parser (which reads what it can or reports `corrupt`) unless it is plain text;
 * `.html`/`.htm` are web pages, `.txt` plain text and `.md`/`.markdown` Markdown (a text file that only
 * mentions `%PDF-` stays text), `.eml` an email message (any text encoding, UTF-16 included).
 * The document's `date` is its own (an email's `Date`, a PDF's or Office file's metadata; an OpenDocument
 * text's meta.xml, an EPUB's `dc:date`, an RTF's `\creatim`), else the first full date written in its
 * first pages (`firstFullDate`), else absent.
 * Every failure is a `DocumentParseError`: `unreadable`, `too-large`, `no-text`, `unsupported`,
 * `corrupt` or `encrypted` (also for password-protected Word files, workbooks, decks and OpenDocument
 * texts, and DRM-protected EPUBs).
 */
export async function parseDocument(
  filePath: string,
  options: ParseDocumentOptions = {},
): Promise<ParsedDocument> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const data = await readWithinLimit(filePath, maxBytes);
  const onPages = options.onPageProgress && throttleProgress(options.onPageProgress);
  try {
    const parsed = await parseContent(
      data,
      path.extname(filePath).toLowerCase(),
      options.ocr ?? null,
      onPages,
    );
    const date = parsed.date ?? (await metadataDateOf(parsed, data)) ?? textDate(parsed);
    const document = date === null ? parsed : { ...parsed, date };
    onPages?.({ done: document.pages.length, total: document.pages.length });
    return document;
  } catch (error) {
    if (error instanceof DocumentParseError) throw error;
    throw new DocumentParseError('corrupt', 'the file could not be parsed', { cause: error });
  }
}

/** The date in the metadata of the formats whose parsers leave it to here (OpenDocument, EPUB, RTF). */
function metadataDateOf(document: ParsedDocument, data: Uint8Array): Promise<DocumentDate | null> | null {
  if (document.kind === 'odt') return odtMetadataDate(data);
  if (document.kind === 'epub') return epubMetadataDate(data);
  if (document.kind === 'rtf') return Promise.resolve(rtfMetadataDate(data));
  return null;
}

/** One page of a web page or text file as indexed, its blocks, and how many pages the file has. */
export interface TextPageLayout extends BlocksLayout {
  format: 'html' | 'text' | 'markdown' | 'spreadsheet' | 'slides' | 'odt' | 'epub' | 'rtf' | 'doc' | 'email';
  pageCount: number;
  /** A spreadsheet's page: its sheet as a table, placed in the same text. */
  sheet?: SheetLayout;
  /**
   * An email message's page (every page of it): its header card and its attachments in the order of
   * `ParsedDocument.attachments` (bytes left out: see `emailAttachmentData`). On page 1 the card's lines
   * are the first blocks of the text.
   */
  email?: { headers: EmailHeaders; attachments: EmailAttachmentInfo[] };
}

/**
 * The text and blocks of page `page` (1-based) of a web page, text or Markdown file — chosen by
 * `extension` (with the dot, any case) — exactly as {@link parseDocument} indexes it, for a viewer to
 * render and mark offsets in; null for any other extension. Throws RangeError past the last page and
 * `DocumentParseError` as parsing does.
 */
export function textPageLayoutOf(data: Uint8Array, extension: string, page: number): TextPageLayout | null {
  const ext = extension.toLowerCase();
  if (HTML_EXTENSIONS.includes(ext)) return { format: 'html', ...htmlPageLayout(data, page) };
  if (!TEXT_EXTENSIONS.includes(ext)) return null;
  const markdown = MARKDOWN_EXTENSIONS.includes(ext);
  return { format: markdown ? 'markdown' : 'text', ...textPageLayout(data, page, { markdown }) };
}

/**
 * Page `page` (1-based) of a workbook (`.xlsx`), slide deck (`.pptx`), OpenDocument text (`.odt`), EPUB,
 * RTF, Word 97–2003 (`.doc`) file or email message (`.eml`, `.msg`: format `email`, with its card and
 * attachments' list) as {@link parseDocument} indexes it, for the viewer, chosen by `extension`; null for
 * any other extension. RangeError past the last page.
 */
export async function officePageLayoutOf(
  data: Uint8Array,
  extension: string,
  page: number,
): Promise<TextPageLayout | null> {
  const ext = extension.toLowerCase();
  if (ext === '.xlsx') return { format: 'spreadsheet', ...(await officePageLayout(data, 'xlsx', page)) };
  if (ext === '.pptx') return { format: 'slides', ...(await officePageLayout(data, 'pptx', page)) };
  if (EMAIL_EXTENSIONS.includes(ext)) return { format: 'email', ...(await emailPageLayout(data, ext, page)) };
  return documentPageLayout(data, ext, page);
}

async function readWithinLimit(filePath: string, maxBytes: number): Promise<Uint8Array> {
  const stats = await stat(filePath).catch((error: unknown) => {
    throw unreadable(error);
  });
  if (stats.isDirectory())
    throw new DocumentParseError('unreadable', 'cannot read it: it is a folder, not a file');
  if (!stats.isFile()) throw new DocumentParseError('unreadable', 'cannot read it: it is not a regular file');
  if (stats.size > maxBytes) {
    throw new DocumentParseError(
      'too-large',
      `file is too large (${formatBytes(stats.size)}; the limit is ${formatBytes(maxBytes)})`,
    );
  }
  if (stats.size === 0) throw new DocumentParseError('no-text', 'file is empty (0 bytes)');
  const data = await readFile(filePath).catch((error: unknown) => {
    throw unreadable(error);
  });
  if (data.byteLength > maxBytes) {
    throw new DocumentParseError('too-large', `file is too large (the limit is ${formatBytes(maxBytes)})`);
  }
  if (data.byteLength === 0) throw new DocumentParseError('no-text', 'file is empty (0 bytes)');
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function parseContent(
  data: Uint8Array,
  extension: string,
  ocr: PdfOcr | null,
  onPages: ((progress: ParseProgress) => void) | undefined,
): Promise<ParsedDocument> {
  const kind = sniffContent(data);
  const textual = [HTML_EXTENSIONS, TEXT_EXTENSIONS, EMAIL_EXTENSIONS].some((list) =>
    list.includes(extension),
  );
  if (kind === 'pdf' && (!textual || hasPdfObjects(data))) return parsePdf(data, { ocr, onPages });
  if (sniffImage(data) !== null) return parseImage(data, ocr);
  if (kind === 'zip') {
    const office = officePackageOf(data);
    if (office === 'xlsx') return parseXlsx(data, { onPages });
    if (office === 'pptx') return parsePptx(data, { onPages });
    if (office === null) {
      const mimetype = zipMimetype(data);
      if (mimetype === EPUB_MIMETYPE) return parseEpub(data, { onPages });
      if (mimetype !== null && ODT_MIMETYPES.includes(mimetype)) return parseOdt(data, { onPages });
      if (mimetype?.startsWith('application/vnd.oasis.opendocument.')) {
        throw new DocumentParseError('unsupported', `not an OpenDocument text: it is a ${mimetype} file`);
      }
      if (extension === '.epub') return parseEpub(data, { onPages });
      if (extension === '.odt') return parseOdt(data, { onPages });
    }
    return parseDocx(data);
  }
  if (kind === 'ole') {
    if (isEncryptedOfficeFile(data)) {
      const what = OFFICE_NAMES[extension] ?? 'Word document';
      throw new DocumentParseError('encrypted', `the ${what} is password-protected`);
    }
    if (isOutlookMessage(data)) return parseEmail(data, '.msg', { onPages });
    if (isWordOleFile(data) || extension === '.doc') return parseDoc(data, { onPages });
    if (extension === '.msg') throw new DocumentParseError('corrupt', 'not an Outlook message');
    throw new DocumentParseError(
      'unsupported',
      'not a Word document or PDF: it is an old-format Office file (.xls, .ppt)',
    );
  }
  if (extension === '.rtf' || (extension === '.doc' && isRtf(data))) return parseRtf(data, { onPages });
  if (extension === '.pdf') {
    if (kind === 'text' && !hasPdfObjects(data)) {
      throw new DocumentParseError('unsupported', 'not a PDF: the file contains plain text');
    }
    return parsePdf(data, { ocr, onPages });
  }
  if (extension === '.eml') return parseEmail(data, extension, { onPages });
  if (extension === '.msg') throw new DocumentParseError('corrupt', 'not an Outlook message (an OLE file)');
  if (HTML_EXTENSIONS.includes(extension)) return Promise.resolve(parseHtml(data, { onPages }));
  if (TEXT_EXTENSIONS.includes(extension)) {
    return Promise.resolve(parseText(data, { markdown: MARKDOWN_EXTENSIONS.includes(extension), onPages }));
  }
  if (OFFICE_NAMES[extension] !== undefined) {
    const what =
      kind === 'text' ? 'the file contains plain text' : `the file is not a ${extension} (zip) package`;
    throw new DocumentParseError('unsupported', `not a ${OFFICE_NAMES[extension]}: ${what}`);
  }
  throw new DocumentParseError('unsupported', `unsupported file type "${extension || 'no extension'}"`);
}

const OFFICE_NAMES: Record<string, string> = {
  '.docx': 'Word document',
  '.doc': 'Word document',
  '.xlsx': 'workbook',
  '.pptx': 'slide deck',
  '.odt': 'OpenDocument text',
  '.epub': 'EPUB book',
};

/** A standalone image as a one-page document read by OCR (word boxes in image pixels). */
async function parseImage(data: Uint8Array, ocr: PdfOcr | null): Promise<ParsedDocument> {
  if (ocr === null) {
    throw new DocumentParseError(
      'no-text',
      'an image: its text can only be read with OCR, which is turned off',
    );
  }
  let image: Awaited<ReturnType<PdfOcr['pool']['ocrImageFile']>>;
  try {
    image = await ocr.pool.ocrImageFile(data);
  } catch (error) {
    if (error instanceof OcrError && error.code === 'worker-failed') {
      throw new DocumentParseError('ocr-unavailable', `OCR cannot run: ${error.message}`, { cause: error });
    }
    throw new DocumentParseError('corrupt', 'the image is damaged and cannot be read', { cause: error });
  }
  ocr.onProgress?.({ page: 1, done: 1, total: 1 });
  if (image.text.trim() === '') throw new DocumentParseError('no-text', 'OCR found no text in the image');
  const words = image.words.map((w) => ({
    start: w.start,
    end: w.end,
    x: w.box.x,
    y: w.box.y,
    width: w.box.width,
    height: w.box.height,
    confidence: w.confidence,
  }));
  return {
    kind: 'image',
    title: null,
    pages: [
      {
        page: 1,
        text: image.text,
        headings: [],
        source: 'ocr',
        ocr: { confidence: image.confidence, words },
        ...imageQuality(image.text, ocr.isKnownWord),
      },
    ],
  };
}

/** An OCR'd image's text quality, like a PDF page's, so that a quote from a poor reading says so. */
function imageQuality(text: string, isKnownWord: (word: string) => boolean): { quality?: number } {
  const quality = pageQuality(text, isKnownWord);
  return quality === undefined ? {} : { quality };
}

function unreadable(error: unknown): DocumentParseError {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOENT: 'the file does not exist',
    EISDIR: 'it is a folder, not a file',
    EIO: 'the disk reported an input/output error',
    ELOOP: 'too many symbolic links',
  };
  const reason = reasons[code] ?? (code === '' ? 'unknown error' : code);
  return new DocumentParseError('unreadable', `cannot read the file: ${reason}`, { cause: error });
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
