/** Image formats Tesseract (Leptonica) decodes. */
export type ImageFormat = 'png' | 'jpeg' | 'tiff' | 'bmp' | 'webp' | 'pnm';

/** An image's format and size in pixels (`0` when the header does not say, e.g. a truncated JPEG). */
export interface ImageInfo {
  format: ImageFormat;
  width: number;
  height: number;
}

/** File extensions of standalone images read by OCR. */
export const OCR_IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg', '.tif', '.tiff'];

/**
 * Recognizes an image by its first bytes and reads its pixel size from the header (PNG IHDR, JPEG SOF,
 * the first TIFF directory, BMP, WebP, PNM). `null` when the bytes are no such image.
 */
export function sniffImage(bytes: Uint8Array): ImageInfo | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const has = (...prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);
  try {
    if (has(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) {
      return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
    }
    if (has(0xff, 0xd8, 0xff)) return { format: 'jpeg', ...jpegSize(bytes, view) };
    if (has(0x49, 0x49, 0x2a, 0x00) || has(0x4d, 0x4d, 0x00, 0x2a)) {
      return { format: 'tiff', ...tiffSize(view, bytes[0] === 0x49) };
    }
    if (has(0x42, 0x4d) && bytes.length >= 26) {
      return { format: 'bmp', width: view.getInt32(18, true), height: Math.abs(view.getInt32(22, true)) };
    }
    if (has(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') {
      return { format: 'webp', width: 0, height: 0 };
    }
    const pnm = /^P[1-6]\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)/.exec(
      String.fromCharCode(...bytes.subarray(0, 64)),
    );
    if (pnm) return { format: 'pnm', width: Number(pnm[1]), height: Number(pnm[2]) };
  } catch {
    // A header cut short: not an image we can read.
  }
  return null;
}

function jpegSize(bytes: Uint8Array, view: DataView): { width: number; height: number } {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) {
      at++;
      continue;
    }
    const marker = bytes[at + 1] ?? 0;
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0xff) {
      at += marker === 0xff ? 1 : 2;
      continue;
    }
    at += 2 + view.getUint16(at + 2);
  }
  return { width: 0, height: 0 };
}

function tiffSize(view: DataView, little: boolean): { width: number; height: number } {
  const directory = view.getUint32(4, little);
  const entries = view.getUint16(directory, little);
  let width = 0;
  let height = 0;
  for (let i = 0; i < entries; i++) {
    const entry = directory + 2 + i * 12;
    const tag = view.getUint16(entry, little);
    const type = view.getUint16(entry + 2, little);
    const value = type === 3 ? view.getUint16(entry + 8, little) : view.getUint32(entry + 8, little);
    if (tag === 256) width = value;
    if (tag === 257) height = value;
  }
  return { width, height };
}
