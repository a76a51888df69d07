// RTF documents (issue 16): RTF written in the test through parseDocument as a sync reads a file —
// paragraphs, headings (direct outline levels and style-sheet styles), tables, footnotes after the body,
// pages at \page and \pagebb (else one page), code-page bytes (\'e9 in Windows-1252 and 1251, a font's
// charset), \uN with its \ucN fallback skipped, the destinations that hold no text left out, an RTF
// saved as .doc, and damaged, cut and non-RTF files failing with their codes.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DocumentParseError, parseDocument } from '@quire/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp.ts';

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('quire-rtf-');
});
afterAll(() => dir?.cleanup());

async function write(name: string, data: Uint8Array | string): Promise<string> {
  const file = path.join(dir.path, name);
  await writeFile(file, typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
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

const HEADER =
  '{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}{\\f1\\fswiss\\fcharset204{\\*\\panose 020b0604020202020204}Arial Cyr;}}' +
  '{\\colortbl;\\red255\\green0\\blue0;}' +
  '{\\stylesheet{\\s0 Normal;}{\\s1\\sbasedon0 heading 1;}{\\s2\\outlinelevel1 Subtitle Style;}}' +
  '{\\info{\\title Secret title}{\\author Someone}}' +
  '{\\header \\pard Running header\\par}{\\footer \\pard Page footer\\par}\n';

describe('RTF documents', () => {
  it('reads paragraphs, headings from the style sheet and outline levels, tables and footnotes, as one page', async () => {
    const rtf =
      HEADER +
      '{\\pard\\s1 Agreement\\par}\n' +
      "{\\pard Caf\\'e9 owner pays \\u8364?100 a month{\\footnote\\pard\\plain Net of VAT.\\par}.\\par}\n" +
      '{\\pard\\s2 Parties\\par}\n' +
      '{\\pard\\outlinelevel2 Schedule\\par}\n' +
      "{\\pard\\uc2 Two bytes \\u8220\\'93\\'94quoted\\u8221??\\par}\n" +
      '{\\pard{\\*\\bkmkstart b1}Link {\\field{\\*\\fldinst HYPERLINK "http://x"}{\\fldrslt here}} and {\\pict\\pngblip 89504e47}image\\tab end\\line next\\par}\n' +
      '{\\trowd\\cellx3000\\cellx6000\\pard\\intbl Item\\cell Amount\\cell\\row\n' +
      '\\pard\\intbl Rent\\par monthly\\cell \\u8364?1,200\\cell\\row}\n' +
      "\\pard Ru: {\\f1 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2}\\par}";
    const document = await parseDocument(await write('agreement.rtf', rtf));
    expect(document.kind).toBe('rtf');
    expect(document.title).toBe('Agreement');
    expect(document.pages).toHaveLength(1);
    const page = document.pages[0];
    expect(page?.text).toBe(
      [
        'Agreement',
        'Café owner pays €100 a month.',
        'Parties',
        'Schedule',
        'Two bytes “quoted”',
        'Link here and image end\nnext',
        'Item | Amount\nRent monthly | €1,200',
        'Ru: Привет',
        'Net of VAT.',
      ].join('\n\n'),
    );
    expect(page?.headings.map(({ level, text }) => ({ level, text }))).toEqual([
      { level: 1, text: 'Agreement' },
      { level: 2, text: 'Parties' },
      { level: 3, text: 'Schedule' },
    ]);
    for (const left of [
      'Secret title',
      'Running header',
      'Page footer',
      'Times New Roman',
      '89504e47',
      'b1',
    ]) {
      expect(page?.text).not.toContain(left);
    }
  });

  it('starts a page at \\page and at a paragraph with \\pagebb', async () => {
    const rtf = `${HEADER}\\pard First page\\par\\page Second page\\par\\pard\\pagebb Third page\\par}`;
    const document = await parseDocument(await write('pages.rtf', rtf));
    expect(document.pages.map((p) => p.text)).toEqual(['First page', 'Second page', 'Third page']);
  });

  it('decodes bytes by the document code page, and reads an RTF saved as .doc', async () => {
    const cyrillic = "{\\rtf1\\ansi\\ansicpg1251 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2 \\'e9\\par}";
    expect((await parseDocument(await write('cp1251.rtf', cyrillic))).pages[0]?.text).toBe('Привет й');
    const saved = await parseDocument(await write('letter.doc', '{\\rtf1\\ansi Dear Sir\\par}'));
    expect(saved).toMatchObject({ kind: 'rtf', pages: [{ text: 'Dear Sir' }] });
  });

  it('fails a cut, damaged, empty or non-RTF file with its code', async () => {
    const cut = await failure(parseDocument(await write('cut.rtf', `${HEADER}\\pard Some text\\par`)));
    expect(cut).toMatchObject({ code: 'corrupt', message: expect.stringContaining('cut short') });
    const binary = Buffer.concat([
      Buffer.from('{\\rtf1\\ansi '),
      Buffer.from([0, 1, 2, 0, 0x41]),
      Buffer.from('}'),
    ]);
    expect((await failure(parseDocument(await write('binary.rtf', binary)))).code).toBe('corrupt');
    expect((await failure(parseDocument(await write('empty.rtf', `${HEADER}}`)))).code).toBe('no-text');
    const plain = await failure(parseDocument(await write('plain.rtf', 'just text, not RTF')));
    expect(plain.code).toBe('unsupported');
  });
});
