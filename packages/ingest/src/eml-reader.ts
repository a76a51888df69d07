import PostalMime, { type Address, type Email } from 'postal-mime';
import { bareId, cleanFileName, idList, isoDate, type MessageContent, mailbox } from './email-message.ts';
import { DocumentParseError } from './errors.ts';
import { bomEncoding, decodeAs, repairC1, utf16WithoutBom } from './text-encoding.ts';
import type { EmailHeaders } from './types.ts';

/** A header line at the very start of a message: a field name and a colon, or an mbox `From ` line. */
const FIRST_HEADER = /^(?:[\x21-\x39\x3b-\x7e]+[ \t]*:|From )/;

/**
 * Reads an RFC 5322 message (`.eml`) with postal-mime. A file saved as UTF-16 (with or without a byte
 * order mark) is decoded first and read as UTF-8, so its parts' own charsets still apply; each part is
 * decoded by its declared charset (UTF-8, ISO-8859-x, Windows-125x and the rest of the Encoding
 * Standard; Node's decoder reads Windows-1252's 0x80–0x9F as C1 controls, which are repaired). Attached messages (`message/rfc822`) stay attachments, not text of this one. Throws
 * `DocumentParseError` `corrupt` for a file that does not start with a header.
 */
export async function readEml(data: Uint8Array): Promise<MessageContent> {
  const bytes = utf8Message(data);
  const start = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024))
    .toString('latin1')
    .replace(/^[\r\n]+/, '');
  if (!FIRST_HEADER.test(start)) {
    throw new DocumentParseError('corrupt', 'not an email message: the file does not start with headers');
  }
  let email: Email;
  try {
    email = await PostalMime.parse(bytes, { forceRfc822Attachments: true, maxRfc822NestingDepth: 0 });
  } catch (error) {
    throw new DocumentParseError('corrupt', 'the email message cannot be read', { cause: error });
  }
  if (email.headers.length === 0) {
    throw new DocumentParseError('corrupt', 'not an email message: it has no headers');
  }
  return {
    headers: emlHeaders(email),
    text: email.text === undefined ? null : repairC1(email.text),
    html: email.html === undefined ? null : repairC1(email.html),
    parts: email.attachments.map((attachment) => ({
      name: cleanFileName(attachment.filename),
      contentType: attachment.mimeType.trim() || null,
      data: asBytes(attachment.content),
      contentId: bareId(attachment.contentId),
      inline: attachment.related === true,
    })),
    protection: protectionOf(email),
  };
}

/** The header card of a message read by postal-mime (also a `.msg`'s transport headers). */
export function emlHeaders(email: Email): EmailHeaders {
  const header = (key: string) => email.headers.find((h) => h.key === key)?.value ?? null;
  return {
    from: email.from === undefined ? null : (mailboxes([email.from])[0] ?? null),
    to: mailboxes(email.to ?? []),
    cc: mailboxes(email.cc ?? []),
    date: isoDate(email.date ?? header('date')),
    subject: repairC1(email.subject?.trim() ?? '') || null,
    messageId: bareId(email.messageId),
    inReplyTo: idList(email.inReplyTo)[0] ?? null,
    references: idList(email.references),
  };
}

function mailboxes(addresses: readonly Address[]): string[] {
  return addresses.flatMap((address) =>
    address.group === undefined
      ? (mailbox(repairC1(address.name), address.address) ?? [])
      : address.group.flatMap((member) => mailbox(repairC1(member.name), member.address) ?? []),
  );
}

/** How the root part protects the body: S/MIME enveloped-data or signed-data, PGP/MIME encryption, or not at all. */
function protectionOf(email: Email): MessageContent['protection'] {
  const type = (email.headers.find((h) => h.key === 'content-type')?.value ?? '').toLowerCase();
  if (/^\s*multipart\/encrypted\b/.test(type)) return 'pgp';
  const octetP7m = /^\s*application\/octet-stream\b/.test(type) && /name\s*=\s*"?smime\.p7m/.test(type);
  if (!octetP7m && !/^\s*application\/(?:x-)?pkcs7-mime\b/.test(type)) return null;
  return /smime-type\s*=\s*"?signed-data/.test(type) ? 'opaque-signed' : 'smime';
}

/** The message's bytes in UTF-8: a file saved as UTF-16 is decoded and encoded again. */
function utf8Message(data: Uint8Array): Uint8Array {
  const bom = bomEncoding(data);
  const utf16 = bom === 'utf-16le' || bom === 'utf-16be' ? bom : utf16WithoutBom(data);
  if (utf16 === null) return data;
  return new Uint8Array(Buffer.from(decodeAs(data, utf16), 'utf8'));
}

function asBytes(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === 'string') return new Uint8Array(Buffer.from(content, 'utf8'));
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}
