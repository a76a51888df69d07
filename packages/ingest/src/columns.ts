/**
 * A run of text as pdf.js places it, in the layout frame of its direction: points, `x` growing along
 * the text, `baseline` growing down the page. Upright text is in page coordinates (top left origin);
 * text turned by `rotation` degrees (clockwise as seen on the page, 1–359) is in a frame turned with it
 * (see {@link toFrame}).
 */
export interface TextBox {
  text: string;
  x: number;
  baseline: number;
  width: number;
  height: number;
  rotation?: number;
}

/** A page point (top left origin, y down) in the frame turned `rotation` degrees clockwise. */
export function toFrame(x: number, y: number, rotation: number): [number, number] {
  const [cos, sin] = turn(rotation);
  return [x * cos + y * sin, -x * sin + y * cos];
}

/** A point of the frame turned `rotation` degrees clockwise, back on the page. */
export function toPage(u: number, v: number, rotation: number): [number, number] {
  const [cos, sin] = turn(rotation);
  return [u * cos - v * sin, u * sin + v * cos];
}

function turn(rotation: number): [number, number] {
  switch (rotation) {
    case 0:
      return [1, 0];
    case 90:
      return [0, 1];
    case 180:
      return [-1, 0];
    case 270:
      return [0, -1];
    default: {
      const radians = (rotation * Math.PI) / 180;
      return [Math.cos(radians), Math.sin(radians)];
    }
  }
}

/** Boxes that share a baseline, left to right. */
export interface Row {
  baseline: number;
  height: number;
  items: TextBox[];
}

/** A row cut at a column gap: the part of one row that belongs to one column (or table cell). */
export interface Piece {
  items: TextBox[];
  x0: number;
  x1: number;
  baseline: number;
  /** Height of the box with the most characters (the piece's font size, superscripts aside). */
  height: number;
  top: number;
  bottom: number;
}

interface Run {
  x0: number;
  x1: number;
  from: number;
  to: number;
  /** Starts right after a dot leader and page number: a contents entry ended there, whatever the gap. */
  leader?: boolean;
}

// Boxes are on one row when their baselines are within half a height of each other (the larger height
// when the sizes are alike, so superscripts stay on their line; the smaller one otherwise, so a huge
// display word does not swallow the lines beside it).
const SAME_ROW_SHARE = 0.5;
const ALIKE_SIZE_RATIO = 0.6;
const SCRIPT_SIZE_RATIO = 0.4;
const ASCENT = 0.8;
// A box smaller than this share of its row's height, touching (within this share of a height) no
// text on its row, is a script that may belong to the row next to it.
const SCRIPT_HEIGHT = 0.8;
const TOUCHING = 0.3;
const DESCENT = 0.2;
// A gap of at least this many heights may separate columns or table cells...
const COLUMN_GAP = 1.0;
// ...when rows around it (within this many heights) leave a channel at least this wide through it,
// with text on its left in one and on its right in one: a gutter, not a wide word space.
const SUPPORT_REACH = 4;
// A gap this wide (in heights) is never a space between words: a label set apart on its row.
const WIDE_GAP = 3;
// A contents entry: a dot leader and a page number end it.
const LEADER_AND_PAGE = /\.{4,}\s*\d{1,4}\s*$/;
const MIN_CHANNEL = 0.5;
const MARKER_MAX_WIDTH = 3;
const LIST_MARKER =
  /^(?:[•◦▪▫‣⁃∙·●○■□►▶✓✔*+\-–—]|\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-zA-Z]|[ivxIVX]{1,5})[.):]?)$/;

export function rowsOf(boxes: readonly TextBox[]): Row[] {
  const sorted = boxes
    .filter((box) => box.text.trim() !== '')
    .map((box) => (box.height >= 1 ? box : { ...box, height: 1 }))
    .sort((a, b) => a.baseline - b.baseline || a.x - b.x);
  const rows: Row[] = [];
  let current: Row | null = null;
  let tallest = 0;
  for (const box of sorted) {
    if (current !== null && onSameRow(current, box)) {
      current.items.push(box);
      if (box.height > tallest) {
        tallest = box.height;
        current.baseline = box.baseline;
        current.height = box.height;
      }
    } else {
      current = { baseline: box.baseline, height: box.height, items: [box] };
      tallest = box.height;
      rows.push(current);
    }
  }
  for (const row of rows) row.items.sort((a, b) => a.x - b.x);
  reattachScripts(rows);
  return rows;
}

