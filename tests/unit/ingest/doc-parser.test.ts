// Word 97–2003 documents (issue 16): the real .doc files of ../shared/realdocs/office (read in place)
// through parseDocument as a sync reads a file — paragraphs in order (duplicates kept), a table row by row,
// curly quotes left as written — and copies of them made password-protected (the FIB's fEncrypted flag),
// cut short or damaged, failing with their codes; an OLE file that is not a Word document (the .ppt) is
// not read as one.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DocumentParseError, parseDocument } from '@quire/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp.ts';

const OFFICE = fileURLToPath(new URL('../../../../shared/realdocs/office', import.meta.url));
const DUPLICATES = path.join(OFFICE, 'duplicate-paragraphs.doc');
const EMPHASIZED = path.join(OFFICE, 'fake-doc-emphasized-text.doc');
const DECK = path.join(OFFICE, 'fake-power-point.ppt');
const required = process.env.CI === 'true';

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('quire-doc-');
});
afterAll(() => dir?.cleanup());

async function failure(promise: Promise<unknown>): Promise<DocumentParseError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentParseError);
  return error as DocumentParseError;
}

/** Offset of the Word File Information Block: the sector-aligned 0xA5EC that starts the WordDocument stream. */
function fibOffset(data: Buffer): number {
  for (let offset = 512; offset + 12 <= data.length; offset += 512) {
    if (data.readUInt16LE(offset) === 0xa5ec) return offset;
  }
  throw new Error('no FIB');
}

describe.skipIf(!required && !existsSync(DUPLICATES))('Word 97–2003 documents', () => {
  it('reads the paragraphs of a .doc in order as one page, repeated paragraphs kept', async () => {
    // duplicate-paragraphs.doc: a first line, then "some text" six times (two runs of three).
    const document = await parseDocument(DUPLICATES);
    expect(document).toMatchObject({ kind: 'doc', title: null });
    expect(document.pages).toHaveLength(1);
    expect(document.pages[0]?.text).toBe(
      ['This document contains duplicates', ...Array(6).fill('some text')].join('\n\n'),
    );
    expect(document.pages[0]?.headings).toEqual([]);
  });

  it('reads a table of a .doc row by row, then the paragraphs after it', async () => {
    // fake-doc-emphasized-text.doc: a 2 x 2 table, then two paragraphs.
    const document = await parseDocument(EMPHASIZED);
    expect(document.pages[0]?.text).toBe(
      [
        'Header Col 1 | Header Col 2\nA bold italic bold-italic example | A Link example',
        'I am a bold italic bold-italic text.',
        'I am a normal text.',
      ].join('\n\n'),
    );
  });

  it('fails a password-protected, cut or damaged .doc with its code, and does not read a .ppt as Word', async () => {
    const original = await readFile(DUPLICATES);
    const locked = Buffer.from(original);
    const fib = fibOffset(locked);
    locked.writeUInt16LE(locked.readUInt16LE(fib + 0x0a) | 0x0100, fib + 0x0a);
    await writeFile(path.join(dir.path, 'locked.doc'), locked);
    expect((await failure(parseDocument(path.join(dir.path, 'locked.doc')))).code).toBe('encrypted');

    await writeFile(path.join(dir.path, 'cut.doc'), original.subarray(0, 9000));
    expect((await failure(parseDocument(path.join(dir.path, 'cut.doc')))).code).toBe('corrupt');

    const damaged = Buffer.from(original);
    damaged.fill(0xff, 512 * 2, damaged.length);
    await writeFile(path.join(dir.path, 'damaged.doc'), damaged);
    expect(['corrupt', 'no-text']).toContain(
      (await failure(parseDocument(path.join(dir.path, 'damaged.doc')))).code,
    );

    await writeFile(path.join(dir.path, 'deck.doc'), await readFile(DECK));
    const deck = await failure(parseDocument(path.join(dir.path, 'deck.doc')));
    expect(deck).toMatchObject({
      code: 'unsupported',
      message: expect.stringContaining('old-format Office file'),
    });
  });
});
