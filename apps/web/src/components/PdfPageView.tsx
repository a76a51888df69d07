import type { PDFDocumentLoadingTask, PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { createEffect, createMemo, createSignal, For, type JSX, onCleanup, onMount, Show } from 'solid-js';
import { PDFJS_DATA } from '../lib/api.ts';
import { messageOf } from '../lib/format.ts';
import type { Rect } from '../lib/highlight.ts';

type Pdfjs = typeof import('pdfjs-dist');

let loadingPdfjs: Promise<Pdfjs> | null = null;

/** pdf.js, loaded on first use (it is large) with its worker from this server's own assets. */
function loadPdfjs(): Promise<Pdfjs> {
  loadingPdfjs ??= import('pdfjs-dist').then(
    (pdfjs) => {
      pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
      return pdfjs;
    },
    (error: unknown) => {
      loadingPdfjs = null;
      throw error;
    },
  );
  return loadingPdfjs;
}

/** A pdf.js failure in plain words. */
function pdfProblem(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'InvalidPDFException') return 'The file is not a readable PDF (it may be damaged).';
  if (name === 'PasswordException') return 'The PDF is password-protected, so it cannot be shown.';
  if (name === 'MissingPDFException' || name === 'ResponseException') {
    return 'The file could not be fetched from the Quire server: it may have been moved or deleted.';
  }
  return `The page could not be drawn: ${messageOf(error)}`;
}

/** Waits this long after the last size change before drawing the page again. */
const RESIZE_DELAY_MS = 120;

/**
 * One page of a PDF drawn with pdf.js on a canvas (`data-testid="pdf-canvas"`, `data-rendered="true"`
 * once drawn) scaled to the width available (sharp on high-density screens), with `highlights` (in
 * PDF points at scale 1, top-left origin) drawn over it as `data-testid="highlight"` boxes; the first
 * is scrolled into view once the page is drawn.
 */
export function PdfPageView(props: {
  url: string;
  page: number;
  highlights: readonly Rect[];
  onPageCount?: (count: number) => void;
}): JSX.Element {
  let frame!: HTMLDivElement;
  let canvas!: HTMLCanvasElement;
  const [pdf, setPdf] = createSignal<PDFDocumentProxy | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [width, setWidth] = createSignal(0);
  const [size, setSize] = createSignal<{ width: number; height: number; scale: number } | null>(null);
  const [rendered, setRendered] = createSignal(false);

  onMount(() => {
    const measure = () => setWidth(Math.floor(frame.clientWidth));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new ResizeObserver(() => {
      clearTimeout(timer);
      // the first measurement may have been taken before the layout settled
      timer = setTimeout(measure, width() > 0 ? RESIZE_DELAY_MS : 0);
    });
    observer.observe(frame);
    onCleanup(() => {
      observer.disconnect();
      clearTimeout(timer);
    });
  });

  // Open the document (again when the file changes); close it when done.
  const url = createMemo(() => props.url);
  createEffect(() => {
    const current = url();
    let disposed = false;
    let task: PDFDocumentLoadingTask | null = null;
    setPdf(null);
    setError(null);
    setRendered(false);
    loadPdfjs()
      .then((pdfjs) => {
        if (disposed) return null;
        task = pdfjs.getDocument({
          url: current,
          standardFontDataUrl: `${PDFJS_DATA}/standard_fonts/`,
          cMapUrl: `${PDFJS_DATA}/cmaps/`,
          cMapPacked: true,
          isEvalSupported: false,
          enableXfa: false,
        });
        return task.promise;
      })
      .then((doc) => {
        if (disposed || !doc) return;
        setPdf(doc);
        props.onPageCount?.(doc.numPages);
      })
      .catch((problem: unknown) => {
        if (!disposed) setError(pdfProblem(problem));
      });
    onCleanup(() => {
      disposed = true;
      void task?.destroy();
    });
  });

  // Draw the page whenever the document, the page or the width changes.
  createEffect(() => {
    const doc = pdf();
    const pageNumber = props.page;
    const available = width();
    setRendered(false);
    if (!doc || available <= 0) return;
    let cancelled = false;
    let task: RenderTask | null = null;
    (async () => {
      const page = await doc.getPage(Math.min(Math.max(pageNumber, 1), doc.numPages));
      if (cancelled) return;
      const base = page.getViewport({ scale: 1 });
      const scale = available / base.width;
      const viewport = page.getViewport({ scale });
      const ratio = Math.min(window.devicePixelRatio || 1, 4);
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      setSize({ width: viewport.width, height: viewport.height, scale });
      task = page.render({
        canvas,
        viewport,
        transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
      });
      await task.promise;
      if (!cancelled) setRendered(true);
    })().catch((problem: unknown) => {
      if (cancelled || (problem instanceof Error && problem.name === 'RenderingCancelledException')) return;
      setError(pdfProblem(problem));
    });
    onCleanup(() => {
      cancelled = true;
      task?.cancel();
    });
  });

  // Bring the first highlight into view once, when the page it is on has been drawn.
  let scrolledFor = '';
  createEffect(() => {
    const first = props.highlights[0];
    if (!rendered() || !first) return;
    const key = `${url()}#${props.page}@${first.x},${first.y}`;
    if (key === scrolledFor) return;
    scrolledFor = key;
    queueMicrotask(() =>
      frame.querySelector('.pdf-highlight')?.scrollIntoView?.({ block: 'center', inline: 'nearest' }),
    );
  });

  return (
    <div class="pdf-frame" ref={frame}>
      <Show when={error()}>
        {(message) => (
          <p class="error" role="alert">
            {message()}
          </p>
        )}
      </Show>
      <Show when={!rendered() && !error()}>
        <p class="muted viewer-loading" role="status">
          Loading page {props.page}…
        </p>
      </Show>
      <div
        class="pdf-page"
        style={{
          width: size() ? `${size()?.width}px` : '100%',
          height: size() ? `${size()?.height}px` : undefined,
        }}
        hidden={Boolean(error())}
      >
        <canvas
          ref={canvas}
          class="pdf-canvas"
          data-testid="pdf-canvas"
          data-rendered={rendered() ? 'true' : 'false'}
          role="img"
          aria-label={`Page ${props.page} of the PDF`}
          style={{
            width: size() ? `${size()?.width}px` : '100%',
            height: size() ? `${size()?.height}px` : undefined,
          }}
        />
        <Show when={rendered() && size()}>
          {(drawn) => (
            <For each={props.highlights}>
              {(rect) => (
                <div
                  class="pdf-highlight"
                  data-testid="highlight"
                  style={{
                    left: `${rect.x * drawn().scale}px`,
                    top: `${rect.y * drawn().scale}px`,
                    width: `${rect.width * drawn().scale}px`,
                    height: `${rect.height * drawn().scale}px`,
                  }}
                />
              )}
            </For>
          )}
        </Show>
      </div>
    </div>
  );
}