/**
 * Moves a superscript or subscript that landed on the row beside its own (between two columns' rows)
 * to the row whose text it touches.
 */
function reattachScripts(rows: Row[]): void {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row === undefined) continue;
    for (let i = row.items.length - 1; i >= 0; i--) {
      const item = row.items[i];
      if (item === undefined || item.height >= SCRIPT_HEIGHT * row.height) continue;
      if (touchesAny(row.items, item, row.height)) continue;
      for (const other of [rows[r - 1], rows[r + 1]]) {
        if (other === undefined || !touchesAny(other.items, item, other.height)) continue;
        if (!other.items.every((box) => level(box, item))) continue;
        row.items.splice(i, 1);
        other.items.push(item);
        other.items.sort((a, b) => a.x - b.x);
        break;
      }
    }
  }
}

function touchesAny(items: readonly TextBox[], item: TextBox, height: number): boolean {
  const reach = TOUCHING * height;
  return items.some(
    (other) =>
      other !== item && other.x - reach <= item.x + item.width && item.x - reach <= other.x + other.width,
  );
}

/** Whether a box belongs on the row: level with every box already on it (so rows never chain). */
function onSameRow(row: Row, box: TextBox): boolean {
  for (const item of row.items) if (!level(item, box)) return false;
  return true;
}

function level(a: TextBox, b: TextBox): boolean {
  const distance = Math.abs(a.baseline - b.baseline);
  const low = Math.min(a.height, b.height);
  const high = Math.max(a.height, b.height);
  if (distance <= SAME_ROW_SHARE * (low >= ALIKE_SIZE_RATIO * high ? high : low)) return true;
  if (low < SCRIPT_SIZE_RATIO * high) return false;
  // A superscript or subscript: the smaller text lies within the larger text's height.
  const [small, large] = a.height < b.height ? [a, b] : [b, a];
  return (
    small.baseline - ASCENT * small.height >= large.baseline - ASCENT * large.height - 0.5 &&
    small.baseline + DESCENT * small.height <= large.baseline + DESCENT * large.height + 0.5
  );
}

/**
 * Each row cut into pieces at the gaps that run down the page as a gutter or a table's column gap, and
 * at very wide gaps. Rows for which `cutEveryGap` holds (the page's edges, where running heads put a
 * page number apart from a title) are cut at every gap of at least {@link COLUMN_GAP} heights.
 */
export function piecesOf(
  rows: readonly Row[],
  cutEveryGap: (row: number) => boolean = () => false,
): Piece[][] {
  const runs = rows.map(runsOf);
  return rows.map((row, index) => {
    const own = runs[index] ?? [];
    const pieces: Piece[] = [];
    const everyGap = own.length > 1 && cutEveryGap(index);
    let from = 0;
    for (let k = 0; k + 1 < own.length; k++) {
      if (everyGap || isColumnGap(rows, runs, index, k)) {
        pieces.push(pieceOf(row.items.slice(own[from]?.from ?? 0, own[k]?.to ?? 0)));
        from = k + 1;
      }
    }
    pieces.push(pieceOf(row.items.slice(own[from]?.from ?? 0)));
    return pieces;
  });
}

/** The row's ink, cut at every gap of at least {@link COLUMN_GAP} heights. */
function runsOf(row: Row): Run[] {
  const runs: Run[] = [];
  const items = row.items;
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (item === undefined) continue;
    const end = item.x + Math.max(item.width, 0);
    const run = runs[runs.length - 1];
    const height = Math.min(item.height, items[index - 1]?.height ?? item.height);
    const before = items[index - 1]?.text ?? '';
    const afterLeader =
      run !== undefined &&
      item.x >= run.x1 - 1 &&
      isDigit(before.charCodeAt(before.trimEnd().length - 1)) &&
      LEADER_AND_PAGE.test(before);
    if (run === undefined || afterLeader || item.x - run.x1 >= COLUMN_GAP * height) {
      if (run !== undefined) run.to = index;
      runs.push({ x0: item.x, x1: end, from: index, to: items.length, leader: afterLeader });
    } else {
      run.x1 = Math.max(run.x1, end);
    }
  }
  return runs;
}

