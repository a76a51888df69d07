import type { Piece } from './columns.ts';
import type { Block } from './text-blocks.ts';

// Beyond this many blocks on a page the pairwise rules cost too much; such pages are read top to bottom.
const MAX_ORDERED_BLOCKS = 200;
// A one-line block this far (in heights) right of a heading on the same row is a label of that row.
const LABEL_GAP = 3;
// A heading or caption of at most this many lines, at most this many line heights above what it heads.
const HEAD_LINES = 2;
const HEAD_GAP = 2;
// A footnote: smaller print than the body, in the lower part of the page, with no body text under it in
// its column, starting with a note mark.
const FOOTNOTE_SIZE_RATIO = 0.88;
const FOOTNOTE_LOWER_SHARE = 0.5;
// A page foot: at most this many blocks of at most this many lines, this many line heights below the rest.
const MAX_FOOT_BLOCKS = 4;
const MAX_FOOT_LINES = 3;
const FOOT_GAP = 1.5;
// Text inside a figure: blocks of at most this many lines, in print this much smaller than the body or
// at most this share of the caption's width.
const CAPTION = /^(?:fig(?:ure)?|table|chart|graph|diagram|exhibit|plate|map)\.?\s*[\dIVXivx]/i;
const FIGURE_TEXT_LINES = 3;
const FIGURE_TEXT_SIZE_RATIO = 0.9;
const FIGURE_LABEL_WIDTH = 0.35;
const NOTE_MARK = /^(?:\d{1,3}[).]?|\(\d{1,3}\)|[*†‡§¶]+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)(?:\s|$|\p{L})/u;

/**
 * Blocks in the order a reader takes them: block `a` comes before `b` when they overlap horizontally
 * and `a` is higher, or when `a` lies wholly left of `b` and no third block between them (vertically)
 * spans both. Columns are read one after the other, and a block spanning the columns (a title, a figure
 * and its caption) is read between what lies above it and what lies below it. Ties go to the block
 * higher up, then further left.
 */
export function readingOrder(blocks: readonly Block[]): Block[] {
  const sorted = [...blocks].sort((a, b) => a.top - b.top || a.x0 - b.x0);
  const n = sorted.length;
  if (n <= 1 || n > MAX_ORDERED_BLOCKS) return sorted;
  const widened = sorted.map((block) => widenOverWhatItHeads(sorted, block));
  const original = new Map(widened.map((proxy, i) => [proxy, sorted[i] ?? proxy]));
  const byPosition = widened;
  const after: number[][] = byPosition.map(() => []);
  const waitingFor = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== j && comesBefore(byPosition, i, j)) {
        after[i]?.push(j);
        waitingFor[j] = (waitingFor[j] ?? 0) + 1;
      }
    }
  }
  const done = new Uint8Array(n);
  const order: Block[] = [];
  while (order.length < n) {
    let pick = -1;
    for (let i = 0; i < n; i++) {
      if (done[i] === 0 && waitingFor[i] === 0) {
        pick = i;
        break;
      }
    }
    // A cycle (overlapping blocks): take the highest block left.
    if (pick < 0) pick = done.indexOf(0);
    done[pick] = 1;
    const block = byPosition[pick];
    if (block !== undefined) order.push(original.get(block) ?? block);
    for (const j of after[pick] ?? []) waitingFor[j] = (waitingFor[j] ?? 0) - 1;
  }
  return order;
}

/**
 * A short block (a caption, a heading) standing apart above a wider block it heads (a table, a figure
 * across the columns), nearer to it than to anything above and with nothing beside it, is ordered as if
 * as wide as that block: it is read where that block is, not as the end of a column.
 */
function widenOverWhatItHeads(blocks: readonly Block[], block: Block): Block {
  if (block.lines.length > HEAD_LINES) return block;
  let below: Block | null = null;
  let above: Block | null = null;
  for (const other of blocks) {
    if (other === block || other.x0 >= block.x1 || other.x1 <= block.x0) continue;
    if (other.top >= block.bottom - 1 && (below === null || other.top < below.top)) below = other;
    if (other.bottom <= block.top + 1 && (above === null || other.bottom > above.bottom)) above = other;
  }
  if (below === null || (below.x0 >= block.x0 && below.x1 <= block.x1)) return block;
  const height = block.lines[0]?.height ?? 0;
  const gapBelow = below.top - block.bottom;
  if (gapBelow > HEAD_GAP * height || (above !== null && block.top - above.bottom <= 2 * gapBelow))
    return block;
  const x0 = Math.min(block.x0, below.x0);
  const x1 = Math.max(block.x1, below.x1);
  const beside = blocks.some(
    (other) =>
      other !== block &&
      other.top < block.bottom &&
      other.bottom > block.top &&
      other.x0 < x1 &&
      other.x1 > x0,
  );
  return beside ? block : { ...block, x0, x1 };
}

