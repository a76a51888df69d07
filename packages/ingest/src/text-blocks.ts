import type { Piece } from './columns.ts';

/**
 * Lines that are read one after the other: a paragraph or a column's run of lines, or a whole table
 * (its cells row by row). `cellStarts` holds the index of each table cell's first line.
 */
export interface Block {
  lines: Piece[];
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  cellStarts?: number[];
}

// A line continues the block above it when it is no further below than a paragraph break (a share of
// the page's usual line pitch, or of its height), mostly under it, of about the same size, and nothing
// stands beside it under the block (which would mean the block was full width and columns start here)
// or above the part of it wider than the block.
const MAX_PITCH_OF_USUAL = 1.4;
const MIN_PITCH = 1.3;
const MAX_PITCH_UNKNOWN_USUAL = 2.0;
const UNDER_SHARE = 0.6;
const SIZE_TOLERANCE = 0.15;
const USUAL_PITCH_PERCENTILE = 0.25;
// Cells of a table: blocks of few lines side by side (tops or middles level), in at least
// two such rows stacked with matching columns, one column of them short (a key column).
const MAX_CELL_LINES = 6;
const MAX_KEY_CELL_LINES = 3;
const MIN_TABLE_ROWS = 2;
const LEVEL_SHARE = 0.5;
// Labels are short: their widest line is at most this share of the width of the text beside them.
const LABEL_WIDTH_SHARE = 0.5;

/**
 * The page's usual distance between a line and the next one below it in the same column: a low
 * percentile weighted by characters, so that the body's lines count more than a table's cells.
 */
export function usualPitch(pieces: readonly Piece[]): number {
  const pitches: { pitch: number; chars: number }[] = [];
  let total = 0;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (piece === undefined) continue;
    for (let j = i + 1; j < pieces.length; j++) {
      const next = pieces[j];
      if (next === undefined) continue;
      const pitch = next.baseline - piece.baseline;
      if (pitch > 3 * piece.height) break;
      if (pitch <= 0.5 * piece.height || !alikeSize(piece, next)) continue;
      if (overlap(piece.x0, piece.x1, next.x0, next.x1) > 0) {
        let chars = 0;
        for (const item of piece.items) chars += item.text.length;
        pitches.push({ pitch, chars });
        total += chars;
        break;
      }
    }
  }
  if (pitches.length === 0) return Number.NaN;
  pitches.sort((a, b) => a.pitch - b.pitch);
  let seen = 0;
  for (const { pitch, chars } of pitches) {
    seen += chars;
    if (seen >= USUAL_PITCH_PERCENTILE * total) return pitch;
  }
  return pitches[pitches.length - 1]?.pitch ?? Number.NaN;
}

/** Groups pieces (sorted by baseline, then x) into blocks of lines read top to bottom. */
export function blocksOf(pieces: readonly Piece[], pitch: number): Block[] {
  const owner = new Int32Array(pieces.length).fill(-1);
  const blocks: Block[] = [];
  for (let start = 0; start < pieces.length; start++) {
    const first = pieces[start];
    if (first === undefined || (owner[start] ?? -1) >= 0) continue;
    const id = blocks.length;
    const block: Block = { lines: [first], x0: first.x0, x1: first.x1, top: first.top, bottom: first.bottom };
    blocks.push(block);
    owner[start] = id;
    let last = start;
    for (;;) {
      const next = nextLine(pieces, owner, block, last, pitch);
      if (next < 0 || standsBeside(pieces, owner, id, block, last, next)) break;
      if (!overhangIsFree(pieces, owner, id, block, start, next)) break;
      const piece = pieces[next];
      if (piece === undefined) break;
      owner[next] = id;
      block.lines.push(piece);
      block.x0 = Math.min(block.x0, piece.x0);
      block.x1 = Math.max(block.x1, piece.x1);
      block.top = Math.min(block.top, piece.top);
      block.bottom = Math.max(block.bottom, piece.bottom);
      last = next;
    }
  }
  return blocks;
}

