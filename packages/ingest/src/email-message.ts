import type { EmailAttachment, EmailHeaders } from './types.ts';

/** A part of a message as its reader found it, before Quire decides whether it is an attachment. */
export interface MessagePart {
  /** The file name as sent (any path in it dropped), or null. */
  name: string | null;
  /** Lower case MIME type, or null. */
  contentType: string | null;
  data: Uint8Array;
  /** `Content-ID` without its angle brackets, or null. */
  contentId: string | null;
  /** True when the reader knows the HTML body shows this part (a `cid:` image). */
  inline?: boolean;
  /** Why the part's bytes could not be read (`data` is then empty). */
  error?: { code: string; message: string };
}

/** A message read from an `.eml` or `.msg`: its header card, bodies and parts in message order. */
export interface MessageContent {
  headers: EmailHeaders;
  text: string | null;
  html: string | null;
  parts: MessagePart[];
  /**
   * How the message's body is protected: `smime` (S/MIME enveloped-data), `pgp` (PGP/MIME
   * `multipart/encrypted`), `opaque-signed` (S/MIME signed-data, the body inside the signature), or null.
   */
  protection: 'smime' | 'pgp' | 'opaque-signed' | null;
}

const SIGNATURE_TYPES = new Set([
  'application/pkcs7-signature',
  'application/x-pkcs7-signature',
  'application/pgp-signature',
]);
const SMIME_TYPES = new Set(['application/pkcs7-mime', 'application/x-pkcs7-mime']);
const SMIME_MESSAGE = "The message body is encrypted (S/MIME) and cannot be read without the recipient's key";
const PGP_MESSAGE = "The message body is encrypted (OpenPGP) and cannot be read without the recipient's key";
const OPAQUE_SIGNED_MESSAGE =
  'The message body is inside its S/MIME signature (signed-data), which Quire does not read';