function comesBefore(blocks: readonly Block[], i: number, j: number): boolean {
  const a = blocks[i];
  const b = blocks[j];
  if (a === undefined || b === undefined) return false;
  if (a.x1 > b.x0 && b.x1 > a.x0) return i < j;
  if (a.x1 > b.x0) return headsOver(blocks, a, b);
  if (headsOver(blocks, b, a)) return false;
  const gapTop = Math.min(a.bottom, b.bottom);
  const gapBottom = Math.max(a.top, b.top);
  if (gapTop >= gapBottom) return true;
  if (a.top >= b.bottom && !continuesColumnBeside(blocks, a, b)) return false;
  for (const c of blocks) {
    if (c === a || c === b) continue;
    const middle = (c.top + c.bottom) / 2;
    if (middle < gapTop || middle > gapBottom) continue;
    if (c.x0 < a.x1 && c.x1 > a.x0 && c.x0 < b.x1 && c.x1 > b.x0) return false;
  }
  return true;
}

/**
 * Whether `lower` (left of `upper` and wholly below it) continues a column that runs beside `upper`:
 * some block above `lower` in its column is level with part of `upper`. Scattered blocks (callouts
 * around a picture) are not columns and are read top to bottom.
 */
function continuesColumnBeside(blocks: readonly Block[], lower: Block, upper: Block): boolean {
  for (const c of blocks) {
    if (c === lower || c === upper || c.bottom > lower.top + 1) continue;
    if (c.x0 < lower.x1 && c.x1 > lower.x0 && c.top < upper.bottom && c.bottom > upper.top) return true;
  }
  return false;
}

/**
 * Whether `head` is read before `other`, which lies lower and to one side of it: a title or heading
 * standing over the text below it with nothing beside it on that side, or a one-line label set far
 * apart on the first row of a heading above `other` (read with that row).
 */
function headsOver(blocks: readonly Block[], head: Block, other: Block): boolean {
  if (head.bottom > other.top + 1) return false;
  const otherIsLeft = other.x1 <= head.x0;
  const from = otherIsLeft ? other.x0 : head.x1;
  const to = otherIsLeft ? head.x0 : other.x1;
  let beside = false;
  for (const c of blocks) {
    if (c === head || c === other) continue;
    if (c.top < head.bottom && c.bottom > head.top && c.x0 < to && c.x1 > from) {
      beside = true;
      break;
    }
  }
  return !beside || (otherIsLeft && isLabelOfRowAbove(blocks, head, other));
}

function isLabelOfRowAbove(blocks: readonly Block[], label: Block, other: Block): boolean {
  const line = label.lines[0];
  if (label.lines.length !== 1 || line === undefined) return false;
  for (const c of blocks) {
    const first = c.lines[0];
    if (c === label || c === other || first === undefined || c.bottom > other.top + 1) continue;
    const sameRow = Math.abs(first.baseline - line.baseline) <= 0.5 * Math.min(first.height, line.height);
    if (sameRow && first.x1 <= label.x0 - LABEL_GAP * line.height) return true;
  }
  return false;
}

/**
 * The same blocks with footnotes moved after the body: blocks in smaller print than `bodyHeight`, in
 * the lower half of the text, with no body-size block below them in their column, that start with a
 * note mark (a number, `*`, `†`…) — and smaller-print blocks that follow such a note below it.
 */
