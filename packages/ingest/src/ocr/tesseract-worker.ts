import type { Worker as NodeWorker } from 'node:worker_threads';
import { createWorker, OEM, type Worker as TesseractWorker } from 'tesseract.js';
import { OcrError } from './ocr-error.ts';

const WORKER_START_TIMEOUT_MS = 60_000;

/** What a Tesseract worker is started for. */
export interface TesseractWorkerOptions {
  /** Tesseract language codes joined by `+` (`eng`, `eng+deu`), or `osd` for orientation detection. */
  languages: string;
  /** Folder of the `<code>.traineddata.gz` files. */
  langPath: string;
  /**
   * `lstm` (the default): text recognition with the LSTM engine and tesseract.js's LSTM-only core.
   * `legacy`: the core with the legacy engine, which orientation and script detection (`osd`) needs.
   */
  engine?: 'lstm' | 'legacy';
  /** Called with the share (0–1) of a recognition done. */
  onProgress?: (share: number) => void;
  /** Called once if the worker's thread crashes or exits. */
  onDeath: (error: OcrError) => void;
}

/** A started Tesseract worker and its thread (kept from holding the process open while idle). */
export interface StartedTesseractWorker {
  worker: TesseractWorker;
  thread: NodeWorker | undefined;
  /**
   * Settles once the thread has exited (its WebAssembly memory and heap given back). tesseract.js's
   * `terminate()` only asks the thread to stop; wait on this to know it is gone.
   */
  exited: Promise<void>;
}

/**
 * Starts a tesseract.js worker reading its language data from `langPath` only: no download, no cache
 * written. Throws `OcrError` `worker-failed` when it cannot start within 60 s or its data fails to load.
 */
export async function startTesseractWorker(options: TesseractWorkerOptions): Promise<StartedTesseractWorker> {
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  // tesseract.js swallows a failure to load the language data (its start never settles) but reports it
  // to `errorHandler`: until the worker is ready, that fails the start.
  let failStart: (reason: unknown) => void = () => {};
  const startFailure = new Promise<never>((_, reject) => {
    failStart = reject;
  });
  startFailure.catch(() => {});
  const legacy = options.engine === 'legacy';
  const creating = createWorker(options.languages, legacy ? OEM.TESSERACT_ONLY : OEM.LSTM_ONLY, {
    langPath: options.langPath,
    gzip: true,
    cacheMethod: 'none',
    ...(legacy ? { legacyCore: true, legacyLang: true } : {}),
    logger: (message) => {
      if (message.status === 'recognizing text') options.onProgress?.(message.progress);
    },
    // Without a handler tesseract.js rethrows a failed job's error inside its message listener.
    errorHandler: (error: unknown) => {
      if (!started) failStart(error);
    },
  });
  let worker: TesseractWorker;
  try {
    worker = await Promise.race([
      creating,
      startFailure,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no Tesseract worker after ${WORKER_START_TIMEOUT_MS / 1000} s`)),
          WORKER_START_TIMEOUT_MS,
        );
      }),
    ]);
    // Tesseract's warnings ("Estimating resolution…") would go to this process's stdout.
    await worker.setParameters({ debug_file: '/dev/null' });
    started = true;
  } catch (error) {
    void creating.then(
      (created) => created.terminate(),
      () => {},
    );
    throw new OcrError('worker-failed', `a Tesseract worker could not start: ${describe(error)}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
  // tesseract.js listens to neither `error` nor `exit` of its thread: a crash would leave jobs hanging.
  const thread = (worker as unknown as { worker?: NodeWorker }).worker;
  const exited =
    thread === undefined
      ? Promise.resolve()
      : new Promise<void>((resolve) => thread.once('exit', () => resolve()));
  thread?.on('error', (error) => {
    options.onDeath(
      new OcrError('recognize-failed', `the Tesseract worker crashed: ${describe(error)}`, { cause: error }),
    );
  });
  thread?.on('exit', (code) =>
    options.onDeath(new OcrError('recognize-failed', `the Tesseract worker exited (${code})`)),
  );
  thread?.unref();
  return { worker, thread, exited };
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
