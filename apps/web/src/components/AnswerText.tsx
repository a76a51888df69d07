import { For, type JSX, Match, Switch } from 'solid-js';
import type { Citation } from '../lib/api.ts';
import { type MarkerRef, numberCitations, quoteKey, type SourceCard } from '../lib/citation-numbering.ts';
import { baseName } from '../lib/format.ts';
import { pageText } from '../lib/page-label.ts';

function markerLabel(ref: MarkerRef, card: SourceCard | undefined, citation: Citation): string {
  const quote =
    card && card.quotes.length > 1 && ref.quote !== null
      ? `, quote ${ref.quote + 1} of ${card.quotes.length}`
      : '';
  return `Source ${ref.number}${quote}: ${baseName(citation.path)}, ${pageText(citation)}`;
}

/**
 * An answer's text with its citation markers numbered as the reader sees them (1..n in order of first
 * mention, see `numberCitations`): each a button (`data-testid="citation-marker"`) that opens the quote
 * it follows. With `citations` null (an answer still streaming, or stopped) the markers show their
 * numbers but open nothing yet; a marker naming no cited source stays plain text.
 */
export function AnswerText(props: {
  text: string;
  citations: readonly Citation[] | null;
  /** The quote currently shown in the panel ({@link quoteKey}), if it belongs to this answer. */
  selected?: string | null;
  onCite: (citation: Citation) => void;
}): JSX.Element {
  const numbering = () => numberCitations(props.text, props.citations);
  return (
    <For each={numbering().pieces}>
      {(piece) => (
        <Switch>
          <Match when={piece.kind === 'text' && piece}>{(p) => p().text}</Match>
          <Match when={piece.kind === 'marker' && piece}>
            {(marker) => (
              <span class="markers">
                <For each={marker().refs}>
                  {(ref) => (
                    <Switch
                      fallback={
                        <span class="citation-marker pending" data-testid="citation-marker-pending">
                          [{ref.number}]
                        </span>
                      }
                    >
                      <Match when={ref.citation}>
                        {(citation) => {
                          const card = () => numbering().cards.find((c) => c.number === ref.number);
                          return (
                            <button
                              type="button"
                              class="citation-marker"
                              data-testid="citation-marker"
                              data-n={ref.number}
                              data-quote={(ref.quote ?? 0) + 1}
                              data-selected={props.selected === quoteKey(citation()) ? 'true' : undefined}
                              aria-label={markerLabel(ref, card(), citation())}
                              title={markerLabel(ref, card(), citation())}
                              onClick={() => props.onCite(citation())}
                            >
                              [{ref.number}]
                            </button>
                          );
                        }}
                      </Match>
                    </Switch>
                  )}
                </For>
              </span>
            )}
          </Match>
        </Switch>
      )}
    </For>
  );
}
