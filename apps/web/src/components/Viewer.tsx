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
import { type Citation, fileUrl, type PageLayout } from '../lib/api.ts';
import { attachedToOf, emailHeaderEnd, isEmailPath, pageOneCitation, sourceName } from '../lib/email.ts';
import { loadEmailView } from '../lib/email-views.ts';
import { messageOf } from '../lib/format.ts';
import { locateQuote, type Rect, rectsForRange } from '../lib/highlight.ts';
import { imageFormatLabel, isTiffPath } from '../lib/ocr.ts';
import { pageNumberText } from '../lib/page-label.ts';
import { loadPageLayout } from '../lib/page-layouts.ts';
import { viewerKind } from '../lib/viewer-kinds.ts';
import { DocxView } from './DocxView.tsx';
import { EmailCard, type EmailTarget } from './EmailCard.tsx';
import { AttachedTo } from './EmailSource.tsx';
import { ImageView } from './ImageView.tsx';
import { OcrBadge } from './OcrBadge.tsx';
import { PdfPageView } from './PdfPageView.tsx';
import { type SheetLayout, SheetView } from './SheetView.tsx';
import { ViewerWhere } from './ViewerWhere.tsx';
import './viewer.css';

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
 * An email (`.eml`, `.msg`): titled by its subject, its header card ({@link EmailCard}: attachments and
 * thread, each opening in this viewer at page 1, with a button back to the citation) above the body, the
 * quote marked. An attachment names the emails it came with, each opening here too.
 * Close with its button or Esc.
 */
export function Viewer(props: { slug: string; citation: Citation; onClose: () => void }): JSX.Element {
  let closeButton!: HTMLButtonElement;
  /** A document opened from the viewer itself (an email's attachment, its parent, its thread). */
  const [browsed, setBrowsed] = createSignal<Citation | null>(null);
  createEffect(
    on(
      () => props.citation,
      () => setBrowsed(null),
      { defer: true },
    ),
  );
  /** What is shown: the citation, or the document opened from it, at its page 1. */
  const cited = createMemo(() => browsed() ?? props.citation);
  const browse = (target: EmailTarget) => setBrowsed(pageOneCitation(target));
  /**
   * Set once the server answers a layout from the index (the original file is not reachable from this
   * machine): the document is then shown as its indexed text, page by page, whatever its kind.
   */
  const [fromIndex, setFromIndex] = createSignal(false);
  createEffect(
    on(
      () => cited().documentId,
      () => setFromIndex(false),
      { defer: true },
    ),
  );
  const kind = () => (fromIndex() ? 'text' : viewerKind(cited().path));
  const [page, setPage] = createSignal(cited().page);
  const [pageCount, setPageCount] = createSignal<number | null>(null);
  createEffect(on(cited, (citation) => setPage(citation.page), { defer: true }));
  const documentId = createMemo(() => cited().documentId);
  createEffect(on(documentId, () => setPageCount(null), { defer: true }));

  const [layout] = createResource(
    () => ({
      slug: props.slug,
      documentId: cited().documentId,
      // A page of text is loaded for every page shown; the other kinds load the cited page's layout only.
      page: kind() === 'text' ? page() : cited().page,
    }),
    (key) => loadPageLayout(key.slug, key.documentId, key.page),
  );
  const ready = () => (layout.state === 'ready' ? layout() : undefined);
  createEffect(() => {
    const current = ready();
    if (current?.kind === 'text' && current.fromIndex) setFromIndex(true);
  });
  const textLayout = () => {
    const current = ready();
    return current?.kind === 'text' ? current : undefined;
  };
  const email = () => isEmailPath(cited().path);
  const [emailView] = createResource(
    () => (email() ? { slug: props.slug, documentId: cited().documentId } : false),
    (key) => loadEmailView(key.slug, key.documentId),
  );
  /** An email's first page without the header lines its card shows (unless the quote is in them). */
  const emailBody = () => {
    const text = textLayout();
    if (!text) return [];
    const span = range();
    const headerEnd = text.page === 1 ? emailHeaderEnd(text.text) : 0;
    if (span && span.end > span.start && span.start < headerEnd) return text.blocks;
    return text.blocks.filter((block) => block.end > headerEnd);
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
    const { quote, start, end } = cited();
    if (current === undefined) return null;
    if (current.kind === 'text' && current.page !== cited().page) return null;
    return locateQuote(current.text, quote, start, end) ?? { start, end };
  };
  const highlights = (): Rect[] => {
    const current = ready();
    const span = range();
    if (current?.kind !== 'pdf' || !span || page() !== cited().page) return [];
    return rectsForRange(current.boxes, span.start, span.end, current.text);
  };

  onMount(() => closeButton.focus({ preventScroll: true }));

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      props.onClose();
    }
  };

  const title = () =>
    sourceName(cited().path, emailView.state === 'ready' ? emailView().headers.subject : undefined);

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
          <h3 class="viewer-title" title={cited().path}>
            <Show when={cited().quote}>
              <span class="viewer-n">[{cited().n}]</span>{' '}
            </Show>
            {title()}
          </h3>
          <ViewerWhere
            kind={kind()}
            path={cited().path}
            text={textLayout()}
            page={page()}
            pageCount={pageCount()}
            cited={cited()}
            heading={cited().heading}
          />
          <AttachedTo
            refs={attachedToOf(cited())}
            onOpen={(ref) => browse({ documentId: ref.documentId, path: ref.path })}
          />
          <Show when={cited().source === 'ocr' && page() === cited().page}>
            <p class="viewer-ocr" data-testid="viewer-ocr">
              <OcrBadge citation={cited()} />
            </p>
          </Show>
        </div>
        <div class="viewer-tools">
          <Show when={browsed()}>
            <button type="button" onClick={() => setBrowsed(null)} title={props.citation.path}>
              ‹ Back to{' '}
              {props.citation.quote ? `source [${props.citation.n}]` : sourceName(props.citation.path)}
            </button>
          </Show>
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
            <Show when={page() !== cited().page}>
              <button type="button" onClick={() => setPage(cited().page)}>
                Back to page {pageNumberText(cited())}
              </button>
            </Show>
          </Show>
          <Show when={!fromIndex()}>
            <a
              class="viewer-file"
              href={fileUrl(props.slug, cited().documentId)}
              target="_blank"
              rel="noopener noreferrer"
            >
              Open file
            </a>
          </Show>
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
      <Show when={fromIndex()}>
        <p class="viewer-warning" data-testid="from-index-notice" role="status">
          The original file cannot be opened from this computer: this is the text Quire indexed from it.
        </p>
      </Show>
      <Show when={ready()?.current === false}>
        <p class="viewer-warning" data-testid="stale-notice" role="status">
          {STALE_MESSAGE}
        </p>
      </Show>
      <Show when={layout.error}>
        <p class="error" role="alert">
          <Show
            when={kind() === 'docx' || kind() === 'text' || (kind() === 'image' && isTiffPath(cited().path))}
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
              url={fileUrl(props.slug, cited().documentId)}
              page={page()}
              highlights={highlights()}
              onPageCount={setPageCount}
            />
          </Match>
          <Match when={kind() === 'image'}>
            <ImageView
              url={fileUrl(props.slug, cited().documentId)}
              name={title()}
              format={imageFormatLabel(cited().path) ?? 'image'}
              tiff={isTiffPath(cited().path)}
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
          <Match when={email() && textLayout()}>
            <EmailCard slug={props.slug} documentId={cited().documentId} onOpen={browse} />
            <DocxView layout={{ blocks: emailBody() }} range={range()} />
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
