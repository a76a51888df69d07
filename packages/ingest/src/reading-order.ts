import { crossesGutter, findGutter, median, percentile, type Row, type TextBox } from './columns.ts';

export type { TextBox } from './columns.ts';

/** Where one text box's characters landed in its line's text (`start`–`end`, relative to the line). */
export interface BoxSpan {
  start: number;
  end: number;
  box: TextBox;
}

export interface LaidOutLine {
  offset: number;
  text: string;
  height: number;
  /** The boxes of the line and their character ranges in `text`. */
  spans: BoxSpan[];
}

export interface PageLayout {
  text: string;
  lines: LaidOutLine[];
}

interface Line {
  baseline: number;
  height: number;
  items: TextBox[];
}

const ROW_TOLERANCE = 0.5;
const SPACE_GAP = 0.2;
const PARAGRAPH_PITCH = 1.4;
const LINE_PITCH_PERCENTILE = 0.25;
const ENDS_WITH_HYPHENATED_LETTER = /\p{L}[-\u00ad]$/u;
const STARTS_LOWERCASE = /^\p{Ll}/u;

export function layOutPage(boxes: readonly TextBox[]): PageLayout {
  const rows = groupRows(boxes.filter((box) => box.text.trim() !== ''));
  if (rows.length === 0) return { text: '', lines: [] };
  const bodyHeight = median(rows.map((row) => row.height));
  const gutterX = findGutter(rows, bodyHeight);
  const segments = gutterX === null ? [rows] : splitColumns(rows, gutterX);
  return joinSegments(segments);
}

function groupRows(boxes: TextBox[]): Row[] {
  const sorted = boxes
    .map((box) => ({ ...box, height: Math.max(box.height, 1) }))
    .sort((a, b) => a.baseline - b.baseline || a.x - b.x);
  const rows: Row[] = [];
  let current: Row | null = null;
  for (const box of sorted) {
    const tolerance = ROW_TOLERANCE * Math.max(box.height, current?.height ?? 0);
    if (current !== null && Math.abs(box.baseline - current.baseline) <= tolerance) {
      current.items.push(box);
      current.height = Math.max(current.height, box.height);
    } else {
      current = { baseline: box.baseline, height: box.height, items: [box] };
      rows.push(current);
    }
  }
  for (const row of rows) row.items.sort((a, b) => a.x - b.x);
  return rows;
}

function splitColumns(rows: readonly Row[], gutterX: number): Line[][] {
  const segments: Line[][] = [];
  let fullWidth: Line[] = [];
  let left: Line[] = [];
  let right: Line[] = [];
  const flushColumns = (): void => {
    if (left.length > 0) segments.push(left);
    if (right.length > 0) segments.push(right);
    left = [];
    right = [];
  };
  for (const row of rows) {
    if (crossesGutter(row, gutterX)) {
      flushColumns();
      fullWidth.push(row);
      continue;
    }
    if (fullWidth.length > 0) segments.push(fullWidth);
    fullWidth = [];
    const leftItems = row.items.filter((item) => item.x + item.width / 2 < gutterX);
    const rightItems = row.items.filter((item) => item.x + item.width / 2 >= gutterX);
    if (leftItems.length > 0) left.push(lineOf(row, leftItems));
    if (rightItems.length > 0) right.push(lineOf(row, rightItems));
  }
  flushColumns();
  if (fullWidth.length > 0) segments.push(fullWidth);
  return segments;
}

function lineOf(row: Row, items: TextBox[]): Line {
  return {
    baseline: row.baseline,
    height: items.reduce((max, item) => Math.max(max, item.height), 0),
    items,
  };
}

