import {
  createEffect,
  createMemo,
  createResource,
  createSignal,
  type JSX,
  Match,
  on,
  onMount,
  Show,
  Switch,
} from 'solid-js';
import { type Citation, fileUrl, type PageLayout, pageLayout } from '../lib/api.ts';
import { baseName, messageOf } from '../lib/format.ts';
import { locateQuote, type Rect, rectsForRange } from '../lib/highlight.ts';
import { imageFormatLabel, isImagePath, isTiffPath } from '../lib/ocr.ts';
import { DocxView } from './DocxView.tsx';
import { ImageView } from './ImageView.tsx';
import { OcrBadge } from './OcrBadge.tsx';
import { PdfPageView } from './PdfPageView.tsx';
import { type SheetLayout, SheetView } from './SheetView.tsx';
import './viewer.css';

/** Page layouts are kept this long, so the cards and the viewer ask the server once for each page. */
const LAYOUT_TTL_MS = 60_000;
const MAX_LAYOUTS = 40;
const layouts = new Map<string, { at: number; promise: Promise<PageLayout> }>();

/** The layout (text and where it is drawn) of one page, shared by every card and the viewer for a minute. */
export function loadPageLayout(slug: string, documentId: string, page: number): Promise<PageLayout> {
  const key = `${slug}\n${documentId}\n${page}`;
  const kept = layouts.get(key);
  if (kept && Date.now() - kept.at < LAYOUT_TTL_MS) return kept.promise;
  const promise = pageLayout(slug, documentId, page);
  layouts.set(key, { at: Date.now(), promise });
  promise.catch(() => {
    if (layouts.get(key)?.promise === promise) layouts.delete(key);
  });
  while (layouts.size > MAX_LAYOUTS) {
    const oldest = layouts.keys().next().value;
    if (oldest === undefined) break;
    layouts.delete(oldest);
  }
  return promise;
}

/** Forgets every kept page layout (after a reindex, and between tests). */
export function forgetPageLayouts(): void {
  layouts.clear();
}

/** Whether a citation's document is a Word file (else a PDF or an image), from its path. */
export function isDocx(path: string): boolean {
  return /\.docx$/i.test(path);
}

/**
 * Whether a citation's document is a web page, text or Markdown file, spreadsheet, slide deck, OpenDocument
 * text, EPUB, RTF or Word 97–2003 file (shown as its page's text), from its path.
 */
export function isTextPath(path: string): boolean {
  return /\.(?:html?|txt|md|markdown|xlsx|pptx|odt|epub|rtf|doc)$/i.test(path);
}

/** How a document is shown, from its path: a PDF page, a Word document, a standalone image or a page of text. */
export function viewerKind(path: string): 'pdf' | 'docx' | 'image' | 'text' {
  if (isDocx(path)) return 'docx';
  if (isImagePath(path)) return 'image';
  return isTextPath(path) ? 'text' : 'pdf';
}

const TEXT_FORMATS: Record<Extract<PageLayout, { kind: 'text' }>['format'], string> = {
  html: 'Web page',
  text: 'Text file',
  markdown: 'Markdown file',
  spreadsheet: 'Spreadsheet',
  slides: 'Slide deck',
  odt: 'OpenDocument text',
  epub: 'EPUB book',
  rtf: 'RTF document',
  doc: 'Word document',
};

export const STALE_MESSAGE =
  'This file changed after it was indexed; the highlight may be off — reindex it from Documents.';

/**
 * The cited page of a citation's document with the quoted passage highlighted
 * (`data-testid="viewer"`, `data-kind="pdf|docx|image|text"`, `data-page`). PDFs: the page drawn with pdf.js,
 * with previous/next page (other pages show no highlight). Word files: the document as HTML with the
 * passage marked. Web pages, text and Markdown files: the page's indexed text as blocks, the passage
 * marked, with previous/next page. A spreadsheet's page: its sheet as a table named "Sheet <name>", the
 * cited row marked; a slide deck's page: "Slide N" under the slide's title. Images (PNG, JPEG, TIFF, read
 * by OCR): the image with the passage's word boxes drawn over it (TIFF: the recognised text, marked). Text read by OCR is labelled so, with its confidence.
 * Close with its button or Esc.
 */
