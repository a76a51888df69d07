import { BLOCK_SEPARATOR, type BlockLayout, type BlocksLayout, layoutBlocks } from './block-layout.ts';
import { sniffContent } from './content-sniffer.ts';
import { metadataDate } from './document-date.ts';
import { messageAttachments } from './email-message.ts';
import { readEml } from './eml-reader.ts';
import { type DocumentErrorCode, DocumentParseError } from './errors.ts';
import type { HtmlBlock } from './html-blocks.ts';
import { htmlBlocks } from './html-parser.ts';
import { readMsg } from './msg-reader.ts';
import { countWords, MAX_MARKED_PAGE_WORDS, paginate } from './text-pages.ts';
import { textBlocks } from './text-parser.ts';
import type {
  EmailAttachment,
  EmailHeaders,
  HeadingMark,
  ParsedDocument,
  ParsedPage,
  ParseProgress,
} from './types.ts';

/** A message as Quire reads it: its card, its attachments and its body's blocks cut into pages. */
export interface EmailMessage {
  headers: EmailHeaders;
  attachments: EmailAttachment[];
  /** The card's lines (`Subject: …`, `From: …`, …), shown on page 1. */
  card: string[];
  /** The body's blocks, page by page (at least one page, maybe empty). */
  pages: HtmlBlock[][];
}

