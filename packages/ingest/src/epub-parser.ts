import path from 'node:path/posix';
import { Parser } from 'htmlparser2';
import { metadataDate } from './document-date.ts';
import { DocumentParseError } from './errors.ts';
import type { HtmlBlock } from './html-blocks.ts';
import { htmlBlocks, htmlCharset } from './html-parser.ts';
import { decodeAs, decodeUtf8Strict } from './text-encoding.ts';
import { type BlockPage, paginate } from './text-pages.ts';
import type { DocumentDate } from './types.ts';
import { ZipPackage } from './zip-parts.ts';

export const EPUB_MIMETYPE = 'application/epub+zip';
/** Spine items read at most; a book with more is read to this many and the rest noted as not read. */
export const MAX_SPINE_ITEMS = 2000;

const CONTENT_TYPES = new Set(['application/xhtml+xml', 'text/html', 'application/x-dtbook+xml']);
/** Font obfuscation (IDPF, Adobe) is listed in encryption.xml but hides no text. */
const FONT_OBFUSCATION = /idpf\.org\/2008\/embedding|ns\.adobe\.com\/pdf\/enc#RC/;

interface ManifestItem {
  href: string;
  mediaType: string;
  properties: string;
}

/** An EPUB's title and pages (see {@link epubPages}). */
export interface EpubBook {
  title: string | null;
  pages: BlockPage[];
}

/**
 * The pages of an EPUB book: its spine items (chapters) in reading order, each read as a web page is
 * (headings, paragraphs, lists, tables; scripts, styles and hidden elements left out) and each starting a
 * new page; a chapter page that does not begin with a heading is headed by its title from the book's
 * table of contents (EPUB 3 nav or EPUB 2 NCX), when an entry links to the file itself (an entry
 * linking to a `#fragment` inside it titles what starts there, not the file's beginning). A chapter longer than the page bound of
 * web pages (`MAX_MARKED_PAGE_WORDS`) is cut into pages of about 500 words, as a web page's long marked
 * page is; items without text (a cover image) give no page. Throws `DocumentParseError`: `corrupt` (no
 * container or package document), `encrypted` (DRM-protected chapters), `too-large`, `no-text`.
 */
export async function epubPages(data: Uint8Array): Promise<EpubBook> {
  const pkg = await ZipPackage.open(data, 'the EPUB book');
  const container = await pkg.text('META-INF/container.xml');
  const opfPath = container === null ? undefined : firstAttribute(container, 'rootfile', 'full-path');
  const opf = opfPath === undefined ? null : await pkg.text(opfPath);
  if (opfPath === undefined || opf === null) {
    throw new DocumentParseError('corrupt', 'the EPUB book has no package document (META-INF/container.xml)');
  }
  const book = readPackage(opf, path.dirname(opfPath));
  await refuseEncrypted(pkg, book.spine);
  const titles = await tocTitles(pkg, book);
  const pages: BlockPage[] = [];
  const spine = book.spine.slice(0, MAX_SPINE_ITEMS);
  for (const item of spine) {
    const bytes = await pkg.bytes(item.href);
    if (bytes === null || !CONTENT_TYPES.has(item.mediaType)) continue;
    const charset = htmlCharset(bytes);
    const html = (charset === 'utf-8' ? decodeUtf8Strict(bytes) : null) ?? decodeAs(bytes, charset);
    const { blocks, breaks } = htmlBlocks(html);
    if (blocks.length === 0) continue;
    const title = titles.get(item.href);
    if (blocks[0]?.kind !== 'heading' && title !== undefined) {
      blocks.unshift({ kind: 'heading', text: title, headingLevel: 1 });
      breaks.forEach((index, i) => {
        breaks[i] = index + 1;
      });
    }
    pages.push(...paginate(blocks, [0, ...breaks]));
  }
  if (book.spine.length > MAX_SPINE_ITEMS) {
    const note: HtmlBlock = {
      kind: 'paragraph',
      text: `[Not read: the book's last ${book.spine.length - MAX_SPINE_ITEMS} chapters (Quire reads at most ${MAX_SPINE_ITEMS})]`,
    };
    pages.at(-1)?.blocks.push(note);
  }
  if (pages.length === 0) throw new DocumentParseError('no-text', 'the EPUB book contains no text');
  return { title: book.title, pages };
}

interface Package {
  title: string | null;
  spine: ManifestItem[];
  /** The EPUB 3 navigation document, else the EPUB 2 NCX, if any. */
  toc: { href: string; kind: 'nav' | 'ncx' } | null;
}

/** An EPUB book's date: the first full date among its package document's `dc:date`s, else null. */
export async function epubMetadataDate(data: Uint8Array): Promise<DocumentDate | null> {
  const pkg = await ZipPackage.open(data, 'the EPUB book');
  const container = await pkg.text('META-INF/container.xml');
  const opfPath = container === null ? undefined : firstAttribute(container, 'rootfile', 'full-path');
  const opf = (opfPath === undefined ? null : await pkg.text(opfPath)) ?? '';
  for (const [, value] of opf.matchAll(/<dc:date\b[^>]*>([^<]*)</g)) {
    const date = metadataDate(value);
    if (date !== null) return date;
  }
  return null;
}

