import { OcrError } from './ocr-error.ts';
import type { Rotation } from './orientation.ts';
import { loadPdfjs, type PdfPage } from './pdfjs.ts';
import { TEXT_QUALITY_THRESHOLDS } from './text-quality.ts';

const { sparseMinImageCoverage, sparseMaxTextCoverage } = TEXT_QUALITY_THRESHOLDS;

/**
 * Resolution for OCR of a page drawn as vectors (e.g. a text layer of junk over real glyphs). Measured on
 * generated Times pages: 300 DPI reads 8, 10 and 12 pt text without a word wrong; 200 DPI misses 0.6% of
 * 8 pt words and 150 DPI 1.1–1.5%, for 12% and 30% less recognition time.
 */
export const DEFAULT_OCR_DPI = 300;
/**
 * Scanned pages are rendered at their image's own resolution, within these bounds: rendering a 200 DPI
 * scan at 300 DPI only upsamples its JPEG noise (measured: confidence 95 → 86, more words wrong).
 */
export const MIN_SCAN_OCR_DPI = 150;
export const MAX_SCAN_OCR_DPI = 300;
/** Pixel cap of one rendered page (~ a US Legal page at 300 DPI): huge pages are rendered at a lower DPI. */
export const MAX_OCR_PIXELS = 10_000_000;

/** How a rendered page is encoded: PGM (8-bit grey, no compression: fastest) or PNG. */
export type RenderFormat = 'pgm' | 'png';

export interface RenderOptions {
  /**
   * Dots per inch, or `'auto'` (the default): a page mostly covered by one image (a scan) at that
   * image's resolution (clamped to 150–300), any other page at {@link DEFAULT_OCR_DPI}.
   */
  dpi?: number | 'auto';
  /** Largest number of pixels (default {@link MAX_OCR_PIXELS}); the DPI is lowered to fit. */
  maxPixels?: number;
  /** Encoding of `image` (default `pgm`). Both are read by Tesseract. */
  format?: RenderFormat;
  /** Turn the page image clockwise by this much (default 0), on top of the page's own rotation. */
  rotation?: Rotation;
}

/**
 * A page rendered for OCR. Pixel `(px, py)` is PDF point `(px / scale, py / scale)`, top-left origin,
 * the page's rotation applied, of the page turned by `rotation` (see orientation.ts's `unturnBox`).
 */
export interface RenderedPage {
  image: Buffer;
  format: RenderFormat;
  /** Image size in pixels. */
  width: number;
  height: number;
  /** Pixels per PDF point (`dpi / 72`, possibly lowered by the pixel cap). */
  scale: number;
  /** The DPI actually used. */
  dpi: number;
  /** Page size in PDF points (the page's rotation applied, not `rotation`). */
  pageWidth: number;
  pageHeight: number;
  /** The extra clockwise turn of the image. */
  rotation: Rotation;
  /** Time spent rendering and encoding. */
  renderMs: number;
}

/**
 * Renders one pdf.js page onto an `@napi-rs/canvas` canvas (white background, annotations' appearances
 * included, as a viewer shows the page) and encodes it for Tesseract. The page is not cleaned up: the
 * caller owns it. Throws `OcrError` `render-failed`.
 */
