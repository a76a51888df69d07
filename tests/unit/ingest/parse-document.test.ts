import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DocumentParseError,
  isSupportedPath,
  type ParsedDocument,
  parseDocument,
  SUPPORTED_EXTENSIONS,
} from '@quire/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureManifest, writeDocumentFixtures } from '../../fixtures/documents.ts';

let dir: string;
let manifest: FixtureManifest;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'quire-parse-'));
  manifest = await writeDocumentFixtures(path.join(dir, 'fixtures'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<ParsedDocument>): Promise<DocumentParseError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof DocumentParseError))
    throw new Error(`expected a DocumentParseError, got ${String(error)}`);
  return error;
}

describe('parseDocument', () => {
  it('parses or refuses every fixture as the manifest says', async () => {
    for (const fixture of manifest.files) {
      const outcome = await parseDocument(fixture.path).then(
        (doc) => ({ pages: doc.pages.length }),
        (error: unknown) => ({ code: error instanceof DocumentParseError ? error.code : String(error) }),
      );
      if (fixture.expectedError !== undefined)
        expect(outcome, fixture.file).toEqual({ code: fixture.expectedError });
      else expect(outcome, fixture.file).toEqual({ pages: fixture.pages?.length });
    }
  });

  it('finds every unique word on its page and hidden words nowhere', async () => {
    const texts = new Map<string, string[]>();
    for (const fixture of manifest.files) {
      const doc = await parseDocument(fixture.path).catch(() => null);
      texts.set(fixture.file, doc?.pages.map((page) => page.text) ?? []);
    }
    for (const fixture of manifest.files) {
      for (const { word, page } of fixture.uniqueWords) {
        for (const [file, pages] of texts) {
          pages.forEach((text, index) => {
            const expected = file === fixture.file && index + 1 === page;
            expect(text.includes(word), `${word} in ${file} page ${index + 1}`).toBe(expected);
          });
        }
      }
      for (const word of fixture.hiddenWords ?? []) {
        for (const pages of texts.values()) expect(pages.join(' ')).not.toContain(word);
      }
    }
  });

  it('reports an empty file as no-text', async () => {
    const error = await failure(parseDocument(path.join(manifest.dir, 'empty.pdf')));
    expect(error.code).toBe('no-text');
    expect(error.message).toBe('file is empty (0 bytes)');
  });

  it('reports a text file named .docx as unsupported', async () => {
    const error = await failure(parseDocument(path.join(manifest.dir, 'renamed.docx')));
    expect(error.code).toBe('unsupported');
    expect(error.message).toMatch(/^not a Word document: /);
  });

  it('reports a folder named like a PDF as unreadable', async () => {
    await mkdir(path.join(dir, 'folder.pdf'));
    expect((await failure(parseDocument(path.join(dir, 'folder.pdf')))).code).toBe('unreadable');
  });

  it('reports a missing file as unreadable', async () => {
    expect((await failure(parseDocument(path.join(dir, 'missing.pdf')))).code).toBe('unreadable');
  });

  it('reports a file without read permission as unreadable', async (context) => {
    const locked = path.join(dir, 'locked.pdf');
    await copyFile(path.join(manifest.dir, 'blank-page.pdf'), locked);
    await chmod(locked, 0o000);
    const readable = await readFile(locked).then(
      () => true,
      () => false,
    );
    if (readable) context.skip('running as root: chmod 000 does not stop reading');
    expect((await failure(parseDocument(locked))).code).toBe('unreadable');
  });

  it('refuses a file above maxBytes as too-large', async () => {
    const error = await failure(parseDocument(path.join(manifest.dir, 'contract.pdf'), { maxBytes: 100 }));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/limit is 100 bytes/);
  });

  it('chooses the parser by content before the extension', async () => {
    const docxNamedPdf = path.join(dir, 'really-a-docx.pdf');
    await copyFile(path.join(manifest.dir, 'notes.docx'), docxNamedPdf);
    expect((await parseDocument(docxNamedPdf)).kind).toBe('docx');
    const pdfNamedDocx = path.join(dir, 'really-a-pdf.docx');
    await copyFile(path.join(manifest.dir, 'blank-page.pdf'), pdfNamedDocx);
    expect((await parseDocument(pdfNamedDocx)).kind).toBe('pdf');
  });

  it('still reads a PDF whose header is missing', async () => {
    const original = await readFile(path.join(manifest.dir, 'blank-page.pdf'));
    const headerless = path.join(dir, 'headerless.pdf');
    await writeFile(headerless, original.subarray(original.indexOf('\n') + 1));
    const doc = await parseDocument(headerless);
    expect(doc.pages[0]?.text).toContain('wimbrelton');
  });

  it('tells plain text, garbage and legacy Office files named .pdf apart', async () => {
    const text = path.join(dir, 'notes.pdf');
    await writeFile(text, 'just some notes\n');
    expect((await failure(parseDocument(text))).code).toBe('unsupported');
    const garbage = path.join(dir, 'garbage.pdf');
    await writeFile(
      garbage,
      Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256),
    );
    expect((await failure(parseDocument(garbage))).code).toBe('corrupt');
    const ole = path.join(dir, 'legacy.docx');
    await writeFile(ole, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)]));
    expect((await failure(parseDocument(ole))).code).toBe('unsupported');
    const encrypted = path.join(dir, 'locked-word.docx');
    const marker = Buffer.from('EncryptedPackage', 'utf16le');
    await writeFile(
      encrypted,
      Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600), marker]),
    );
    expect((await failure(parseDocument(encrypted))).code).toBe('encrypted');
  });
});

describe('isSupportedPath', () => {
  it('accepts .pdf, .docx, .xlsx, .pptx, images, web pages and text in any case and skips Word lock and hidden files', () => {
    expect(SUPPORTED_EXTENSIONS).toEqual([
      '.pdf',
      '.docx',
      '.png',
      '.jpg',
      '.jpeg',
      '.tif',
      '.tiff',
      '.html',
      '.htm',
      '.txt',
      '.md',
      '.markdown',
      '.xlsx',
      '.pptx',
      '.odt',
      '.epub',
      '.rtf',
      '.doc',
      '.eml',
      '.msg',
    ]);
    expect(isSupportedPath('/a/Report.PDF')).toBe(true);
    expect(isSupportedPath('/a/Budget.XLSX')).toBe(true);
    expect(isSupportedPath('/a/deck.pptx')).toBe(true);
    expect(isSupportedPath('/a/~$Budget.xlsx')).toBe(false);
    expect(isSupportedPath('notes.Docx')).toBe(true);
    expect(isSupportedPath('/a/filing.HTM')).toBe(true);
    expect(isSupportedPath('/a/notes.txt')).toBe(true);
    expect(isSupportedPath('/a/README.md')).toBe(true);
    expect(isSupportedPath('/a/.notes.txt')).toBe(false);
    expect(isSupportedPath('/a/~$notes.docx')).toBe(false);
    expect(isSupportedPath('/a/._report.pdf')).toBe(false);
    expect(isSupportedPath('/a/.hidden.pdf')).toBe(false);
    expect(isSupportedPath('/a/notes.doc')).toBe(true);
    expect(isSupportedPath('/a/Book.EPUB')).toBe(true);
    expect(isSupportedPath('/a/deck.ppt')).toBe(false);
    expect(isSupportedPath('/a/pdf')).toBe(false);
    expect(isSupportedPath('/a/.~lock.notes.docx#')).toBe(false);
  });
});
