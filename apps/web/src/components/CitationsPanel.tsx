import { createEffect, createResource, createUniqueId, For, type JSX, Show } from 'solid-js';
import type { Citation } from '../lib/api.ts';
import { quoteKey, type SourceCard } from '../lib/citation-numbering.ts';
import { attachedToOf, pageOneCitation } from '../lib/email.ts';
import { quoteInContext } from '../lib/highlight.ts';
import { isImagePath } from '../lib/ocr.ts';
import { pageNumberText, pageText } from '../lib/page-label.ts';
import { loadPageLayout } from '../lib/page-layouts.ts';
import { AttachedTo, SourceName } from './EmailSource.tsx';
import { OcrBadge } from './OcrBadge.tsx';
import { PageLabel } from './PageLabel.tsx';

/** Characters of page text shown on either side of a quote (less when a card holds several quotes). */
const CONTEXT_CHARS = 200;
const CONTEXT_CHARS_SEVERAL = 90;

/**
 * What was checked about a quote, and nothing more: "Quote found on p. 21" when the server found its
 * words on the cited page; when it did not vouch for it, whether this page found them in the page text.
 */
function QuoteBadge(props: { citation: Citation; onPage: boolean | null; image: boolean }): JSX.Element {
  const where = () => (props.image ? 'in the image' : `on p. ${pageNumberText(props.citation)}`);
  const state = () => (props.citation.verified === true ? 'found' : props.onPage ? 'weak' : 'not-found');
  return (
    <p class={`badge badge-${state()}`} data-testid="verification" data-state={state()}>
      <span class="badge-icon" aria-hidden="true">
        {state() === 'found' ? '✓' : '!'}
      </span>
      <span class="badge-label">
        {state() === 'not-found' ? 'Quote not found on the page' : `Quote found ${where()}`}
      </span>{' '}
      <span class="badge-note">
        {state() === 'found'
          ? `These exact words are ${props.image ? 'in the image' : `on ${pageText(props.citation)}`} of this file. Whether they say what the answer says is for you to judge.`
          : state() === 'weak'
            ? 'These words are on the page, but they share few words with the statement they are attached to. Check that they support it.'
            : `Quire could not find these words on ${pageText(props.citation)} as it is now. Open the page and check before relying on it.`}
      </span>
    </p>
  );
}

/** One quote of a card: the quote marked within its page's text, its badge, and its own Open button. */
function CardQuote(props: {
  slug: string;
  citation: Citation;
  label: string;
  radius: number;
  selected: boolean;
  onOpen: (citation: Citation) => void;
}): JSX.Element {
  const [context] = createResource(
    () => ({ slug: props.slug, citation: props.citation, radius: props.radius }),
    async ({ slug, citation, radius }) => {
      const layout = await loadPageLayout(slug, citation.documentId, citation.page);
      return quoteInContext(layout.text, citation.quote, citation.start, citation.end, radius);
    },
  );
  const shown = () => (context.state === 'ready' ? context() : null);
  const onPage = () => (context.state === 'ready' ? context() !== null : null);
  const image = () => isImagePath(props.citation.path);
  return (
    <li
      class="citation-quote-item"
      classList={{ selected: props.selected }}
      data-testid="citation-quote-item"
      data-key={quoteKey(props.citation)}
      data-selected={props.selected ? 'true' : 'false'}
      data-verified={props.citation.verified === true ? 'true' : 'false'}
    >
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
        <QuoteBadge citation={props.citation} onPage={onPage()} image={image()} />
        <button
          type="button"
          class="citation-open"
          aria-label={props.label}
          onClick={(event) => {
            event.stopPropagation();
            props.onOpen(props.citation);
          }}
        >
          {image() ? 'Open image' : `Open page ${pageNumberText(props.citation)}`}
        </button>
      </div>
    </li>
  );
}

