import { type JSX, Match, Show, Switch } from 'solid-js';
import type { PageLayout } from '../lib/api.ts';
import { imageFormatLabel } from '../lib/ocr.ts';
import { TEXT_FORMATS } from '../lib/viewer-kinds.ts';

/**
 * The viewer's line under its title: what the document is and where in it ("Spreadsheet · Sheet
 * Damages", "Slide deck · Slide 3 of 12", "Page 4 of 9 · cited: page 2", "Word document"), then the
 * passage's heading unless it is a sheet's name.
 */
export function ViewerWhere(props: {
  kind: 'pdf' | 'docx' | 'image' | 'text';
  path: string;
  /** The shown page's layout when it is a page of text. */
  text: Extract<PageLayout, { kind: 'text' }> | undefined;
  page: number;
  pageCount: number | null;
  citedPage: number;
  heading: string | null;
}): JSX.Element {
  /** A slide deck's pages are its slides, and named so. */
  const slides = () => props.text?.format === 'slides';
  return (
    <p class="viewer-where">
      <Switch>
        <Match when={props.kind === 'pdf' || props.kind === 'text'}>
          <Show when={props.text}>{(text) => <>{TEXT_FORMATS[text().format]} · </>}</Show>
          <Show
            when={props.text?.sheet}
            fallback={
              <>
                {slides() ? 'Slide' : 'Page'} {props.page}
                <Show when={props.pageCount}>{(count) => <> of {count()}</>}</Show>
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
          <Show when={props.page !== props.citedPage}>
            {' '}
            · cited: {slides() ? 'slide' : 'page'} {props.citedPage}
          </Show>
        </Match>
        <Match when={props.kind === 'docx'}>Word document</Match>
        <Match when={props.kind === 'image'}>{imageFormatLabel(props.path)} image</Match>
      </Switch>
      {/* A sheet page's heading is the sheet's name, already said. */}
      <Show when={!props.text?.sheet && props.heading}>{(heading) => <> · {heading()}</>}</Show>
    </p>
  );
}