/** An attachment as the viewer lists it: everything but its bytes. */
export interface EmailAttachmentInfo {
  name: string;
  contentType: string | null;
  size: number;
  error: { code: string; message: string } | null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DOCUMENT_ERROR_CODES: readonly DocumentErrorCode[] = ['encrypted', 'corrupt', 'no-text', 'unsupported'];

/**
 * Reads an email message (an OLE file: an Outlook item, as parseDocument tells them by content whatever
 * their extension; `.msg`: never RFC 5322 text; else RFC 5322 text such as `.eml`) into its card,
 * attachments and body pages (see {@link parseEmail}).
 */
export async function readEmail(data: Uint8Array, extension: string): Promise<EmailMessage> {
  const outlook = sniffContent(data) === 'ole' || extension.toLowerCase() === '.msg';
  const content = outlook ? await readMsg(data) : await readEml(data);
  const attachments = messageAttachments(content);
  const blocks =
    content.text !== null && content.text.trim() !== ''
      ? textBlocks(content.text, false).blocks
      : content.html !== null
        ? htmlBlocks(content.html).blocks
        : [];
  const words = blocks.reduce((sum, block) => sum + countWords(block.text), 0);
  const pages = words <= MAX_MARKED_PAGE_WORDS ? [blocks] : paginate(blocks, []).map((page) => page.blocks);
  return { headers: content.headers, attachments, card: cardLines(content.headers, attachments), pages };
}

/**
 * An email message as a document of kind `email`, titled by its subject. Page 1 starts with the header
 * card — `Subject: …` (a level-1 heading at offset 0), `From: …`, `To: a, b`, `Cc: …`, `Date: 17 Mar 2014
 * 11:15 UTC`, `Attachments: a.pdf, b.docx`, each line only when the message has it — then a blank line
 * and the body: its plain-text part, else its HTML part made text (as a web page is). A body of more
 * than ~2,000 words is cut into pages of ~500 (the card only on page 1). `email` is the card's values,
 * `attachments` every attachment with its bytes (see `messageAttachments`); `date` the day (UTC) of its
 * `Date` header. Throws `DocumentParseError`:
 * `corrupt` for a file that is not a message, `no-text` for one with neither card nor body.
 */
export async function parseEmail(
  data: Uint8Array,
  extension: string,
  options: { onPages?: (progress: ParseProgress) => void } = {},
): Promise<ParsedDocument> {
  const message = await readEmail(data, extension);
  const pages: ParsedPage[] = message.pages.map((_, index) => {
    const layout = emailPageBlocks(message, index + 1);
    options.onPages?.({ done: index + 1, total: message.pages.length });
    return { page: index + 1, text: layout.text, headings: headingsOf(layout.blocks, message.headers) };
  });
  if (pages.every((page) => page.text.trim() === '')) {
    throw new DocumentParseError('no-text', 'the email message has neither headers nor body text');
  }
  const date = metadataDate(message.headers.date, 'email');
  return {
    kind: 'email',
    title: message.headers.subject,
    pages,
    email: message.headers,
    attachments: message.attachments,
    ...(date ? { date } : {}),
  };
}

/**
 * Page `page` (1-based) of a message exactly as {@link parseEmail} indexes it: the card's lines (page 1)
 * and the body's blocks, each with its offsets in the page text; the card and its attachments' list
 * (without bytes) for the viewer. RangeError past the last page.
 */
export async function emailPageLayout(
  data: Uint8Array,
  extension: string,
  page: number,
): Promise<
  BlocksLayout & { pageCount: number; email: { headers: EmailHeaders; attachments: EmailAttachmentInfo[] } }
> {
  const message = await readEmail(data, extension);
  const attachments = message.attachments.map((attachment) => ({
    name: attachment.name,
    contentType: attachment.contentType,
    size: attachment.size,
    error: attachment.error ?? null,
  }));
  return {
    ...emailPageBlocks(message, page),
    pageCount: message.pages.length,
    email: { headers: message.headers, attachments },
  };
}

/**
 * The bytes of attachment `index` (0-based, in the order of `attachments` of {@link parseEmail}) of a
 * message (`extension`: `.eml` or `.msg`). RangeError past the last attachment; `DocumentParseError`
 * with the attachment's code (`encrypted`, …) for one that has no bytes, and as parsing does.
 */
export async function emailAttachmentData(
  data: Uint8Array,
  extension: string,
  index: number,
): Promise<Uint8Array> {
  const { attachments } = await readEmail(data, extension);
  const attachment = attachments[index];
  if (attachment === undefined || !Number.isInteger(index)) {
    throw new RangeError(`The message has ${attachments.length} attachments, not ${index + 1}`);
  }
  if (attachment.data !== undefined) return attachment.data;
  const code = DOCUMENT_ERROR_CODES.find((known) => known === attachment.error?.code) ?? 'corrupt';
  throw new DocumentParseError(code, attachment.error?.message ?? 'the attachment has no content');
}

function emailPageBlocks(message: EmailMessage, page: number): BlocksLayout {
  const blocks = message.pages[page - 1];
  if (blocks === undefined)
    throw new RangeError(`The message has ${message.pages.length} pages, not ${page}`);
  const body = layoutBlocks(blocks);
  if (page > 1 || message.card.length === 0) return body;
  const card: BlockLayout[] = [];
  let text = '';
  for (const line of message.card) {
    if (text !== '') text += '\n';
    const subject = card.length === 0 && message.headers.subject !== null;
    card.push({
      kind: subject ? 'heading' : 'paragraph',
      level: subject ? 1 : null,
      start: text.length,
      end: text.length + line.length,
      text: line,
      rows: null,
    });
    text += line;
  }
  if (body.text === '') return { text, blocks: card };
  const shift = text.length + BLOCK_SEPARATOR.length;
  const shifted = body.blocks.map((block) => ({
    ...block,
    start: block.start + shift,
    end: block.end + shift,
    rows: block.rows?.map((row) => row.map((cell) => ({ ...cell, start: cell.start + shift }))) ?? null,
  }));
  return { text: `${text}${BLOCK_SEPARATOR}${body.text}`, blocks: [...card, ...shifted] };
}

/** Heading marks of a page: the subject line (named by the subject alone) and the body's headings. */
function headingsOf(blocks: readonly BlockLayout[], headers: EmailHeaders): HeadingMark[] {
  return blocks.flatMap((block, index) => {
    if (block.kind !== 'heading') return [];
    const text = index === 0 && block.start === 0 && headers.subject !== null ? headers.subject : block.text;
    return [{ offset: block.start, level: block.level ?? 1, text }];
  });
}

function cardLines(headers: EmailHeaders, attachments: readonly EmailAttachment[]): string[] {
  const line = (label: string, value: string | null) => (value ? [`${label}: ${oneLine(value)}`] : []);
  return [
    ...line('Subject', headers.subject),
    ...line('From', headers.from),
    ...line('To', headers.to.join(', ')),
    ...line('Cc', headers.cc.join(', ')),
    ...line('Date', headers.date === null ? null : readableDate(headers.date)),
    ...line('Attachments', attachments.map((attachment) => attachment.name).join(', ')),
  ];
}

/** `2014-03-17T11:15:04.000Z` as `17 Mar 2014 11:15 UTC`. */
function readableDate(iso: string): string {
  const date = new Date(iso);
  const time = `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${time} UTC`;
}

function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
