import { type JSX, Match, Show, Switch } from 'solid-js';
import type { PageLayout } from '../lib/api.ts';
import { imageFormatLabel } from '../lib/ocr.ts';
import { labelDiffers, type PageMarks, pageText } from '../lib/page-label.ts';
import { TEXT_FORMATS } from '../lib/viewer-kinds.ts';
import { BatesLabel } from './PageLabel.tsx';

/**
 * The viewer's line under its title: what the document is and where in it ("Spreadsheet · Sheet
 * Damages", "Slide deck · Slide 3 of 12", "Page 4 of 9 · cited: p. 2", "Word document"), then the
 * passage's heading unless it is a sheet's name. A cited page whose printed number differs from its
 * place in the file is named both ways: "p. 257 (PDF p. 265 of 300)", other pages of that file by their
 * place ("PDF p. 266 of 300 · cited: p. 257 (PDF p. 265)"); the cited page's Bates number follows it.
 */
export function ViewerWhere(props: {
  kind: 'pdf' | 'docx' | 'image' | 'text';
  path: string;
  /** The shown page's layout when it is a page of text. */
  text: Extract<PageLayout, { kind: 'text' }> | undefined;
  page: number;
  pageCount: number | null;
  /** The cited page: physical number, printed label and Bates number. */
  cited: PageMarks;
  heading: string | null;
}): JSX.Element {
  /** A slide deck's pages are its slides, and named so. */
  const slides = () => props.text?.format === 'slides';
  const onCited = () => props.page === props.cited.page;
  const count = () => (props.pageCount ? ` of ${props.pageCount}` : '');
  return (
    <p class="viewer-where" data-testid="viewer-where">
      <Switch>
        <Match when={props.kind === 'pdf' || props.kind === 'text'}>
          <Show when={props.text}>{(text) => <>{TEXT_FORMATS[text().format]} · </>}</Show>
          <Switch
            fallback={
              <>
                {slides() ? 'Slide' : 'Page'} {props.page}
                {count()}
                <Show when={!onCited()}>
                  {' '}
                  · cited: {slides() ? `slide ${props.cited.page}` : pageText(props.cited)}
                </Show>
              </>
            }
          >
            <Match when={props.text?.sheet}>
              {(sheet) => (
                <>
                  Sheet {sheet().name}
                  <Show when={sheet().continued}> (continued)</Show>
                  <Show when={!onCited()}> · cited: page {props.cited.page}</Show>
                </>
              )}
            </Match>
            <Match when={labelDiffers(props.cited)}>
              <span data-testid="viewer-page-label">
                <Show
                  when={onCited()}
                  fallback={
                    <>
                      PDF p. {props.page}
                      {count()} · cited: {pageText(props.cited)}
                    </>
                  }
                >
                  {pageText(props.cited, props.pageCount)}
                </Show>
              </span>
            </Match>
          </Switch>
          <Show when={onCited() && props.cited.bates}>
            {(bates) => (
              <>
                {' · '}
                <BatesLabel bates={bates()} />
              </>
            )}
          </Show>
        </Match>
        <Match when={props.kind === 'docx'}>
          Word document
          {/* Quire reads a Word file as one page of text: the page Word laid the quote out on, when known. */}
          <Show when={props.cited.pageLabel}>
            {(label) => <span data-testid="viewer-page-label"> · cited: p. {label()}</span>}
          </Show>
        </Match>
        <Match when={props.kind === 'image'}>{imageFormatLabel(props.path)} image</Match>
      </Switch>
      {/* A sheet page's heading is the sheet's name, already said. */}
      <Show when={!props.text?.sheet && props.heading}>{(heading) => <> · {heading()}</>}</Show>
    </p>
  );
}