const CID_REFERENCE = /\bcid:([^"'\s)>]+)/gi;

/** Extensions of names made up for parts sent without one, by MIME type. */
const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.ms-powerpoint': 'ppt',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/epub+zip': 'epub',
  'application/rtf': 'rtf',
  'text/rtf': 'rtf',
  'application/zip': 'zip',
  'application/vnd.ms-outlook': 'msg',
  'message/rfc822': 'eml',
  'text/plain': 'txt',
  'text/markdown': 'md',
  'text/html': 'html',
  'text/csv': 'csv',
  'text/calendar': 'ics',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/tiff': 'tiff',
  'application/pkcs7-mime': 'p7m',
  'application/x-pkcs7-mime': 'p7m',
};

/**
 * The attachments of a message, in message order: every part but the images its HTML body shows by
 * `cid:` and S/MIME or OpenPGP signatures. An encrypted body is one entry with `error.code` `encrypted`
 * and no bytes (`smime.p7m`, or the PGP/MIME part as sent, else `encrypted.asc`); the PGP/MIME version
 * part (`application/pgp-encrypted`) is dropped. A part without a name gets one made up from its type and
 * place (`attachment-2.pdf`, `message-1.eml`); an attached message's name ends in `.eml` (or `.msg`).
 */
export function messageAttachments(message: MessageContent): EmailAttachment[] {
  const shown = new Set(
    [...(message.html ?? '').matchAll(CID_REFERENCE)].map((match) => decodeCid(match[1] ?? '')),
  );
  const attachments: EmailAttachment[] = [];
  for (const part of message.parts) {
    if (isSignature(part)) continue;
    if (part.inline === true || (part.contentId !== null && shown.has(part.contentId.toLowerCase())))
      continue;
    const protectedBody = protectedEntry(message.protection, part);
    if (protectedBody === 'skip') continue;
    if (protectedBody !== null) {
      attachments.push(protectedBody);
      continue;
    }
    const name = attachmentName(part, attachments.length + 1);
    if (part.error !== undefined) attachments.push(withError(name, part, part.error));
    else
      attachments.push({ name, contentType: part.contentType, size: part.data.byteLength, data: part.data });
  }
  return attachments;
}

/** A detached signature: by its type, or by its name when a client sent it as `application/octet-stream`. */
function isSignature(part: MessagePart): boolean {
  return (
    (part.contentType !== null && SIGNATURE_TYPES.has(part.contentType)) || /\.p7s$/i.test(part.name ?? '')
  );
}

/** The entry standing for an encrypted (or opaque-signed) body, `skip` for PGP/MIME's version part, null for any other part. */
function protectedEntry(
  protection: MessageContent['protection'],
  part: MessagePart,
): EmailAttachment | 'skip' | null {
  if (protection === 'pgp') {
    if (part.contentType === 'application/pgp-encrypted') return 'skip';
    const name = part.name ?? 'encrypted.asc';
    return withError(name, part, { code: 'encrypted', message: PGP_MESSAGE });
  }
  const smimePart =
    (part.contentType !== null && SMIME_TYPES.has(part.contentType)) || /\.p7m$/i.test(part.name ?? '');
  if (protection === null || !smimePart) return null;
  const name = part.name ?? 'smime.p7m';
  if (protection === 'smime') return withError(name, part, { code: 'encrypted', message: SMIME_MESSAGE });
  return withError(name, part, { code: 'unsupported', message: OPAQUE_SIGNED_MESSAGE });
}

function withError(
  name: string,
  part: MessagePart,
  error: { code: string; message: string },
): EmailAttachment {
  return { name, contentType: part.contentType, size: part.data.byteLength, error };
}

function attachmentName(part: MessagePart, position: number): string {
  const message = part.contentType === 'message/rfc822';
  if (part.name === null) {
    const extension = EXTENSIONS[part.contentType ?? ''] ?? 'bin';
    return `${message ? 'message' : 'attachment'}-${position}.${extension}`;
  }
  return message && !/\.(?:eml|msg)$/i.test(part.name) ? `${part.name}.eml` : part.name;
}

/** A file name as sent, without any folder in it or control characters; null when nothing is left. */
export function cleanFileName(name: string | null | undefined): string | null {
  const base = (name ?? '').split(/[/\\]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean === '' || clean === '.' || clean === '..' ? null : clean;
}

/** A `Message-ID`-like value without its angle brackets and spaces; null when empty. */
export function bareId(id: string | null | undefined): string | null {
  const bare = (id ?? '')
    .trim()
    .replace(/^<+|>+$/g, '')
    .trim();
  return bare === '' ? null : bare;
}

/** Every `<id>` of a `References` header (or the words of one written without brackets), in order. */
export function idList(value: string | null | undefined): string[] {
  const text = value ?? '';
  const bracketed = [...text.matchAll(/<([^<>]+)>/g)].flatMap((match) => bareId(match[1]) ?? []);
  if (bracketed.length > 0) return bracketed;
  return text.split(/\s+/).flatMap((word) => bareId(word) ?? []);
}

/**
 * A mailbox as the card shows it: `Name <address>`, or the address alone (or the name alone); a name in
 * quotes (Outlook's `'a@example.com'`) loses them, and a name that is the address is dropped.
 */
export function mailbox(name: string | null | undefined, address: string | null | undefined): string | null {
  const cleanName = (name ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(["'])(.*)\1$/, '$2')
    .trim();
  const cleanAddress = (address ?? '').trim();
  if (cleanAddress === '') return cleanName === '' ? null : cleanName;
  if (cleanName === '' || cleanName.toLowerCase() === cleanAddress.toLowerCase()) return cleanAddress;
  return `${cleanName} <${cleanAddress}>`;
}

/** A date header's time as ISO 8601 UTC, or null when it does not read as a date. */
export function isoDate(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const time = Date.parse(value.replace(/\s*\([^)]*\)\s*$/, ''));
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function decodeCid(cid: string): string {
  try {
    return decodeURIComponent(cid).toLowerCase();
  } catch {
    return cid.toLowerCase(); // not percent-encoded as a URL: compared as written
  }
}
