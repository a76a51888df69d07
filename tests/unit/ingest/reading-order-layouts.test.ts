import { chunkDocument, type ParsedDocument, parsePdf, pdfPageLayout } from '@quire/ingest';
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';

// Small generated pages, one per layout a reader meets in real documents. Every sentence is unique, so
// the order of the page text can be checked sentence by sentence.

const PAGE: [number, number] = [612, 792];
const BODY = 10;
const LEADING = 13;
const LEFT_X = 72;
const RIGHT_X = 320;
const COLUMN_WIDTH = 220;

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

async function newPdf(): Promise<{ pdf: PDFDocument; fonts: Fonts }> {
  const pdf = await PDFDocument.create();
  pdf.setCreationDate(new Date(0));
  pdf.setModificationDate(new Date(0));
  const fonts = {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
  };
  return { pdf, fonts };
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Draws a paragraph from `y` down; returns the y of the line after it. */
function paragraph(
  page: PDFPage,
  font: PDFFont,
  text: string,
  x: number,
  y: number,
  width: number,
  size = BODY,
): number {
  let at = y;
  for (const line of wrap(text, font, size, width)) {
    page.drawText(line, { x, y: at, size, font });
    at -= size + 3;
  }
  return at;
}

/** Draws two columns row by row, interleaved in the file as a layout program would; returns the y below both. */
function columns(page: PDFPage, font: PDFFont, left: string, right: string, y: number): number {
  const leftLines = wrap(left, font, BODY, COLUMN_WIDTH);
  const rightLines = wrap(right, font, BODY, COLUMN_WIDTH);
  const rows = Math.max(leftLines.length, rightLines.length);
  for (let row = 0; row < rows; row++) {
    const at = y - row * LEADING;
    const l = leftLines[row];
    const r = rightLines[row];
    if (l !== undefined) page.drawText(l, { x: LEFT_X, y: at, size: BODY, font });
    if (r !== undefined) page.drawText(r, { x: RIGHT_X, y: at, size: BODY, font });
  }
  return y - rows * LEADING;
}

function flat(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Asserts that the page text holds the passages in this order, each whole. */
function expectInOrder(text: string, passages: readonly string[]): void {
  const page = flat(text);
  let from = 0;
  for (const passage of passages) {
    const at = page.indexOf(flat(passage), from);
    expect(at, `"${passage.slice(0, 40)}…" after offset ${from} in: ${page}`).toBeGreaterThanOrEqual(from);
    from = at + flat(passage).length;
  }
}

/** Parses the PDF and checks the layout route gives each page's text exactly, with boxes inside it. */
async function parseAndCheckLayout(data: Uint8Array): Promise<ParsedDocument> {
  const doc = await parsePdf(data);
  for (const page of doc.pages) {
    const layout = await pdfPageLayout(data, page.page);
    expect(layout.text).toBe(page.text);
    for (const box of layout.boxes) expect(box.end).toBeLessThanOrEqual(layout.text.length);
  }
  for (const chunk of chunkDocument(doc)) {
    expect(chunk.text).toBe(doc.pages[chunk.page - 1]?.text.slice(chunk.start, chunk.end));
  }
  return doc;
}

const TITLE = 'Seasonal Patterns in Urban Allotment Gardens';
const ABSTRACT =
  'We followed forty allotment plots through three growing seasons and recorded what each gardener sowed, ' +
  'harvested and composted. This abstract spans the full width of the page above the two columns.';
const LEFT_LONG =
  'The left column begins the study. Plots near the river flooded twice in the wet spring, and their owners ' +
  'moved the seedlings to raised beds built from reclaimed timber. Those beds warmed sooner and gave earlier ' +
  'beans than any plot on the hill. Gardeners who shared a water butt harvested more evenly through the dry ' +
  'weeks of July than those who carried cans from the tap. The left column ends here, lower than the right.';
const RIGHT_SHORT =
  'The right column carries on the argument. Compost turned every week reached a working heat within a ' +
  'month. The right column is shorter and ends first.';
const CLOSING =
  'A closing paragraph runs across the full width under both columns and is read after them, as a reader would.';

describe('reading order of generated layouts', () => {
  it('reads a full-width title and abstract, then columns of unequal height, then a full-width paragraph', async () => {
    const { pdf, fonts } = await newPdf();
    const page = pdf.addPage(PAGE);
    page.drawText(TITLE, { x: LEFT_X, y: 730, size: 20, font: fonts.bold });
    const belowAbstract = paragraph(page, fonts.regular, ABSTRACT, LEFT_X, 700, 468);
    const belowColumns = columns(page, fonts.regular, LEFT_LONG, RIGHT_SHORT, belowAbstract - 20);
    paragraph(page, fonts.regular, CLOSING, LEFT_X, belowColumns - 20, 468);
    const doc = await parseAndCheckLayout(await pdf.save());
    expectInOrder(doc.pages[0]?.text ?? '', [TITLE, ABSTRACT, LEFT_LONG, RIGHT_SHORT, CLOSING]);
  });

  it('reads a figure spanning both columns between the text above and below it, its labels with its caption', async () => {
    const { pdf, fonts } = await newPdf();
    const page = pdf.addPage(PAGE);
    const leftAbove =
      'Above the figure the left column opens the report on the two test sites and their soils.';
    const rightAbove = 'Above the figure the right column describes how the samples were dried and weighed.';
    const leftBelow =
      'Below the figure the left column compares the yields of the clay site with the sandy site.';
    const rightBelow = 'Below the figure the right column closes with the cost of each kilogram of produce.';
    const caption = 'Figure 1: Yield per plot on both sites, drawn across the two columns of the page.';
    columns(page, fonts.regular, leftAbove, rightAbove, 720);
    page.drawRectangle({ x: LEFT_X, y: 520, width: 468, height: 120, color: rgb(0.9, 0.9, 0.9) });
    page.drawText('Clay site', { x: 110, y: 600, size: 8, font: fonts.regular });
    page.drawText('Sandy site', { x: 420, y: 600, size: 8, font: fonts.regular });
    page.drawText('kilograms per plot', { x: 250, y: 530, size: 8, font: fonts.regular });
    paragraph(page, fonts.regular, caption, LEFT_X, 505, 468);
    columns(page, fonts.regular, leftBelow, rightBelow, 470);
    const doc = await parseAndCheckLayout(await pdf.save());
    const text = doc.pages[0]?.text ?? '';
    expectInOrder(text, [
      leftAbove,
      rightAbove,
      'Clay site',
      'Sandy site',
      'kilograms per plot',
      caption,
      leftBelow,
      rightBelow,
    ]);
    expect(flat(text)).toContain(`kilograms per plot ${caption}`);
  });

  it('reads a table spanning both columns row by row, after the columns above it', async () => {
    const { pdf, fonts } = await newPdf();
    const page = pdf.addPage(PAGE);
    const leftAbove =
      'The left column introduces the price list that follows in the table below both columns.';
    const rightAbove = 'The right column notes that every price includes delivery to the garden gate.';
    columns(page, fonts.regular, leftAbove, rightAbove, 720);
    page.drawText('Table 2: Prices of garden supplies', { x: LEFT_X, y: 640, size: BODY, font: fonts.bold });
    const rows = [
      ['Item', 'Price', 'Supplier'],
      ['Seed potatoes', 'four pounds a sack', 'Harrow Farm'],
      ['Horse manure', 'two pounds a bag', 'Riverside Stables'],
      ['Bamboo canes', 'one pound a bundle', 'Market Hall'],
    ];
    rows.forEach((cells, row) => {
      cells.forEach((cell, column) => {
        page.drawText(cell, { x: LEFT_X + column * 170, y: 615 - row * 22, size: BODY, font: fonts.regular });
      });
    });
    const after = 'After the table the text returns to one column and reads on as usual.';
    paragraph(page, fonts.regular, after, LEFT_X, 515, 468);
    const doc = await parseAndCheckLayout(await pdf.save());
    expectInOrder(doc.pages[0]?.text ?? '', [
      leftAbove,
      rightAbove,
      'Table 2: Prices of garden supplies',
      ...rows.map((cells) => cells.join(' ')),
      after,
    ]);
  });

  it('reads footnotes after the body, even one at the foot of the left column', async () => {
    const { pdf, fonts } = await newPdf();
    const page = pdf.addPage(PAGE);
    const left =
      'The left column cites a source here.1 It runs on for a few more lines about the hedges that border ' +
      'the plots and the birds that nest in them every spring.';
    const right =
      'The right column is longer than the left one and continues beside the footnote at the foot of the left ' +
      'column. It talks about the pond, the frogs in it, the reeds around it and the dragonflies that hunt ' +
      'over it on warm afternoons. It goes on further still, about the bench by the pond where members sit ' +
      'to drink tea, and the old apple tree that shades it, down to the bottom of the page.';
    const note = '1 A survey of the hedges made by the members in the spring of the year before.';
    columns(page, fonts.regular, left, right, 700);
    paragraph(page, fonts.regular, note, LEFT_X, 600, COLUMN_WIDTH, 7);
    const doc = await parseAndCheckLayout(await pdf.save());
    expectInOrder(doc.pages[0]?.text ?? '', [left, right, note]);
  });

  it('keeps running heads, running feet and page numbers out of the page text, in the page margins', async () => {
    const { pdf, fonts } = await newPdf();
    const bodies = [
      'The first page of the report describes the committee and the year it had.',
      'The second page of the report lists the accounts of the garden society.',
      'The third page of the report sets out the plans for the coming season.',
      'The fourth page of the report thanks the volunteers for their work.',
    ];
    bodies.forEach((body, index) => {
      const page = pdf.addPage(PAGE);
      page.drawText('Annual Report of the Garden Society 2024', {
        x: LEFT_X,
        y: 750,
        size: 8,
        font: fonts.regular,
      });
      page.drawText(`Chapter ${index + 1}`, { x: LEFT_X, y: 700, size: 16, font: fonts.bold });
      paragraph(page, fonts.regular, body, LEFT_X, 670, 468);
      page.drawText(`Printed for members, sheet ${index + 1} of 4`, {
        x: LEFT_X,
        y: 40,
        size: 8,
        font: fonts.regular,
      });
      page.drawText(`${index + 1}`, { x: 530, y: 40, size: 8, font: fonts.regular });
    });
    const doc = await parseAndCheckLayout(await pdf.save());
    doc.pages.forEach((page, index) => {
      expect(page.text).toBe(`Chapter ${index + 1}\n\n${bodies[index]}`);
      expect(page.margins).toEqual({
        header: 'Annual Report of the Garden Society 2024',
        footer: `Printed for members, sheet ${index + 1} of 4 ${index + 1}`,
      });
    });
  });

  it('keeps a lone page number out of a single page, and a page made only of edge lines whole', async () => {
    const { pdf, fonts } = await newPdf();
    const page = pdf.addPage(PAGE);
    paragraph(page, fonts.regular, 'A single page whose only extra is its page number.', LEFT_X, 600, 468);
    page.drawText('- 7 -', { x: 300, y: 40, size: 9, font: fonts.regular });
    const edge = pdf.addPage(PAGE);
    edge.drawText('Only a line near the top edge.', { x: LEFT_X, y: 760, size: BODY, font: fonts.regular });
    const doc = await parseAndCheckLayout(await pdf.save());
    expect(doc.pages[0]).toMatchObject({
      text: 'A single page whose only extra is its page number.',
      margins: { header: null, footer: '- 7 -' },
    });
    expect(doc.pages[1]?.text).toBe('Only a line near the top edge.');
  });

  it('reads a list of key terms and their descriptions row by row', async () => {
    const { pdf, fonts } = await newPdf();
    const page = pdf.addPage(PAGE);
    const entries: [string[], string[]][] = [
      [
        ['radiation', 'oncologist'],
        ['prescribes and coordinates the course of', 'radiotherapy for each patient'],
      ],
      [['dietitian'], ['recommends an eating plan to follow during', 'treatment and recovery']],
      [
        ['social', 'worker'],
        ['links you to support services and helps with', 'emotional and practical issues'],
      ],
    ];
    let y = 700;
    for (const [term, description] of entries) {
      for (const [i, line] of term.entries()) {
        page.drawText(line, { x: LEFT_X, y: y - i * LEADING, size: BODY, font: fonts.bold });
      }
      for (const [i, line] of description.entries()) {
        page.drawText(line, { x: 200, y: y - i * LEADING, size: BODY, font: fonts.regular });
      }
      y -= 3 * LEADING + 12;
    }
    const doc = await parseAndCheckLayout(await pdf.save());
    expectInOrder(
      doc.pages[0]?.text ?? '',
      entries.map(([term, description]) => `${term.join(' ')} ${description.join(' ')}`),
    );
  });

  it('reads text turned a quarter turn in the margin as a block of its own, not letters strewn in the body', async () => {
    const { pdf, fonts } = await newPdf();
    const page = pdf.addPage(PAGE);
    const body = 'The body of the page reads from top to bottom and is not broken by the stamp beside it.';
    paragraph(page, fonts.regular, body, LEFT_X, 700, 468);
    const { degrees } = await import('pdf-lib');
    page.drawText('arXiv stamp 2103.15348 21 Jun 2021', {
      x: 30,
      y: 300,
      size: 12,
      font: fonts.regular,
      rotate: degrees(90),
    });
    const doc = await parseAndCheckLayout(await pdf.save());
    const text = flat(doc.pages[0]?.text ?? '');
    expect(text).toContain(body);
    expect(text).toContain('arXiv stamp 2103.15348 21 Jun 2021');
  });
});
