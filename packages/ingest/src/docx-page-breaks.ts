import { Parser } from 'htmlparser2';

/** A section of a Word document: how it starts and how its pages are numbered (its `w:sectPr`). */
export interface DocxSection {
  /** A `continuous` (or `nextColumn`) section goes on on the page where the previous one ends; any other starts a new page. */
  continuous: boolean;
  /** `w:pgNumType w:start`: the number of the section's first page; null: the numbering goes on. */
  start: number | null;
  /** `w:pgNumType w:fmt`: `decimal` (when absent), `lowerRoman`, `upperRoman`, `lowerLetter`… */
  format: string;
  /** Relationship ids of the headers and footers the section shows. */
  headerFooterIds: string[];
}

/**
 * Where a page's text starts in document.xml: the range to replace with a marker run's content
 * (`w:t`), or, with `wrapRun`, where to insert a whole run (at a paragraph's start).
 */
export interface MarkerEdit {
  start: number;
  end: number;
  wrapRun: boolean;
}

/** A page of the document as Word last laid it out. */
export interface DocxPage {
  /** Index of its section in {@link DocxPageBreaks.sections}. */
  section: number;
  /** Where its text starts; null for page 1 and for a page whose start holds no run to mark. */
  marker: MarkerEdit | null;
}

/** The pages of a Word document as its document.xml records them. */
export interface DocxPageBreaks {
  sections: DocxSection[];
  /** Every page, page 1 first. */
  pages: DocxPage[];
  /** How many `w:lastRenderedPageBreak` it holds outside text boxes: none means Word never laid it out. */
  renderedBreaks: number;
}

type Token =
  | { kind: 'rendered'; edit: MarkerEdit }
  | { kind: 'page-break'; edit: MarkerEdit }
  | { kind: 'paragraph'; edit: MarkerEdit | null; breakBefore: boolean }
  | { kind: 'section-end' | 'content' | 'row' | 'cell' | 'cell-end' | 'row-end' };

const CONTENT_TAGS = new Set(['w:drawing', 'w:pict', 'w:object', 'w:sym']);
/** Content Word lays out elsewhere (text boxes) or that mammoth does not read (`mc:Choice`). */
const SKIPPED_TAGS = new Set(['w:txbxContent', 'mc:Choice']);

/**
 * Reads the pages of a Word document from its document.xml: Word writes `w:lastRenderedPageBreak` where
 * each page started when it last laid the document out; explicit page breaks (`w:br w:type="page"`,
 * `w:pageBreakBefore`, a section that starts on a new page) start pages too, and the rendered break
 * Word writes right after one of them is the same page. A table row that runs over a page has a
 * rendered break in each of its cells: the row counts the most any one cell has.
 */
export function docxPageBreaks(documentXml: string): DocxPageBreaks {
  const scan = scanDocument(documentXml);
  return {
    sections: scan.sections,
    pages: foldPages(scan.tokens, scan.sections),
    renderedBreaks: scan.rendered,
  };
}

interface Scan {
  tokens: Token[];
  sections: DocxSection[];
  rendered: number;
}

function scanDocument(xml: string): Scan {
  const tokens: Token[] = [];
  const sections: DocxSection[] = [];
  let rendered = 0;
  let skipped = 0;
  let changes = 0;
  let inText = 0;
  let pPr = 0;
  let paragraph: Extract<Token, { kind: 'paragraph' }> | null = null;
  let endsSection = false;
  let section: DocxSection | null = null;
  let pageBreak = false;
  const push = (token: Token): void => {
    if (token.kind !== 'content' || tokens.at(-1)?.kind !== 'content') tokens.push(token);
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (SKIPPED_TAGS.has(name)) skipped++;
        if (name.endsWith('Change')) changes++;
        if (skipped > 0 || changes > 0) return;
        const after = parser.endIndex + 1;
        if (name === 'w:p') {
          paragraph = {
            kind: 'paragraph',
            edit: { start: after, end: after, wrapRun: true },
            breakBefore: false,
          };
          push(paragraph);
        } else if (name === 'w:pPr') pPr++;
        else if (name === 'w:pageBreakBefore' && pPr > 0 && paragraph !== null) {
          paragraph.breakBefore = !/^(?:0|false|off)$/.test(attributes['w:val'] ?? '');
        } else if (name === 'w:sectPr') {
          section = { continuous: false, start: null, format: 'decimal', headerFooterIds: [] };
          if (pPr > 0) endsSection = true;
        } else if (section !== null) readSection(section, name, attributes);
        else if (name === 'w:t') inText++;
        else if (name === 'w:lastRenderedPageBreak') {
          rendered++;
          push({ kind: 'rendered', edit: { start: parser.startIndex, end: after, wrapRun: false } });
        } else if (name === 'w:br') pageBreak = attributes['w:type'] === 'page';
        else if (CONTENT_TAGS.has(name)) push({ kind: 'content' });
        else if (name === 'w:tr') push({ kind: 'row' });
        else if (name === 'w:tc') push({ kind: 'cell' });
      },
      ontext(text) {
        if (inText > 0 && skipped === 0 && changes === 0 && text.trim() !== '') push({ kind: 'content' });
      },
      onclosetag(name) {
        const hidden = skipped > 0 || changes > 0;
        if (SKIPPED_TAGS.has(name)) skipped--;
        if (name.endsWith('Change')) changes--;
        if (hidden) return;
        const after = parser.endIndex + 1;
        if (name === 'w:p') {
          if (endsSection) push({ kind: 'section-end' });
          endsSection = false;
          paragraph = null;
        } else if (name === 'w:pPr') {
          pPr--;
          if (pPr === 0 && paragraph?.edit) paragraph.edit = { start: after, end: after, wrapRun: true };
        } else if (name === 'w:sectPr' && section !== null) {
          sections.push(section);
          section = null;
        } else if (name === 'w:t') inText--;
        else if (name === 'w:br' && pageBreak) {
          pageBreak = false;
          push({ kind: 'page-break', edit: { start: after, end: after, wrapRun: false } });
        } else if (name === 'w:tc') push({ kind: 'cell-end' });
        else if (name === 'w:tr') push({ kind: 'row-end' });
      },
    },
    { xmlMode: true },
  );
  parser.end(xml);
  return { tokens, sections, rendered };
}

