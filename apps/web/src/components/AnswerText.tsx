import { findMarkerGroups } from '@quire/inference/citation-markers';
import { For, type JSX, Match, Switch } from 'solid-js';
import type { Citation } from '../lib/api.ts';
import { baseName } from '../lib/format.ts';

/** A piece of an answer: plain text, or a citation marker naming source numbers. */
export type AnswerPiece = { kind: 'text'; text: string } | { kind: 'marker'; raw: string; numbers: number[] };

/** Splits an answer into text and citation markers, in order (the markers the server recognises). */
export function answerPieces(text: string): AnswerPiece[] {
  const pieces: AnswerPiece[] = [];
  let last = 0;
  for (const group of findMarkerGroups(text)) {
    if (group.start > last) pieces.push({ kind: 'text', text: text.slice(last, group.start) });
    pieces.push({
      kind: 'marker',
      raw: text.slice(group.start, group.end),
      numbers: [...new Set(group.numbers)],
    });
    last = group.end;
  }
  if (last < text.length) pieces.push({ kind: 'text', text: text.slice(last) });
  return pieces;
}

/**
 * An answer's text with each citation marker turned into buttons, one per cited source number that
 * has a citation (`data-testid="citation-marker"`). A marker none of whose numbers has a citation (as
 * while the answer is still streaming and no citation is known yet) stays plain text.
 */
export function AnswerText(props: {
  text: string;
  citations: readonly Citation[];
  /** The citation currently shown in the panel, if it belongs to this answer. */
  selected?: number | null;
  onCite: (citation: Citation) => void;
}): JSX.Element {
  const byNumber = () => new Map(props.citations.map((c) => [c.n, c]));
  return (
    <For each={answerPieces(props.text)}>
      {(piece) => (
        <Switch>
          <Match when={piece.kind === 'text' && piece}>{(p) => p().text}</Match>
          <Match when={piece.kind === 'marker' && piece}>
            {(marker) => {
              const cited = () =>
                marker()
                  .numbers.map((n) => byNumber().get(n))
                  .filter((c): c is Citation => c !== undefined);
              return (
                <Switch fallback={marker().raw}>
                  <Match when={cited().length > 0}>
                    <span class="markers">
                      <For each={cited()}>
                        {(citation) => (
                          <button
                            type="button"
                            class="citation-marker"
                            data-testid="citation-marker"
                            data-n={citation.n}
                            data-selected={props.selected === citation.n ? 'true' : undefined}
                            aria-label={`Source ${citation.n}: ${baseName(citation.path)}, page ${citation.page}`}
                            title={`${baseName(citation.path)}, page ${citation.page}`}
                            onClick={() => props.onCite(citation)}
                          >
                            [{citation.n}]
                          </button>
                        )}
                      </For>
                    </span>
                  </Match>
                </Switch>
              );
            }}
          </Match>
        </Switch>
      )}
    </For>
  );
}