function isColumnGap(rows: readonly Row[], runs: readonly Run[][], index: number, k: number): boolean {
  const row = rows[index];
  const left = runs[index]?.[k];
  const right = runs[index]?.[k + 1];
  if (row === undefined || left === undefined || right === undefined) return false;
  if (right.leader) return true;
  const height =
    Math.max(row.items[left.to - 1]?.height ?? 0, row.items[right.from]?.height ?? 0) || row.height;
  if (k === 0 && left.x1 - left.x0 <= MARKER_MAX_WIDTH * height && isListMarker(row.items, left))
    return false;
  const last = k + 2 === (runs[index]?.length ?? 0);
  if (last && right.x1 - right.x0 <= MARKER_MAX_WIDTH * height && isListMarker(row.items, right))
    return false;
  if (right.x0 - left.x1 >= WIDE_GAP * height) return true;
  const channels: { lo: number; hi: number; left: boolean; right: boolean }[] = [];
  const reach = SUPPORT_REACH * height;
  const minWidth = MIN_CHANNEL * height;
  for (const step of [-1, 1]) {
    for (let other = index + step; other >= 0 && other < rows.length; other += step) {
      const neighbour = rows[other];
      if (neighbour === undefined || Math.abs(neighbour.baseline - row.baseline) > reach) break;
      const free = widestFreeSpan(runs[other] ?? [], left.x1, right.x0);
      if (free !== null && free.hi - free.lo >= minWidth) channels.push(free);
    }
  }
  for (const a of channels) {
    if (a.left && a.right) return true;
    if (!a.left) continue;
    for (const b of channels) {
      if (b.right && Math.min(a.hi, b.hi) - Math.max(a.lo, b.lo) >= minWidth) return true;
    }
  }
  return false;
}

/** The widest part of `lo`–`hi` that a row leaves empty, and whether the row has text left and right of it. */
function widestFreeSpan(
  runs: readonly Run[],
  lo: number,
  hi: number,
): { lo: number; hi: number; left: boolean; right: boolean } | null {
  if (runs.length === 0) return null;
  let best: { lo: number; hi: number; left: boolean; right: boolean } | null = null;
  for (let i = 0; i <= runs.length; i++) {
    const freeFrom = i === 0 ? Number.NEGATIVE_INFINITY : (runs[i - 1]?.x1 ?? 0);
    const freeTo = i === runs.length ? Number.POSITIVE_INFINITY : (runs[i]?.x0 ?? 0);
    const from = Math.max(lo, freeFrom);
    const to = Math.min(hi, freeTo);
    if (to > from && (best === null || to - from > best.hi - best.lo)) {
      best = { lo: from, hi: to, left: i > 0, right: i < runs.length };
    }
  }
  return best;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isListMarker(items: readonly TextBox[], run: Run): boolean {
  let text = '';
  for (let i = run.from; i < run.to && text.length <= 8; i++) text += items[i]?.text ?? '';
  return LIST_MARKER.test(text.trim());
}

export function pieceOf(items: TextBox[]): Piece {
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let top = Number.POSITIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  let main = items[0];
  let tallest = items[0];
  for (const item of items) {
    x0 = Math.min(x0, item.x);
    x1 = Math.max(x1, item.x + Math.max(item.width, 0));
    top = Math.min(top, item.baseline - ASCENT * item.height);
    bottom = Math.max(bottom, item.baseline + DESCENT * item.height);
    if (main === undefined || item.text.length > main.text.length) main = item;
    if (tallest === undefined || item.height > tallest.height) tallest = item;
  }
  return {
    items,
    x0,
    x1,
    baseline: tallest?.baseline ?? 0,
    height: main?.height ?? 1,
    top,
    bottom,
  };
}

export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

export function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}
