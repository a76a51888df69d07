import { createEffect, createMemo, createSignal, For, type JSX, on, Show } from 'solid-js';
import type { ImagePageLayout } from '../lib/api.ts';
import { rectsForRange } from '../lib/highlight.ts';
import { imageGrid, percentRects } from '../lib/ocr.ts';
import { Marked } from './DocxView.tsx';

type Range = { start: number; end: number };

/** The text OCR read in an image, with the quote marked (for TIFF files, and images that cannot be shown). */
function RecognisedText(props: { layout: ImagePageLayout; range: Range | null }): JSX.Element {
  let root!: HTMLDivElement;
  createEffect(() => {
    void props.layout;
    void props.range;
    root.querySelector('mark')?.scrollIntoView?.({ block: 'center' });
  });
  return (
    <div class="image-text" data-testid="recognised-text" ref={root}>
      <Show when={props.layout.text.trim() !== ''} fallback={<p class="muted">OCR found no text in it.</p>}>
        <Marked text={props.layout.text} offset={0} range={props.range} />
      </Show>
    </div>
  );
}

/**
 * A standalone image read by OCR: the image from `url` (`data-testid="page-image"`, `data-rendered="true"`
 * once loaded) scaled to the width available, with the boxes of the characters `range` of its recognised
 * text drawn over it (`data-testid="highlight"`, placed in percent of the image so that they follow it
 * when it is resized), the first scrolled into view. Browsers cannot show TIFF: for `tiff` (and for an
 * image that fails to load) the recognised text is shown instead, with the quote marked.
 */
export function ImageView(props: {
  url: string;
  /** The file's name, for the image's alternative text. */
  name: string;
  /** `"PNG"`, `"JPEG"` or `"TIFF"`. */
  format: string;
  tiff: boolean;
  /** The image's layout (text and word boxes); null while it loads or when it could not be loaded. */
  layout: ImagePageLayout | null;
  /** Whether the layout is still being loaded. */
  loading: boolean;
  range: Range | null;
}): JSX.Element {
  let frame!: HTMLDivElement;
  const [rendered, setRendered] = createSignal(false);
  const [failed, setFailed] = createSignal(false);
  const [natural, setNatural] = createSignal<{ width: number; height: number } | null>(null);

  // A new file starts afresh.
  createEffect(
    on(
      () => props.url,
      () => {
        setRendered(false);
        setFailed(false);
        setNatural(null);
      },
      { defer: true },
    ),
  );

  const grid = createMemo(() => (props.layout ? imageGrid(props.layout, natural()) : null));
  const highlights = createMemo(() => {
    const layout = props.layout;
    const range = props.range;
    const size = grid();
    if (!layout || !range || !size) return [];
    return percentRects(
      rectsForRange(layout.boxes, range.start, range.end, layout.text),
      size.width,
      size.height,
    );
  });

  // Bring the first highlight into view once, when the image has loaded.
  let scrolledFor = '';
  createEffect(() => {
    const first = highlights()[0];
    if (!rendered() || !first) return;
    const key = `${props.url}@${first.left},${first.top}`;
    if (key === scrolledFor) return;
    scrolledFor = key;
    queueMicrotask(() =>
      frame.querySelector('.image-highlight')?.scrollIntoView?.({ block: 'center', inline: 'nearest' }),
    );
  });

  const aspect = () => {
    const layout = props.layout;
    return layout && layout.width > 0 && layout.height > 0 && !natural()
      ? `${layout.width} / ${layout.height}`
      : undefined;
  };

  return (
    <div class="image-frame" ref={frame}>
      <Show
        when={!props.tiff && !failed()}
        fallback={
          <>
            <p class="viewer-note" role="note">
              <Show
                when={props.tiff}
                fallback={<>The image could not be shown (it may have been moved, or it is damaged). </>}
              >
                Your browser cannot display TIFF images.{' '}
              </Show>
              Below is the text Quire read from it by OCR, with the quoted passage marked; use “Open file” to
              see the image in another program.
            </p>
            <Show when={props.layout}>
              {(layout) => <RecognisedText layout={layout()} range={props.range} />}
            </Show>
            <Show when={!props.layout && props.loading}>
              <p class="muted viewer-loading" role="status">
                Loading the recognised text…
              </p>
            </Show>
          </>
        }
      >
        <Show when={!rendered()}>
          <p class="muted viewer-loading" role="status">
            Loading the image…
          </p>
        </Show>
        <div class="image-page" style={{ 'aspect-ratio': aspect() }}>
          <img
            class="page-image"
            data-testid="page-image"
            data-rendered={rendered() ? 'true' : 'false'}
            src={props.url}
            alt={`${props.name} (${props.format}), as scanned: its text was read by OCR`}
            decoding="async"
            onLoad={(event) => {
              const image = event.currentTarget;
              if (image.naturalWidth > 0 && image.naturalHeight > 0) {
                setNatural({ width: image.naturalWidth, height: image.naturalHeight });
              }
              setRendered(true);
            }}
            onError={() => setFailed(true)}
          />
          <Show when={rendered()}>
            <For each={highlights()}>
              {(rect) => (
                <div
                  class="image-highlight"
                  data-testid="highlight"
                  style={{
                    left: `${rect.left}%`,
                    top: `${rect.top}%`,
                    width: `${rect.width}%`,
                    height: `${rect.height}%`,
                  }}
                />
              )}
            </For>
          </Show>
        </div>
      </Show>
    </div>
  );
}
