// A document's date (issue 17, for scoped questions): its own metadata where the format has it, else the
// first full date written in it. Real files from ../shared/realdocs are read in place.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParsePool, parseDocument, parseDocx } from '@quire/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstFullDate, officeMetadataDate, textDate } from '../../../packages/ingest/src/document-date.ts';
import { rtfMetadataDate } from '../../../packages/ingest/src/rtf-parser.ts';
import { PAGED_DOCX_CREATED, pagedDocx } from '../../fixtures/paged-docx.ts';
import { tempDir } from '../../helpers/temp.ts';

const REALDOCS = fileURLToPath(new URL('../../../../shared/realdocs', import.meta.url));
const NOW = new Date('2026-06-01T00:00:00Z');

let dir: { path: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  dir = await tempDir('quire-document-date-');
});

afterAll(async () => {
  await dir?.cleanup();
});

const write = async (name: string, content: string | Uint8Array): Promise<string> => {
  const file = path.join(dir.path, name);
  await writeFile(file, content);
  return file;
};

describe('firstFullDate', () => {
  it.each([
    ['Signed on 12 March 2021 in London.', '2021-03-12'],
    ['Dated the 1st of February, 2020.', '2020-02-01'],
    ['Friday, 3rd Sept. 2021', '2021-09-03'],
    ['MEMORANDUM\nMarch 12, 2021\nTo: the board', '2021-03-12'],
    ['Received Dec. 31st 1999 by post', '1999-12-31'],
    ['Version 2021-03-12T09:30:00Z', '2021-03-12'],
    ['filed 2021/3/9', '2021-03-09'],
    ['Berlin, den 12.03.2021', '2021-03-12'],
    ['due 25/03/2021', '2021-03-25'],
    ['due 03/25/2021', '2021-03-25'],
    ['due 03-03-2021', '2021-03-03'],
    ['29 February 2024', '2024-02-29'],
  ])('reads %j as %s', (text, date) => {
    expect(firstFullDate(text, NOW)).toBe(date);
  });

  it('takes the date written first, whatever its form', () => {
    expect(firstFullDate('Meeting of 2020-01-05; minutes approved on 7 February 2020.', NOW)).toBe(
      '2020-01-05',
    );
    expect(firstFullDate('Approved 7 February 2020 (meeting of 2020-01-05).', NOW)).toBe('2020-02-07');
  });

  it.each([
    ['an ambiguous day and month', 'due 04/03/2021'],
    ['a month and year only', 'Report for March 2021'],
    ['an impossible day', '31 April 2021 and 2021-02-30'],
    ['a year before 1900', 'Founded 4 July 1776'],
    ['a year after next year', 'Expires 1 January 2099'],
    ['a two-digit year', 'on 12/03/21'],
    ['a number that is not a date', 'Invoice 12 May 20211 and part 2021-13-01'],
    ['no date', 'The tenant shall keep records.'],
  ])('finds none in %s', (_, text) => {
    expect(firstFullDate(text, NOW)).toBeNull();
  });

  it('skips an implausible date to find a plausible one after it', () => {
    expect(firstFullDate('Valid until 1 January 2099. Signed 2 May 2024.', NOW)).toBe('2024-05-02');
  });

  it('dates a document by its first pages only', () => {
    const page = (text: string, n: number) => ({ page: n, text, headings: [] });
    const filler = 'x '.repeat(15_000);
    expect(textDate({ pages: [page('No date here.', 1), page('Minutes, 9 June 2022', 2)] })).toEqual({
      value: '2022-06-09',
      source: 'text',
    });
    expect(textDate({ pages: [page(filler, 1), page('Minutes, 9 June 2022', 2)] })).toBeNull();
  });
});

