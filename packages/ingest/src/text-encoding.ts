import iconv from 'iconv-lite';

/** How many bytes are looked at to tell UTF-16 without a byte order mark, or to find an HTML charset. */
const SNIFF_BYTES = 8192;

/**
 * Labels that mean Windows-1252 to browsers (the WHATWG Encoding Standard): a page declaring ISO-8859-1
 * or ASCII is decoded as Windows-1252, whose 0x80–0x9F are curly quotes, dashes and the euro sign.
 * Node 20's TextDecoder gets these bytes wrong for all of them (it decodes Latin-1), hence iconv-lite.
 */
const WINDOWS_1252_LABELS = new Set([
  'ansi_x3.4-1968',
  'ascii',
  'cp1252',
  'cp819',
  'csisolatin1',
  'ibm819',
  'iso-8859-1',
  'iso-ir-100',
  'iso8859-1',
  'iso88591',
  'iso_8859-1',
  'iso_8859-1:1987',
  'l1',
  'latin1',
  'us-ascii',
  'windows-1252',
  'x-cp1252',
]);

/** The encoding of a byte order mark at the start of `data`, or null. */
export function bomEncoding(data: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | null {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return 'utf-8';
  if (data[0] === 0xff && data[1] === 0xfe) return 'utf-16le';
  if (data[0] === 0xfe && data[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * UTF-16 without a byte order mark, told by its zero bytes: in mostly-Latin text every other byte is 0
 * (the odd ones in little-endian, the even ones in big-endian). Looks at the first 8 KiB.
 */
export function utf16WithoutBom(data: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const length = Math.min(data.byteLength, SNIFF_BYTES) & ~1;
  if (length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (data[i] === 0) evenZeros++;
    if (data[i + 1] === 0) oddZeros++;
  }
  const pairs = length / 2;
  if (oddZeros >= pairs * 0.3 && evenZeros <= pairs * 0.05) return 'utf-16le';
  if (evenZeros >= pairs * 0.3 && oddZeros <= pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * A charset label as Quire decodes it: lower case, the Latin-1 family as `windows-1252`, UTF-16 as
 * `utf-8` (an HTML page that names UTF-16 in ASCII bytes cannot be UTF-16), or null when iconv-lite does
 * not know it.
 */
export function normalizeCharset(label: string): string | null {
  const name = label.trim().toLowerCase();
  if (WINDOWS_1252_LABELS.has(name)) return 'windows-1252';
  if (/^utf-?16(?:le|be)?$/.test(name)) return 'utf-8';
  if (name === 'utf8' || name === 'unicode-1-1-utf-8') return 'utf-8';
  return iconv.encodingExists(name) ? name : null;
}

/**
 * The text of `data` as UTF-8 if it is valid UTF-8 (a character cut off at the very end is dropped),
 * else null.
 */
export function decodeUtf8Strict(data: Uint8Array): string | null {
  try {
    return stripBom(
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data, { stream: true }),
    );
  } catch {
    return null; // not UTF-8: the caller falls back to another encoding
  }
}

/** `data` decoded as `encoding` (an iconv-lite name), without its byte order mark. Never throws. */
export function decodeAs(data: Uint8Array, encoding: string): string {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return stripBom(iconv.decode(bytes, encoding));
}

/** The encoding {@link decodeText} reads `data` in (given the whole file or its first bytes). */
export function textCharset(data: Uint8Array): string {
  return (
    bomEncoding(data) ?? utf16WithoutBom(data) ?? (decodeUtf8Strict(data) === null ? 'windows-1252' : 'utf-8')
  );
}

/**
 * Decodes a plain-text file: a byte order mark (UTF-8, UTF-16 LE or BE) wins, then UTF-16 told by its
 * zero bytes, then UTF-8 when the bytes are valid UTF-8, else Windows-1252 (every byte is a character
 * there, so nothing fails). Unicode text with C1 control characters is repaired ({@link repairC1}).
 */
export function decodeText(data: Uint8Array): { text: string; encoding: string } {
  const encoding = bomEncoding(data) ?? utf16WithoutBom(data);
  if (encoding !== null) return { text: repairC1(decodeAs(data, encoding)), encoding };
  const utf8 = decodeUtf8Strict(data);
  if (utf8 !== null) return { text: repairC1(utf8), encoding: 'utf-8' };
  return { text: decodeAs(data, 'windows-1252'), encoding: 'windows-1252' };
}

const C1 = /[\u0080-\u009f]/;
const DOUBLE_ENCODED = /[\u00c2-\u00f4][\u0080-\u00bf]{1,3}/g;
const LONE_C1 = /[\u0080-\u009f]/g;

/**
 * Repairs text that went through a wrong Latin-1 step, told by C1 control characters (U+0080–U+009F),
 * which no real text contains: a run such as `â\u0080\u0093` whose Latin-1 bytes are one UTF-8 character
 * (here `–`, UTF-8 read as Latin-1 and saved as UTF-8 again) becomes that character, and a lone C1
 * character left becomes its Windows-1252 character (`\u0093` → `“`). Text without C1 characters is
 * returned as it is.
 */
export function repairC1(text: string): string {
  if (!C1.test(text)) return text;
  const repaired = text.replace(DOUBLE_ENCODED, (run) => {
    if (!C1.test(run)) return run;
    const decoded = decodeUtf8Strict(Buffer.from(run, 'latin1'));
    return decoded !== null && [...decoded].length === 1 ? decoded : run;
  });
  return repaired.replace(LONE_C1, (char) => iconv.decode(Buffer.from([char.charCodeAt(0)]), 'windows-1252'));
}

/** The first `SNIFF_BYTES` of `data` as Latin-1, for finding ASCII declarations in it. */
export function asciiHead(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, SNIFF_BYTES)).toString('latin1');
}

/**
 * Share of control characters (other than tab, line feed, form feed and carriage return) in the first
 * 8,192 characters of `text`: binary content decoded as text is full of them.
 */
export function controlShare(text: string): number {
  const length = Math.min(text.length, SNIFF_BYTES);
  if (length === 0) return 0;
  let control = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || code === 0x7f) {
      control++;
    }
  }
  return control / length;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
