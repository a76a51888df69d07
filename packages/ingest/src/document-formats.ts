import { type BlocksLayout, layoutBlocks } from './block-layout.ts';
import { docPages } from './doc-parser.ts';
import { epubPages } from './epub-parser.ts';
import { odtPages } from './odt-parser.ts';
import { isRtf, rtfPages } from './rtf-parser.ts';
import { type BlockPage, blockDocument } from './text-pages.ts';
import type { ParsedDocument, ParseProgress } from './types.ts';

interface FormatOptions {
  onPages?: (progress: ParseProgress) => void;
}

/** An OpenDocument text as a document (see `odtPages`), titled by its first heading. */
export async function parseOdt(data: Uint8Array, options: FormatOptions = {}): Promise<ParsedDocument> {
  const pages = await odtPages(data);
  return blockDocument('odt', firstHeading(pages), pages, options.onPages);
}

/** An EPUB book as a document (see `epubPages`), titled by its package's `dc:title`, else its first heading. */
export async function parseEpub(data: Uint8Array, options: FormatOptions = {}): Promise<ParsedDocument> {
  const { title, pages } = await epubPages(data);
  return blockDocument('epub', title ?? firstHeading(pages), pages, options.onPages);
}

/** An RTF document as a document (see `rtfPages`), titled by its first heading. */
export async function parseRtf(data: Uint8Array, options: FormatOptions = {}): Promise<ParsedDocument> {
  const pages = await rtfPages(data);
  return blockDocument('rtf', firstHeading(pages), pages, options.onPages);
}

/** A Word 97–2003 document as a one-page document (see `docPages`); it has no headings, so no title. */
export async function parseDoc(data: Uint8Array, options: FormatOptions = {}): Promise<ParsedDocument> {
  return blockDocument('doc', null, await docPages(data), options.onPages);
}

/** The formats {@link documentPageLayout} reads, by extension. */
export type DocumentFormat = 'odt' | 'epub' | 'rtf' | 'doc';
const FORMATS: Record<string, DocumentFormat> = {
  '.odt': 'odt',
  '.epub': 'epub',
  '.rtf': 'rtf',
  '.doc': 'doc',
};

/**
 * Page `page` (1-based) of an OpenDocument text, EPUB, RTF or `.doc` file — chosen by `extension` (a `.doc`
 * holding RTF is read as RTF, as it is indexed) — exactly as it is indexed, for the viewer; null for any
 * other extension. RangeError past the last page; `DocumentParseError` as parsing.
 */
export async function documentPageLayout(
  data: Uint8Array,
  extension: string,
  page: number,
): Promise<(BlocksLayout & { format: DocumentFormat; pageCount: number }) | null> {
  const format = FORMATS[extension.toLowerCase()];
  if (format === undefined) return null;
  const pages =
    format === 'odt'
      ? await odtPages(data)
      : format === 'epub'
        ? (await epubPages(data)).pages
        : format === 'rtf' || isRtf(data)
          ? await rtfPages(data)
          : await docPages(data);
  const blocks = pages[page - 1]?.blocks;
  if (blocks === undefined) throw new RangeError(`The file has ${pages.length} pages, not ${page}`);
  return { format, ...layoutBlocks(blocks), pageCount: pages.length };
}

function firstHeading(pages: readonly BlockPage[]): string | null {
  for (const page of pages) {
    const heading = page.blocks.find((block) => block.kind === 'heading');
    if (heading !== undefined) return heading.text;
  }
  return null;
}
