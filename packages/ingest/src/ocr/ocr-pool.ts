import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Worker as NodeWorker } from 'node:worker_threads';
import { gunzip } from 'node:zlib';
import type { Worker as TesseractWorker } from 'tesseract.js';
import { type ImageInfo, sniffImage } from './image-format.ts';
import { OcrError } from './ocr-error.ts';
import { assembleOcrText, type OcrBox, type OcrWord, type TesseractBlocks } from './ocr-text.ts';
import {
  needsOrientationCheck,
  ORIENTATION_CHECK_BELOW_CONFIDENCE,
  type OrientationGuess,
  orientationOf,
  osdLangPath,
  type Rotation,
  type TesseractDetection,
  unturnBox,
} from './orientation.ts';
import { getPdfPage, openPdf, type PdfDocument } from './pdfjs.ts';
import { MAX_OCR_PIXELS, type RenderedPage, type RenderOptions, renderPdfPage, turnImage } from './render.ts';
import { describe, startTesseractWorker } from './tesseract-worker.ts';

/** Default number of Tesseract workers: one per core, at most two (each holds ~60–80 MB and a core). */
export const DEFAULT_OCR_POOL_SIZE = Math.max(1, Math.min(2, availableParallelism()));
/** A recognition that takes longer than this (default) is abandoned and its worker replaced. */
export const DEFAULT_OCR_JOB_TIMEOUT_MS = 120_000;
/** An idle worker is stopped after this long (default), giving its memory back; the next job starts a new one. */
export const DEFAULT_OCR_IDLE_TIMEOUT_MS = 30_000;
/**
 * A worker is replaced after this many jobs (default; recognitions and orientation detections). Tesseract
 * runs in WebAssembly, whose memory grows to the largest need seen and never shrinks, and the worker
 * threads' heaps keep what they once held: replacing the worker gives its memory back. Measured over 230
 * pages read in a row (docs/ocr.md, Memory): the recognition and detection workers' WebAssembly memories
 * grew to ~70 MB each and stayed. Starting the two costs ~1–1.4 s each on a loaded 2-core machine, once
 * per 40 jobs (a page is one job, two or three when its orientation is checked).
 */
export const DEFAULT_OCR_RECYCLE_AFTER_JOBS = 40;
/**
 * A worker that has read an image of more pixels than this (default: the rendering cap, so never after a
 * rendered PDF page) is replaced at once: its WebAssembly memory grew to fit that image and would stay.
 */
export const DEFAULT_OCR_RECYCLE_ABOVE_PIXELS = MAX_OCR_PIXELS;

/**
 * Folder holding `eng.traineddata.gz` from the installed npm package `@tesseract.js-data/eng`: its
 * LSTM-only model (`4.0.0_best_int`, 2.9 MB, what tesseract.js itself uses with `OEM.LSTM_ONLY`) when
 * present, else the package's default folder (LSTM + legacy model, 10.9 MB). Nothing is downloaded.
 */
export function englishLangPath(): string {
  const { langPath } = createRequire(import.meta.url)('@tesseract.js-data/eng') as { langPath: string };
  const lstmOnly = path.join(path.dirname(langPath), '4.0.0_best_int');
  return existsSync(path.join(lstmOnly, 'eng.traineddata.gz')) ? lstmOnly : langPath;
}