function nextLine(
  pieces: readonly Piece[],
  owner: Int32Array,
  block: Block,
  last: number,
  pitch: number,
): number {
  const line = pieces[last];
  if (line === undefined) return -1;
  for (let j = last + 1; j < pieces.length; j++) {
    const piece = pieces[j];
    if (piece === undefined) continue;
    const distance = piece.baseline - line.baseline;
    const size = Math.max(piece.height, line.height);
    const limit = Number.isNaN(pitch)
      ? MAX_PITCH_UNKNOWN_USUAL * size
      : Math.max(MAX_PITCH_OF_USUAL * pitch, MIN_PITCH * size);
    if (distance > limit) return -1;
    if ((owner[j] ?? -1) >= 0 || distance <= 0.5 * Math.min(piece.height, line.height)) continue;
    if (!alikeSize(piece, line)) continue;
    const shared = overlap(piece.x0, piece.x1, block.x0, block.x1);
    if (shared >= UNDER_SHARE * Math.min(piece.x1 - piece.x0, block.x1 - block.x0)) return j;
  }
  return -1;
}

/** Whether text outside the block stands beside the candidate line, under the block. */
function standsBeside(
  pieces: readonly Piece[],
  owner: Int32Array,
  id: number,
  block: Block,
  last: number,
  next: number,
): boolean {
  const line = pieces[last];
  const candidate = pieces[next];
  if (line === undefined || candidate === undefined) return false;
  const below = candidate.baseline + 0.5 * candidate.height;
  for (let k = last + 1; k < pieces.length; k++) {
    const other = pieces[k];
    if (other === undefined) continue;
    if (other.baseline > below) break;
    if (k === next || owner[k] === id || other.baseline <= line.baseline) continue;
    if (other.x1 <= candidate.x0 || other.x0 >= candidate.x1) {
      if (overlap(other.x0, other.x1, block.x0, block.x1) > 0.5 * (other.x1 - other.x0)) return true;
    }
  }
  return false;
}

/**
 * Whether the part of the candidate line wider than the block has nothing above it beside the block:
 * a line reaching under a neighbouring column or label is not this block's.
 */
function overhangIsFree(
  pieces: readonly Piece[],
  owner: Int32Array,
  id: number,
  block: Block,
  first: number,
  next: number,
): boolean {
  const candidate = pieces[next];
  if (candidate === undefined) return false;
  const left = candidate.x0 < block.x0 - 1;
  const right = candidate.x1 > block.x1 + 1;
  if (!left && !right) return true;
  for (let k = first; k < next; k++) {
    const other = pieces[k];
    if (other === undefined || owner[k] === id || other.bottom < block.top) continue;
    if (left && other.x1 > candidate.x0 && other.x0 < block.x0) return false;
    if (right && other.x0 < candidate.x1 && other.x1 > block.x1) return false;
  }
  return true;
}

/**
 * Merges a column of short labels with the block beside it whose every line stands level with one of
 * the labels (keywords and their arguments in a code listing, terms and values): read row by row.
 */
export function mergeLabelColumns(blocks: readonly Block[]): Block[] {
  const out = [...blocks];
  for (let i = 0; i < out.length; i++) {
    const labels = out[i];
    if (labels === undefined || labels.lines.length < 2) continue;
    for (let j = 0; j < out.length; j++) {
      const values = out[j];
      if (i === j || values === undefined || !labelsBeside(labels, values)) continue;
      const lines = [...labels.lines, ...values.lines].sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
      out[i] = {
        lines,
        x0: labels.x0,
        x1: values.x1,
        top: Math.min(labels.top, values.top),
        bottom: Math.max(labels.bottom, values.bottom),
      };
      out.splice(j, 1);
      if (j < i) i--;
      break;
    }
  }
  return out;
}

function labelsBeside(labels: Block, values: Block): boolean {
  if (values.lines.length < 2 || labels.x1 > values.x0 || labels.cellStarts || values.cellStarts)
    return false;
  if (labels.x1 - labels.x0 > LABEL_WIDTH_SHARE * (values.x1 - values.x0)) return false;
  return values.lines.every((value) =>
    labels.lines.some(
      (label) => Math.abs(label.baseline - value.baseline) <= 0.5 * Math.min(label.height, value.height),
    ),
  );
}

/** Merges the cells of each table into one block read row by row; other blocks are returned as they are. */
export function mergeTables(blocks: readonly Block[]): Block[] {
  const rows = alignedRows(blocks);
  const inTable = new Set<Block>();
  const tables: Block[][][] = [];
  let table: Block[][] = [];
  const close = (): void => {
    if (table.length >= MIN_TABLE_ROWS && hasKeyColumn(table)) {
      tables.push(table);
      for (const row of table) for (const cell of row) inTable.add(cell);
    }
    table = [];
  };
  for (const row of rows) {
    if (table.length > 0 && !continuesTable(table, row, blocks)) close();
    table.push(row);
  }
  close();
  if (tables.length === 0) return [...blocks];
  const merged = tables.map(tableBlock);
  const firstCell = new Map(tables.map((t, i) => [t[0]?.[0], merged[i]]));
  const out: Block[] = [];
  for (const block of blocks) {
    const replacement = firstCell.get(block);
    if (replacement !== undefined) out.push(replacement);
    else if (!inTable.has(block)) out.push(block);
  }
  return out;
}