/** The package document's title, spine (manifest items in reading order, hrefs resolved in the zip) and table of contents. */
function readPackage(opf: string, base: string): Package {
  const manifest = new Map<string, ManifestItem>();
  const spineIds: string[] = [];
  let ncxId: string | undefined;
  let title = '';
  let inTitle = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const local = name.replace(/^.*:/, '');
        if (local === 'item' && attributes.id !== undefined && attributes.href !== undefined) {
          manifest.set(attributes.id, {
            href: path.join(base, decodeHref(attributes.href)),
            mediaType: (attributes['media-type'] ?? '').toLowerCase(),
            properties: attributes.properties ?? '',
          });
        } else if (local === 'itemref' && attributes.idref !== undefined) spineIds.push(attributes.idref);
        else if (local === 'spine') ncxId = attributes.toc;
        else if (name === 'dc:title' && title === '') inTitle = true;
      },
      ontext(text) {
        if (inTitle) title += text;
      },
      onclosetag(name) {
        if (name === 'dc:title') inTitle = false;
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(opf);
  const spine = spineIds.flatMap((id) => manifest.get(id) ?? []);
  const items = [...manifest.values()];
  const nav = items.find((item) => item.properties.split(/\s+/).includes('nav'));
  const ncx =
    (ncxId === undefined ? undefined : manifest.get(ncxId)) ??
    items.find((item) => item.mediaType === 'application/x-dtbncx+xml');
  const toc = nav
    ? { href: nav.href, kind: 'nav' as const }
    : ncx
      ? { href: ncx.href, kind: 'ncx' as const }
      : null;
  return { title: title.replace(/\s+/g, ' ').trim() || null, spine, toc };
}

/** `encrypted` when META-INF/encryption.xml lists a chapter as encrypted (DRM); obfuscated fonts do not count. */
async function refuseEncrypted(pkg: ZipPackage, spine: readonly ManifestItem[]): Promise<void> {
  const xml = await pkg.text('META-INF/encryption.xml');
  if (xml === null) return;
  const chapters = new Set(spine.map((item) => item.href));
  let algorithm = '';
  let encrypted = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const local = name.replace(/^.*:/, '');
        if (local === 'EncryptionMethod') algorithm = attributes.Algorithm ?? '';
        else if (local === 'CipherReference' && !FONT_OBFUSCATION.test(algorithm)) {
          encrypted ||= chapters.has(decodeHref(attributes.URI ?? ''));
        }
      },
    },
    { xmlMode: true },
  );
  parser.end(xml);
  if (encrypted)
    throw new DocumentParseError(
      'encrypted',
      'the EPUB book is protected by DRM (its chapters are encrypted)',
    );
}

/** Chapter path -> its title in the table of contents (the first entry that links to the file itself, not into it). */
async function tocTitles(pkg: ZipPackage, book: Package): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  if (book.toc === null) return titles;
  const xml = await pkg.text(book.toc.href);
  if (xml === null) return titles;
  const base = path.dirname(book.toc.href);
  const linkTag = book.toc.kind === 'nav' ? 'a' : 'content';
  let label = '';
  let inLabel = false;
  let pending: string | null = null;
  const add = (href: string | undefined, text: string) => {
    // A link into the middle of a file (`#fragment`) titles what starts there, not the file's first page.
    if (href === undefined || href.includes('#')) return;
    const target = decodeHref(href);
    const title = text.replace(/\s+/g, ' ').trim();
    if (target !== '' && title !== '' && !titles.has(path.join(base, target))) {
      titles.set(path.join(base, target), title);
    }
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const local = name.replace(/^.*:/, '');
        if (book.toc?.kind === 'nav' && local === 'a') {
          pending = attributes.href ?? null;
          label = '';
          inLabel = true;
        } else if (local === 'navLabel') {
          label = '';
          inLabel = true;
        } else if (local === linkTag && book.toc?.kind === 'ncx') add(attributes.src, label);
      },
      ontext(text) {
        if (inLabel) label += text;
      },
      onclosetag(name) {
        const local = name.replace(/^.*:/, '');
        if (local === 'navLabel') inLabel = false;
        else if (local === 'a' && book.toc?.kind === 'nav') {
          inLabel = false;
          if (pending !== null) add(pending, label);
          pending = null;
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  return titles;
}

function firstAttribute(xml: string, tag: string, attribute: string): string | undefined {
  let value: string | undefined;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (value === undefined && name.replace(/^.*:/, '') === tag) value = attributes[attribute];
      },
    },
    { xmlMode: true },
  );
  parser.end(xml);
  return value;
}

function decodeHref(href: string): string {
  try {
    return decodeURIComponent(href);
  } catch {
    return href;
  }
}