export function footnotesLast(
  ordered: readonly Block[],
  bodyHeight: number,
  textOf: (block: Block) => string,
): Block[] {
  if (ordered.length < 2 || !(bodyHeight > 0)) return [...ordered];
  let top = Number.POSITIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  for (const block of ordered) {
    top = Math.min(top, block.top);
    bottom = Math.max(bottom, block.bottom);
  }
  const lowerFrom = top + FOOTNOTE_LOWER_SHARE * (bottom - top);
  const small = (block: Block): boolean => blockHeight(block) <= FOOTNOTE_SIZE_RATIO * bodyHeight;
  const notes = new Set<Block>();
  for (const block of ordered) {
    if (block.top < lowerFrom || !small(block) || block.cellStarts !== undefined) continue;
    const bodyBelow = ordered.some(
      (other) =>
        other !== block &&
        !small(other) &&
        other.top >= block.bottom - 1 &&
        other.x0 < block.x1 &&
        other.x1 > block.x0,
    );
    if (bodyBelow) continue;
    const startsNote = NOTE_MARK.test(textOf(block).slice(0, 12));
    const continuesNote = [...notes].some(
      (note) =>
        (note.bottom <= block.top + 1 && note.x0 < block.x1 && note.x1 > block.x0) ||
        (note.x1 <= block.x0 && sameRow(note.lines[note.lines.length - 1], block.lines[0])),
    );
    if (startsNote || continuesNote) notes.add(block);
  }
  if (notes.size === 0 || notes.size === ordered.length) return [...ordered];
  return [...ordered.filter((block) => !notes.has(block)), ...ordered.filter((block) => notes.has(block))];
}

/**
 * The same blocks with the text drawn inside each figure (labels, small print) read just before the
 * figure's caption: blocks above a caption ("Figure 2", "Table 1"…) within its width, nearest first,
 * each of a few lines in smaller print than the body or narrow, up to the first that is not.
 */
export function labelsWithCaptions(
  ordered: readonly Block[],
  bodyHeight: number,
  textOf: (block: Block) => string,
): Block[] {
  let order = [...ordered];
  for (const caption of ordered) {
    if (!CAPTION.test(textOf(caption).slice(0, 24))) continue;
    const width = caption.x1 - caption.x0;
    const above = order
      .filter(
        (block) =>
          block !== caption &&
          block.bottom <= caption.top + 1 &&
          block.x0 >= caption.x0 - 1 &&
          block.x1 <= caption.x1 + 1,
      )
      .sort((a, b) => b.bottom - a.bottom);
    const labels: Block[] = [];
    for (const block of above) {
      const small =
        blockHeight(block) <= FIGURE_TEXT_SIZE_RATIO * bodyHeight ||
        block.x1 - block.x0 <= FIGURE_LABEL_WIDTH * width;
      if (block.lines.length > FIGURE_TEXT_LINES || !small) break;
      labels.push(block);
    }
    if (labels.length === 0) continue;
    const moved = new Set(labels);
    order = order.filter((block) => !moved.has(block));
    const at = order.indexOf(caption);
    order.splice(at, 0, ...ordered.filter((block) => moved.has(block)));
  }
  return order;
}

/**
 * The same blocks with the page's foot last: two or more short blocks side by side below everything
 * else, past a gap (an imprint, a colophon), read left to right after the columns above them.
 */
export function footLast(ordered: readonly Block[]): Block[] {
  const byTop = [...ordered].sort((a, b) => b.top - a.top);
  let foot: Block[] = [];
  for (let count = 1; count < byTop.length; count++) {
    const candidate = byTop.slice(0, count);
    const rest = byTop.slice(count);
    const footTop = Math.min(...candidate.map((block) => block.top));
    const restBottom = Math.max(...rest.map((block) => block.bottom));
    const lineHeight = Math.max(...candidate.map((block) => block.lines[0]?.height ?? 0));
    if (candidate.some((block) => block.lines.length > MAX_FOOT_LINES) || count > MAX_FOOT_BLOCKS) break;
    // One row: every block of the foot level with every other.
    if (
      Math.max(...candidate.map((block) => block.top)) >= Math.min(...candidate.map((block) => block.bottom))
    )
      break;
    if (footTop >= restBottom + FOOT_GAP * lineHeight) foot = candidate;
  }
  if (foot.length < 2) return [...ordered];
  const inFoot = new Set(foot);
  return [...ordered.filter((block) => !inFoot.has(block)), ...foot.sort((a, b) => a.x0 - b.x0)];
}

function sameRow(a: Piece | undefined, b: Piece | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    Math.abs(a.baseline - b.baseline) <= 0.5 * Math.min(a.height, b.height)
  );
}

/** The height of the block's print: that of the line with the most characters. */
export function blockHeight(block: Block): number {
  let height = 0;
  let most = -1;
  for (const line of block.lines) {
    let chars = 0;
    for (const item of line.items) chars += item.text.length;
    if (chars > most) {
      most = chars;
      height = line.height;
    }
  }
  return height;
}
