import type { HtmlBlock, HtmlBlockKind } from './html-blocks.ts';
import type { HeadingMark } from './types.ts';

/** Blocks are separated by a blank line in a page's text. */
export const BLOCK_SEPARATOR = '\n\n';

/** A cell of a table block: its text starts at `start` in the page text. */
export interface CellLayout {
  start: number;
  text: string;
}

/** One block of a page (Word document, web page, text file) and where its text lies in the page text (`start`–`end`). */
export interface BlockLayout {
  kind: HtmlBlockKind;
  /** Heading level (1–6) of a heading, else null. */
  level: number | null;
  start: number;
  end: number;
  text: string;
  /** A table's rows of cells, else null. */
  rows: CellLayout[][] | null;
}

/** A page's text exactly as indexed and the blocks it is made of, for display. */
export interface BlocksLayout {
  text: string;
  blocks: BlockLayout[];
}

/** The page text of `blocks` (separated by blank lines) and each block's place in it. */
export function layoutBlocks(blocks: readonly HtmlBlock[]): BlocksLayout {
  const placed: BlockLayout[] = [];
  let text = '';
  for (const block of blocks) {
    if (text !== '') text += BLOCK_SEPARATOR;
    const start = text.length;
    text += block.text;
    placed.push({
      kind: block.kind,
      level: block.headingLevel ?? null,
      start,
      end: text.length,
      text: block.text,
      rows: block.rows ? cellOffsets(block.rows, start) : null,
    });
  }
  return { text, blocks: placed };
}

/** A heading mark for every heading block of a layout. */
export function headingMarks(layout: BlocksLayout): HeadingMark[] {
  return layout.blocks.flatMap((block) =>
    block.kind === 'heading' ? [{ offset: block.start, level: block.level ?? 1, text: block.text }] : [],
  );
}

/** Offsets of every cell of a table whose rows are joined by newlines and cells by ` | `, from `start`. */
function cellOffsets(rows: readonly string[][], start: number): CellLayout[][] {
  let offset = start;
  return rows.map((row, r) => {
    if (r > 0) offset += 1;
    return row.map((cell, c) => {
      if (c > 0) offset += 3;
      const placed = { start: offset, text: cell };
      offset += cell.length;
      return placed;
    });
  });
}
