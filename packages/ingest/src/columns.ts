export interface TextBox {
  text: string;
  x: number;
  baseline: number;
  width: number;
  height: number;
}

export interface Row {
  baseline: number;
  height: number;
  items: TextBox[];
}

const MIDDLE_FROM = 0.3;
const MIDDLE_TO = 0.7;
const MAX_BINS = 1000;
const CROSSING_ROW_SHARE = 0.1;
const MIN_ROWS_PER_COLUMN = 3;
const COLUMN_FILL_SHARE = 0.35;

export function findGutter(rows: readonly Row[], bodyHeight: number): number | null {
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    for (const item of row.items) {
      minX = Math.min(minX, item.x);
      maxX = Math.max(maxX, item.x + item.width);
    }
  }
  const span = maxX - minX;
  if (!(span > 0)) return null;
  const binCount = Math.min(MAX_BINS, Math.max(50, Math.ceil(span / 2)));
  const binWidth = span / binCount;
  const crossings = rowCoverage(rows, minX, binWidth, binCount);
  const allowed = Math.max(1, Math.floor(rows.length * CROSSING_ROW_SHARE));
  const run = widestQuietRun(crossings, allowed, Math.floor(binCount * MIDDLE_FROM), binCount * MIDDLE_TO);
  if (run === null || (run.to - run.from + 1) * binWidth < Math.max(bodyHeight * 0.8, 6)) return null;
  const gutterBin = quietestBin(crossings, run.from, run.to);
  const gutterX = minX + (gutterBin + 0.5) * binWidth;
  return columnsLookReal(rows, gutterX, minX, maxX) ? gutterX : null;
}

function rowCoverage(rows: readonly Row[], minX: number, binWidth: number, binCount: number): Int32Array {
  const diff = new Int32Array(binCount + 1);
  const binOf = (x: number): number => Math.min(binCount - 1, Math.max(0, Math.floor((x - minX) / binWidth)));
  for (const row of rows) {
    let from = -1;
    let to = -1;
    for (const item of row.items) {
      const a = binOf(item.x);
      const b = binOf(item.x + item.width);
      if (a > to) {
        if (from >= 0) markRange(diff, from, to);
        from = a;
      }
      to = Math.max(to, b);
    }
    if (from >= 0) markRange(diff, from, to);
  }
  const counts = new Int32Array(binCount);
  let running = 0;
  for (let i = 0; i < binCount; i++) {
    running += diff[i] ?? 0;
    counts[i] = running;
  }
  return counts;
}

function markRange(diff: Int32Array, from: number, to: number): void {
  diff[from] = (diff[from] ?? 0) + 1;
  diff[to + 1] = (diff[to + 1] ?? 0) - 1;
}

function widestQuietRun(
  counts: Int32Array,
  allowed: number,
  from: number,
  to: number,
): { from: number; to: number } | null {
  let best: { from: number; to: number } | null = null;
  let start = -1;
  for (let i = from; i <= to + 1; i++) {
    const quiet = i <= to && i < counts.length && (counts[i] ?? 0) <= allowed;
    if (quiet && start < 0) start = i;
    if (!quiet && start >= 0) {
      if (best === null || i - 1 - start > best.to - best.from) best = { from: start, to: i - 1 };
      start = -1;
    }
  }
  return best;
}

function quietestBin(counts: Int32Array, from: number, to: number): number {
  const middle = (from + to) / 2;
  let best = from;
  for (let i = from; i <= to; i++) {
    const count = counts[i] ?? 0;
    const bestCount = counts[best] ?? 0;
    if (count < bestCount || (count === bestCount && Math.abs(i - middle) < Math.abs(best - middle)))
      best = i;
  }
  return best;
}

function columnsLookReal(rows: readonly Row[], gutterX: number, minX: number, maxX: number): boolean {
  const leftEnds: number[] = [];
  const rightStarts: number[] = [];
  for (const row of rows) {
    if (crossesGutter(row, gutterX)) continue;
    let leftEnd = Number.NEGATIVE_INFINITY;
    let rightStart = Number.POSITIVE_INFINITY;
    for (const item of row.items) {
      if (item.x + item.width <= gutterX) leftEnd = Math.max(leftEnd, item.x + item.width);
      else rightStart = Math.min(rightStart, item.x);
    }
    if (Number.isFinite(leftEnd)) leftEnds.push(leftEnd);
    if (Number.isFinite(rightStart)) rightStarts.push(rightStart);
  }
  if (leftEnds.length < MIN_ROWS_PER_COLUMN || rightStarts.length < MIN_ROWS_PER_COLUMN) return false;
  const leftFill = median(leftEnds) >= gutterX - COLUMN_FILL_SHARE * (gutterX - minX);
  const rightFill = median(rightStarts) <= gutterX + COLUMN_FILL_SHARE * (maxX - gutterX);
  return leftFill && rightFill;
}

export function crossesGutter(row: Row, gutterX: number): boolean {
  return row.items.some((item) => item.x < gutterX && item.x + item.width > gutterX);
}

export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

export function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}
