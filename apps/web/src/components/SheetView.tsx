import { createEffect, For, type JSX, Show } from 'solid-js';
import type { PageLayout } from '../lib/api.ts';
import { Marked } from './DocxView.tsx';
import './sheet-view.css';

type TextPageLayout = Extract<PageLayout, { kind: 'text' }>;
export type SheetLayout = NonNullable<TextPageLayout['sheet']>;
type Row = SheetLayout['rows'][number];
type Range = { start: number; end: number };

function overlaps(row: Row, range: Range | null): boolean {
  return range !== null && range.start < row.end && range.end > row.start;
}

/**
 * A page of a spreadsheet as a table (`data-testid="sheet"`): the sheet's header row as column heads
 * (the column names over a continued page), every other row as a table row, each cell's value marked
 * where the characters `range` of the page text cover it (`<mark data-testid="highlight">`). A row the
 * range touches is marked as cited (`data-cited`) and the first mark — or that row — scrolled into view.
 * The sheet's heading (its name) is the table's caption; a note on the page (a sheet cut short) follows it.
 */
export function SheetView(props: {
  layout: Pick<TextPageLayout, 'blocks'> & { sheet: SheetLayout };
  range: Range | null;
}): JSX.Element {
  let root!: HTMLDivElement;
  createEffect(() => {
    void props.layout;
    void props.range;
    const first = root.querySelector('mark') ?? root.querySelector('tr[data-cited]');
    first?.scrollIntoView?.({ block: 'center' });
  });
  const width = () =>
    Math.max(
      props.layout.sheet.columns?.length ?? 0,
      ...props.layout.sheet.rows.map((row) => row.cells.length),
    );
  const padded = (row: Row) => [
    ...row.cells,
    ...Array.from({ length: width() - row.cells.length }, () => ({ start: null, text: '' })),
  ];
  const heading = () => {
    const first = props.layout.blocks[0];
    return first?.kind === 'heading' ? first : undefined;
  };
  const columnHeads = () =>
    props.layout.sheet.rows.some((row) => row.header) ? null : props.layout.sheet.columns;
  return (
    <div class="sheet-page" ref={root}>
      <div class="sheet-table-wrap">
        <table class="sheet-table" data-testid="sheet">
          <Show when={heading()}>
            {(block) => (
              <caption class="sheet-caption">
                <Marked text={block().text} offset={block().start} range={props.range} />
              </caption>
            )}
          </Show>
          <Show when={columnHeads()}>
            {(names) => (
              <thead>
                <tr>
                  <For each={names()}>{(name) => <th scope="col">{name}</th>}</For>
                </tr>
              </thead>
            )}
          </Show>
          <tbody>
            <For each={props.layout.sheet.rows}>
              {(row) => (
                <tr
                  classList={{
                    'sheet-header-row': row.header,
                    'sheet-row-cited': overlaps(row, props.range),
                  }}
                  data-cited={overlaps(row, props.range) ? '' : undefined}
                >
                  <For each={padded(row)}>
                    {(cell) => {
                      const content =
                        cell.start === null ? (
                          cell.text
                        ) : (
                          <Marked text={cell.text} offset={cell.start} range={props.range} />
                        );
                      return row.header ? <th scope="col">{content}</th> : <td>{content}</td>;
                    }}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <For each={props.layout.sheet.notes}>
        {(note) => (
          <p class="sheet-note">
            <Marked text={note.text} offset={note.start} range={props.range} />
          </p>
        )}
      </For>
    </div>
  );
}
