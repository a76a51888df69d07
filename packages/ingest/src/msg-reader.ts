import { createRequire } from 'node:module';
import type { FieldsData } from '@kenjiuno/msgreader';
import iconv from 'iconv-lite';
import PostalMime from 'postal-mime';
import {
  bareId,
  cleanFileName,
  isoDate,
  type MessageContent,
  type MessagePart,
  mailbox,
} from './email-message.ts';
import { emlHeaders, readEml } from './eml-reader.ts';
import { DocumentParseError } from './errors.ts';
import type { EmailHeaders } from './types.ts';

// msgreader is CommonJS with its class as `exports.default`; an ES default import of it is that class
// under some loaders (vitest) and the exports object under others (Node, tsx), so it is required.
const { default: MsgReader } = createRequire(import.meta.url)(
  '@kenjiuno/msgreader',
) as typeof import('@kenjiuno/msgreader');
/** The stream every Outlook item holds (its property table), as an OLE directory name in UTF-16. */
const PROPERTIES_STREAM = Buffer.from('__properties_version1.0', 'utf16le');

/** True for an OLE file that is an Outlook item (`.msg`): it has a property stream and msgreader reads it. */
export function isOutlookMessage(data: Uint8Array): boolean {
  if (!Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes(PROPERTIES_STREAM)) return false;
  try {
    const fields = new MsgReader(arrayBufferOf(data)).getFileData();
    return fields.dataType === 'msg' && fields.error === undefined;
  } catch {
    return false; // msgreader cannot read it: not an Outlook item
  }
}

/**
 * Reads an Outlook message (`.msg`) with msgreader. The card comes from its transport headers (the
 * message as received) where it has them, else from its properties (sender, recipients by kind, time
 * sent); the body is its plain text, else its HTML. Attachments in order: files with their bytes,
 * embedded messages as `.msg` files of their own. An S/MIME message is its `smime.p7m`: encrypted
 * (`IPM.Note.SMIME`), or read as the signed MIME message it holds (`IPM.Note.SMIME.MultipartSigned`).
 * Throws `DocumentParseError` `corrupt` for an OLE file that is not an Outlook item.
 */
export async function readMsg(data: Uint8Array): Promise<MessageContent> {
  const reader = readerOf(data);
  const fields = reader.getFileData();
  if (fields.dataType !== 'msg' || fields.error !== undefined) {
    throw new DocumentParseError('corrupt', `not an Outlook message: ${fields.error ?? 'no message found'}`);
  }
  const transport = fields.headers?.trim()
    ? await PostalMime.parse(`${fields.headers.trim()}\r\n\r\n`)
    : null;
  const headers = msgHeaders(fields, transport === null ? null : emlHeaders(transport));
  const contentType = (transport?.headers.find((h) => h.key === 'content-type')?.value ?? '').toLowerCase();
  const messageClass = (fields.messageClass ?? '').toLowerCase();
  const parts = (fields.attachments ?? []).map((attachment, index) => partOf(reader, attachment, index));
  if (messageClass.startsWith('ipm.note.smime.multipartsigned')) {
    const signed = parts.find((part) => part.error === undefined && /\.p7m$/i.test(part.name ?? ''));
    if (signed !== undefined) return { ...(await readEml(signed.data)), headers };
  }
  const smime = messageClass.startsWith('ipm.note.smime');
  return {
    headers,
    text: fields.body?.trim() ? fields.body : null,
    html: htmlOf(fields),
    parts: smime ? parts.map((part) => ({ ...part, contentType: 'application/pkcs7-mime' })) : parts,
    protection: smime ? 'smime' : /^\s*multipart\/encrypted\b/.test(contentType) ? 'pgp' : null,
  };
}

function readerOf(data: Uint8Array): InstanceType<typeof MsgReader> {
  try {
    return new MsgReader(arrayBufferOf(data));
  } catch (error) {
    throw new DocumentParseError('corrupt', 'not an Outlook message: it cannot be read', { cause: error });
  }
}

/** The card of a `.msg`: its transport headers' values where it has them, else its properties'. */
function msgHeaders(fields: FieldsData, transport: EmailHeaders | null): EmailHeaders {
  const recipients = (kind: 'to' | 'cc') =>
    (fields.recipients ?? [])
      .filter((recipient) => recipient.recipType === kind)
      .flatMap((recipient) => mailbox(recipient.name, smtpAddress(recipient)) ?? []);
  const to = recipients('to');
  const cc = recipients('cc');
  const sender = mailbox(
    fields.senderName,
    fields.senderSmtpAddress ?? fields.sentRepresentingSmtpAddress ?? smtpAddress(fields),
  );
  return {
    from: transport?.from ?? sender,
    to: to.length > 0 ? to : (transport?.to ?? []),
    cc: cc.length > 0 ? cc : (transport?.cc ?? []),
    date: transport?.date ?? isoDate(fields.clientSubmitTime) ?? isoDate(fields.messageDeliveryTime),
    subject: fields.subject?.trim() || transport?.subject || null,
    messageId: transport?.messageId ?? bareId(fields.messageId),
    inReplyTo: transport?.inReplyTo ?? null,
    references: transport?.references ?? [],
  };
}

/** An address that is an SMTP address (not an Exchange X.500 one). */
function smtpAddress(fields: FieldsData): string | null {
  if (fields.smtpAddress) return fields.smtpAddress;
  const address = fields.email ?? fields.senderEmail ?? '';
  return address.includes('@') ? address : null;
}

function partOf(reader: InstanceType<typeof MsgReader>, attachment: FieldsData, index: number): MessagePart {
  const embedded = attachment.innerMsgContent === true;
  const sent = cleanFileName(attachment.fileName ?? attachment.fileNameShort ?? attachment.name);
  const name = embedded && sent !== null && !/\.msg$/i.test(sent) ? `${sent}.msg` : sent;
  const part: MessagePart = {
    name: embedded && name === null ? `message-${index + 1}.msg` : name,
    contentType: embedded ? 'application/vnd.ms-outlook' : attachment.attachMimeTag?.toLowerCase() || null,
    data: new Uint8Array(0),
    contentId: bareId(attachment.pidContentId),
    inline: attachment.attachmentHidden === true,
  };
  try {
    part.data = reader.getAttachment(attachment).content;
  } catch (error) {
    part.error = { code: 'corrupt', message: `the attachment cannot be read: ${String(error)}` };
  }
  return part;
}

/** The HTML body: as text, or as bytes in the message's code page. */
function htmlOf(fields: FieldsData): string | null {
  if (fields.bodyHtml?.trim()) return fields.bodyHtml;
  if (fields.html === undefined || fields.html.byteLength === 0) return null;
  const html = iconv.decode(Buffer.from(fields.html), encodingOf(fields.internetCodepage));
  return html.trim() === '' ? null : html;
}

/** An iconv-lite encoding for a Windows code page number (UTF-8 when it names none iconv-lite knows). */
function encodingOf(codePage: number | undefined): string {
  if (codePage === undefined || codePage === 65001 || codePage === 20127) return 'utf-8';
  if (codePage >= 28591 && codePage <= 28606) return `iso-8859-${codePage - 28590}`;
  if (codePage === 1200) return 'utf-16le';
  return iconv.encodingExists(`cp${codePage}`) ? `cp${codePage}` : 'utf-8';
}

function arrayBufferOf(data: Uint8Array): ArrayBuffer {
  return new Uint8Array(data).buffer;
}