function joinSegments(segments: readonly (readonly Line[])[]): PageLayout {
  const paragraphPitch = PARAGRAPH_PITCH * typicalPitch(segments);
  const lines: LaidOutLine[] = [];
  let text = '';
  for (const segment of segments) {
    let previous: Line | null = null;
    for (const line of segment) {
      const { text: lineText, spans } = textOf(line.items);
      if (lineText === '') continue;
      if (text !== '') {
        const newParagraph = previous === null || isParagraphGap(previous, line, paragraphPitch);
        if (!newParagraph && ENDS_WITH_HYPHENATED_LETTER.test(text) && STARTS_LOWERCASE.test(lineText)) {
          text = text.slice(0, -1);
        } else {
          text += newParagraph ? '\n\n' : '\n';
        }
      }
      lines.push({ offset: text.length, text: lineText, height: line.height, spans });
      text += lineText;
      previous = line;
    }
  }
  return { text, lines };
}

function typicalPitch(segments: readonly (readonly Line[])[]): number {
  const pitches: number[] = [];
  for (const segment of segments) {
    for (let i = 1; i < segment.length; i++) {
      const previous = segment[i - 1];
      const line = segment[i];
      if (previous === undefined || line === undefined) continue;
      const pitch = line.baseline - previous.baseline;
      if (pitch > 0 && pitch < 3 * Math.max(line.height, previous.height)) pitches.push(pitch);
    }
  }
  return pitches.length === 0 ? Number.NaN : percentile(pitches, LINE_PITCH_PERCENTILE);
}

function isParagraphGap(previous: Line, line: Line, paragraphPitch: number): boolean {
  const pitch = line.baseline - previous.baseline;
  if (pitch <= 0) return true;
  const limit = Number.isNaN(paragraphPitch) ? 2 * Math.max(previous.height, line.height) : paragraphPitch;
  return pitch > limit;
}

function textOf(items: readonly TextBox[]): { text: string; spans: BoxSpan[] } {
  let raw = '';
  const rawSpans: BoxSpan[] = [];
  let previous: TextBox | null = null;
  let previousEnd = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    if (previous !== null && item.text === previous.text && Math.abs(item.x - previous.x) < 1) continue;
    if (previous !== null) {
      const gap = item.x - previousEnd;
      const needsSpace = gap > SPACE_GAP * Math.min(item.height, previous.height);
      if (needsSpace && !/\s$/.test(raw) && !/^\s/.test(item.text)) raw += ' ';
    }
    rawSpans.push({ start: raw.length, end: raw.length + item.text.length, box: item });
    raw += item.text;
    previous = item;
    previousEnd = Math.max(previousEnd, item.x + item.width);
  }
  return collapseWhitespace(raw, rawSpans);
}

/**
 * `raw` with control characters made spaces, every whitespace run made one space and the ends trimmed,
 * and the spans moved to where their characters landed.
 */
export function collapseWhitespace(
  raw: string,
  rawSpans: readonly BoxSpan[],
): { text: string; spans: BoxSpan[] } {
  const at = new Array<number>(raw.length + 1);
  let out = '';
  let lastWasSpace = false;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    at[i] = out.length;
    if (isSpaceOrControl(code)) {
      if (!lastWasSpace) out += ' ';
      lastWasSpace = true;
    } else {
      out += raw[i];
      lastWasSpace = false;
    }
  }
  at[raw.length] = out.length;
  const lead = out.startsWith(' ') ? 1 : 0;
  const text = out.slice(lead, out.endsWith(' ') && out.length > lead ? -1 : undefined);
  const place = (index: number) => Math.min(Math.max((at[index] ?? 0) - lead, 0), text.length);
  const spans = rawSpans
    .map((span) => ({ start: place(span.start), end: place(span.end), box: span.box }))
    .filter((span) => span.end > span.start);
  return { text, spans };
}

/** A control character (Unicode Cc) or what `\s` matches in a regular expression. */
function isSpaceOrControl(code: number): boolean {
  if (code <= 0x20 || (code >= 0x7f && code <= 0xa0)) return true;
  if (code < 0x1680) return false;
  return (
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