export interface OcrPoolOptions {
  /** Number of Tesseract workers (default {@link DEFAULT_OCR_POOL_SIZE}), created when first needed. */
  size?: number;
  /**
   * Tesseract language codes (default `['eng']`), each from an installed `@tesseract.js-data/<code>`
   * package (see {@link languageDataPath}).
   */
  languages?: readonly string[];
  /** Folder of the `<code>.traineddata.gz` files (default: {@link languageDataPath} of `languages`). */
  langPath?: string;
  /** Per-recognition time limit (default {@link DEFAULT_OCR_JOB_TIMEOUT_MS}). */
  jobTimeoutMs?: number;
  /** Idle time after which a worker is stopped (default {@link DEFAULT_OCR_IDLE_TIMEOUT_MS}; `Infinity`: never). */
  idleTimeoutMs?: number;
  /** Folder of `osd.traineddata.gz` (default: the installed `@tesseract.js-data/osd`, see {@link osdLangPath}). */
  osdLangPath?: string;
  /**
   * Replace a worker (and its orientation-detection worker) after this many jobs (default
   * {@link DEFAULT_OCR_RECYCLE_AFTER_JOBS}; `Infinity`: never). Results do not change: each job is read
   * alone, with the same parameters, by whichever worker.
   */
  recycleAfterJobs?: number;
  /**
   * Replace a worker at once after an image of more pixels than this (default
   * {@link DEFAULT_OCR_RECYCLE_ABOVE_PIXELS}).
   */
  recycleAbovePixels?: number;
}

export interface RecognizeOptions {
  /** Resolution of the image, when known (helps Tesseract's size heuristics). */
  dpi?: number;
  /** Called with the share (0–1) of the recognition done. */
  onProgress?: (share: number) => void;
  /** Aborting rejects with `OcrError` `terminated` (a running recognition's worker is replaced). */
  signal?: AbortSignal;
}

/** Options of {@link OcrPool.ocrPdfPage}: how to render the page and how to recognize it. */
export type OcrPdfPageOptions = Omit<RenderOptions, 'rotation'> &
  Omit<RecognizeOptions, 'dpi'> & {
    /**
     * Turn a page upright before reading it (default true): a page whose upright reading is poor (words
     * at a mean confidence below {@link ORIENTATION_CHECK_BELOW_CONFIDENCE}) is checked with Tesseract's
     * orientation detection and, when it is turned, read again turned upright; the better reading is kept.
     */
    orientation?: boolean;
  };

/** Options of {@link OcrPool.ocrPdfPages}; `onProgress` reports finished pages. */
export type OcrPdfPagesOptions = RenderOptions &
  Omit<RecognizeOptions, 'dpi' | 'onProgress'> & { onProgress?: (progress: OcrPagesProgress) => void };

/** What Tesseract read in an image. Word boxes are in image pixels. */
export interface OcrRecognition {
  text: string;
  /** Mean word confidence, 0–100. */
  confidence: number;
  words: OcrWord[];
  /** Time a worker spent recognizing (including its start when it was created for this job). */
  recognizeMs: number;
  /** Time the job waited in the queue for a free worker. */
  waitMs: number;
}

/**
 * One PDF page read by OCR. Word boxes are in PDF points, top-left origin, the page's rotation applied
 * (as pdfPageLayout's boxes): on the page as a viewer draws it, whichever way it was read.
 */
export interface OcrPage {
  page: number;
  source: 'ocr';
  text: string;
  confidence: number;
  words: OcrWord[];
  /** Page size in PDF points. */
  width: number;
  height: number;
  /** Resolution the page was rendered at. */
  dpi: number;
  /** The clockwise turn under which the page was read (0: as drawn). */
  rotation: Rotation;
  /** Tesseract's orientation guess, when the page was checked (its upright reading was poor). */
  orientation?: OrientationGuess | null;
  /** Time spent rendering, recognizing (every attempt, orientation detection included) and waiting. */
  renderMs: number;
  recognizeMs: number;
  waitMs: number;
}

/** A page {@link OcrPool.ocrPdfPages} could not read. */
export interface OcrPageFailure {
  page: number;
  error: OcrError;
}

/** Progress of {@link OcrPool.ocrPdfPages}: called once per finished page (read or failed). */
export interface OcrPagesProgress {
  page: number;
  done: number;
  total: number;
}

/** A standalone image read by OCR, as a one-page document. Word boxes are in image pixels. */
export interface OcrImage extends ImageInfo {
  text: string;
  confidence: number;
  words: OcrWord[];
  /** The clockwise turn under which the image was read (0: as it is); boxes are on the image as it is. */
  rotation: Rotation;
  /** Tesseract's orientation guess, when the image was checked (its reading as it is was poor). */
  orientation?: OrientationGuess | null;
  recognizeMs: number;
  waitMs: number;
}