export function Viewer(props: { slug: string; citation: Citation; onClose: () => void }): JSX.Element {
  let closeButton!: HTMLButtonElement;
  const kind = () => viewerKind(props.citation.path);
  const [page, setPage] = createSignal(props.citation.page);
  const [pageCount, setPageCount] = createSignal<number | null>(null);
  createEffect(
    on(
      () => props.citation,
      (citation) => setPage(citation.page),
      { defer: true },
    ),
  );
  const documentId = createMemo(() => props.citation.documentId);
  createEffect(on(documentId, () => setPageCount(null), { defer: true }));

  const [layout] = createResource(
    () => ({
      slug: props.slug,
      documentId: props.citation.documentId,
      // A page of text is loaded for every page shown; the other kinds load the cited page's layout only.
      page: kind() === 'text' ? page() : props.citation.page,
    }),
    (key) => loadPageLayout(key.slug, key.documentId, key.page),
  );
  const ready = () => (layout.state === 'ready' ? layout() : undefined);
  const textLayout = () => {
    const current = ready();
    return current?.kind === 'text' ? current : undefined;
  };
  /** A slide deck's pages are its slides, and named so. */
  const slides = () => textLayout()?.format === 'slides';
  createEffect(() => {
    const count = textLayout()?.pageCount;
    if (count !== undefined) setPageCount(count);
  });
  /** The quote's characters in the layout's text (found again if the text moved a little). */
  const range = () => {
    const current = ready();
    const { quote, start, end } = props.citation;
    if (current === undefined) return null;
    if (current.kind === 'text' && current.page !== props.citation.page) return null;
    return locateQuote(current.text, quote, start, end) ?? { start, end };
  };
  const highlights = (): Rect[] => {
    const current = ready();
    const span = range();
    if (current?.kind !== 'pdf' || !span || page() !== props.citation.page) return [];
    return rectsForRange(current.boxes, span.start, span.end, current.text);
  };

  onMount(() => closeButton.focus({ preventScroll: true }));

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      props.onClose();
    }
  };

  const title = () => baseName(props.citation.path);

  return (
    <section
      class="viewer"
      data-testid="viewer"
      data-kind={kind()}
      data-page={page()}
      aria-label={`Page viewer: ${title()}, page ${page()}`}
      on:keydown={onKeyDown}
    >
      <header class="viewer-header">
        <div class="viewer-heading">
          <h3 class="viewer-title" title={props.citation.path}>
            <Show when={props.citation.quote}>
              <span class="viewer-n">[{props.citation.n}]</span>{' '}
            </Show>
            {title()}
          </h3>
          <p class="viewer-where">
            <Switch>
              <Match when={kind() === 'pdf' || kind() === 'text'}>
                <Show when={textLayout()}>{(text) => <>{TEXT_FORMATS[text().format]} · </>}</Show>
                <Show
                  when={textLayout()?.sheet}
                  fallback={
                    <>
                      {slides() ? 'Slide' : 'Page'} {page()}
                      <Show when={pageCount()}>{(count) => <> of {count()}</>}</Show>
                    </>
                  }
                >
                  {(sheet) => (
                    <>
                      Sheet {sheet().name}
                      <Show when={sheet().continued}> (continued)</Show>
                    </>
                  )}
                </Show>
                <Show when={page() !== props.citation.page}>
                  {' '}
                  · cited: {slides() ? 'slide' : 'page'} {props.citation.page}
                </Show>
              </Match>
              <Match when={kind() === 'docx'}>Word document</Match>
              <Match when={kind() === 'image'}>{imageFormatLabel(props.citation.path)} image</Match>
            </Switch>
            {/* A sheet page's heading is the sheet's name, already said. */}
            <Show when={!textLayout()?.sheet && props.citation.heading}>
              {(heading) => <> · {heading()}</>}
            </Show>
          </p>
          <Show when={props.citation.source === 'ocr' && page() === props.citation.page}>
            <p class="viewer-ocr" data-testid="viewer-ocr">
              <OcrBadge citation={props.citation} />
            </p>
          </Show>
        </div>
        <div class="viewer-tools">
          <Show when={kind() === 'pdf' || kind() === 'text'}>
            <button
              type="button"
              onClick={() => setPage((p) => Math.max(1, p - 1))}
              disabled={page() <= 1}
              aria-label="Previous page"
              title="Previous page"
            >
              ‹ Prev
            </button>
            <button
              type="button"
              onClick={() => setPage((p) => p + 1)}
              disabled={pageCount() === null || page() >= (pageCount() ?? 0)}
              aria-label="Next page"
              title="Next page"
            >
              Next ›
            </button>
            <Show when={page() !== props.citation.page}>
              <button type="button" onClick={() => setPage(props.citation.page)}>
                Back to page {props.citation.page}
              </button>
            </Show>
          </Show>
          <a
            class="viewer-file"
            href={fileUrl(props.slug, props.citation.documentId)}
            target="_blank"
            rel="noopener noreferrer"
          >
            Open file
          </a>
          <button
            type="button"
            class="viewer-close"
            ref={closeButton}
            onClick={() => props.onClose()}
            aria-label="Close the page viewer"
            title="Close (Esc)"
          >
            ✕ Close
          </button>
        </div>
      </header>
      <Show when={ready()?.current === false}>
        <p class="viewer-warning" data-testid="stale-notice" role="status">
          {STALE_MESSAGE}
        </p>
      </Show>
      <Show when={layout.error}>
        <p class="error" role="alert">
          <Show
            when={
              kind() === 'docx' ||
              kind() === 'text' ||
              (kind() === 'image' && isTiffPath(props.citation.path))
            }
            fallback="The highlight is not available: "
          >
            The document could not be shown:{' '}
          </Show>
          {messageOf(layout.error)}
        </p>
      </Show>
      <div class="viewer-body">
        <Switch>
          <Match when={kind() === 'pdf'}>
            <PdfPageView
              url={fileUrl(props.slug, props.citation.documentId)}
              page={page()}
              highlights={highlights()}
              onPageCount={setPageCount}
            />
          </Match>
          <Match when={kind() === 'image'}>
            <ImageView
              url={fileUrl(props.slug, props.citation.documentId)}
              name={title()}
              format={imageFormatLabel(props.citation.path) ?? 'image'}
              tiff={isTiffPath(props.citation.path)}
              layout={ready()?.kind === 'image' ? (ready() as Extract<PageLayout, { kind: 'image' }>) : null}
              loading={layout.loading}
              range={range()}
            />
          </Match>
          <Match when={ready()?.kind === 'docx' && ready()}>
            {(docx) => <DocxView layout={docx() as Extract<PageLayout, { kind: 'docx' }>} range={range()} />}
          </Match>
          <Match when={textLayout()?.sheet && textLayout()}>
            {(text) => (
              <SheetView layout={{ ...text(), sheet: text().sheet as SheetLayout }} range={range()} />
            )}
          </Match>
          <Match when={slides() && textLayout()}>
            {(text) => (
              <div class="slide-page" data-testid="slide">
                <DocxView layout={text()} range={range()} />
              </div>
            )}
          </Match>
          <Match when={textLayout()}>{(text) => <DocxView layout={text()} range={range()} />}</Match>
          <Match when={layout.loading}>
            <p class="muted viewer-loading" role="status">
              Loading the document…
            </p>
          </Match>
        </Switch>
      </div>
    </section>
  );
}
