import { footLast, footnotesLast, labelsWithCaptions, readingOrder } from './block-order.ts';
import { type Piece, piecesOf, rowsOf, type TextBox, toFrame, toPage } from './columns.ts';
import { type MarginCandidate, marginBands, marginCandidates } from './running-margins.ts';
import { type Block, blocksOf, mergeLabelColumns, mergeTables, usualPitch } from './text-blocks.ts';

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

/** Running heads and feet (page numbers included) taken out of a page's text, top to bottom; null: none. */
export interface PageMargins {
  header: string | null;
  footer: string | null;
}

export interface PageLayout {
  text: string;
  lines: LaidOutLine[];
  margins: PageMargins;
}

/** A line of a page in reading order, before running heads and feet are known. */
interface OrderedLine {
  piece: Piece;
  text: string;
  spans: BoxSpan[];
  /** Index of its block in reading order. */
  block: number;
  /** Starts a block, a table cell or a paragraph (a wider gap above it than between its lines). */
  breakBefore: boolean;
}

/** A page's lines in reading order and the pieces that may be running heads or feet. */
export interface PageAnalysis {
  lines: OrderedLine[];
  margins: MarginCandidate[];
}

const PARAGRAPH_PITCH = 1.4;
const ENDS_WITH_HYPHENATED_LETTER = /\p{L}[-\u00ad]$/u;
const STARTS_LOWERCASE = /^\p{Ll}/u;
const ENDS_SENTENCE_OR_LABEL = /[.!?:;…。！？"'”’)\]]$/u;
const SIZE_TOLERANCE = 0.15;

/** Lays out a page whose running heads and feet are not known (nothing is taken out as margin). */
export function layOutPage(boxes: readonly TextBox[], pageHeight?: number): PageLayout {
  return assemblePage(analysePage(boxes, pageHeight), new Set());
}

/**
 * Reads a page's boxes into lines in reading order: rows cut at column gaps, lines grouped into blocks
 * (paragraphs, column runs, table cells merged into their table), blocks ordered as a reader takes
 * them, footnotes last. Text in another direction than most of the page's is grouped into blocks in
 * its own frame and placed among the others where it stands. With `pageHeight`, the rows at the top
 * and bottom edges are offered as margin candidates.
 */
export function analysePage(boxes: readonly TextBox[], pageHeight?: number): PageAnalysis {
  const texts = new Map<Piece, { text: string; spans: BoxSpan[] }>();
  const lineOf = (piece: Piece): { text: string; spans: BoxSpan[] } => {
    let line = texts.get(piece);
    if (line === undefined) {
      line = textOf(piece.items);
      texts.set(piece, line);
    }
    return line;
  };
  const groups = byDirection(boxes);
  const frame = groups[0]?.rotation ?? 0;
  let margins: MarginCandidate[] = [];
  // Blocks of every direction, placed in the frame of the page's main direction for ordering.
  const placed = new Map<Block, { block: Block; paragraphPitch: number }>();
  let bodyPieces: Piece[] = [];
  for (const group of groups) {
    const rows = rowsOf(group.boxes);
    const bands =
      group.rotation === 0 && pageHeight !== undefined
        ? marginBands(rows, pageHeight)
        : { top: 0, bottom: rows.length };
    const piecesByRow = piecesOf(rows, (row) => row < bands.top || row >= bands.bottom);
    if (group.rotation === 0) margins = marginCandidates(piecesByRow, bands, (piece) => lineOf(piece).text);
    const pieces = piecesByRow.flat().sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
    if (group.rotation === frame) bodyPieces = pieces;
    const pitch = usualPitch(pieces);
    for (const block of mergeLabelColumns(mergeTables(blocksOf(pieces, pitch)))) {
      const proxy = group.rotation === frame ? block : reframe(block, group.rotation, frame);
      placed.set(proxy, { block, paragraphPitch: PARAGRAPH_PITCH * pitch });
    }
  }
  const blockText = (proxy: Block): string => {
    const first = placed.get(proxy)?.block.lines[0];
    return first ? lineOf(first).text : '';
  };
  const body = bodyHeight(bodyPieces);
  const ordered = footLast(
    footnotesLast(labelsWithCaptions(readingOrder([...placed.keys()]), body, blockText), body, blockText),
  );
  const lines: OrderedLine[] = [];
  ordered.forEach((proxy, blockIndex) => {
    const entry = placed.get(proxy);
    if (entry === undefined) return;
    const { block, paragraphPitch } = entry;
    const cells = new Set(block.cellStarts ?? []);
    block.lines.forEach((piece, index) => {
      const { text, spans } = lineOf(piece);
      if (text === '') return;
      const previous = block.lines[index - 1];
      const breakBefore =
        index === 0 ||
        cells.has(index) ||
        previous === undefined ||
        isParagraphGap(previous, piece, paragraphPitch);
      lines.push({ piece, text, spans, block: blockIndex, breakBefore });
    });
  });
  return { lines, margins };
}

/** The block with its bounds turned from the frame of `from` degrees into the frame of `to` degrees. */
function reframe(block: Block, from: number, to: number): Block {
  const corners = [
    [block.x0, block.top],
    [block.x1, block.top],
    [block.x0, block.bottom],
    [block.x1, block.bottom],
  ].map(([u = 0, v = 0]) => {
    const [x, y] = toPage(u, v, from);
    return toFrame(x, y, to);
  });
  const us = corners.map(([u]) => u);
  const vs = corners.map(([, v]) => v);
  return {
    lines: block.lines,
    x0: Math.min(...us),
    x1: Math.max(...us),
    top: Math.min(...vs),
    bottom: Math.max(...vs),
  };
}

/**
 * Only the margin candidates of a page, as {@link analysePage} finds them: enough to judge a
 * neighbouring page's running heads without laying this one out.
 */
export function marginsOf(boxes: readonly TextBox[], pageHeight: number): MarginCandidate[] {
  const upright = boxes.filter((box) => (box.rotation ?? 0) === 0);
  const rows = rowsOf(upright);
  const bands = marginBands(rows, pageHeight);
  const pieces = piecesOf(rows, (row) => row < bands.top || row >= bands.bottom);
  return marginCandidates(pieces, bands, (piece) => textOf(piece.items).text);
}

/**
 * The page's text from its analysed lines, leaving out the pieces in `margins` (kept, top to bottom, as
 * the page's header and footer). Lines of a block are joined by a newline, paragraphs and blocks by a
 * blank line; a line that continues a sentence from the block before (it starts in lower case) is
 * joined by a newline, and a word hyphenated at a line's end is joined.
 */
export function assemblePage(analysis: PageAnalysis, found: ReadonlySet<Piece>): PageLayout {
  // A page made only of what looks like running heads keeps it as its text.
  const margins = analysis.lines.every((line) => found.has(line.piece)) ? new Set<Piece>() : found;
  const lines: LaidOutLine[] = [];
  let text = '';
  let previous: OrderedLine | null = null;
  for (const line of analysis.lines) {
    if (margins.has(line.piece)) continue;
    if (previous !== null) {
      const joinsSentence =
        STARTS_LOWERCASE.test(line.text) &&
        (previous.block === line.block
          ? !line.breakBefore
          : !ENDS_SENTENCE_OR_LABEL.test(previous.text) && alikeSize(previous.piece, line.piece));
      const last = lines[lines.length - 1];
      if (joinsSentence && last !== undefined && ENDS_WITH_HYPHENATED_LETTER.test(last.text)) {
        text = text.slice(0, -1);
        dropLastCharacter(last);
      } else {
        text += joinsSentence || (previous.block === line.block && !line.breakBefore) ? '\n' : '\n\n';
      }
    }
    lines.push({ offset: text.length, text: line.text, height: line.piece.height, spans: line.spans });
    text += line.text;
    previous = line;
  }
  return { text, lines, margins: marginTexts(analysis, margins) };
}

function marginTexts(analysis: PageAnalysis, margins: ReadonlySet<Piece>): PageMargins {
  const texts = new Map(analysis.lines.map((line) => [line.piece, line.text]));
  const join = (band: 'top' | 'bottom'): string | null => {
    const pieces = analysis.margins
      .filter((candidate) => candidate.band === band && margins.has(candidate.piece))
      .map((candidate) => candidate.piece)
      .sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
    const parts: string[] = [];
    let lastBaseline = Number.NaN;
    for (const piece of pieces) {
      const pieceText = texts.get(piece) ?? '';
      if (pieceText === '') continue;
      const sameRow = Math.abs(piece.baseline - lastBaseline) <= 0.5 * piece.height;
      parts.push(parts.length === 0 ? pieceText : `${sameRow ? ' ' : '\n'}${pieceText}`);
      lastBaseline = piece.baseline;
    }
    return parts.length === 0 ? null : parts.join('');
  };
  return { header: join('top'), footer: join('bottom') };
}

function dropLastCharacter(line: LaidOutLine): void {
  line.text = line.text.slice(0, -1);
  const length = line.text.length;
  line.spans = line.spans
    .map((span) => ({ ...span, end: Math.min(span.end, length) }))
    .filter((span) => span.end > span.start);
}

function isParagraphGap(previous: Piece, line: Piece, paragraphPitch: number): boolean {
  const pitch = line.baseline - previous.baseline;
  if (pitch <= 0) return true;
  const limit = Number.isNaN(paragraphPitch) ? 2 * Math.max(previous.height, line.height) : paragraphPitch;
  return pitch > limit;
}

function alikeSize(a: Piece, b: Piece): boolean {
  return Math.abs(a.height - b.height) <= SIZE_TOLERANCE * Math.max(a.height, b.height);
}

/** The height of most of the page's characters. */
function bodyHeight(pieces: readonly Piece[]): number {
  const weighted: { height: number; chars: number }[] = [];
  let total = 0;
  for (const piece of pieces) {
    let chars = 0;
    for (const item of piece.items) chars += item.text.length;
    weighted.push({ height: piece.height, chars });
    total += chars;
  }
  weighted.sort((a, b) => a.height - b.height);
  let seen = 0;
  for (const { height, chars } of weighted) {
    seen += chars;
    if (seen * 2 >= total) return height;
  }
  return 0;
}

/** The boxes grouped by direction, the direction with the most characters first. */
function byDirection(boxes: readonly TextBox[]): { rotation: number; boxes: TextBox[] }[] {
  const groups = new Map<number, { rotation: number; boxes: TextBox[]; chars: number }>();
  for (const box of boxes) {
    const rotation = box.rotation ?? 0;
    let group = groups.get(rotation);
    if (group === undefined) {
      group = { rotation, boxes: [], chars: 0 };
      groups.set(rotation, group);
    }
    group.boxes.push(box);
    group.chars += box.text.length;
  }
  return [...groups.values()].sort((a, b) => b.chars - a.chars || a.rotation - b.rotation);
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
      if (needsSpace && !endsWithSpace(raw) && !startsWithSpace(item.text)) raw += ' ';
    }
    rawSpans.push({ start: raw.length, end: raw.length + item.text.length, box: item });
    raw += item.text;
    previous = item;
    previousEnd = Math.max(previousEnd, item.x + item.width);
  }
  return collapseWhitespace(raw, rawSpans);
}

const SPACE_GAP = 0.2;

function endsWithSpace(text: string): boolean {
  return text.length > 0 && isSpaceOrControl(text.charCodeAt(text.length - 1));
}

function startsWithSpace(text: string): boolean {
  return text.length > 0 && isSpaceOrControl(text.charCodeAt(0));
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
