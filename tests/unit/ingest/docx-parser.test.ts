import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DocumentParseError, type ParsedDocument, parseDocx } from '@quire/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlToBlocks } from '../../../packages/ingest/src/html-blocks.ts';
import {
  NOTES_BULLETS,
  NOTES_HEADINGS,
  NOTES_STEPS,
  writeDocumentFixtures,
} from '../../fixtures/documents.ts';

let dir: string;
let notes: ParsedDocument;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'quire-docx-'));
  await writeDocumentFixtures(dir);
  notes = await parseDocx(await readFile(path.join(dir, 'notes.docx')));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseDocx', () => {
  it('returns one page whose title is the first heading', () => {
    expect(notes.kind).toBe('docx');
    expect(notes.title).toBe(NOTES_HEADINGS.h1);
    expect(notes.pages).toHaveLength(1);
    expect(notes.pages[0]?.page).toBe(1);
  });

  it('marks Word headings with their level at their offset', () => {
    const page = notes.pages[0];
    expect(page?.headings.map(({ level, text }) => ({ level, text }))).toEqual([
      { level: 1, text: NOTES_HEADINGS.h1 },
      { level: 2, text: NOTES_HEADINGS.scope },
      { level: 2, text: NOTES_HEADINGS.fees },
      { level: 2, text: NOTES_HEADINGS.confidentiality },
    ]);
    for (const heading of page?.headings ?? []) {
      expect(page?.text.slice(heading.offset, heading.offset + heading.text.length)).toBe(heading.text);
      expect(heading.offset === 0 || page?.text.slice(heading.offset - 2, heading.offset) === '\n\n').toBe(
        true,
      );
    }
  });

  it('writes bullets, numbered items and table rows as text blocks', () => {
    const text = notes.pages[0]?.text ?? '';
    for (const bullet of NOTES_BULLETS) expect(text).toContain(`\n\n• ${bullet}\n\n`);
    NOTES_STEPS.forEach((step, index) => {
      expect(text).toContain(`\n\n${index + 1}. ${step}\n\n`);
    });
    expect(text).toContain(
      'Service | Fee\nAnnual accounts | 1,200 & VAT\nTax return | 450 at the pelvantry rate',
    );
  });

  it('keeps each distinctive word under its heading', () => {
    const text = notes.pages[0]?.text ?? '';
    const fees = text.indexOf(NOTES_HEADINGS.fees);
    const confidentiality = text.indexOf(NOTES_HEADINGS.confidentiality);
    expect(text.indexOf('brimwhistle')).toBeGreaterThan(fees);
    expect(text.indexOf('brimwhistle')).toBeLessThan(confidentiality);
    expect(text.indexOf('marlquist')).toBeLessThan(fees);
  });

  it('reports a file that is not a zip as unsupported', async () => {
    const error = await parseDocx(await readFile(path.join(dir, 'renamed.docx'))).catch(
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(DocumentParseError);
    expect(error).toMatchObject({
      code: 'unsupported',
      message: expect.stringMatching(/^not a Word document: /),
    });
  });

  it('reports a zip that is not a Word document as corrupt', async () => {
    const zip = await readFile(path.join(dir, 'notes.docx'));
    const broken = new Uint8Array(zip.subarray(0, 200));
    await expect(parseDocx(broken)).rejects.toMatchObject({ name: 'DocumentParseError', code: 'corrupt' });
  });
});

describe('htmlToBlocks', () => {
  it('decodes entities and drops footnote back-links', () => {
    const blocks = htmlToBlocks(
      '<p>Fish &amp; chips &lt;3 &quot;yes&quot; &#39;no&#39; &#233;t&#xE9;</p>' +
        '<ol><li id="footnote-1"><p>A note. <a href="#footnote-ref-1">↑</a></p></li></ol>',
    );
    expect(blocks).toEqual([
      { kind: 'paragraph', text: 'Fish & chips <3 "yes" \'no\' été' },
      { kind: 'list-item', text: '1. A note.' },
    ]);
  });

  it('flattens nested lists and keeps numbering', () => {
    const blocks = htmlToBlocks('<ol><li>One<ul><li>Sub</li></ul></li><li>Two</li></ol><h3>Next</h3>');
    expect(blocks).toEqual([
      { kind: 'list-item', text: '1. One' },
      { kind: 'list-item', text: '• Sub' },
      { kind: 'list-item', text: '2. Two' },
      { kind: 'heading', text: 'Next', headingLevel: 3 },
    ]);
  });

  it('joins table cells with a bar and paragraphs inside a cell with a space', () => {
    const blocks = htmlToBlocks(
      '<table><tr><td><p>a</p><p>b</p></td><td>c<br />d</td></tr><tr><td></td><td></td></tr></table>',
    );
    expect(blocks).toEqual([{ kind: 'table', text: 'a b | c d', rows: [['a b', 'c d']] }]);
  });
});
