/**
 * The kinds of document Quire reads; `image`: a PNG, JPEG or TIFF read by OCR as one page; `html`: a web
 * page; `text`: a plain-text or Markdown file; `xlsx`: a workbook (a page per sheet, or per 200 rows of
 * one); `pptx`: a slide deck (a page per slide); `odt`: an OpenDocument text; `epub`: an EPUB book (its
 * chapters in reading order); `rtf`: an RTF document; `doc`: a Word 97–2003 document; `email`: a message
 * (`.eml` or Outlook `.msg`), its header card and body as its text, its attachments documents of their own.
 */
export type DocumentKind =
  | 'pdf'
  | 'docx'
  | 'image'
  | 'html'
  | 'text'
  | 'xlsx'
  | 'pptx'
  | 'odt'
  | 'epub'
  | 'rtf'
  | 'doc'
  | 'email';

/** Where a page's text came from: the file's own text (PDF text layer, Word) or OCR of its image. */
export type TextSource = 'text-layer' | 'ocr';

/** A word read by OCR: characters `start`–`end` of the page text, drawn at x,y (top left, PDF points or image pixels). */
export interface OcrWordBox {
  start: number;
  end: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** 0–100. */
  confidence: number;
}

/** Workspace settings for reading scanned and garbled pages. */
export interface OcrSettings {
  enabled: boolean;
  /** Tesseract language codes, each from an installed `@tesseract.js-data/<code>` package. */
  languages: string[];
}

/** A heading that starts at `offset` in its page's text. Level 1 is the top level. */
export interface HeadingMark {
  offset: number;
  level: number;
  text: string;
}

/** One physical page (1-based) of extracted text. DOCX files have no physical pages: they are page 1. */
export interface ParsedPage {
  page: number;
  text: string;
  headings: HeadingMark[];
  /** Absent: `text-layer`. */
  source?: TextSource;
  /** For an OCR page: mean word confidence (0–100) and every word's box and offsets. */
  ocr?: { confidence: number; words: OcrWordBox[] };
  /**
   * How well the text reads: the share (0–1) of its words that read as real words (known, or pronounceable
   * in some language), whether it came from the text layer or OCR. Absent: not assessed (OCR off, a page
   * of fewer than 6 words, a format whose text is never junk such as Word).
   */
  quality?: number;
  /**
   * Running heads and feet of a PDF page (page numbers included), kept out of `text` and so out of
   * chunks; lines top to bottom. Absent when the page has neither.
   */
  margins?: { header: string | null; footer: string | null };
  /**
   * The page number as a reader cites it (issue 17): from the PDF's `/PageLabels`, else the number printed
   * in the page's running header or footer, else (for a slide) its slide number. Absent: none found.
   */
  label?: string;
  /** Where `label` came from. */
  labelSource?: PageLabelSource;
  /**
   * For a page that holds several printed pages (a Word document is one page of text): the label of the
   * text from each `offset` on, in offset order; the first mark's label is also `label`. Absent: one label
   * (or none) for the whole page.
   */
  labelMarks?: PageLabelMark[];
  /** The Bates number stamped in the page's margin, as printed (`ACME-0001234`); absent: none. */
  bates?: string;
}

/**
 * `pdf-labels`: the PDF's own `/PageLabels`; `printed`: the number printed in the running header or
 * footer; `word-layout`: where Word last laid the document out (its rendered page breaks); `slide`: the
 * slide number.
 */
export type PageLabelSource = 'pdf-labels' | 'printed' | 'word-layout' | 'slide';

/** The label of a page's text from `offset` on (see {@link ParsedPage.labelMarks}). */
export interface PageLabelMark {
  offset: number;
  label: string;
}

/**
 * A document's date (issue 17, for scoped questions): an email's `Date`, else the PDF or Office file's
 * creation date in its metadata, else the first full date written in the document.
 */
export interface DocumentDate {
  /** `YYYY-MM-DD`. */
  value: string;
  source: 'email' | 'pdf-metadata' | 'office-metadata' | 'text';
}

/** The header card of an email message (`kind: 'email'`). */
export interface EmailHeaders {
  /** As written, name and address: `"J. Smith <j.smith@example.com>"`; null when absent. */
  from: string | null;
  to: string[];
  cc: string[];
  /** ISO 8601 (UTC) from the `Date` header; null when absent or unreadable. */
  date: string | null;
  subject: string | null;
  /** `Message-ID` without its angle brackets; null when absent. */
  messageId: string | null;
  /** `In-Reply-To` (the first id, without angle brackets); null when absent. */
  inReplyTo: string | null;
  /** `References`, oldest first, without angle brackets. */
  references: string[];
}

/**
 * One attachment of an email, in the order the message holds them: its bytes, to be read as a document
 * of its own (by the parser its content calls for; an attached message is an `.eml` or `.msg` in turn),
 * or why it cannot be read. Inline images the HTML body shows (by `cid:`) and S/MIME signatures are not
 * attachments.
 */
export interface EmailAttachment {
  /** The file name as sent, or one made up from the part's type: `attachment-2.pdf`, `message-1.eml`. */
  name: string;
  /** The part's MIME type, lower case; null when not given. */
  contentType: string | null;
  /** Size in bytes of the decoded content (0 with `error` when there is none). */
  size: number;
  /** The decoded content; absent when `error` is set. */
  data?: Uint8Array;
  /** Why this part cannot be read, e.g. `encrypted` for an S/MIME-encrypted body (`smime.p7m`). */
  error?: { code: string; message: string };
}

export interface ParsedDocument {
  kind: DocumentKind;
  title: string | null;
  pages: ParsedPage[];
  /** An email's header card (`kind: 'email'` only). */
  email?: EmailHeaders;
  /** An email's attachments (`kind: 'email'` only; empty when it has none). */
  attachments?: EmailAttachment[];
  /** The document's date and where it came from; absent when none was found. */
  date?: DocumentDate;
}

/**
 * A piece of one page's text. Invariant: `text === page.text.slice(start, end)` for the page
 * numbered `page`, so any quote found in `text` is found verbatim in the page.
 */
export interface Chunk {
  ordinal: number;
  page: number;
  headingPath: string[];
  start: number;
  end: number;
  text: string;
  tokenCount: number;
}

/** How far one step of a file's parse has come: `done` of `total` (pages read, pages read by OCR). */
export interface ParseProgress {
  done: number;
  total: number;
}

export interface ChunkOptions {
  /** Target chunk size in tokens (default 400). */
  maxTokens?: number;
  /** Share of `maxTokens` repeated at the start of the next chunk (default 0.15). */
  overlap?: number;
}
