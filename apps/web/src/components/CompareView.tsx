import { createResource, For, type JSX, Match, Show, Switch } from 'solid-js';
import { compareDocuments } from '../lib/api.ts';
import { differencesText, type MarkedPiece, markedPieces } from '../lib/compare-marks.ts';
import { messageOf, plural } from '../lib/format.ts';
import { type ComparedPage, documentName, similarityText } from '../lib/matter.ts';
import { routeHash } from '../lib/route.ts';
import './matter.css';

const CHANGE_WORDS = { added: 'added', removed: 'removed', changed: 'changed' } as const;

/** A page's text as it reads in a column: its lines joined (they were the file's, not the column's),
 *  its blank lines kept. */
function columnText(text: string): string {
  return text.replace(/([^\n])\n(?!\n)/g, '$1 ');
}

/** One side's page text with its differences marked: `<del>` on the older side, `<ins>` on the newer. */
function MarkedText(props: { pieces: MarkedPiece[]; side: 'a' | 'b' }): JSX.Element {
  return (
    <For each={props.pieces}>
      {(piece) => (
        <Switch fallback={columnText(piece.text)}>
          <Match when={piece.change && props.side === 'a'}>
            <span class="visually-hidden">[{CHANGE_WORDS[piece.change ?? 'changed']}: </span>
            <del class={`diff diff-${piece.change}`} data-change={piece.change}>
              {columnText(piece.text)}
            </del>
            <span class="visually-hidden">]</span>
          </Match>
          <Match when={piece.change}>
            <span class="visually-hidden">[{CHANGE_WORDS[piece.change ?? 'changed']}: </span>
            <ins
              class={`diff diff-${piece.change}`}
              data-change={piece.change}
              title={piece.was === undefined ? undefined : `was: ${piece.was}`}
            >
              {columnText(piece.text)}
            </ins>
            <Show when={piece.was !== undefined}>
              {' '}
              <span class="diff-was" data-testid="diff-was">
                (was “{piece.was}”)
              </span>
            </Show>
            <span class="visually-hidden">]</span>
          </Match>
        </Switch>
      )}
    </For>
  );
}

function Side(props: { page: ComparedPage; side: 'a' | 'b' }): JSX.Element {
  const number = () => (props.side === 'a' ? props.page.pageA : props.page.pageB);
  return (
    <div class="compare-side" data-side={props.side} data-testid={`compare-side-${props.side}`}>
      <Show
        when={number() !== null}
        fallback={<p class="muted compare-missing">No page here: this page is only in the other version.</p>}
      >
        <p class="compare-text">
          <MarkedText pieces={markedPieces(props.page, props.side)} side={props.side} />
        </p>
      </Show>
    </div>
  );
}

function pageHeading(page: ComparedPage): string {
  const a = page.pageA === null ? '—' : `p. ${page.pageA}`;
  const b = page.pageB === null ? '—' : `p. ${page.pageB}`;
  return `${a} ↔ ${b} · ${differencesText(page)}`;
}

/**
 * Two versions of a document side by side (`data-testid="compare"`), page by page
 * (`data-testid="compare-page"`, pages aligned by their content): the older on the left with what was
 * removed or changed struck through, the newer on the right with what was added or changed marked and,
 * for a change, what it was. Pages without differences are folded.
 */
export function CompareView(props: { slug: string; a: string; b: string }): JSX.Element {
  const [result, { refetch }] = createResource(
    () => ({ slug: props.slug, a: props.a, b: props.b }),
    (key) => compareDocuments(key.slug, key.a, key.b),
  );
  const loaded = () =>
    result.state === 'ready' || result.state === 'refreshing' ? result.latest : undefined;
  const swapped = () =>
    routeHash({ view: 'workspace', slug: props.slug, tab: 'compare', compare: { a: props.b, b: props.a } });
  return (
    <section class="matter compare" data-testid="compare" aria-labelledby="compare-heading">
      <header class="matter-head">
        <a class="compare-back" href={routeHash({ view: 'workspace', slug: props.slug, tab: 'overview' })}>
          ‹ Overview
        </a>
        <h3 id="compare-heading">Compare versions</h3>
        <Show when={loaded()}>
          {(current) => (
            <p class="muted matter-count">
              {similarityText(current().similarity)} · {differences(current().pages)} ·{' '}
              <a href={swapped()}>Swap sides</a>
            </p>
          )}
        </Show>
      </header>
      <Show when={result.error}>
        <p class="error" role="alert">
          Could not compare these documents: {messageOf(result.error)}{' '}
          <button type="button" onClick={() => void refetch()}>
            Try again
          </button>
        </p>
      </Show>
      <Show
        when={loaded()}
        fallback={
          <Show when={!result.error}>
            <p class="muted" role="status">
              Comparing…
            </p>
          </Show>
        }
      >
        {(current) => (
          <>
            <div class="compare-names">
              <p data-testid="compare-name-a" title={current().a.path}>
                <span class="diff diff-removed compare-key" aria-hidden="true">
                  A
                </span>{' '}
                {documentName(current().a)}{' '}
                <span class="muted">({plural(current().a.pageCount, 'page')})</span>
              </p>
              <p data-testid="compare-name-b" title={current().b.path}>
                <span class="diff diff-added compare-key" aria-hidden="true">
                  B
                </span>{' '}
                {documentName(current().b)}{' '}
                <span class="muted">({plural(current().b.pageCount, 'page')})</span>
              </p>
            </div>
            <For each={current().pages}>
              {(page) => (
                <Show
                  when={page.changes.length > 0}
                  fallback={
                    <details class="compare-page" data-testid="compare-page" data-changes="0">
                      <summary>{pageHeading(page)}</summary>
                      <div class="compare-sides">
                        <Side page={page} side="a" />
                        <Side page={page} side="b" />
                      </div>
                    </details>
                  }
                >
                  <section class="compare-page" data-testid="compare-page" data-changes={page.changes.length}>
                    <h4>{pageHeading(page)}</h4>
                    <div class="compare-sides">
                      <Side page={page} side="a" />
                      <Side page={page} side="b" />
                    </div>
                  </section>
                </Show>
              )}
            </For>
          </>
        )}
      </Show>
    </section>
  );
}

/** "1 page differs" / "no page differs" / "3 pages differ" */
function differences(pages: ComparedPage[]): string {
  const n = pages.filter((page) => page.changes.length > 0).length;
  return n === 0 ? 'no page differs' : n === 1 ? '1 page differs' : `${n} pages differ`;
}
