// Plain text and Markdown (issue 16): the encoding detected (UTF-8, UTF-16 LE/BE with or without a byte
// order mark, Windows-1252 when the bytes are not UTF-8), Markdown headings, pages at form feeds or of
// bounded size, and no crash on any bytes — through parseDocument as a sync reads a file.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  chunkDocument,
  DocumentParseError,
  decodeText,
  PAGE_WORDS,
  type ParsedDocument,
  type ParseProgress,
  parseDocument,
  parseText,
  textPageLayoutOf,
} from '@quire/ingest';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repairC1 } from '../../../packages/ingest/src/text-encoding.ts';
import { tempDir } from '../../helpers/temp.ts';

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('quire-text-');
});
afterAll(() => dir?.cleanup());

const NOTE = 'Café “Zürich” – naïve €5\n\nSecond paragraph, ½ done.';
const bytes = (text: string, encoding: string, addBOM = false): Uint8Array =>
  new Uint8Array(iconv.encode(text, encoding, { addBOM }));
const allText = (doc: ParsedDocument): string => doc.pages.map((page) => page.text).join('\n\n');

async function parseFile(
  name: string,
  data: Uint8Array | string,
  onPageProgress?: (p: ParseProgress) => void,
) {
  const file = path.join(dir.path, name);
  await writeFile(file, data);
  return parseDocument(file, { onPageProgress });
}

describe('text encodings', () => {
  it.each([
    ['UTF-16 LE with a byte order mark', 'utf-16le', true],
    ['UTF-16 BE with a byte order mark', 'utf-16be', true],
    ['UTF-16 LE without one', 'utf-16le', false],
    ['UTF-16 BE without one', 'utf-16be', false],
    ['UTF-8 with a byte order mark', 'utf-8', true],
    ['UTF-8', 'utf-8', false],
    ['Windows-1252 (not valid UTF-8)', 'windows-1252', false],
  ] as const)('reads %s', async (_name, encoding, bom) => {
    expect(decodeText(bytes(NOTE, encoding, bom)).encoding).toBe(encoding);
    const doc = await parseFile(`note-${encoding}-${bom}.txt`, bytes(NOTE, encoding, bom));
    expect(doc.kind).toBe('text');
    expect(doc.pages.map((p) => p.text)).toEqual([NOTE]);
  });

  it('reads UTF-16 text in other scripts with a byte order mark', () => {
    const text = 'Договор аренды 租赁合同';
    for (const encoding of ['utf-16le', 'utf-16be']) {
      expect(parseText(bytes(text, encoding, true)).pages[0]?.text).toBe(text);
    }
  });

  it('keeps UTF-8 whose last character is cut off, dropping only that character', () => {
    const cut = Buffer.concat([Buffer.from('Total: 5 €', 'utf8').subarray(0, -1)]);
    expect(parseText(new Uint8Array(cut)).pages[0]?.text).toBe('Total: 5');
  });

  it('repairs text that went through Latin-1 (C1 control characters) and leaves other text alone', () => {
    const doubled = Buffer.from(Buffer.from('1986–1990 “Watford”', 'utf8').toString('latin1'), 'utf8');
    expect(parseText(new Uint8Array(doubled)).pages[0]?.text).toBe('1986–1990 “Watford”');
    expect(repairC1('a \u0093quote\u0094')).toBe('a “quote”');
    expect(repairC1('Ã©tÃ© naïve')).toBe('Ã©tÃ© naïve');
  });

  it('never crashes on arbitrary bytes: text, or unsupported (binary) / no-text', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 40; i++) {
      const length = 1 + Math.floor(random() * 3000);
      const data = Uint8Array.from({ length }, () =>
        i % 2 === 0 ? Math.floor(random() * 256) : 0x20 + Math.floor(random() * 0xe0),
      );
      try {
        const doc = parseText(data, { markdown: i % 3 === 0 });
        expect(doc.pages.length).toBeGreaterThan(0);
      } catch (error) {
        expect(error).toBeInstanceOf(DocumentParseError);
        expect(['unsupported', 'no-text']).toContain((error as DocumentParseError).code);
      }
    }
    const binary = await parseFile(
      'image.txt',
      Uint8Array.from({ length: 2048 }, (_, i) => (i * 37) % 256),
    ).catch((e: unknown) => e);
    expect(binary).toMatchObject({ code: 'unsupported' });
    const blank = await parseFile('blank.md', ' \n\t\n\n').catch((e: unknown) => e);
    expect(blank).toMatchObject({ code: 'no-text' });
  });
});