/** Options of {@link OcrPool.ocrImageFile}. */
export type OcrImageOptions = RecognizeOptions & Pick<OcrPdfPageOptions, 'orientation'>;

type Job = {
  image: Uint8Array;
  options: RecognizeOptions;
  enqueuedAt: number;
  reject: (error: OcrError) => void;
} & (
  | { kind: 'recognize'; resolve: (recognition: OcrRecognition) => void }
  | { kind: 'detect'; resolve: (guess: OrientationGuess | null) => void }
);

interface Slot {
  worker: TesseractWorker | null;
  /** The worker's thread: kept from holding the process open while idle. */
  thread: NodeWorker | undefined;
  /** Settles when the worker's thread has exited. */
  exited: Promise<void>;
  /** The slot's orientation-detection worker (legacy engine), started on its first detection. */
  osd: { worker: TesseractWorker; thread: NodeWorker | undefined; exited: Promise<void>; dpi: string } | null;
  job: Job | null;
  /** Jobs run so far, and whether one was an image above the pool's pixel limit: when to replace the slot. */
  jobs: number;
  large: boolean;
  dpi: string;
  /** True once the worker thread died or was stopped; `death` then rejects. */
  dead: boolean;
  death: Promise<never>;
  kill: (error: OcrError) => void;
  idleTimer: NodeJS.Timeout | undefined;
}

/**
 * A bounded pool of tesseract.js workers (worker threads running Tesseract's WebAssembly build) reading
 * English offline: the language data comes from the installed `@tesseract.js-data/eng` package, with
 * no cache written and no network request. Workers are created on first use; jobs beyond the pool's
 * size wait in a queue. Errors are `OcrError`s. Call {@link terminate} when done.
 */
export class OcrPool {
  readonly size: number;
  private readonly langPath: string;
  private readonly languages: readonly string[];
  private readonly jobTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private starting = 0;
  /** Slots being stopped: counted against `size` until their threads have exited. */
  private stopping = 0;
  private started = 0;
  private readonly recycleAfterJobs: number;
  private readonly recycleAbovePixels: number;
  private closed = false;
  private dataCheck: Promise<void> | undefined;
  private readonly osdLangPathOption: string | undefined;
  private osdDataCheck: Promise<void> | undefined;

