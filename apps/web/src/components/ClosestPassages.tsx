import { For, type JSX, Show } from 'solid-js';
import type { Citation } from '../lib/api.ts';
import { attachedToOf, pageOneCitation } from '../lib/email.ts';
import { pageNumberText } from '../lib/page-label.ts';
import { type ClosestPassage, passageExcerpt } from '../lib/turn-evidence.ts';
import { AttachedTo, SourceName } from './EmailSource.tsx';
import { OcrBadge } from './OcrBadge.tsx';
import { PageLabel } from './PageLabel.tsx';

/** What is known of how a page's text was read (OCR, confidence, quality), from a citation of that page. */
type PageReading = Pick<Citation, 'source' | 'confidence' | 'quality'>;

function readingOf(page: PageReading | undefined): PageReading {
  if (!page) return {};
  return {
    ...(page.source ? { source: page.source } : {}),
    ...(page.confidence === undefined ? {} : { confidence: page.confidence }),
    ...(page.quality === undefined ? {} : { quality: page.quality }),
  };
}

/** A closest passage as a citation to open in the viewer, numbered as listed; never marked verified. */
function passageCitation(passage: ClosestPassage, number: number, reading: PageReading): Citation {
  return {
    ...reading,
    n: number,
    chunkId: passage.chunkId,
    documentId: passage.documentId,
    path: passage.path,
    page: passage.page,
    pageLabel: passage.pageLabel,
    bates: passage.bates,
    heading: passage.heading,
    quote: passage.text,
    start: passage.start,
    end: passage.end,
    verified: false,
    ...(passage.attachedTo ? { attachedTo: passage.attachedTo } : {}),
  };
}

/** A closest passage's text: the quote chosen from it marked in its context, else its beginning. */
function PassageText(props: { passage: ClosestPassage; quotes: readonly Citation[] }): JSX.Element {
  const shown = () => passageExcerpt(props.passage, props.quotes);
  return (
    <>
      {shown().before}
      <Show when={shown().quote}>{(quote) => <mark class="closest-quote">{quote()}</mark>}</Show>
      {shown().after}
    </>
  );
}

/**
 * The passages to read when no answer was found (`data-testid="closest-passage"`): each with its file,
 * page as printed ("p. 2 (PDF p. 5)") and Bates number, the emails it came attached to, how its page was
 * read, and its text with the turn's quote marked; each opens its page in the viewer.
 */
export function ClosestPassages(props: {
  slug: string;
  passages: readonly ClosestPassage[];
  /** The turn's citations: the quotes to mark, and how their pages were read. */
  citations: readonly Citation[];
  onCite: (citation: Citation) => void;
}): JSX.Element {
  /** How the page of a closest passage was read: as the server says, else from a citation of that page. */
  const reading = (passage: ClosestPassage): PageReading => ({
    ...readingOf(props.citations.find((c) => c.documentId === passage.documentId && c.page === passage.page)),
    ...readingOf(passage),
  });
  const open = (passage: ClosestPassage, index: number) =>
    props.onCite(passageCitation(passage, index + 1, reading(passage)));
  return (
    <ol class="closest-passages" aria-label="Closest passages">
      <For each={props.passages}>
        {(passage, i) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the whole card is a larger mouse target for its "Open page" button, which keyboards use
          <li class="closest-passage" data-testid="closest-passage" onClick={() => open(passage, i())}>
            <p class="closest-source">
              <span class="closest-doc" title={passage.path}>
                <SourceName slug={props.slug} documentId={passage.documentId} path={passage.path} />
              </span>
              , <PageLabel marks={passage} />
              <Show when={passage.heading}>{(heading) => <> · {heading()}</>}</Show>
            </p>
            <AttachedTo refs={attachedToOf(passage)} onOpen={(ref) => props.onCite(pageOneCitation(ref))} />
            <div class="citation-ocr">
              <OcrBadge citation={reading(passage)} />
            </div>
            <blockquote class="closest-text" data-testid="closest-text">
              <PassageText passage={passage} quotes={props.citations} />
            </blockquote>
            <button
              type="button"
              class="closest-open"
              onClick={(event) => {
                event.stopPropagation();
                open(passage, i());
              }}
            >
              Open page {pageNumberText(passage)}
            </button>
          </li>
        )}
      </For>
    </ol>
  );
}