export async function renderPdfPage(page: PdfPage, options: RenderOptions = {}): Promise<RenderedPage> {
  const started = performance.now();
  const base = page.getViewport({ scale: 1 });
  const dpi = options.dpi === undefined || options.dpi === 'auto' ? await suggestOcrDpi(page) : options.dpi;
  let scale = dpi / 72;
  const maxPixels = options.maxPixels ?? MAX_OCR_PIXELS;
  const pixels = base.width * base.height * scale * scale;
  if (pixels > maxPixels) scale *= Math.sqrt(maxPixels / pixels);
  const rotation = options.rotation ?? 0;
  const viewport = page.getViewport({ scale, rotation: (page.rotate + rotation) % 360 });
  const width = Math.max(1, Math.ceil(viewport.width));
  const height = Math.max(1, Math.ceil(viewport.height));
  // Loaded on first render: a parse worker that never renders a page does not pay its ~23 MB.
  const { createCanvas } = await import('@napi-rs/canvas');
  const canvas = createCanvas(width, height);
  const format = options.format ?? 'pgm';
  let image: Buffer;
  try {
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    try {
      // @napi-rs/canvas implements the 2D context pdf.js draws on (pdfjs-dist declares it as its Node
      // canvas).
      const canvasContext = context as unknown as CanvasRenderingContext2D;
      await page.render({ canvasContext, canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
    } catch (error) {
      throw new OcrError('render-failed', `page ${page.pageNumber} could not be rendered`, { cause: error });
    }
    image = format === 'png' ? await canvas.encode('png') : rgbaToPgm(canvas.data(), width, height);
  } finally {
    releaseCanvas(canvas);
  }
  return {
    image,
    format,
    width,
    height,
    scale,
    dpi: scale * 72,
    pageWidth: base.width,
    pageHeight: base.height,
    rotation,
    renderMs: performance.now() - started,
  };
}

/** Encodes 8-bit RGBA pixels as a binary PGM (P5) image of their luminance; Tesseract reads it directly. */
export function rgbaToPgm(rgba: Uint8Array, width: number, height: number): Buffer {
  const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1');
  const out = Buffer.allocUnsafe(header.length + width * height);
  header.copy(out, 0);
  let o = header.length;
  for (let i = 0; i < width * height * 4; i += 4) {
    out[o++] = ((rgba[i] ?? 0) * 77 + (rgba[i + 1] ?? 0) * 150 + (rgba[i + 2] ?? 0) * 29) >> 8;
  }
  return out;
}

/**
 * An encoded image (PNG, JPEG, WebP, GIF…: what `@napi-rs/canvas` decodes) turned clockwise by
 * `rotation`, as 8-bit grey PGM for Tesseract, with the size of the image as it was (`width` ×
 * `height`, for orientation.ts's `unturnBox`). Rejects for a format the canvas cannot decode (TIFF, PNM).
 */
export async function turnImage(
  bytes: Uint8Array,
  rotation: Rotation,
): Promise<{ image: Buffer; width: number; height: number }> {
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  const source = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const quarter = rotation % 180 !== 0;
  const width = quarter ? source.height : source.width;
  const height = quarter ? source.width : source.height;
  const canvas = createCanvas(width, height);
  try {
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    context.translate(width / 2, height / 2);
    context.rotate((rotation * Math.PI) / 180);
    context.drawImage(source, -source.width / 2, -source.height / 2);
    return { image: rgbaToPgm(canvas.data(), width, height), width: source.width, height: source.height };
  } finally {
    releaseCanvas(canvas);
  }
}

/**
 * Frees a canvas's pixels now (as pdf.js does with its own canvases): `@napi-rs/canvas` keeps them in
 * native memory that the garbage collector does not see, so a 10 Mpx page (40 MB of RGBA) would otherwise
 * stay until a collection happens to run. Measured: 40 renders of a 10 Mpx canvas in a row held 1.6 GB
 * until a collection, 0.1 GB when each was released.
 */
export function releaseCanvas(canvas: { width: number; height: number }): void {
  canvas.width = 0;
  canvas.height = 0;
}

/** How much of a page its text layer and its images cover, in PDF points² (rotation applied). */
export interface PageCoverage {
  pageArea: number;
  /** Union of the boxes of the text layer's runs (invisible text, as in OCR'd PDFs, included). */
  textArea: number;
  /** Union of the boxes of painted images and image masks (scans, photos, JBIG2 pages). */
  imageArea: number;
  /** `textArea / pageArea` and `imageArea / pageArea`. */
  textCoverage: number;
  imageCoverage: number;
  /**
   * Area of dark ink (glyphs, lines, dark parts of images) away from the text layer's boxes, when measured
   * (see {@link CoverageOptions.ink}): on a scan with a stamped header, the scanned text; on a page whose
   * image is a light background or a scan already under an OCR text layer, next to nothing.
   */
  inkArea?: number;
  /** `inkArea / pageArea`. */
  inkCoverage?: number;
}

export interface CoverageOptions {
  /**
   * Measure the images (from the operator list): always (`true`, the default), or only when the text
   * covers too little of the page for a verdict of `good` to be safe (`'auto'`: < 10%).
   */
  images?: boolean | 'auto';
  /**
   * Measure `inkArea` by rendering the page at 72 DPI: always (`true`), never (`false`), or only when it
   * can change the verdict, i.e. images cover ≥ 50% of the page and text < 10% (`'auto'`, the default;
   * ~50–150 ms for a scanned page).
   */
  ink?: boolean | 'auto';
  /** The page's text content when the caller already has it (saves a second `getTextContent`). */
  content?: Awaited<ReturnType<PdfPage['getTextContent']>>;
}

/** Cells per side of the grid on which box unions are measured (a cell of a Letter page is ~3 × 4 pt). */
const GRID = 200;

type Matrix = [number, number, number, number, number, number];

/**
 * Measures how much of a page is covered by text and by images, from the text content and the operator
 * list (the images' transforms; the operator list is what rendering uses, so a later render of the page
 * reuses it). Boxes are measured on a 200 × 200 grid over the page, so overlaps count once.
 */
export async function measurePageCoverage(
  page: PdfPage,
  options: CoverageOptions = {},
): Promise<PageCoverage> {
  const { Util } = await loadPdfjs();
  const viewport = page.getViewport({ scale: 1 });
  const pageArea = viewport.width * viewport.height;
  const base = viewport.transform as Matrix;

  const text = new CoverageGrid(viewport.width, viewport.height);
  const content = options.content ?? (await page.getTextContent());
  for (const item of content.items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = item.transform as number[];
    const along = Math.hypot(a, b) || 1;
    const up = Math.hypot(c, d) || 1;
    const height = item.height || up;
    // The run's box in user space: from the baseline origin, `width` along the text, `height` up.
    const box: Matrix = [
      (a / along) * item.width,
      (b / along) * item.width,
      (c / up) * height,
      (d / up) * height,
      e,
      f,
    ];
    text.addUnitSquare(Util.transform(base, box) as Matrix);
  }

  const images = new CoverageGrid(viewport.width, viewport.height);
  const imagesWanted = options.images ?? true;
  if (imagesWanted === true || (imagesWanted === 'auto' && text.share() < sparseMaxTextCoverage)) {
    for (const placement of await imagePlacements(page)) images.addUnitSquare(placement.transform);
  }
  const textArea = text.share() * pageArea;
  const imageArea = images.share() * pageArea;
  const coverage: PageCoverage = {
    pageArea,
    textArea,
    imageArea,
    textCoverage: pageArea > 0 ? textArea / pageArea : 0,
    imageCoverage: pageArea > 0 ? imageArea / pageArea : 0,
  };
  const ink = options.ink ?? 'auto';
  const wanted =
    ink === true ||
    (ink === 'auto' &&
      coverage.imageCoverage >= sparseMinImageCoverage &&
      coverage.textCoverage < sparseMaxTextCoverage);
  if (wanted && pageArea > 0) {
    coverage.inkArea = (await inkAwayFromText(page, text)) * pageArea;
    coverage.inkCoverage = coverage.inkArea / pageArea;
  }
  return coverage;
}

/** Luminance below which a pixel is ink (anti-aliased body text at 72 DPI stays below it). */
const INK_LUMINANCE = 140;

/** Share of the page's grid cells holding dark pixels, away from (one cell around) the text layer's boxes. */
async function inkAwayFromText(page: PdfPage, text: CoverageGrid): Promise<number> {
  const rendered = await renderPdfPage(page, { dpi: 72, maxPixels: 2_000_000 });
  const header = rendered.image.length - rendered.width * rendered.height;
  const ink = new CoverageGrid(rendered.width, rendered.height);
  for (let y = 0; y < rendered.height; y++) {
    for (let x = 0; x < rendered.width; x++) {
      if ((rendered.image[header + y * rendered.width + x] ?? 255) < INK_LUMINANCE) ink.paintPoint(x, y);
    }
  }
  return ink.shareOutside(text.dilated());
}

/** An image painted on a page: the unit square mapped by `transform` (page points, top-left origin), and its size in pixels when known. */
export interface ImagePlacement {
  transform: Matrix;
  pixelWidth?: number;
  pixelHeight?: number;
}

/**
 * Every image and image mask a page paints, from its operator list (the one rendering uses, so a later
 * render of the page does not build it again), with the transform in force: `save`/`restore`, `cm`, form
 * XObjects, transparency groups, annotations' appearances and pdf.js's grouped and repeated images.
 */
export async function imagePlacements(page: PdfPage): Promise<ImagePlacement[]> {
  const { OPS, Util } = await loadPdfjs();
  const base = page.getViewport({ scale: 1 }).transform as Matrix;
  const placements: ImagePlacement[] = [];
  const { fnArray, argsArray } = await page.getOperatorList();
  const stack: Matrix[] = [];
  let ctm: Matrix = base;
  const multiply = (m: ArrayLike<number>): Matrix =>
    Util.transform(ctm, [m[0] ?? 1, m[1] ?? 0, m[2] ?? 0, m[3] ?? 1, m[4] ?? 0, m[5] ?? 0]) as Matrix;
  const size = (image: unknown): Pick<ImagePlacement, 'pixelWidth' | 'pixelHeight'> => {
    const { width, height } = (image ?? {}) as { width?: unknown; height?: unknown };
    return typeof width === 'number' && typeof height === 'number'
      ? { pixelWidth: width, pixelHeight: height }
      : {};
  };
  for (let i = 0; i < fnArray.length; i++) {
    const args = (argsArray[i] ?? []) as unknown[];
    switch (fnArray[i]) {
      case OPS.save:
      case OPS.beginGroup:
        stack.push(ctm);
        break;
      case OPS.restore:
      case OPS.endGroup:
      case OPS.paintFormXObjectEnd:
      case OPS.endAnnotation:
        ctm = stack.pop() ?? base;
        break;
      case OPS.transform:
        ctm = multiply(args as number[]);
        break;
      case OPS.paintFormXObjectBegin:
        stack.push(ctm);
        if (isMatrix(args[0])) ctm = multiply(args[0]);
        break;
      case OPS.beginAnnotation:
        stack.push(ctm);
        ctm = base;
        if (isMatrix(args[2])) ctm = multiply(args[2]);
        if (isMatrix(args[3])) ctm = multiply(args[3]);
        break;
      case OPS.paintImageXObject: {
        const [, width, height] = args;
        placements.push({ transform: ctm, ...size({ width, height }) });
        break;
      }
      case OPS.paintInlineImageXObject:
      case OPS.paintImageMaskXObject:
        placements.push({ transform: ctm, ...size(args[0]) });
        break;
      case OPS.paintInlineImageXObjectGroup:
      case OPS.paintImageMaskXObjectGroup: {
        const entries = (fnArray[i] === OPS.paintImageMaskXObjectGroup ? args[0] : args[1]) as unknown;
        for (const entry of Array.isArray(entries) ? entries : []) {
          const transform = (entry as { transform?: unknown }).transform;
          if (isMatrix(transform)) placements.push({ transform: multiply(transform), ...size(entry) });
        }
        break;
      }
      case OPS.paintImageXObjectRepeat: {
        const [, scaleX, scaleY, positions] = args as [unknown, number, number, ArrayLike<number>];
        for (let p = 0; p + 1 < positions.length; p += 2) {
          const at = [scaleX, 0, 0, scaleY, positions[p] ?? 0, positions[p + 1] ?? 0];
          placements.push({ transform: multiply(at) });
        }
        break;
      }
      case OPS.paintImageMaskXObjectRepeat: {
        const [image, scaleX, skewX, skewY, scaleY, positions] = args as [
          unknown,
          number,
          number,
          number,
          number,
          ArrayLike<number>,
        ];
        for (let p = 0; p + 1 < positions.length; p += 2) {
          const at = [scaleX, skewX, skewY, scaleY, positions[p] ?? 0, positions[p + 1] ?? 0];
          placements.push({ transform: multiply(at), ...size(image) });
        }
        break;
      }
    }
  }
  return placements;
}

/**
 * The resolution to OCR a page at: the resolution of its largest image when that image covers at least
 * half of the page (a scan; clamped to {@link MIN_SCAN_OCR_DPI}–{@link MAX_SCAN_OCR_DPI}), else
 * {@link DEFAULT_OCR_DPI}.
 */
export async function suggestOcrDpi(page: PdfPage): Promise<number> {
  const viewport = page.getViewport({ scale: 1 });
  const pageArea = viewport.width * viewport.height;
  let best: { area: number; dpi: number } | null = null;
  for (const { transform: m, pixelWidth, pixelHeight } of await imagePlacements(page)) {
    const widthPt = Math.hypot(m[0], m[1]);
    const heightPt = Math.hypot(m[2], m[3]);
    const area = Math.abs(m[0] * m[3] - m[1] * m[2]);
    if (pixelWidth === undefined || pixelHeight === undefined || widthPt === 0 || heightPt === 0) continue;
    if (best !== null && area <= best.area) continue;
    best = { area, dpi: Math.min(pixelWidth / (widthPt / 72), pixelHeight / (heightPt / 72)) };
  }
  if (best === null || best.area < 0.5 * pageArea || !Number.isFinite(best.dpi)) return DEFAULT_OCR_DPI;
  return Math.round(Math.min(MAX_SCAN_OCR_DPI, Math.max(MIN_SCAN_OCR_DPI, best.dpi)));
}

function isMatrix(value: unknown): value is ArrayLike<number> {
  return (
    (Array.isArray(value) || ArrayBuffer.isView(value)) &&
    (value as ArrayLike<number>).length === 6 &&
    Array.from(value as ArrayLike<number>).every(Number.isFinite)
  );
}

/** A coarse raster of a page on which axis-aligned boxes are painted, to measure the area of their union. */
class CoverageGrid {
  private readonly cells = new Uint8Array(GRID * GRID);

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {}

  /** Paints the bounding box of the unit square mapped by `m` (page coordinates, top-left origin). */
  addUnitSquare(m: Matrix): void {
    if (!m.every(Number.isFinite) || this.width <= 0 || this.height <= 0) return;
    const xs = [m[4], m[0] + m[4], m[2] + m[4], m[0] + m[2] + m[4]];
    const ys = [m[5], m[1] + m[5], m[3] + m[5], m[1] + m[3] + m[5]];
    // Cells whose centre lies inside the box.
    const column = (x: number) => Math.round((x / this.width) * GRID);
    const row = (y: number) => Math.round((y / this.height) * GRID);
    const x0 = Math.max(0, column(Math.min(...xs)));
    const x1 = Math.min(GRID, column(Math.max(...xs)));
    const y0 = Math.max(0, row(Math.min(...ys)));
    const y1 = Math.min(GRID, row(Math.max(...ys)));
    for (let y = y0; y < y1; y++) this.cells.fill(1, y * GRID + x0, y * GRID + Math.max(x0, x1));
  }

  /** Paints the cell holding point `(x, y)`. */
  paintPoint(x: number, y: number): void {
    const column = Math.min(GRID - 1, Math.floor((x / this.width) * GRID));
    const row = Math.min(GRID - 1, Math.floor((y / this.height) * GRID));
    if (column >= 0 && row >= 0) this.cells[row * GRID + column] = 1;
  }

  /** Share of the page painted. */
  share(): number {
    let painted = 0;
    for (const cell of this.cells) painted += cell;
    return painted / this.cells.length;
  }

  /** Share of the page painted here but not in `mask`. */
  shareOutside(mask: CoverageGrid): number {
    let painted = 0;
    for (let i = 0; i < this.cells.length; i++) painted += (this.cells[i] ?? 0) & ((mask.cells[i] ?? 0) ^ 1);
    return painted / this.cells.length;
  }

  /** A copy grown by one cell in every direction. */
  dilated(): CoverageGrid {
    const grown = new CoverageGrid(this.width, this.height);
    for (let row = 0; row < GRID; row++) {
      for (let column = 0; column < GRID; column++) {
        if (this.cells[row * GRID + column] !== 1) continue;
        for (let dy = -1; dy <= 1; dy++) {
          const r = row + dy;
          if (r < 0 || r >= GRID) continue;
          grown.cells.fill(1, r * GRID + Math.max(0, column - 1), r * GRID + Math.min(GRID, column + 2));
        }
      }
    }
    return grown;
  }
}
