// DOCX page labels (issue 17): the number Word printed on the page each part of the text was on, from
// the rendered page breaks Word records, in a generated document and against the real handbook.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { docxLayout, parseDocx } from '@quire/ingest';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  docxPageBreaks,
  docxPageNumbers,
  formatPageNumber,
} from '../../../packages/ingest/src/docx-page-breaks.ts';
import {
  docxLabelPlan,
  hasPageField,
  takePageMarkers,
} from '../../../packages/ingest/src/docx-page-labels.ts';
import { labelAt } from '../../../packages/ingest/src/page-label-at.ts';
import type { ParsedPage } from '../../../packages/ingest/src/types.ts';
import { ZipPackage } from '../../../packages/ingest/src/zip-parts.ts';
import { PAGED_DOCX_FOOTER, PAGED_DOCX_WORDS, pagedDocx } from '../../fixtures/paged-docx.ts';

const OFFICE = fileURLToPath(new URL('../../../../shared/realdocs/office', import.meta.url));

let paged: Uint8Array;
let page: ParsedPage;

beforeAll(async () => {
  paged = await pagedDocx();
  const document = await parseDocx(paged);
  expect(document.pages).toHaveLength(1);
  page = document.pages[0] as ParsedPage;
});

const body = (xml: string): string =>
  `<w:document xmlns:w="w" xmlns:r="r"><w:body>${xml}<w:sectPr/></w:body></w:document>`;
const paragraph = (text: string, before = ''): string => `<w:p><w:r>${before}<w:t>${text}</w:t></w:r></w:p>`;
const RENDERED = '<w:lastRenderedPageBreak/>';
const PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>';

describe('a DOCX that Word laid out, with page numbers in its footer', () => {
  it('labels the text of every page with the number printed on it', () => {
    expect(page.labelSource).toBe('word-layout');
    expect(page.label).toBe('i');
    for (const { word, label } of PAGED_DOCX_WORDS) {
      const offset = page.text.indexOf(word);
      expect(offset, word).toBeGreaterThanOrEqual(0);
      expect(labelAt(page, offset), word).toBe(label);
    }
  });

  it('has one mark per page with text, in offset order; the blank page between two page breaks has none', () => {
    const marks = page.labelMarks ?? [];
    expect(marks.map((mark) => mark.label)).toEqual(['i', 'ii', '1', '2', '3', '4', '6', '7']);
    expect(marks[0]?.offset).toBe(0);
    for (let i = 1; i < marks.length; i++) {
      expect(marks[i]?.offset ?? 0).toBeGreaterThan(marks[i - 1]?.offset ?? 0);
    }
  });

  it('starts a page at its first word: a page that starts mid-paragraph is labelled from there', () => {
    const mark = page.labelMarks?.find((m) => m.label === '2');
    expect(page.text.slice(mark?.offset ?? 0)).toMatch(/^and goes on past the break with elsworth/);
  });

  it('keeps the footer out of the text, and the text is the one the same document without page numbers gives', async () => {
    expect(page.text).not.toContain(PAGED_DOCX_FOOTER);
    expect(page.text).not.toMatch(/[\uFDD0\uFDD1]/);
    const plain = (await parseDocx(await pagedDocx({ withoutFooter: true }))).pages[0];
    expect(plain?.labelMarks).toBeUndefined();
    expect(plain?.label).toBeUndefined();
    expect(plain?.text).toBe(page.text);
    expect((await docxLayout(paged)).text).toBe(page.text);
  });

  it('is not labelled when docProps/app.xml counts other pages than the breaks do', async () => {
    const document = await parseDocx(await pagedDocx({ appPages: 12 }));
    expect(document.pages[0]?.labelMarks).toBeUndefined();
    expect(document.pages[0]?.label).toBeUndefined();
  });
});

