import { createEffect, createResource, createUniqueId, For, type JSX, Show } from 'solid-js';
import type { Citation } from '../lib/api.ts';
import { baseName } from '../lib/format.ts';
import { quoteInContext } from '../lib/highlight.ts';
import { isImagePath } from '../lib/ocr.ts';
import { OcrBadge } from './OcrBadge.tsx';
import { loadPageLayout } from './Viewer.tsx';

/** Characters of page text shown on either side of a quote. */
const CONTEXT_CHARS = 200;

function CitationCard(props: {
  slug: string;
  citation: Citation;
  selected: boolean;
  onOpen: (citation: Citation) => void;
}): JSX.Element {
  const titleId = createUniqueId();
  const verified = () => props.citation.verified === true;
  const [context] = createResource(
    () => ({ slug: props.slug, citation: props.citation }),
    async ({ slug, citation }) => {
      const layout = await loadPageLayout(slug, citation.documentId, citation.page);
      return quoteInContext(layout.text, citation.quote, citation.start, citation.end, CONTEXT_CHARS);
    },
  );
  const shown = () => (context.state === 'ready' ? context() : null);
  /** A standalone image is one page: the card says "image" rather than "page 1". */
  const image = () => isImagePath(props.citation.path);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the whole card is a larger mouse target for its "Open page" button, which keyboards use
    <article
      class="citation-card"
      classList={{ selected: props.selected }}
      data-testid="citation-card"
      data-n={props.citation.n}
      data-verified={verified() ? 'true' : 'false'}
      data-selected={props.selected ? 'true' : 'false'}
      aria-current={props.selected ? 'true' : undefined}
      aria-labelledby={titleId}
      onClick={() => props.onOpen(props.citation)}
    >
      <header class="citation-head">
        <span class="citation-n" aria-hidden="true">
          [{props.citation.n}]
        </span>
        <h4 class="citation-doc" id={titleId} title={props.citation.path}>
          <span class="visually-hidden">Source {props.citation.n}: </span>
          {baseName(props.citation.path)}
        </h4>
        <span class="citation-page">{image() ? 'image' : `page ${props.citation.page}`}</span>
      </header>
      <Show when={props.citation.heading}>{(heading) => <p class="citation-heading">{heading()}</p>}</Show>
      <Show when={props.citation.source === 'ocr'}>
        <p class="citation-ocr">
          <OcrBadge citation={props.citation} />
        </p>
      </Show>
      <blockquote class="citation-quote" data-testid="citation-quote">
        <Show
          when={shown()}
          fallback={<mark class="citation-quote-text">{props.citation.quote.replace(/\s+/g, ' ')}</mark>}
        >
          {(around) => (
            <>
              <span class="citation-context">{around().before}</span>
              <mark class="citation-quote-text">{around().quote}</mark>
              <span class="citation-context">{around().after}</span>
            </>
          )}
        </Show>
      </blockquote>
      <div class="citation-foot">
        <Show
          when={verified()}
          fallback={
            <p class="badge badge-unverified" data-testid="verification">
              <span class="badge-icon" aria-hidden="true">
                !
              </span>
              <span class="badge-label">Not verified</span>{' '}
              <span class="badge-note">
                Quire could not confirm that this passage is on page {props.citation.page} and supports the
                statement it is attached to. Open the page and check it before relying on it.
              </span>
            </p>
          }
        >
          <p class="badge badge-verified" data-testid="verification">
            <span class="badge-icon" aria-hidden="true">
              ✓
            </span>
            <span class="badge-label">Verified on page</span>{' '}
            <span class="badge-note">
              These exact words are on page {props.citation.page} of this file, where the answer says.
            </span>
          </p>
        </Show>
        <button
          type="button"
          class="citation-open"
          onClick={(event) => {
            event.stopPropagation();
            props.onOpen(props.citation);
          }}
        >
          {image() ? 'Open image' : `Open page ${props.citation.page}`}
        </button>
      </div>
    </article>
  );
}

/**
 * The cited passages of an answer, one card each (`data-testid="citation-card"`, `data-verified`):
 * number, file, page, heading, the quote within its page's text, whether it was verified there, and
 * whether the page was read by OCR (with its confidence).
 * Clicking a card (or its "Open page" button) calls `onOpen`.
 */
export function CitationsPanel(props: {
  slug: string;
  citations: readonly Citation[];
  /** The number of the card to show as chosen (scrolled into view). */
  selected: number | null;
  onOpen: (citation: Citation) => void;
  /** The question whose sources these are. */
  question?: string | null;
  /** Shown instead of the cards when there are none. */
  placeholder?: JSX.Element;
}): JSX.Element {
  const titleId = createUniqueId();
  let list: HTMLOListElement | undefined;
  createEffect(() => {
    const n = props.selected;
    if (n === null || !list) return;
    list.querySelector(`[data-n="${n}"]`)?.scrollIntoView?.({ block: 'nearest' });
  });
  return (
    <section class="citations-panel" aria-labelledby={titleId} data-testid="citations-panel">
      <header class="citations-header">
        <h3 id={titleId}>Sources</h3>
        <Show when={props.question && props.citations.length > 0}>
          <p class="citations-for muted">For: “{props.question}”</p>
        </Show>
      </header>
      <Show
        when={props.citations.length > 0}
        fallback={<div class="citations-empty muted">{props.placeholder}</div>}
      >
        <ol class="citation-list" ref={list}>
          <For each={props.citations}>
            {(citation) => (
              <li>
                <CitationCard
                  slug={props.slug}
                  citation={citation}
                  selected={props.selected === citation.n}
                  onOpen={props.onOpen}
                />
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}
