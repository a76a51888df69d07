// OpenDocument texts (issue 16): generated .odt packages through parseDocument as a sync reads a file —
// headings at their outline level, paragraphs, lists, tables, notes after the body, pages at soft page
// breaks and page-break styles (else one page), comments and deletions left out, damaged, cut and
// password-protected files and a part claiming 200 MiB failing with their codes.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DocumentParseError, officePageLayoutOf, parseDocument } from '@quire/ingest';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp.ts';

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('quire-odt-');
});
afterAll(() => dir?.cleanup());

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ' +
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"';

async function odt(
  body: string,
  options: { styles?: string; manifestExtra?: string; mimetype?: string } = {},
): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('mimetype', options.mimetype ?? 'application/vnd.oasis.opendocument.text', {
    compression: 'STORE',
  });
  zip.file(
    'content.xml',
    `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:automatic-styles>${options.styles ?? ''}</office:automatic-styles><office:body><office:text>${body}</office:text></office:body></office:document-content>`,
  );
  zip.file('styles.xml', `<?xml version="1.0" encoding="UTF-8"?><office:document-styles ${NS}/>`);
  zip.file(
    'META-INF/manifest.xml',
    `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest ${NS}><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">${options.manifestExtra ?? ''}</manifest:file-entry></manifest:manifest>`,
  );
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

const BODY =
  '<text:h text:outline-level="1">Lease of <text:span>Unit 4</text:span></text:h>' +
  '<text:p>The tenant pays rent<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Due on the first day of the month.</text:p></text:note-body></text:note> monthly.</text:p>' +
  '<text:h text:outline-level="2">Term</text:h>' +
  '<text:p>Five<text:s text:c="3"/>years,<text:tab/>from<text:line-break/>1 May 2024.</text:p>' +
  '<text:list text:style-name="L1"><text:list-item><text:p>Keys</text:p></text:list-item><text:list-item><text:p>Alarm code</text:p></text:list-item></text:list>' +
  '<text:p>Comment<office:annotation><text:p>ask the landlord</text:p></office:annotation> here.</text:p>' +
  '<table:table><table:table-row><table:table-cell><text:p>Rent</text:p></table:table-cell><table:table-cell><text:p>€1,200</text:p></table:table-cell></table:table-row>' +
  '<table:table-row><table:table-cell><text:p>Deposit</text:p></table:table-cell><table:covered-table-cell/></table:table-row></table:table>';

describe('OpenDocument texts', () => {
  it('reads headings at their outline level, paragraphs, lists, tables and notes after the body, as one page', async () => {
    const styles =
      '<text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-format="1"/></text:list-style>';
    const document = await parseDocument(await write('lease.odt', await odt(BODY, { styles })));
    expect(document.kind).toBe('odt');
    expect(document.title).toBe('Lease of Unit 4');
    expect(document.pages).toHaveLength(1);
    const page = document.pages[0];
    expect(page?.text).toBe(
      [
        'Lease of Unit 4',
        'The tenant pays rent monthly.',
        'Term',
        'Five years, from\n1 May 2024.',
        '1. Keys',
        '2. Alarm code',
        'Comment here.',
        'Rent | €1,200\nDeposit | ',
        'Due on the first day of the month.',
      ].join('\n\n'),
    );
    expect(page?.headings).toEqual([
      { offset: 0, level: 1, text: 'Lease of Unit 4' },
      { offset: page?.text.indexOf('Term'), level: 2, text: 'Term' },
    ]);
  });

  it('starts a page at a soft page break and at a paragraph style that breaks the page', async () => {
    const styles =
      '<style:style style:name="P9" style:family="paragraph" style:parent-style-name="Chapter"><style:paragraph-properties fo:break-before="page"/></style:style>';
    const body =
      '<text:h text:outline-level="1">One</text:h><text:p>first page text</text:p><text:soft-page-break/>' +
      '<text:p>second page text</text:p><text:h text:style-name="P9" text:outline-level="1">Two</text:h><text:p>third page text</text:p>';
    const data = await odt(body, { styles });
    const document = await parseDocument(await write('pages.odt', data));
    expect(document.pages.map((p) => p.text)).toEqual([
      'One\n\nfirst page text',
      'second page text',
      'Two\n\nthird page text',
    ]);
    expect(document.pages[2]?.headings).toEqual([{ offset: 0, level: 1, text: 'Two' }]);
    // The viewer's layout of a page is the indexed page, block by block.
    const layout = await officePageLayoutOf(data, '.ODT', 3);
    expect(layout).toMatchObject({ format: 'odt', pageCount: 3, text: document.pages[2]?.text });
    expect(layout?.blocks.map((b) => [b.kind, b.level, b.start, b.end])).toEqual([
      ['heading', 1, 0, 3],
      ['paragraph', null, 5, 20],
    ]);
    await expect(officePageLayoutOf(data, '.odt', 4)).rejects.toBeInstanceOf(RangeError);
  });

  it('is told by its mimetype whatever its name, and reports page progress', async () => {
    const progress: { done: number; total: number }[] = [];
    const document = await parseDocument(await write('renamed.zip', await odt(BODY)), {
      onPageProgress: (p) => progress.push(p),
    });
    expect(document.kind).toBe('odt');
    expect(progress.at(-1)).toEqual({ done: 1, total: 1 });
  });

  it('fails a password-protected, damaged, cut, empty or zip-bomb file with its code', async () => {
    const encrypted = await odt(BODY, {
      manifestExtra: '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>',
    });
    expect((await failure(parseDocument(await write('locked.odt', encrypted)))).code).toBe('encrypted');
    const whole = await odt(BODY);
    const cut = await failure(parseDocument(await write('cut.odt', whole.subarray(0, whole.length - 200))));
    expect(cut.code).toBe('corrupt');
    const junk = Buffer.concat([whole.subarray(0, 60), Buffer.alloc(400, 0x41)]);
    expect((await failure(parseDocument(await write('junk.odt', junk)))).code).toBe('corrupt');
    expect(
      (await failure(parseDocument(await write('empty.odt', await odt('<text:p> </text:p>'))))).code,
    ).toBe('no-text');
    // A part whose central directory entry says it unpacks to 200 MiB is refused before it is inflated.
    const bomb = Buffer.from(whole);
    const central = bomb.lastIndexOf(Buffer.from('content.xml')) - 46;
    expect(bomb.readUInt32LE(central)).toBe(0x02014b50);
    bomb.writeUInt32LE(200 * 1024 * 1024, central + 24);
    const large = await failure(parseDocument(await write('bomb.odt', bomb)));
    expect(large).toMatchObject({ code: 'too-large', message: expect.stringContaining('content.xml') });
    const text = await failure(parseDocument(await write('plain.odt', 'just some words')));
    expect(text.code).toBe('unsupported');
  });
});