describe('metadata dates', () => {
  it('reads dcterms:created, else dcterms:modified, from docProps/core.xml', () => {
    const core = (created: string, modified: string): string =>
      `<cp:coreProperties><dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created>` +
      `<dcterms:modified xsi:type="dcterms:W3CDTF">${modified}</dcterms:modified></cp:coreProperties>`;
    expect(officeMetadataDate(core('2021-03-12T10:00:00Z', '2022-01-01T00:00:00Z'))).toEqual({
      value: '2021-03-12',
      source: 'office-metadata',
    });
    expect(officeMetadataDate(core('', '2022-01-05T00:00:00Z'))?.value).toBe('2022-01-05');
    expect(officeMetadataDate('<cp:coreProperties/>')).toBeNull();
  });

  it('reads an RTF info group: \\creatim, else \\revtim', () => {
    const rtf = (info: string): Uint8Array =>
      Buffer.from(`{\\rtf1\\ansi{\\info{\\title T}${info}}Hello\\par}`);
    expect(
      rtfMetadataDate(rtf('{\\creatim\\yr2021\\mo3\\dy12\\hr10\\min5}{\\revtim\\yr2022\\mo1\\dy2}')),
    ).toEqual({
      value: '2021-03-12',
      source: 'office-metadata',
    });
    expect(rtfMetadataDate(rtf('{\\revtim\\yr2022\\mo11\\dy2}'))?.value).toBe('2022-11-02');
    expect(rtfMetadataDate(rtf(''))).toBeNull();
  });

  it('dates a generated DOCX by its core.xml', async () => {
    expect((await parseDocx(await pagedDocx())).date).toEqual({
      value: PAGED_DOCX_CREATED.slice(0, 10),
      source: 'office-metadata',
    });
  });

  it.each([
    ['office/docx-hdrftr.docx', '2023-11-20'],
    ['office/2023-half-year-analyses-by-segment.xlsx', '2011-01-12'],
    ['office/fake-power-point.pptx', '2013-01-27'],
    ['office/simple.odt', '2024-05-15'],
  ])('dates the real %s by its metadata', async (file, date) => {
    expect((await parseDocument(path.join(REALDOCS, file))).date).toEqual({
      value: date,
      source: 'office-metadata',
    });
  });

  it('dates an email by its Date header (the day in UTC)', async () => {
    expect((await parseDocument(path.join(REALDOCS, 'email/family-day.eml'))).date).toEqual({
      value: '2022-12-21',
      source: 'email',
    });
    const late = await write(
      'late.eml',
      'From: a@example.com\r\nTo: b@example.com\r\nSubject: Late\r\nDate: Fri, 12 Mar 2021 23:30:00 -0500\r\n\r\nSent on 1 May 2020.\r\n',
    );
    expect((await parseDocument(late)).date).toEqual({ value: '2021-03-13', source: 'email' });
  });
});

describe('parseDocument falls back to the first date in the text', () => {
  it('for a text file, an email without a Date header and an RTF without an info group', async () => {
    const text = await write(
      'minutes.txt',
      'Minutes of the meeting\n\nHeld on Tuesday, 9 June 2022 at noon.\n',
    );
    expect((await parseDocument(text)).date).toEqual({ value: '2022-06-09', source: 'text' });
    const email = await write(
      'undated.eml',
      'From: a@example.com\r\nSubject: Undated\r\n\r\nSee the letter of 2 May 2019.\r\n',
    );
    expect((await parseDocument(email)).date).toEqual({ value: '2019-05-02', source: 'text' });
    const rtf = await write('plain.rtf', '{\\rtf1\\ansi Letter of 4 April 2018.\\par}');
    expect((await parseDocument(rtf)).date).toEqual({ value: '2018-04-04', source: 'text' });
  });

  it('and leaves the date out when the text has none', async () => {
    const text = await write('undated.txt', 'The tenant shall keep records.\n');
    expect((await parseDocument(text)).date).toBeUndefined();
  });

  it('through a parse worker: the date and the page labels survive the trip to the main process', async () => {
    const docx = await write('paged.docx', await pagedDocx());
    const pool = new ParsePool({ size: 1 });
    try {
      const { document } = await pool.parse(docx);
      expect(document.date).toEqual({ value: PAGED_DOCX_CREATED.slice(0, 10), source: 'office-metadata' });
      expect(document.pages[0]?.labelSource).toBe('word-layout');
      expect(document.pages[0]?.labelMarks?.length).toBeGreaterThan(1);
    } finally {
      await pool.close();
    }
  });
});