  constructor(options: OcrPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? DEFAULT_OCR_POOL_SIZE));
    this.languages = options.languages?.length ? options.languages : ['eng'];
    this.langPath = options.langPath ?? languageDataPath(this.languages);
    this.jobTimeoutMs = options.jobTimeoutMs ?? DEFAULT_OCR_JOB_TIMEOUT_MS;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_OCR_IDLE_TIMEOUT_MS;
    this.osdLangPathOption = options.osdLangPath;
    this.recycleAfterJobs = Math.max(1, options.recycleAfterJobs ?? DEFAULT_OCR_RECYCLE_AFTER_JOBS);
    this.recycleAbovePixels = options.recycleAbovePixels ?? DEFAULT_OCR_RECYCLE_ABOVE_PIXELS;
  }

  /** Workers currently alive (started, idle or busy). */
  get workerCount(): number {
    return this.slots.length;
  }

  /** Recognition workers started since the pool was created (replacements included). */
  get workersStarted(): number {
    return this.started;
  }

  /**
   * Reads the text of an encoded image (PNG, JPEG, TIFF, BMP, WebP or PNM bytes). The text joins words
   * with spaces, lines with newlines and paragraphs with blank lines; each word has its offsets in it.
   */
  recognize(image: Uint8Array, options: RecognizeOptions = {}): Promise<OcrRecognition> {
    return new Promise<OcrRecognition>((resolve, reject) => {
      this.enqueue({ kind: 'recognize', image, options, enqueuedAt: performance.now(), resolve, reject });
    });
  }

  /**
   * Tesseract's guess of how an encoded image of a page is turned (orientation and script detection,
   * with the data of the installed `@tesseract.js-data/osd` package, run by a second worker of the same
   * slot, so the pool still reads at most `size` images at once). Null when it finds no orientation.
   */
  detectOrientation(
    image: Uint8Array,
    options: Pick<RecognizeOptions, 'dpi' | 'signal'> = {},
  ): Promise<OrientationGuess | null> {
    return new Promise<OrientationGuess | null>((resolve, reject) => {
      this.enqueue({ kind: 'detect', image, options, enqueuedAt: performance.now(), resolve, reject });
    });
  }

  /**
   * Renders page `pageNumber` (1-based) of a PDF (bytes, or a document opened with pdfjs.ts's `openPdf`)
   * and reads it. Word boxes are converted to PDF points.
   */
  async ocrPdfPage(
    source: Uint8Array | PdfDocument,
    pageNumber: number,
    options: OcrPdfPageOptions = {},
  ): Promise<OcrPage> {
    const opened = source instanceof Uint8Array ? await openPdf(source) : null;
    try {
      return await this.renderAndRead(opened?.pdf ?? (source as PdfDocument), pageNumber, options);
    } finally {
      await opened?.close();
    }
  }

  /**
   * Reads several pages of a PDF: pages are rendered one at a time on this thread, a little ahead of
   * the workers (at most `size + 1` rendered pages wait), and recognized in parallel. Returns one
   * result per page, in the order asked; a page that fails is an {@link OcrPageFailure}, the others
   * still get read. `onProgress` is called as each page finishes.
   */
  async ocrPdfPages(
    source: Uint8Array | PdfDocument,
    pageNumbers: readonly number[],
    options: OcrPdfPagesOptions = {},
  ): Promise<(OcrPage | OcrPageFailure)[]> {
    const opened = source instanceof Uint8Array ? await openPdf(source) : null;
    const pdf = opened?.pdf ?? (source as PdfDocument);
    const { onProgress, ...renderAndRecognize } = options;
    let done = 0;
    const finish = (result: OcrPage | OcrPageFailure): OcrPage | OcrPageFailure => {
      done++;
      onProgress?.({ page: result.page, done, total: pageNumbers.length });
      return result;
    };
    const inFlight = new Set<Promise<unknown>>();
    const results: Promise<OcrPage | OcrPageFailure>[] = [];
    try {
      for (const pageNumber of pageNumbers) {
        while (inFlight.size > this.size) await Promise.race(inFlight);
        const result = this.renderAndRead(pdf, pageNumber, renderAndRecognize).then(
          finish,
          (error: unknown) => finish({ page: pageNumber, error: asOcrError(error, 'render-failed') }),
        );
        inFlight.add(result);
        void result.then(() => inFlight.delete(result));
        results.push(result);
      }
      return await Promise.all(results);
    } finally {
      await Promise.allSettled(results);
      await opened?.close();
    }
  }

  /**
   * Reads a standalone image (PNG, JPEG or TIFF; BMP, WebP and PNM too) as a one-page document. A
   * multi-page TIFF is read from its first page. Throws `OcrError` `unsupported-image` for other bytes.
   */
  async ocrImageFile(bytes: Uint8Array, options: OcrImageOptions = {}): Promise<OcrImage> {
    const info = sniffImage(bytes);
    if (info === null)
      throw new OcrError('unsupported-image', 'not a PNG, JPEG, TIFF, BMP, WebP or PNM image');
    const { orientation: checkOrientation = true, ...recognizeOptions } = options;
    const asIs: OcrImage = { ...info, ...(await this.recognize(bytes, recognizeOptions)), rotation: 0 };
    if (!checkOrientation || !needsOrientationCheck(asIs)) return asIs;
    const guess = await this.detectOrientation(bytes, options).catch(ignoreUnlessTerminated);
    const checked = { ...asIs, orientation: guess };
    if (guess === null || guess.rotation === 0) return checked;
    // Formats the canvas cannot decode (TIFF, PNM) are read only as they are.
    const turned = await turnImage(bytes, guess.rotation).catch(() => null);
    if (turned === null) return checked;
    const recognition = await this.recognize(turned.image, recognizeOptions);
    const times = {
      recognizeMs: checked.recognizeMs + recognition.recognizeMs,
      waitMs: checked.waitMs + recognition.waitMs,
    };
    if (recognition.confidence <= checked.confidence) return { ...checked, ...times };
    const words = recognition.words.map((word) => ({
      ...word,
      box: unturnBox(word.box, guess.rotation, turned.width, turned.height),
    }));
    return {
      ...checked,
      ...recognition,
      ...times,
      words,
      width: turned.width,
      height: turned.height,
      rotation: guess.rotation,
    };
  }

  private enqueue(job: Job): void {
    if (this.closed) {
      job.reject(new OcrError('terminated', 'the OCR pool is terminated'));
      return;
    }
    if (job.options.signal?.aborted) {
      job.reject(new OcrError('terminated', 'the recognition was aborted'));
      return;
    }
    job.options.signal?.addEventListener('abort', () => this.abort(job), { once: true });
    this.queue.push(job);
    this.pump();
  }

  /** Stops every worker; queued and running jobs reject with `OcrError` `terminated`. */
  async terminate(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0))
      job.reject(new OcrError('terminated', 'the OCR pool was terminated'));
    await Promise.all(
      this.slots
        .splice(0)
        .map((slot) => this.stop(slot, new OcrError('terminated', 'the OCR pool was terminated'))),
    );
  }

  /**
   * Renders and reads a page as it is drawn; a poor reading (a page scanned sideways or upside down
   * reads as fragments of glyphs) is followed by orientation detection and, when the page is turned, a
   * reading of the page turned upright. The reading with the higher mean confidence is kept.
   */
  private async renderAndRead(
    pdf: PdfDocument,
    pageNumber: number,
    options: OcrPdfPageOptions,
  ): Promise<OcrPage> {
    const { orientation: checkOrientation = true, ...rest } = options;
    const asDrawn = await this.renderAndRecognize(pdf, pageNumber, rest, 0);
    if (!checkOrientation || !needsOrientationCheck(asDrawn.page)) return asDrawn.page;
    const started = performance.now();
    const guess = await this.detectOrientation(asDrawn.image, {
      dpi: asDrawn.page.dpi,
      signal: rest.signal,
    }).catch(ignoreUnlessTerminated);
    const detectMs = performance.now() - started;
    const checked = { ...asDrawn.page, orientation: guess, recognizeMs: asDrawn.page.recognizeMs + detectMs };
    if (guess === null || guess.rotation === 0) return checked;
    const turned = (await this.renderAndRecognize(pdf, pageNumber, rest, guess.rotation)).page;
    const best = turned.confidence > checked.confidence ? turned : checked;
    return {
      ...best,
      orientation: guess,
      renderMs: checked.renderMs + turned.renderMs,
      recognizeMs: checked.recognizeMs + turned.recognizeMs,
      waitMs: checked.waitMs + turned.waitMs,
    };
  }

  private async renderAndRecognize(
    pdf: PdfDocument,
    pageNumber: number,
    options: Omit<OcrPdfPageOptions, 'orientation'>,
    rotation: Rotation,
  ): Promise<{ page: OcrPage; image: Uint8Array }> {
    const page = await getPdfPage(pdf, pageNumber);
    let rendered: Awaited<ReturnType<typeof renderPdfPage>>;
    try {
      rendered = await renderPdfPage(page, { ...options, rotation });
    } finally {
      page.cleanup();
    }
    const recognition = await this.recognize(rendered.image, { ...options, dpi: rendered.dpi });
    return { page: ocrPageFromRecognition(pageNumber, rendered, recognition), image: rendered.image };
  }

  /** Gives queued jobs to idle workers and starts workers (up to `size`) for the rest. */
  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (slot.worker !== null && slot.job === null) void this.run(slot, this.queue.shift() as Job);
    }
    while (
      this.queue.length > this.starting &&
      this.slots.length + this.starting + this.stopping < this.size
    ) {
      void this.startWorker();
    }
  }

  private async startWorker(): Promise<void> {
    this.starting++;
    let slot: Slot | null = null;
    try {
      slot = await this.createSlot();
    } catch (error) {
      // Without any worker, nothing queued can run: fail it rather than wait forever.
      if (this.slots.length === 0) {
        for (const job of this.queue.splice(0)) job.reject(asOcrError(error, 'worker-failed'));
      }
    } finally {
      this.starting--;
    }
    if (slot === null) return;
    if (this.closed) {
      await this.stop(slot, new OcrError('terminated', 'the OCR pool was terminated'));
      return;
    }
    this.slots.push(slot);
    this.idle(slot);
    this.pump();
  }

  private async createSlot(): Promise<Slot> {
    this.dataCheck ??= checkLanguageData(this.langPath, this.languages);
    await this.dataCheck;
    let kill: (error: OcrError) => void = () => {};
    const death = new Promise<never>((_, reject) => {
      kill = reject;
    });
    death.catch(() => {});
    const slot: Slot = {
      worker: null,
      thread: undefined,
      exited: Promise.resolve(),
      osd: null,
      job: null,
      jobs: 0,
      large: false,
      dpi: '',
      dead: false,
      death,
      kill: (error) => {
        slot.dead = true;
        kill(error);
      },
      idleTimer: undefined,
    };
    const { worker, thread, exited } = await startTesseractWorker({
      languages: this.languages.join('+'),
      langPath: this.langPath,
      onProgress: (share) => slot.job?.options.onProgress?.(share),
      onDeath: (error) => slot.kill(error),
    });
    this.started++;
    slot.worker = worker;
    slot.thread = thread;
    slot.exited = exited;
    return slot;
  }

  /** The slot's orientation-detection worker, started on first use (it dies with the slot). */
  private async osdWorker(slot: Slot): Promise<NonNullable<Slot['osd']>> {
    if (slot.osd !== null) return slot.osd;
    const langPath = this.osdLangPathOption ?? osdLangPath();
    this.osdDataCheck ??= checkLanguageData(langPath, ['osd']);
    await this.osdDataCheck;
    const started = await startTesseractWorker({
      languages: 'osd',
      langPath,
      engine: 'legacy',
      onDeath: (error) => slot.kill(error),
    });
    if (slot.dead) {
      await started.worker.terminate().catch(() => {});
      throw new OcrError('terminated', 'the OCR worker was stopped');
    }
    slot.osd = { ...started, dpi: '' };
    return slot.osd;
  }

  private async run(slot: Slot, job: Job): Promise<void> {
    slot.job = job;
    slot.jobs++;
    const { width, height } = sniffImage(job.image) ?? { width: 0, height: 0 };
    if (width * height > this.recycleAbovePixels) slot.large = true;
    clearTimeout(slot.idleTimer);
    slot.thread?.ref();
    slot.osd?.thread?.ref();
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    try {
      const worker = slot.worker as TesseractWorker;
      const dpi = job.options.dpi === undefined ? '' : String(Math.round(job.options.dpi));
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          reject(
            new OcrError('recognize-failed', `recognition took longer than ${this.jobTimeoutMs / 1000} s`),
          );
        }, this.jobTimeoutMs);
      });
      if (job.kind === 'detect') {
        const guess = await Promise.race([this.detectIn(slot, job.image, dpi), slot.death, timeout]);
        slot.job = null;
        job.resolve(guess);
        return;
      }
      if (dpi !== slot.dpi) {
        await Promise.race([worker.setParameters({ user_defined_dpi: dpi || '0' }), slot.death, timeout]);
        slot.dpi = dpi;
      }
      const result = await Promise.race([
        worker.recognize(
          Buffer.from(job.image.buffer, job.image.byteOffset, job.image.byteLength),
          {},
          {
            text: false,
            blocks: true,
          },
        ),
        slot.death,
        timeout,
      ]);
      const assembled = assembleOcrText(result.data.blocks as TesseractBlocks[] | null);
      slot.job = null;
      job.resolve({
        ...assembled,
        recognizeMs: performance.now() - started,
        waitMs: started - job.enqueuedAt,
      });
    } catch (error) {
      const failure = asOcrError(error, 'recognize-failed');
      slot.job = null;
      job.reject(failure);
      // A crashed, stopped or stuck worker is replaced; after a plain decoding error it carries on.
      if (slot.dead || timedOut) await this.retire(slot, failure);
    } finally {
      clearTimeout(timer);
      if (!slot.dead) {
        if (slot.large || slot.jobs >= this.recycleAfterJobs)
          await this.retire(slot, new OcrError('terminated', 'worker replaced (memory bound)'));
        else this.idle(slot);
      }
      this.pump();
    }
  }

  private async detectIn(slot: Slot, image: Uint8Array, dpi: string): Promise<OrientationGuess | null> {
    const osd = await this.osdWorker(slot);
    if (dpi !== osd.dpi) {
      await osd.worker.setParameters({ user_defined_dpi: dpi || '0' });
      osd.dpi = dpi;
    }
    const { data } = await osd.worker.detect(Buffer.from(image.buffer, image.byteOffset, image.byteLength));
    return orientationOf(data as TesseractDetection);
  }

  /** Lets an idle worker's thread not hold the process open, and stops it after the idle timeout. */
  private idle(slot: Slot): void {
    slot.thread?.unref();
    slot.osd?.thread?.unref();
    clearTimeout(slot.idleTimer);
    if (!Number.isFinite(this.idleTimeoutMs)) return;
    slot.idleTimer = setTimeout(() => {
      if (slot.job === null && !slot.dead)
        void this.retire(slot, new OcrError('terminated', 'idle worker stopped'));
    }, this.idleTimeoutMs);
    slot.idleTimer.unref();
  }

  private abort(job: Job): void {
    const error = new OcrError('terminated', 'the recognition was aborted');
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      job.reject(error);
      return;
    }
    const slot = this.slots.find((candidate) => candidate.job === job);
    if (slot !== undefined) void this.retire(slot, error);
  }

  /** Stops a slot and lets a new one start (when jobs wait) once its threads have exited. */
  private async retire(slot: Slot, error: OcrError): Promise<void> {
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    this.stopping++;
    try {
      await this.stop(slot, error);
    } finally {
      this.stopping--;
    }
    this.pump();
  }

  private async stop(slot: Slot, error: OcrError): Promise<void> {
    clearTimeout(slot.idleTimer);
    slot.kill(error);
    slot.job?.reject(error);
    slot.job = null;
    const worker = slot.worker;
    const osd = slot.osd;
    slot.worker = null;
    slot.osd = null;
    await Promise.all([worker?.terminate().catch(() => {}), osd?.worker.terminate().catch(() => {})]);
    // Until the threads have exited, their memory is still held: a replacement would add to it.
    const exited = Promise.all([worker === null ? undefined : slot.exited, osd?.exited]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      exited,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, THREAD_EXIT_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }
}