describe('docxPageBreaks', () => {
  it('counts an explicit page break and the rendered break Word writes after it as one page', () => {
    const breaks = docxPageBreaks(body(paragraph('one') + PAGE_BREAK + paragraph('two', RENDERED)));
    expect(breaks.pages).toHaveLength(2);
    expect(breaks.renderedBreaks).toBe(1);
  });

  it('counts a table row that runs over a page once, not once per cell', () => {
    const cell = `<w:tc><w:p><w:r><w:t>top</w:t></w:r><w:r>${RENDERED}<w:t>bottom</w:t></w:r></w:p></w:tc>`;
    const breaks = docxPageBreaks(
      body(`${paragraph('one')}<w:tbl><w:tr>${cell}${cell}${cell}</w:tr></w:tbl>`),
    );
    expect(breaks.pages).toHaveLength(2);
  });

  it('ignores breaks in text boxes; numbers a section as its w:pgNumType says, the next one going on in decimal', () => {
    const textBox = `<w:p><w:r><w:pict><w:txbxContent>${paragraph('boxed', RENDERED)}</w:txbxContent></w:pict></w:r></w:p>`;
    const section = (start: string): string =>
      `<w:p><w:pPr><w:sectPr><w:pgNumType ${start}/></w:sectPr></w:pPr><w:r><w:t>end</w:t></w:r></w:p>`;
    const xml = body(
      paragraph('one') +
        textBox +
        section('w:start="3" w:fmt="upperRoman"') +
        paragraph('two', RENDERED) +
        paragraph('three', RENDERED),
    );
    const breaks = docxPageBreaks(xml);
    expect(breaks.renderedBreaks).toBe(2);
    expect(docxPageNumbers(breaks)).toEqual(['III', '4', '5']);
  });

  it('a continuous section goes on on the same page', () => {
    const xml = body(
      `<w:p><w:pPr><w:sectPr><w:pgNumType w:start="5"/></w:sectPr></w:pPr><w:r><w:t>one</w:t></w:r></w:p>` +
        paragraph('two') +
        `<w:p><w:pPr><w:sectPr><w:type w:val="continuous"/></w:sectPr></w:pPr><w:r><w:t>three</w:t></w:r></w:p>` +
        paragraph('four', RENDERED),
    );
    expect(docxPageNumbers(docxPageBreaks(xml))).toEqual(['5', '6']);
  });
});

describe('takePageMarkers', () => {
  const m = (page: number): string => `\uFDD0${page}\uFDD1`;

  it('takes markers out of blocks as if they had never been there, and says where each page starts', () => {
    const { blocks, marks } = takePageMarkers([
      { kind: 'paragraph', text: `one ${m(1)} two` },
      { kind: 'list-item', text: `• ${m(2)}three` },
      { kind: 'paragraph', text: m(3) },
      {
        kind: 'table',
        text: `a | b\n${m(4)} | \nc${m(5)} | d`,
        rows: [
          ['a', 'b'],
          [m(4), ''],
          [`c${m(5)}`, 'd'],
        ],
      },
      { kind: 'heading', text: `${m(6)}Four`, headingLevel: 2 },
    ]);
    expect(blocks).toEqual([
      { kind: 'paragraph', text: 'one two' },
      { kind: 'list-item', text: '• three' },
      {
        kind: 'table',
        text: 'a | b\nc | d',
        rows: [
          ['a', 'b'],
          ['c', 'd'],
        ],
      },
      { kind: 'heading', text: 'Four', headingLevel: 2 },
    ]);
    expect(marks).toEqual([
      { block: 0, offset: 4, page: 1 },
      { block: 1, offset: 2, page: 2 },
      // The emptied paragraph's page starts where the next block does; the emptied row's, at the next row.
      { block: 2, offset: 0, page: 3 },
      { block: 2, offset: 6, page: 4 },
      { block: 2, offset: 7, page: 5 },
      { block: 3, offset: 0, page: 6 },
    ]);
  });
});

describe('formatPageNumber and hasPageField', () => {
  it('prints Word number formats', () => {
    expect(formatPageNumber(14, 'lowerRoman')).toBe('xiv');
    expect(formatPageNumber(1994, 'upperRoman')).toBe('MCMXCIV');
    expect(formatPageNumber(28, 'lowerLetter')).toBe('bb');
    expect(formatPageNumber(3, 'upperLetter')).toBe('C');
    expect(formatPageNumber(7, 'numberInDash')).toBe('7');
  });

  it('finds PAGE fields, simple or complex (split over runs), and not NUMPAGES or PAGEREF', () => {
    expect(hasPageField('<w:fldSimple w:instr=" PAGE   \\* MERGEFORMAT "/>')).toBe(true);
    const complex = (...codes: string[]): string =>
      `<w:fldChar w:fldCharType="begin"/>${codes.map((c) => `<w:instrText xml:space="preserve">${c}</w:instrText>`).join('')}<w:fldChar w:fldCharType="separate"/>`;
    expect(hasPageField(complex(' PA', 'GE '))).toBe(true);
    expect(hasPageField(complex(' NUMPAGES '))).toBe(false);
    expect(hasPageField(complex('PAGEREF _Toc1 \\h'))).toBe(false);
    expect(hasPageField('<w:fldSimple w:instr=" NUMPAGES "/>')).toBe(false);
  });
});

describe('the real handbook (../shared/realdocs/office/handbook-872p.docx)', () => {
  it('prints page numbers but records no layout: no labels, because its explicit breaks alone miss most pages', async () => {
    const data = await readFile(`${OFFICE}/handbook-872p.docx`);
    const pkg = await ZipPackage.open(data, 'the Word document');
    const ids = docxPageBreaks((await pkg.text('word/document.xml')) ?? '');
    expect(ids.renderedBreaks).toBe(0);
    // Its page and section breaks make 83 pages of a document Word lays out on 872.
    expect(ids.pages.length).toBeLessThan(100);
    expect(hasPageField((await pkg.text('word/footer1.xml')) ?? '')).toBe(true);
    expect(await docxLabelPlan(pkg)).toBeNull();
  });
});
