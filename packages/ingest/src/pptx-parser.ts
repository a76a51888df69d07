import path from 'node:path/posix';
import { Parser } from 'htmlparser2';
import JSZip from 'jszip';
import { DocumentParseError } from './errors.ts';
import type { HtmlBlock } from './html-blocks.ts';
import type { BlockPage } from './text-pages.ts';
import type { ParsedDocument } from './types.ts';

/** The heading over a slide's speaker notes. */
export const NOTES_HEADING = 'Speaker notes';
/** The line that starts a hidden slide's page. */
export const HIDDEN_SLIDE_NOTE = '[Hidden slide]';

/**
 * The pages of a `.pptx` deck, one per slide in the deck's order (page n is slide n): the slide's title
 * as a level-1 heading, then its text boxes (a box's paragraphs as one paragraph block) and tables (row
 * by row) in the order the slide lists its shapes, then its speaker notes under a level-2
 * "Speaker notes" heading. A hidden slide is kept (so numbers match) and starts with "[Hidden slide]".
 */
export async function pptxPages(data: Uint8Array): Promise<BlockPage[]> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch (error) {
    throw new DocumentParseError('corrupt', 'the slide deck is damaged and cannot be read', { cause: error });
  }
  const presentation = await zip.file('ppt/presentation.xml')?.async('string');
  if (presentation === undefined) {
    throw new DocumentParseError('corrupt', 'the slide deck has no ppt/presentation.xml');
  }
  const relations = await relationsOf(zip, 'ppt/presentation.xml');
  const slideIds = attributeValues(presentation, 'p:sldid', 'r:id');
  const pages: BlockPage[] = [];
  for (const id of slideIds) {
    const target = relations.get(id);
    const xml = target === undefined ? undefined : await zip.file(target)?.async('string');
    if (target === undefined || xml === undefined) continue;
    const slide = readShapes(xml);
    const blocks: HtmlBlock[] = [];
    if (slide.title !== null) blocks.push({ kind: 'heading', text: slide.title, headingLevel: 1 });
    if (slide.hidden) blocks.push({ kind: 'paragraph', text: HIDDEN_SLIDE_NOTE });
    blocks.push(...slide.blocks);
    const notesPath = [...(await relationsOf(zip, target)).values()].find((p) =>
      /notesSlide\d*\.xml$/.test(p),
    );
    const notesXml = notesPath === undefined ? undefined : await zip.file(notesPath)?.async('string');
    const notes = notesXml === undefined ? [] : readShapes(notesXml, { notes: true }).blocks;
    if (notes.length > 0) blocks.push({ kind: 'heading', text: NOTES_HEADING, headingLevel: 2 }, ...notes);
    pages.push({ blocks, footer: null });
  }
  if (pages.every((page) => page.blocks.length === 0)) {
    throw new DocumentParseError('no-text', 'the slide deck contains no text');
  }
  return pages;
}

/** The deck with each page labelled by its slide number (page n is slide n, hidden slides included). */
export function withSlideLabels(deck: ParsedDocument): ParsedDocument {
  return {
    ...deck,
    pages: deck.pages.map((page) => ({ ...page, label: String(page.page), labelSource: 'slide' })),
  };
}

/** Relationship id -> part path (resolved in the zip) of a part's `_rels` file. */
async function relationsOf(zip: JSZip, part: string): Promise<Map<string, string>> {
  const relsPath = path.join(path.dirname(part), '_rels', `${path.basename(part)}.rels`);
  const xml = await zip.file(relsPath)?.async('string');
  const relations = new Map<string, string>();
  if (xml === undefined) return relations;
  const parser = new Parser(
    {
      onopentag: (name, attributes) => {
        if (name !== 'relationship' || attributes.targetmode?.toLowerCase() === 'external') return;
        const { id, target } = attributes;
        if (id === undefined || target === undefined) return;
        const resolved = target.startsWith('/') ? target.slice(1) : path.join(path.dirname(part), target);
        relations.set(id, resolved);
      },
    },
    { xmlMode: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(xml);
  return relations;
}

function attributeValues(xml: string, tag: string, attribute: string): string[] {
  const values: string[] = [];
  const parser = new Parser(
    {
      onopentag: (name, attributes) => {
        const value = attributes[attribute];
        if (name === tag && value !== undefined) values.push(value);
      },
    },
    { xmlMode: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(xml);
  return values;
}

interface SlideText {
  title: string | null;
  hidden: boolean;
  blocks: HtmlBlock[];
}

/**
 * A slide's (or notes page's) title, text boxes and tables in shape order. On a notes page only the body
 * placeholder is read (not the slide image, number, header or footer).
 */
function readShapes(xml: string, options: { notes?: boolean } = {}): SlideText {
  const result: SlideText = { title: null, hidden: false, blocks: [] };
  let placeholder: string | null = null;
  let shapeParagraphs: string[] | null = null;
  let paragraph: string | null = null;
  let inText = false;
  let rows: string[][] | null = null;
  let cellParagraphs: string[] | null = null;
  const endParagraph = () => {
    if (paragraph === null) return;
    const text = paragraph.replace(/[^\S\n]+/g, ' ').trim();
    if (text !== '') (cellParagraphs ?? shapeParagraphs)?.push(text);
    paragraph = null;
  };
  const parser = new Parser(
    {
      onopentag: (name, attributes) => {
        if (name === 'p:sld' && attributes.show === '0') result.hidden = true;
        else if (name === 'p:sp') {
          placeholder = null;
          shapeParagraphs = [];
        } else if (name === 'p:ph') placeholder = attributes.type ?? 'body';
        else if (name === 'a:tbl') rows = [];
        else if (name === 'a:tr') rows?.push([]);
        else if (name === 'a:tc') cellParagraphs = [];
        else if (name === 'a:p') paragraph = '';
        else if (name === 'a:t') inText = true;
        else if (name === 'a:br' && paragraph !== null) paragraph += '\n';
        else if (name === 'a:tab' && paragraph !== null) paragraph += ' ';
      },
      ontext: (text) => {
        if (inText && paragraph !== null) paragraph += text;
      },
      onclosetag: (name) => {
        if (name === 'a:t') inText = false;
        else if (name === 'a:p') endParagraph();
        else if (name === 'a:tc') {
          rows?.at(-1)?.push((cellParagraphs ?? []).join(' '));
          cellParagraphs = null;
        } else if (name === 'a:tbl' && rows !== null) {
          const kept = rows.filter((row) => row.some((cell) => cell !== ''));
          if (kept.length > 0) {
            result.blocks.push({
              kind: 'table',
              text: kept.map((row) => row.join(' | ')).join('\n'),
              rows: kept,
            });
          }
          rows = null;
        } else if (name === 'p:sp' && shapeParagraphs !== null) {
          const text = shapeParagraphs.join('\n');
          const kind: string = placeholder ?? 'none';
          if (text === '' || (options.notes === true && kind !== 'body')) {
            // nothing to keep: an empty shape, or a notes page's slide image, number, header or footer
          } else if (!options.notes && (kind === 'title' || kind === 'ctrTitle') && result.title === null) {
            result.title = text.replace(/\s*\n\s*/g, ' ');
          } else if (!['sldNum', 'dt', 'ftr', 'hdr'].includes(kind)) {
            result.blocks.push({ kind: 'paragraph', text });
          }
          shapeParagraphs = null;
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  return result;
}