/**
 * An {@link OcrPage} from a page rendered by `renderPdfPage` (possibly in another thread: only these
 * fields are needed) and what {@link OcrPool.recognize} read in its image: word boxes go from image
 * pixels to PDF points.
 */
export function ocrPageFromRecognition(
  pageNumber: number,
  rendered: Pick<RenderedPage, 'scale' | 'dpi' | 'pageWidth' | 'pageHeight' | 'renderMs'> &
    Partial<Pick<RenderedPage, 'rotation'>>,
  recognition: OcrRecognition,
): OcrPage {
  const rotation = rendered.rotation ?? 0;
  const toPoints = (box: OcrBox): OcrBox =>
    unturnBox(
      {
        x: box.x / rendered.scale,
        y: box.y / rendered.scale,
        width: box.width / rendered.scale,
        height: box.height / rendered.scale,
      },
      rotation,
      rendered.pageWidth,
      rendered.pageHeight,
    );
  return {
    page: pageNumber,
    source: 'ocr',
    text: recognition.text,
    confidence: recognition.confidence,
    words: recognition.words.map((word) => ({ ...word, box: toPoints(word.box) })),
    width: rendered.pageWidth,
    height: rendered.pageHeight,
    dpi: rendered.dpi,
    rotation,
    renderMs: rendered.renderMs,
    recognizeMs: recognition.recognizeMs,
    waitMs: recognition.waitMs,
  };
}

