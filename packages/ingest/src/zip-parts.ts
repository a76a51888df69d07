import JSZip from 'jszip';
import { DocumentParseError } from './errors.ts';

/** A part of a zip package larger than this (uncompressed) is refused with `too-large`: a zip bomb, not a document. */
export const MAX_PART_BYTES = 128 * 1024 * 1024;
/** The parts a package reads, together (uncompressed), at most this. */
export const MAX_PACKAGE_BYTES = 256 * 1024 * 1024;

/**
 * The `mimetype` a package declares in its first entry, stored uncompressed as OpenDocument and EPUB
 * require (`application/vnd.oasis.opendocument.text`, `application/epub+zip`), else null.
 */
export function zipMimetype(data: Uint8Array): string | null {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.length < 30 || bytes.readUInt32LE(0) !== 0x04034b50) return null;
  const method = bytes.readUInt16LE(8);
  const size = bytes.readUInt32LE(18);
  const nameLength = bytes.readUInt16LE(26);
  const extraLength = bytes.readUInt16LE(28);
  if (method !== 0 || nameLength !== 8 || size > 200) return null;
  if (bytes.toString('latin1', 30, 38) !== 'mimetype') return null;
  const start = 30 + nameLength + extraLength;
  return bytes.toString('latin1', start, start + size).trim() || null;
}

/** Uncompressed size of every entry, by name, from the zip's central directory (empty when there is none). */
export function zipPartSizes(data: Uint8Array): Map<string, number> {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const sizes = new Map<string, number>();
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > bytes.length) return sizes;
  const count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  for (let i = 0; i < count && offset + 46 <= bytes.length; i++) {
    if (bytes.readUInt32LE(offset) !== 0x02014b50) break;
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    sizes.set(bytes.toString('utf8', offset + 46, offset + 46 + nameLength), bytes.readUInt32LE(offset + 24));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return sizes;
}

/**
 * A zip package opened for reading its parts as text, each part checked against {@link MAX_PART_BYTES}
 * and all parts read against {@link MAX_PACKAGE_BYTES} before it is inflated. `what` names the file in
 * messages ("the OpenDocument text"). Throws `DocumentParseError` `corrupt` for a damaged zip.
 */
export class ZipPackage {
  readonly #zip: JSZip;
  readonly #sizes: Map<string, number>;
  readonly #what: string;
  #read = 0;

  private constructor(zip: JSZip, sizes: Map<string, number>, what: string) {
    this.#zip = zip;
    this.#sizes = sizes;
    this.#what = what;
  }

  static async open(data: Uint8Array, what: string): Promise<ZipPackage> {
    try {
      return new ZipPackage(await JSZip.loadAsync(data), zipPartSizes(data), what);
    } catch (error) {
      throw new DocumentParseError('corrupt', `${what} is damaged and cannot be read`, { cause: error });
    }
  }

  has(name: string): boolean {
    return this.#zip.file(name) !== null;
  }

  /** The part `name` as UTF-8 text, or null when the package has no such part. */
  async text(name: string): Promise<string | null> {
    const bytes = await this.bytes(name);
    return bytes === null ? null : Buffer.from(bytes).toString('utf8');
  }

  /** The part `name`'s bytes, or null when the package has no such part. */
  async bytes(name: string): Promise<Uint8Array | null> {
    const file = this.#zip.file(name);
    if (file === null) return null;
    const size = this.#sizes.get(name) ?? 0;
    if (size > MAX_PART_BYTES || this.#read + size > MAX_PACKAGE_BYTES) {
      throw new DocumentParseError(
        'too-large',
        `${this.#what} is too large to read (its part ${name} unpacks to ${Math.round(size / 1048576)} MiB)`,
      );
    }
    try {
      const bytes = await file.async('uint8array');
      this.#read += bytes.byteLength;
      if (bytes.byteLength > MAX_PART_BYTES || this.#read > MAX_PACKAGE_BYTES) {
        throw new DocumentParseError('too-large', `${this.#what} is too large to read (part ${name})`);
      }
      return bytes;
    } catch (error) {
      if (error instanceof DocumentParseError) throw error;
      throw new DocumentParseError('corrupt', `${this.#what} is damaged: its part ${name} cannot be read`, {
        cause: error,
      });
    }
  }
}
