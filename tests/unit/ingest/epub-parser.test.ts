// EPUB books (issue 16): generated EPUB 2 and 3 packages through parseDocument as a sync reads a file —
// chapters in spine order (not manifest or file order), each starting a page, headings kept, a chapter
// without a heading headed by its table-of-contents title, long chapters cut into pages, DRM-encrypted,
// damaged and cut books failing with their codes.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DocumentParseError, parseDocument } from '@quire/ingest';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp.ts';

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('quire-epub-');
});
afterAll(() => dir?.cleanup());

interface Chapter {
  id: string;
  file: string;
  html: string;
}

const xhtml = (body: string) =>
  `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>ignored title</title><style>p{color:red}</style></head><body>${body}</body></html>`;

async function epub(
  chapters: Chapter[],
  options: { spine?: string[]; ncx?: string; nav?: string; encryption?: string } = {},
): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('mimetype', 'application/epub+zip', { compression: 'STORE' });
  zip.file(
    'META-INF/container.xml',
    '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
  );
  const manifest = chapters
    .map((c) => `<item id="${c.id}" href="${c.file}" media-type="application/xhtml+xml"/>`)
    .join('');
  const spine = (options.spine ?? chapters.map((c) => c.id)).map((id) => `<itemref idref="${id}"/>`).join('');
  const toc = options.ncx
    ? '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
    : options.nav
      ? '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
      : '';
  zip.file(
    'OEBPS/content.opf',
    `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>The Matter  Book</dc:title></metadata><manifest>${manifest}${toc}<item id="cover" href="images/cover.jpg" media-type="image/jpeg"/></manifest><spine${options.ncx ? ' toc="ncx"' : ''}>${spine}</spine></package>`,
  );
  for (const c of chapters) zip.file(`OEBPS/${c.file}`, c.html);
  if (options.ncx) zip.file('OEBPS/toc.ncx', options.ncx);
  if (options.nav) zip.file('OEBPS/nav.xhtml', options.nav);
  if (options.encryption) zip.file('META-INF/encryption.xml', options.encryption);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function write(name: string, data: Uint8Array | string): Promise<string> {
  const file = path.join(dir.path, name);
  await writeFile(file, data);
  return file;
}

async function failure(promise: Promise<unknown>): Promise<DocumentParseError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentParseError);
  return error as DocumentParseError;
}

const CHAPTERS: Chapter[] = [
  {
    id: 'c2',
    file: 'text/two.xhtml',
    html: xhtml('<h1>Chapter Two</h1><p>The appeal was lodged in March.</p>'),
  },
  {
    id: 'c1',
    file: 'text/one.xhtml',
    html: xhtml('<h1>Chapter One</h1><h2>Facts</h2><p>The claim was filed.</p>'),
  },
  { id: 'c3', file: 'text/three%20notes.xhtml', html: xhtml('<p>Notes without a heading of their own.</p>') },
];

describe('EPUB books', () => {
  it('reads the chapters in spine order, a page each, with their headings and the book title', async () => {
    const ncx =
      '<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap>' +
      '<navPoint id="n1"><navLabel><text>Chapter One</text></navLabel><content src="text/one.xhtml"/></navPoint>' +
      '<navPoint id="n3"><navLabel><text>Closing Notes</text></navLabel><content src="text/three%20notes.xhtml"/></navPoint><navPoint id="n2"><navLabel><text>Not a title of two</text></navLabel><content src="text/two.xhtml#part2"/></navPoint></navMap></ncx>';
    const book = await epub(
      CHAPTERS.map((c) => (c.id === 'c3' ? { ...c, file: 'text/three notes.xhtml' } : c)),
      { spine: ['c1', 'c2', 'c3'], ncx },
    );
    const document = await parseDocument(await write('book.epub', book));
    expect(document.kind).toBe('epub');
    expect(document.title).toBe('The Matter Book');
    expect(document.pages.map((p) => p.text)).toEqual([
      'Chapter One\n\nFacts\n\nThe claim was filed.',
      'Chapter Two\n\nThe appeal was lodged in March.',
      'Closing Notes\n\nNotes without a heading of their own.',
    ]);
    expect(document.pages[0]?.headings).toEqual([
      { offset: 0, level: 1, text: 'Chapter One' },
      { offset: 13, level: 2, text: 'Facts' },
    ]);
    expect(document.pages[2]?.headings).toEqual([{ offset: 0, level: 1, text: 'Closing Notes' }]);
  });

  it('takes chapter titles from an EPUB 3 navigation document', async () => {
    const nav = xhtml(
      '<nav epub:type="toc"><ol><li><a href="text/three%20notes.xhtml">Annex</a></li></ol></nav>',
    );
    const book = await epub(
      CHAPTERS.map((c) => (c.id === 'c3' ? { ...c, file: 'text/three notes.xhtml' } : c)),
      { nav },
    );
    const document = await parseDocument(await write('nav.epub', book));
    expect(document.pages.map((p) => p.text.split('\n')[0])).toEqual(['Chapter Two', 'Chapter One', 'Annex']);
  });

  it('cuts a chapter longer than a few pages into pages of about 500 words', async () => {
    const paragraphs = Array.from({ length: 60 }, (_, i) => `<p>${`word${i} `.repeat(50)}</p>`).join('');
    const document = await parseDocument(
      await write(
        'long.epub',
        await epub([{ id: 'long', file: 'long.xhtml', html: xhtml(`<h1>Long</h1>${paragraphs}`) }]),
      ),
    );
    expect(document.pages.length).toBeGreaterThanOrEqual(6);
    for (const page of document.pages) expect(page.text.split(/\s+/).length).toBeLessThanOrEqual(510);
    expect(document.pages[0]?.text.startsWith('Long\n\n')).toBe(true);
  });

  it('fails a DRM-protected, damaged or cut book with its code; obfuscated fonts are not DRM', async () => {
    const drm =
      '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">' +
      '<enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference URI="OEBPS/text/one.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>';
    const locked = await failure(
      parseDocument(await write('drm.epub', await epub(CHAPTERS, { encryption: drm }))),
    );
    expect(locked.code).toBe('encrypted');
    const fonts = drm
      .replace('http://www.w3.org/2001/04/xmlenc#aes128-cbc', 'http://www.idpf.org/2008/embedding')
      .replace('OEBPS/text/one.xhtml', 'OEBPS/fonts/a.otf');
    expect(
      (await parseDocument(await write('fonts.epub', await epub(CHAPTERS, { encryption: fonts })))).kind,
    ).toBe('epub');
    const whole = await epub(CHAPTERS);
    const cut = await failure(parseDocument(await write('cut.epub', whole.subarray(0, whole.length - 100))));
    expect(cut.code).toBe('corrupt');
    const zip = await JSZip.loadAsync(whole);
    zip.remove('META-INF/container.xml');
    const noContainer = await failure(
      parseDocument(await write('nocontainer.epub', await zip.generateAsync({ type: 'nodebuffer' }))),
    );
    expect(noContainer).toMatchObject({ code: 'corrupt', message: expect.stringContaining('container.xml') });
    const images = await epub([{ id: 'c', file: 'c.xhtml', html: xhtml('<img src="a.png"/>') }]);
    expect((await failure(parseDocument(await write('images.epub', images)))).code).toBe('no-text');
  });
});