/**
 * Checks once that `eng.traineddata.gz` exists and decompresses: a tesseract.js worker that fails to
 * load its data never settles, keeps its thread (which the caller cannot reach) and later throws in this
 * process, so bad data must be refused before a worker is started.
 */
async function checkLanguageData(langPath: string, languages: readonly string[]): Promise<void> {
  for (const code of languages) {
    const file = path.join(langPath, `${code}.traineddata.gz`);
    try {
      const data = await promisify(gunzip)(await readFile(file));
      if (data.length < 1_000_000) throw new Error(`only ${data.length} bytes`);
    } catch (error) {
      throw new OcrError(
        'worker-failed',
        `no usable "${code}" language data at ${file}: ${describe(error)}`,
        {
          cause: error,
        },
      );
    }
  }
}

/** How long a stopped worker's thread is waited for before a replacement may start anyway. */
const THREAD_EXIT_WAIT_MS = 5_000;

const LANGUAGE_CODE = /^[a-z]{3}(?:_[a-z]+)?$/;

/** The folder of `<code>.traineddata.gz` in the installed package `@tesseract.js-data/<code>`. */
export function languagePackagePath(code: string): string {
  if (!LANGUAGE_CODE.test(code)) {
    throw new OcrError('worker-failed', `"${code}" is not a Tesseract language code (such as eng, deu, fra)`);
  }
  if (code === 'eng') return englishLangPath();
  try {
    const { langPath } = createRequire(import.meta.url)(`@tesseract.js-data/${code}`) as { langPath: string };
    return langPath;
  } catch (error) {
    throw new OcrError(
      'worker-failed',
      `no OCR data for "${code}": install the npm package @tesseract.js-data/${code}`,
      { cause: error },
    );
  }
}

