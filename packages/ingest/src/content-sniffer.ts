export type ContentKind = 'pdf' | 'zip' | 'ole' | 'text' | 'binary';

const SNIFF_BYTES = 1024;
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const PDF_OBJECT = /\b\d+\s+\d+\s+obj\b/;
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

export function sniffContent(data: Uint8Array): ContentKind {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, SNIFF_BYTES));
  if (head.includes(PDF_MAGIC)) return 'pdf';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (head.subarray(0, OLE_MAGIC.length).equals(OLE_MAGIC)) return 'ole';
  return looksLikeText(head) ? 'text' : 'binary';
}

export function hasPdfObjects(data: Uint8Array): boolean {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, SNIFF_BYTES));
  return PDF_OBJECT.test(head.toString('latin1'));
}

export function isEncryptedOfficeFile(data: Uint8Array): boolean {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes(ENCRYPTED_PACKAGE);
}

function looksLikeText(head: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return false;
  }
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) return false;
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) control++;
  }
  return control <= text.length * 0.02;
}
