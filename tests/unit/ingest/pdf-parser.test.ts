import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DocumentParseError, type ParsedDocument, parsePdf } from '@quire/ingest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTRACT_HEADINGS,
  ENCRYPTED_OWNER_PASSWORD,
  ENCRYPTED_TEXT,
  ENCRYPTED_USER_PASSWORD,
  type FixtureManifest,
  TWO_COLUMN_LEFT,
  TWO_COLUMN_RIGHT,
  TWO_COLUMN_TITLE,
  writeDocumentFixtures,
} from '../../fixtures/documents.ts';

let dir: string;
let manifest: FixtureManifest;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'quire-pdf-'));
  manifest = await writeDocumentFixtures(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function parseFixture(file: string): Promise<ParsedDocument> {
  return parsePdf(await readFile(path.join(dir, file)));
}

async function parseError(file: string): Promise<DocumentParseError> {
  const error = await parseFixture(file).then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DocumentParseError);
  if (!(error instanceof DocumentParseError)) throw new Error(`${file} parsed without error`);
  return error;
}

function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}

describe('parsePdf', () => {
  it('numbers physical pages from 1 and puts each distinctive word on its own page', async () => {
    const doc = await parseFixture('contract.pdf');
    const expected = manifest.files.find((file) => file.file === 'contract.pdf')?.pages ?? [];
    expect(doc.kind).toBe('pdf');
    expect(doc.title).toBe('Residential Lease Agreement');
    expect(doc.pages.map((page) => page.page)).toEqual([1, 2, 3, 4]);
    doc.pages.forEach((page, index) => {
      expected.forEach((word, wordIndex) => {
        expect(page.text.includes(word), `${word} on page ${index + 1}`).toBe(wordIndex === index);
      });
    });
    expect(doc.pages[0]?.text).toMatch(
      /^Residential Lease Agreement\n\nThis lease is made between the landlord/,
    );
    expect(flat(doc.pages[3]?.text ?? '')).toContain('The deposit is held in the plasquith escrow account');
  });

  it('joins a word hyphenated across two lines', async () => {
    const page = (await parseFixture('contract.pdf')).pages[1];
    expect(page?.text).toContain('provide full indemnification to the landlord');
    expect(page?.text).not.toContain('indemni-');
  });

  it('separates paragraphs with a blank line and lines with a newline', async () => {
    const page = (await parseFixture('contract.pdf')).pages[2];
    expect(page?.text).toContain('velmorine register.\n\nIf the tenant leaves');
    expect(page?.text).toMatch(/notice\. Notice must be delivered by\nregistered mail/);
  });

  it('marks large-font lines as headings, ranked by size', async () => {
    const doc = await parseFixture('contract.pdf');
    expect(doc.pages[0]?.headings).toEqual([{ offset: 0, level: 1, text: CONTRACT_HEADINGS.page1 }]);
    expect(doc.pages[1]?.headings).toEqual([]);
    expect(doc.pages[2]?.headings).toEqual([{ offset: 0, level: 2, text: CONTRACT_HEADINGS.page3 }]);
    for (const page of doc.pages) {
      for (const heading of page.headings) {
        expect(page.text.slice(heading.offset, heading.offset + heading.text.length)).toBe(heading.text);
      }
    }
  });

  it('reads the left column fully before the right one, although lines are drawn interleaved', async () => {
    const doc = await parseFixture('two-column.pdf');
    const text = doc.pages[0]?.text ?? '';
    expect(text.startsWith(`${TWO_COLUMN_TITLE}\n\n`)).toBe(true);
    const left = TWO_COLUMN_LEFT.join(' ');
    const right = TWO_COLUMN_RIGHT.join(' ');
    expect(flat(text)).toContain(`${left} ${right}`);
    expect(text).toContain('of each month.\n\nThe compost bins');
  });

  it('keeps a page without text, with empty text', async () => {
    const doc = await parseFixture('blank-page.pdf');
    expect(doc.pages.map((page) => page.text === '')).toEqual([false, true, false]);
    expect(doc.pages[2]?.text).toContain('ostrevane');
    expect(doc.pages[1]).toEqual({ page: 2, text: '', headings: [] });
  });

  it('reports a document without any text as no-text', async () => {
    const error = await parseError('scanned.pdf');
    expect(error.code).toBe('no-text');
    expect(error.message).toBe('no extractable text on any of 2 pages (scanned? OCR is off)');
  });

  it('reports a truncated file as corrupt', async () => {
    expect((await parseError('truncated.pdf')).code).toBe('corrupt');
  });

  it('reports bytes that are not a PDF at all as corrupt', async () => {
    const error = await parsePdf(new TextEncoder().encode('hello')).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(DocumentParseError);
    expect(error).toMatchObject({ code: 'corrupt' });
  });

  it('reports a password-protected file as encrypted', async () => {
    const error = await parseError('encrypted.pdf');
    expect(error.code).toBe('encrypted');
    expect(error.message).toBe('the PDF is password-protected');
  });

  it('leaves the caller’s buffer usable', async () => {
    const data = await readFile(path.join(dir, 'blank-page.pdf'));
    const copy = new Uint8Array(data);
    await parsePdf(data);
    expect(data.byteLength).toBe(copy.byteLength);
    expect(Buffer.compare(data, copy)).toBe(0);
  });
});

describe('encrypted.pdf fixture', () => {
  it.each([ENCRYPTED_USER_PASSWORD, ENCRYPTED_OWNER_PASSWORD])(
    'opens in pdfjs with password %j',
    async (password) => {
      const data = new Uint8Array(await readFile(path.join(dir, 'encrypted.pdf')));
      const task = getDocument({
        data,
        password,
        verbosity: 0,
        isEvalSupported: false,
        useWorkerFetch: false,
      });
      try {
        const pdf = await task.promise;
        expect(pdf.numPages).toBe(1);
        const content = await (await pdf.getPage(1)).getTextContent();
        const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
        for (const line of ENCRYPTED_TEXT) expect(text).toContain(line);
      } finally {
        await task.destroy();
      }
    },
  );

  it('is rejected by pdfjs with a wrong password', async () => {
    const data = new Uint8Array(await readFile(path.join(dir, 'encrypted.pdf')));
    const task = getDocument({ data, password: 'wrong', verbosity: 0 });
    try {
      await expect(task.promise).rejects.toMatchObject({ name: 'PasswordException' });
    } finally {
      await task.destroy();
    }
  });
});