/**
 * One folder holding the data of every language in `languages` (tesseract.js reads all from one
 * folder): the package folder itself for a single language, else a folder of symbolic links under the
 * system's temporary folder, named by the languages. Throws `OcrError` for a language not installed.
 */
export function languageDataPath(languages: readonly string[]): string {
  const folders = languages.map((code) => ({ code, dir: languagePackagePath(code) }));
  const [only] = folders;
  if (only !== undefined && folders.length === 1) return only.dir;
  const combined = path.join(tmpdir(), `quire-tessdata-${process.getuid?.() ?? 'user'}`, languages.join('+'));
  mkdirSync(combined, { recursive: true });
  for (const { code, dir } of folders) {
    const link = path.join(combined, `${code}.traineddata.gz`);
    rmSync(link, { force: true });
    symlinkSync(path.join(dir, `${code}.traineddata.gz`), link);
  }
  return combined;
}

/** Without orientation detection (e.g. its data is missing) a page keeps the reading it has. */
function ignoreUnlessTerminated(error: unknown): null {
  if (error instanceof OcrError && error.code === 'terminated') throw error;
  return null;
}

function asOcrError(error: unknown, code: OcrError['code']): OcrError {
  if (error instanceof OcrError) return error;
  return new OcrError(code, describe(error), { cause: error });
}