function readSection(section: DocxSection, name: string, attributes: Record<string, string>): void {
  if (name === 'w:type')
    section.continuous = ['continuous', 'nextColumn'].includes(attributes['w:val'] ?? '');
  else if (name === 'w:pgNumType') {
    const start = Number.parseInt(attributes['w:start'] ?? '', 10);
    if (Number.isFinite(start)) section.start = start;
    if (attributes['w:fmt']) section.format = attributes['w:fmt'];
  } else if (name === 'w:headerReference' || name === 'w:footerReference') {
    const id = attributes['r:id'];
    if (id) section.headerFooterIds.push(id);
  }
}

interface PageState extends DocxPage {
  /** Its marker is a rendered break (the first run on the page): a later break before text does not move it. */
  rendered: boolean;
}

interface RowFrame {
  base: number;
  baseContent: boolean;
  best: { pages: PageState[]; content: boolean } | null;
  anyContent: boolean;
}

/** The pages the tokens lay out (see {@link docxPageBreaks}). */
function foldPages(tokens: readonly Token[], sections: readonly DocxSection[]): DocxPage[] {
  const pages: PageState[] = [{ section: 0, marker: null, rendered: false }];
  const rows: RowFrame[] = [];
  let section = 0;
  let sectionEnded = false;
  let content = false;
  const startPage = (marker: MarkerEdit | null, rendered: boolean): void => {
    pages.push({ section, marker, rendered });
    content = false;
  };
  /** A break that starts a page only if text came since the last one started; else it moves that page's start. */
  const softBreak = (marker: MarkerEdit | null, rendered: boolean): void => {
    const last = pages.at(-1);
    if (content || last === undefined) startPage(marker, rendered);
    else {
      last.section = section;
      if (pages.length > 1 && marker !== null && !last.rendered) {
        last.marker = marker;
        last.rendered = rendered;
      }
    }
  };
  for (const token of tokens) {
    switch (token.kind) {
      case 'paragraph':
        if (sectionEnded) {
          section++;
          sectionEnded = false;
          if (sections[section]?.continuous !== true) softBreak(token.edit, false);
        }
        if (token.breakBefore) softBreak(token.edit, false);
        break;
      case 'rendered':
        softBreak(token.edit, true);
        break;
      case 'page-break':
        startPage(token.edit, false);
        break;
      case 'section-end':
        sectionEnded = true;
        break;
      case 'content':
        content = true;
        break;
      case 'row':
        rows.push({ base: pages.length, baseContent: content, best: null, anyContent: false });
        break;
      case 'cell': {
        const row = rows.at(-1);
        if (row) content = row.baseContent;
        break;
      }
      case 'cell-end': {
        const row = rows.at(-1);
        if (!row) break;
        const added = pages.splice(row.base);
        if (row.best === null || added.length > row.best.pages.length) row.best = { pages: added, content };
        row.anyContent ||= content;
        break;
      }
      case 'row-end': {
        const row = rows.pop();
        if (!row) break;
        const best = row.best;
        if (best !== null && best.pages.length > 0) {
          pages.push(...best.pages);
          content = best.content;
        } else content = row.baseContent || row.anyContent;
        break;
      }
    }
  }
  return pages.map(({ section: s, marker }) => ({ section: s, marker }));
}

/**
 * The number Word prints on each page: numbering restarts where a section says so (`w:pgNumType
 * w:start`) and goes on across sections otherwise, in each section's format.
 */
export function docxPageNumbers(breaks: Pick<DocxPageBreaks, 'pages' | 'sections'>): string[] {
  let number = 0;
  let previous = -1;
  return breaks.pages.map((page) => {
    const section = breaks.sections[page.section];
    const start = section?.start ?? null;
    number = page.section !== previous && start !== null ? start : number + 1;
    previous = page.section;
    return formatPageNumber(number, section?.format ?? 'decimal');
  });
}

const ROMAN: ReadonlyArray<[number, string]> = [
  [1000, 'm'],
  [900, 'cm'],
  [500, 'd'],
  [400, 'cd'],
  [100, 'c'],
  [90, 'xc'],
  [50, 'l'],
  [40, 'xl'],
  [10, 'x'],
  [9, 'ix'],
  [5, 'v'],
  [4, 'iv'],
  [1, 'i'],
];

/** A page number in a Word number format; formats other than roman and letters print as decimal. */
export function formatPageNumber(number: number, format: string): string {
  if (number <= 0) return String(number);
  if (format === 'lowerRoman' || format === 'upperRoman') {
    let rest = number;
    let roman = '';
    for (const [value, digits] of ROMAN) {
      while (rest >= value) {
        roman += digits;
        rest -= value;
      }
    }
    return format === 'upperRoman' ? roman.toUpperCase() : roman;
  }
  if (format === 'lowerLetter' || format === 'upperLetter') {
    // Word's letters: a…z, then aa…zz, aaa…
    const letter = String.fromCharCode(97 + ((number - 1) % 26)).repeat(Math.ceil(number / 26));
    return format === 'upperLetter' ? letter.toUpperCase() : letter;
  }
  return String(number);
}
