import { createEffect, For, type JSX, Match, Show, Switch } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import type { PageLayout } from '../lib/api.ts';
import { splitForRange } from '../lib/highlight.ts';

export type DocxPageLayout = Extract<PageLayout, { kind: 'docx' }>;
type Block = DocxPageLayout['blocks'][number];
type Range = { start: number; end: number };

/** Consecutive list items are shown as one list. */
type Group = { kind: 'list'; items: Block[] } | { kind: 'block'; block: Block };

function groupBlocks(blocks: readonly Block[]): Group[] {
  const groups: Group[] = [];
  for (const block of blocks) {
    const last = groups.at(-1);
    if (block.kind === 'list-item' && last?.kind === 'list') last.items.push(block);
    else if (block.kind === 'list-item') groups.push({ kind: 'list', items: [block] });
    else groups.push({ kind: 'block', block });
  }
  return groups;
}

/** Text that starts at `offset` in the page text, with the part inside `range` in a <mark>. */
export function Marked(props: { text: string; offset: number; range: Range | null }): JSX.Element {
  const parts = () =>
    props.range
      ? splitForRange(props.text, props.offset, props.range.start, props.range.end)
      : [props.text, '', ''];
  return (
    <>
      {parts()[0]}
      <Show when={parts()[1]}>
        {(marked) => (
          <mark class="docx-highlight" data-testid="highlight">
            {marked()}
          </mark>
        )}
      </Show>
      {parts()[2]}
    </>
  );
}

function headingTag(level: number | null): string {
  return `h${Math.min(Math.max(Math.round(level ?? 1), 1), 6)}`;
}

/**
 * A Word document — or a page of a web page or text file, which are indexed as the same blocks — rendered
 * from its indexed blocks (headings, paragraphs, lists, tables) as plain elements built from text, never
 * from the file's markup, with the characters `range` of the page text marked (`<mark
 * data-testid="highlight">`, across blocks and table cells when the quote spans them). The first mark is
 * scrolled into view.
 */
export function DocxView(props: {
  layout: Pick<DocxPageLayout, 'blocks'>;
  range: Range | null;
}): JSX.Element {
  let root!: HTMLDivElement;
  createEffect(() => {
    void props.layout;
    void props.range;
    const first = root.querySelector('mark');
    first?.scrollIntoView?.({ block: 'center' });
  });
  return (
    <div class="docx-page" ref={root}>
      <For each={groupBlocks(props.layout.blocks)}>
        {(group) => (
          <Switch>
            <Match when={group.kind === 'list' && group}>
              {(list) => (
                <ul class="docx-list">
                  <For each={list().items}>
                    {(item) => (
                      <li>
                        <Marked text={item.text} offset={item.start} range={props.range} />
                      </li>
                    )}
                  </For>
                </ul>
              )}
            </Match>
            <Match when={group.kind === 'block' && group.block}>
              {(block) => (
                <Switch
                  fallback={
                    <p>
                      <Marked text={block().text} offset={block().start} range={props.range} />
                    </p>
                  }
                >
                  <Match when={block().kind === 'heading'}>
                    <Dynamic component={headingTag(block().level)} class="docx-heading">
                      <Marked text={block().text} offset={block().start} range={props.range} />
                    </Dynamic>
                  </Match>
                  <Match when={block().kind === 'table' && block().rows}>
                    {(rows) => (
                      <div class="docx-table-wrap">
                        <table class="docx-table">
                          <tbody>
                            <For each={rows()}>
                              {(row) => (
                                <tr>
                                  <For each={row}>
                                    {(cell) => (
                                      <td>
                                        <Marked text={cell.text} offset={cell.start} range={props.range} />
                                      </td>
                                    )}
                                  </For>
                                </tr>
                              )}
                            </For>
                          </tbody>
                        </table>
                      </div>
                    )}
                  </Match>
                </Switch>
              )}
            </Match>
          </Switch>
        )}
      </For>
    </div>
  );
}
