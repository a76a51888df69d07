// Web pages (issue 16): generated HTML read into pages of Quire's blocks — headings, what a browser does
// not show left out, tables row by row, entities, legacy charsets, pages from CSS page breaks or of
// bounded size — through parseDocument as a sync reads a file, and the viewer's page layout.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  chunkDocument,
  DocumentParseError,
  htmlCharset,
  PAGE_WORDS,
  type ParsedDocument,
  type ParseProgress,
  parseDocument,
  parseHtml,
  textPageLayoutOf,
} from '@quire/ingest';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp.ts';

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('quire-html-');
});
afterAll(() => dir?.cleanup());

const utf8 = (html: string): Uint8Array => new Uint8Array(Buffer.from(html, 'utf8'));
const allText = (doc: ParsedDocument): string => doc.pages.map((page) => page.text).join('\n\n');
const page = (body: string, head = ''): string =>
  `<!DOCTYPE html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;

async function parseFile(
  name: string,
  data: Uint8Array | string,
  onPageProgress?: (p: ParseProgress) => void,
) {
  const file = path.join(dir.path, name);
  await writeFile(file, data);
  return parseDocument(file, { onPageProgress });
}

describe('parseHtml: text as a browser shows it', () => {
  it('keeps h1–h6 as headings with their levels, in the chunks’ heading paths, and the <title>', () => {
    const doc = parseHtml(
      utf8(
        page(
          '<h1>Lease of Unit 4</h1><p>Preamble text.</p><h2>Rent</h2><p>The rent is quarvendish.</p>' +
            '<h3>Review</h3><p>Reviewed yearly.</p><h2>Termination</h2><p>Notice of sixty days.</p>',
          '<title>  Acme   lease </title>',
        ),
      ),
    );
    expect(doc.kind).toBe('html');
    expect(doc.title).toBe('Acme lease');
    expect(doc.pages).toHaveLength(1);
    const [first] = doc.pages;
    expect(first?.headings.map(({ level, text }) => ({ level, text }))).toEqual([
      { level: 1, text: 'Lease of Unit 4' },
      { level: 2, text: 'Rent' },
      { level: 3, text: 'Review' },
      { level: 2, text: 'Termination' },
    ]);
    for (const heading of first?.headings ?? []) {
      expect(first?.text.slice(heading.offset, heading.offset + heading.text.length)).toBe(heading.text);
    }
    const chunks = chunkDocument(doc, { maxTokens: 20 });
    const rent = chunks.find((chunk) => chunk.text.includes('quarvendish'));
    expect(rent?.headingPath).toEqual(['Lease of Unit 4', 'Rent']);
    const review = chunks.find((chunk) => chunk.text.includes('Reviewed yearly'));
    expect(review?.headingPath).toEqual(['Lease of Unit 4', 'Rent', 'Review']);
    const notice = chunks.find((chunk) => chunk.text.includes('sixty days'));
    expect(notice?.headingPath).toEqual(['Lease of Unit 4', 'Termination']);
  });

  it('drops the head, scripts, styles, templates, noscript, SVG and hidden elements', () => {
    const doc = parseHtml(
      utf8(
        page(
          '<script>var leaked = "scriptword";</script><style>p { color: red } /* styleword */</style>' +
            '<p>Visible one.</p><template><p>templateword</p></template><noscript>noscriptword</noscript>' +
            '<svg><text>svgword</text><title>svgtitle</title></svg>' +
            '<div style="display:none"><ix:header><ix:hidden>hiddenfact</ix:hidden></ix:header></div>' +
            '<p hidden>hiddenattribute</p><span style="visibility: hidden">invisibleword</span>' +
            '<p>Visible <b>two</b>.</p><!-- commentword -->',
          '<meta name="description" content="metaword"><script src="x.js"></script>',
        ),
      ),
    );
    const text = allText(doc);
    expect(text).toBe('Visible one.\n\nVisible two.');
    expect(doc.title).toBeNull();
  });

  it('gives block elements their own paragraphs, collapses source white space and keeps <br> and <pre> lines', () => {
    const doc = parseHtml(
      utf8(
        page(
          '<div>First\n   part<div>Inner   block</div>tail text</div><section><p>Para\none</p></section>' +
            '<blockquote>Quoted</blockquote><p>Line one<br>Line two</p><pre>code  line 1\n  line 2</pre>' +
            '<ul><li>Apple</li><li><p>Pear</p></li></ul><ol start="3"><li>Third</li></ol>',
        ),
      ),
    );
    expect(doc.pages[0]?.text.split('\n\n')).toEqual([
      'First part',
      'Inner block',
      'tail text',
      'Para one',
      'Quoted',
      'Line one\nLine two',
      'code line 1\nline 2',
      '• Apple',
      '• Pear',
      '3. Third',
    ]);
  });

  it('reads a table row by row, cells joined by a bar, empty cells left out and $ | 1,234 | ) joined', () => {
    const doc = parseHtml(
      utf8(
        page(
          '<p>Before.</p><table><thead><tr><th>Item</th><th></th><th>2021</th><th>2020</th></tr></thead>' +
            '<tbody><tr><td>Revenue</td><td></td><td>$</td><td>21,236,540</td><td>$</td><td>10,217,232</td></tr>' +
            '<tr><td>Net loss</td><td>(1,234</td><td>)</td><td>12.5</td><td>%</td></tr>' +
            '<tr><td></td><td>&nbsp;</td></tr></tbody></table><p>After.</p>',
        ),
      ),
    );
    expect(doc.pages[0]?.text).toBe(
      'Before.\n\nItem | 2021 | 2020\nRevenue | $21,236,540 | $10,217,232\nNet loss | (1,234) | 12.5%\n\nAfter.',
    );
  });

  it('decodes named and numeric entities', () => {
    const doc = parseHtml(
      utf8(
        page(
          '<p>Fish &amp; chips &lt;3 &eacute;t&eacute; &#8220;quoted&#8221; &#x2014; a&nbsp;b &copy; &hellip;</p>',
        ),
      ),
    );
    // A no-break space is a space in the indexed text (as in Word documents).
    expect(doc.pages[0]?.text).toBe('Fish & chips <3 été “quoted” — a b © …');
  });
});

describe('parseHtml: charsets', () => {
  const body = 'Caf\u00e9 \u201cquoted\u201d \u2013 \u20ac5';

  it('reads a Windows-1252 page named by <meta charset>, by http-equiv, as ISO-8859-1, and without a declaration', () => {
    const pages = [
      `<html><head><meta charset="windows-1252"></head><body><p>${body}</p></body></html>`,
      `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body><p>${body}</p></body></html>`,
      `<html><head><meta http-equiv="content-type" content="text/html; charset=ISO-8859-1"></head><body><p>${body}</p></body></html>`,
      `<html><body><p>${body}</p></body></html>`,
    ];
    for (const html of pages) {
      const bytes = new Uint8Array(iconv.encode(html, 'windows-1252'));
      expect(htmlCharset(bytes)).toBe('windows-1252');
      expect(parseHtml(bytes).pages[0]?.text).toBe(body);
    }
  });

  it('reads other declared charsets, byte order marks and the XML declaration; UTF-8 by default', () => {
    const cyrillic = 'Договор аренды';
    const koi8 = new Uint8Array(
      iconv.encode(
        `<?xml version="1.0" encoding="KOI8-R"?><html><body><p>${cyrillic}</p></body></html>`,
        'koi8-r',
      ),
    );
    expect(htmlCharset(koi8)).toBe('koi8-r');
    expect(parseHtml(koi8).pages[0]?.text).toBe(cyrillic);
    for (const encoding of ['utf-16le', 'utf-16be', 'utf-8'] as const) {
      const bytes = new Uint8Array(iconv.encode(`<p>${body} ${cyrillic}</p>`, encoding, { addBOM: true }));
      expect(htmlCharset(bytes)).toBe(encoding);
      expect(parseHtml(bytes).pages[0]?.text).toBe(`${body} ${cyrillic}`);
    }
    const plain = utf8(`<p>${body}</p>`);
    expect(htmlCharset(plain)).toBe('utf-8');
    expect(parseHtml(plain).pages[0]?.text).toBe(body);
  });
});

describe('parseHtml: pages', () => {
  it('splits pages at CSS page breaks — inline, by a class of a style sheet — and keeps page numbers out of the text', () => {
    const doc = parseHtml(
      utf8(
        page(
          '<p>Cover page.</p><p style="text-align:center">1</p><hr style="page-break-after:always" />' +
            '<h2>Contents</h2><p>Second page text.</p><p>- 2 -</p>' +
            '<div style="page-break-before: always"><p>Third page text.</p><p>iii</p></div>' +
            '<div class="pb"></div><p>Fourth page text.</p>' +
            '<p style="break-before: page">Fifth page text.</p><hr style="page-break-after:always">',
          '<style>.pb { color: black; page-break-after: always }</style>',
        ),
      ),
    );
    expect(doc.pages.map((p) => p.text)).toEqual([
      'Cover page.',
      'Contents\n\nSecond page text.',
      'Third page text.',
      'Fourth page text.',
      'Fifth page text.',
    ]);
    expect(doc.pages.map((p) => p.margins?.footer ?? null)).toEqual(['1', '- 2 -', 'iii', null, null]);
    expect(doc.pages.map((p) => p.page)).toEqual([1, 2, 3, 4, 5]);
  });

  it('without page breaks, makes pages of about 500 words ending between blocks, a heading starting a page', () => {
    const paragraph = (n: number) =>
      `<p>${Array.from({ length: 120 }, (_, i) => `w${n}x${i}`).join(' ')}.</p>`;
    const sections = Array.from(
      { length: 6 },
      (_, s) =>
        `<h2>Section ${s + 1}</h2>${Array.from({ length: 4 }, (_, p) => paragraph(s * 4 + p)).join('')}`,
    );
    const huge = `<p>${Array.from({ length: 1300 }, (_, i) => `long${i}`).join(' ')}</p>`;
    const doc = parseHtml(utf8(page(sections.join('') + huge)));
    const words = doc.pages.map((p) => p.text.split(/\s+/).length);
    for (const count of words) expect(count).toBeLessThanOrEqual(PAGE_WORDS);
    expect(doc.pages.length).toBeGreaterThanOrEqual(8);
    // Every word is on exactly one page, in order.
    const all = allText(doc).split(/\s+/);
    expect(all.filter((w) => /^w\d+x\d+\.?$/.test(w))).toHaveLength(24 * 120);
    expect(all.filter((w) => w.startsWith('long'))).toHaveLength(1300);
    // A section's heading never ends a page; each section after the first starts a page here.
    for (const p of doc.pages) expect(p.text).not.toMatch(/Section \d+$/);
    for (let s = 2; s <= 6; s++) {
      expect(doc.pages.some((p) => p.text.startsWith(`Section ${s}\n\n`))).toBe(true);
    }
    // Chunks on later pages still carry the heading they are under.
    const chunks = chunkDocument(doc);
    const under = chunks.find((chunk) => chunk.text.includes('w10x5 '));
    expect(under?.headingPath).toEqual(['Section 3']);
  });

  it('takes short all-bold paragraphs as headings when the page has no h1–h6 (as SEC filings style them)', () => {
    const styled = parseHtml(
      utf8(
        page(
          '<p style="font-weight:bold">ITEM 1. BUSINESS</p><p>We make games.</p>' +
            '<p><b>Products and</b> <span style="font-weight:700">services</span></p><p>Tables and cards.</p>' +
            '<p style="font-weight:bold">This long bold paragraph has far too many words to be a heading of any section at all.</p>' +
            '<p style="font-weight:bold"><span style="font-weight:normal">Not</span> bold throughout</p>',
        ),
      ),
    );
    expect(styled.pages[0]?.headings.map((h) => h.text)).toEqual([
      'ITEM 1. BUSINESS',
      'Products and services',
    ]);
    const tagged = parseHtml(utf8(page('<h1>Real heading</h1><p><b>Bold label</b></p><p>Text.</p>')));
    expect(tagged.pages[0]?.headings.map((h) => h.text)).toEqual(['Real heading']);
  });

  it('gives the viewer each page’s blocks at the offsets of the indexed text', async () => {
    const html = page(
      '<h1>Title</h1><p>Alpha.</p><hr style="page-break-after:always"><table><tr><td>a</td><td>b</td></tr>' +
        '<tr><td>c</td><td>d</td></tr></table><ul><li>item</li></ul>',
    );
    const doc = parseHtml(utf8(html));
    const layout = textPageLayoutOf(utf8(html), '.HTML', 2);
    expect(layout?.format).toBe('html');
    expect(layout?.pageCount).toBe(2);
    expect(layout?.text).toBe(doc.pages[1]?.text);
    for (const block of layout?.blocks ?? []) {
      expect(layout?.text.slice(block.start, block.end)).toBe(block.text);
      for (const cell of (block.rows ?? []).flat()) {
        expect(layout?.text.slice(cell.start, cell.start + cell.text.length)).toBe(cell.text);
      }
    }
    expect(layout?.blocks.map((b) => b.kind)).toEqual(['table', 'list-item']);
    expect(() => textPageLayoutOf(utf8(html), '.html', 3)).toThrow(RangeError);
    expect(textPageLayoutOf(utf8(html), '.pdf', 1)).toBeNull();
  });
});

describe('parseDocument on .html and .htm files', () => {
  it('reports page progress up to the page count', async () => {
    const body = Array.from(
      { length: 12 },
      (_, i) => `<p>Page ${i + 1}.</p><hr style="page-break-after:always">`,
    );
    const reports: ParseProgress[] = [];
    const doc = await parseFile('progress.htm', page(body.join('')), (p) => reports.push(p));
    expect(doc.pages).toHaveLength(12);
    expect(reports.at(-1)).toEqual({ done: 12, total: 12 });
    for (const report of reports) expect(report.total).toBe(12);
    expect(reports.map((r) => r.done)).toEqual([...reports.map((r) => r.done)].sort((a, b) => a - b));
  });

  it('fails no-text for a page with nothing to show, and is not fooled by a mention of %PDF-', async () => {
    const empty = await parseFile('empty.html', page('<script>only()</script>')).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(DocumentParseError);
    expect(empty).toMatchObject({ code: 'no-text' });
    const mention = await parseFile(
      'pdf-notes.html',
      page('<p>A PDF file starts with %PDF-1.7 and a binary line.</p>'),
    );
    expect(mention.kind).toBe('html');
  });

  it('reads 2 MB of generated HTML in well under two seconds', async () => {
    const rows = Array.from(
      { length: 10000 },
      (_, i) =>
        `<tr><td style="font-size:10pt">Line ${i}</td><td>$</td><td>${(i * 1234).toLocaleString('en-US')}</td></tr>`,
    );
    const paragraphs = Array.from(
      { length: 16000 },
      (_, i) => `<p style="margin:0pt;text-indent:0%">Paragraph ${i} of the filing text, with words.</p>`,
    );
    const html = page(`${paragraphs.join('\n')}<table>${rows.join('\n')}</table>`);
    expect(html.length).toBeGreaterThan(2_000_000);
    // Its speed is shown by npm run bench:long (the 2.4 MB filing), not asserted here.
    const doc = await parseFile('big.html', html);
    expect(allText(doc)).toContain('Line 9999 | $12,338,766');
  });
});