/**
 * Rows of two or more short blocks side by side (tops or middles level, none above another), top to
 * bottom, each left to right. A cell spanning several rows belongs to the first.
 */
function alignedRows(blocks: readonly Block[]): Block[][] {
  const cells = blocks
    .filter((block) => block.lines.length <= MAX_CELL_LINES)
    .sort((a, b) => a.top - b.top || a.x0 - b.x0);
  const rows: Block[][] = [];
  let row: Block[] = [];
  for (const cell of cells) {
    const joins =
      row.some((other) => sideBySide(other, cell)) &&
      row.every((other) => other.x1 <= cell.x0 || other.x0 >= cell.x1);
    if (joins) {
      row.push(cell);
      continue;
    }
    if (row.length >= 2) rows.push(row);
    row = [cell];
  }
  if (row.length >= 2) rows.push(row);
  return rows.map((cellsOfRow) => [...cellsOfRow].sort((a, b) => a.x0 - b.x0));
}

/** Whether two blocks are level as cells of one row: tops level, or middles (cells centred in their row). */
function sideBySide(a: Block, b: Block): boolean {
  const tolerance = LEVEL_SHARE * Math.min(a.lines[0]?.height ?? 0, b.lines[0]?.height ?? 0);
  return (
    Math.abs(a.top - b.top) <= tolerance || Math.abs(a.top + a.bottom - b.top - b.bottom) / 2 <= tolerance
  );
}

/** Whether the first cell of every row (the key column) is short. */
function hasKeyColumn(table: readonly (readonly Block[])[]): boolean {
  return table.every((row) => (row[0]?.lines.length ?? MAX_CELL_LINES) <= MAX_KEY_CELL_LINES);
}

/**
 * Whether `row` continues the table: each of its cells lies under the last cell of the table in its
 * column (a column it shares with cells above), and nothing else stands between the rows.
 */
function continuesTable(
  table: readonly (readonly Block[])[],
  row: readonly Block[],
  blocks: readonly Block[],
): boolean {
  const above = table[table.length - 1] ?? [];
  for (const cell of row) {
    let over: Block | null = null;
    for (const earlier of table) {
      for (const other of earlier) if (overlap(other.x0, other.x1, cell.x0, cell.x1) > 0) over = other;
    }
    if (over === null || cell.top < over.bottom - 1) return false;
  }
  const gapTop = Math.min(...above.map((cell) => cell.bottom));
  const gapBottom = Math.max(...row.map((cell) => cell.top));
  const x0 = Math.min(...above.map((cell) => cell.x0), ...row.map((cell) => cell.x0));
  const x1 = Math.max(...above.map((cell) => cell.x1), ...row.map((cell) => cell.x1));
  return !blocks.some(
    (block) =>
      !above.includes(block) &&
      !row.includes(block) &&
      block.top >= gapTop - 1 &&
      block.bottom <= gapBottom + 1 &&
      overlap(block.x0, block.x1, x0, x1) > 0,
  );
}

function tableBlock(rows: readonly (readonly Block[])[]): Block {
  const lines: Piece[] = [];
  const cellStarts: number[] = [];
  for (const row of rows) {
    for (const cell of row) {
      cellStarts.push(lines.length);
      lines.push(...cell.lines);
    }
  }
  const cells = rows.flat();
  return {
    lines,
    cellStarts,
    x0: Math.min(...cells.map((cell) => cell.x0)),
    x1: Math.max(...cells.map((cell) => cell.x1)),
    top: Math.min(...cells.map((cell) => cell.top)),
    bottom: Math.max(...cells.map((cell) => cell.bottom)),
  };
}

function alikeSize(a: Piece, b: Piece): boolean {
  return Math.abs(a.height - b.height) <= SIZE_TOLERANCE * Math.max(a.height, b.height);
}

export function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.min(a1, b1) - Math.max(a0, b0);
}