describe('Markdown', () => {
  const markdown = [
    '# Matter notes #',
    '',
    'Opening remarks about the matter.',
    '',
    '## Rent review',
    'The rent is reviewed every **five** years.',
    '',
    '```sh',
    '# not a heading: a shell comment',
    '',
    'echo done',
    '```',
    '',
    '#hashtag is not a heading',
    '',
    'Break clause',
    '------------',
    '',
    'Either party may end the lease on six months’ notice.',
    '',
    '### Notices',
    'Served by post.',
  ].join('\n');

  it('reads # and underlined headings with their levels, outside code fences, into heading paths', async () => {
    const doc = await parseFile('notes.md', markdown);
    expect(doc.title).toBe('Matter notes');
    const [page] = doc.pages;
    expect(page?.headings.map(({ level, text }) => ({ level, text }))).toEqual([
      { level: 1, text: 'Matter notes' },
      { level: 2, text: 'Rent review' },
      { level: 2, text: 'Break clause' },
      { level: 3, text: 'Notices' },
    ]);
    expect(page?.text).toContain('```sh\n# not a heading: a shell comment\n\necho done\n```');
    expect(page?.text).toContain('#hashtag is not a heading');
    const chunks = chunkDocument(doc, { maxTokens: 30 });
    expect(chunks.find((c) => c.text.includes('six months'))?.headingPath).toEqual([
      'Matter notes',
      'Break clause',
    ]);
    expect(chunks.find((c) => c.text.includes('Served by post'))?.headingPath).toEqual([
      'Matter notes',
      'Break clause',
      'Notices',
    ]);
  });

  it('finds no headings in a .txt file', async () => {
    const doc = await parseFile('notes.txt', markdown);
    expect(doc.pages[0]?.headings).toEqual([]);
    expect(doc.title).toBeNull();
  });
});

describe('text pages', () => {
  it('starts a page at each form feed', async () => {
    const reports: ParseProgress[] = [];
    const doc = await parseFile('report.txt', 'Page one.\n\fPage two,\nline two.\f\fPage four.\n', (p) =>
      reports.push(p),
    );
    expect(doc.pages.map((p) => p.text)).toEqual(['Page one.', 'Page two,\nline two.', 'Page four.']);
    expect(reports.at(-1)).toEqual({ done: 3, total: 3 });
  });

  it('without form feeds, makes pages of at most ~500 words, cutting a long run of lines between lines', () => {
    const lines = Array.from({ length: 600 }, (_, i) => `Line ${i} has five words`).join('\n');
    const doc = parseText(new Uint8Array(Buffer.from(`${lines}\n\nA closing paragraph.`)));
    expect(doc.pages.length).toBeGreaterThanOrEqual(6);
    for (const page of doc.pages) {
      expect(page.text.split(/\s+/).length).toBeLessThanOrEqual(PAGE_WORDS);
      expect(page.text).toMatch(/^Line \d+|^A closing/);
    }
    expect(allText(doc).match(/Line \d+ has five words/g)).toHaveLength(600);
    expect(doc.pages.at(-1)?.text.endsWith('A closing paragraph.')).toBe(true);
  });

  it('gives the viewer a page’s blocks at the offsets of the indexed text', () => {
    const data = new Uint8Array(Buffer.from('# Title\n\nFirst para\nwith two lines.\n\fSecond page.'));
    const layout = textPageLayoutOf(data, '.md', 1);
    expect(layout).toMatchObject({
      format: 'markdown',
      pageCount: 2,
      text: 'Title\n\nFirst para\nwith two lines.',
    });
    expect(layout?.blocks.map(({ kind, level, text }) => ({ kind, level, text }))).toEqual([
      { kind: 'heading', level: 1, text: 'Title' },
      { kind: 'paragraph', level: null, text: 'First para\nwith two lines.' },
    ]);
    expect(textPageLayoutOf(data, '.txt', 2)).toMatchObject({ format: 'text', text: 'Second page.' });
  });
});