function CitationCard(props: {
  slug: string;
  card: SourceCard;
  selected: string | null;
  onOpen: (citation: Citation) => void;
}): JSX.Element {
  const titleId = createUniqueId();
  const first = () => props.card.quotes[0] as Citation;
  const several = () => props.card.quotes.length > 1;
  /** A standalone image is one page: the card says "image" rather than "page 1". */
  const image = () => isImagePath(first().path);
  const chosen = () => props.card.quotes.some((q) => quoteKey(q) === props.selected);
  const where = () => (image() ? 'the image' : pageText(first()));

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the whole card is a larger mouse target for its quotes' "Open page" buttons, which keyboards use
    <article
      class="citation-card"
      classList={{ selected: chosen() }}
      data-testid="citation-card"
      data-n={props.card.number}
      data-source={props.card.source}
      data-quotes={props.card.quotes.length}
      data-verified={props.card.quotes.every((q) => q.verified === true) ? 'true' : 'false'}
      data-selected={chosen() ? 'true' : 'false'}
      aria-current={chosen() ? 'true' : undefined}
      aria-labelledby={titleId}
      onClick={() => props.onOpen(first())}
    >
      <header class="citation-head">
        <span class="citation-n" aria-hidden="true">
          [{props.card.number}]
        </span>
        <h4 class="citation-doc" id={titleId} title={first().path}>
          <span class="visually-hidden">Source {props.card.number}: </span>
          <SourceName slug={props.slug} documentId={first().documentId} path={first().path} />
        </h4>
        <span class="citation-page" data-page={first().page}>
          <Show when={!image()} fallback="image">
            <PageLabel marks={first()} />
          </Show>
        </span>
      </header>
      <AttachedTo refs={attachedToOf(first())} onOpen={(ref) => props.onOpen(pageOneCitation(ref))} />
      <Show when={first().heading}>{(heading) => <p class="citation-heading">{heading()}</p>}</Show>
      <div class="citation-ocr">
        <OcrBadge citation={first()} />
      </div>
      <Show when={several()}>
        <p class="citation-count muted">{props.card.quotes.length} quotes from this source</p>
      </Show>
      <ol class="citation-quotes">
        <For each={props.card.quotes}>
          {(citation, i) => (
            <CardQuote
              slug={props.slug}
              citation={citation}
              label={
                several()
                  ? `Open quote ${i() + 1} of source ${props.card.number} on ${where()}`
                  : `Open source ${props.card.number} on ${where()}`
              }
              radius={several() ? CONTEXT_CHARS_SEVERAL : CONTEXT_CHARS}
              selected={props.selected === quoteKey(citation)}
              onOpen={props.onOpen}
            />
          )}
        </For>
      </ol>
    </article>
  );
}

/**
 * The sources of an answer, one card per source (`data-testid="citation-card"`, `data-n` its number
 * 1..n), each with its quotes (`data-testid="citation-quote-item"`): file (an email by its subject), page
 * as printed with the file's page when they differ ("p. 257 (PDF p. 265)", `.citation-page` with the
 * physical page in `data-page`) and its Bates number, the emails an attachment came with (each opening
 * that email), heading, every quote
 * within its page's text with what was checked about it ("Quote found on p. 3"), and whether the page was
 * read by OCR. Clicking a card opens its first quote; a quote's "Open page" button opens that quote.
 */
export function CitationsPanel(props: {
  slug: string;
  cards: readonly SourceCard[];
  /** The quote to show as chosen ({@link quoteKey}; its card scrolled into view). */
  selected: string | null;
  onOpen: (citation: Citation) => void;
  /** The question whose sources these are. */
  question?: string | null;
  /** Shown instead of the cards when there are none. */
  placeholder?: JSX.Element;
}): JSX.Element {
  const titleId = createUniqueId();
  let list: HTMLOListElement | undefined;
  createEffect(() => {
    const key = props.selected;
    if (key === null || !list) return;
    list.querySelector(`[data-key="${key}"]`)?.scrollIntoView?.({ block: 'nearest' });
  });
  return (
    <section class="citations-panel" aria-labelledby={titleId} data-testid="citations-panel">
      <header class="citations-header">
        <h3 id={titleId}>Sources</h3>
        <Show when={props.question && props.cards.length > 0}>
          <p class="citations-for muted">For: “{props.question}”</p>
        </Show>
      </header>
      <Show
        when={props.cards.length > 0}
        fallback={<div class="citations-empty muted">{props.placeholder}</div>}
      >
        <ol class="citation-list" ref={list}>
          <For each={props.cards}>
            {(card) => (
              <li>
                <CitationCard slug={props.slug} card={card} selected={props.selected} onOpen={props.onOpen} />
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}
