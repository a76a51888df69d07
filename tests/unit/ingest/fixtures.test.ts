import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDocumentFixtures } from '../../fixtures/documents.ts';
import { rc4 } from '../../fixtures/encrypted-pdf.ts';

const dirs: string[] = [];

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'quire-fixtures-'));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('writeDocumentFixtures', () => {
  it('writes byte-identical files on every run', async () => {
    const first = await writeDocumentFixtures(await freshDir());
    const second = await writeDocumentFixtures(await freshDir());
    expect(second.files.map((file) => file.file)).toEqual(first.files.map((file) => file.file));
    for (const [index, file] of first.files.entries()) {
      const again = second.files[index];
      const [a, b] = await Promise.all([readFile(file.path), readFile(again?.path ?? '')]);
      expect(Buffer.compare(a, b), file.file).toBe(0);
    }
  });

  it('describes every file with either pages and unique words or an expected error', async () => {
    const manifest = await writeDocumentFixtures(await freshDir());
    expect(manifest.files.map((file) => file.file).sort()).toEqual([
      'blank-page.pdf',
      'contract.pdf',
      'empty.pdf',
      'encrypted.pdf',
      'notes.docx',
      'renamed.docx',
      'scanned.pdf',
      'truncated.pdf',
      'two-column.pdf',
    ]);
    for (const file of manifest.files) {
      if (file.expectedError === undefined) {
        expect(file.pages?.length, file.file).toBeGreaterThan(0);
        expect(file.uniqueWords.length, file.file).toBeGreaterThan(0);
      } else {
        expect(file.uniqueWords, file.file).toEqual([]);
      }
    }
  });
});

describe('rc4', () => {
  it('matches the classic test vectors', () => {
    const encrypt = (key: string, text: string): string =>
      Buffer.from(rc4(Buffer.from(key), Buffer.from(text))).toString('hex');
    expect(encrypt('Key', 'Plaintext')).toBe('bbf316e8d940af0ad3');
    expect(encrypt('Wiki', 'pedia')).toBe('1021bf0420');
    expect(encrypt('Secret', 'Attack at dawn')).toBe('45a01f645fc35b383552544b9bf5');
  });
});
