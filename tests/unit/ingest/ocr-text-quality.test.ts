import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preferOcrReading, readingScore } from '../../../packages/ingest/src/ocr/compare-readings.ts';
import {
  ENGLISH_WORD_COUNT,
  ensureEnglishWordList,
  loadEnglishWords,
  readEnglishWordList,
} from '../../../packages/ingest/src/ocr/english-words.ts';
import { sniffImage } from '../../../packages/ingest/src/ocr/image-format.ts';
import { isSymbolWord } from '../../../packages/ingest/src/ocr/junk-tokens.ts';
import { assembleOcrText, wordsInRange } from '../../../packages/ingest/src/ocr/ocr-text.ts';
import {
  assessPageText,
  type PageTextOptions,
  TEXT_QUALITY_THRESHOLDS,
} from '../../../packages/ingest/src/ocr/text-quality.ts';
import {
  assessTextRuns,
  type TextContentItem,
  textRunsOf,
} from '../../../packages/ingest/src/ocr/text-runs.ts';
import {
  GARBLED_LINES,
  SYMBOL_SOUP_SECTIONS,
  scrambleLikeGarbledPdf,
  symbolSoupOf,
  textImageFile,
} from '../../fixtures/ocr-documents.ts';

let dir: string;
let words: Set<string>;
let options: PageTextOptions;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'quire-ocr-words-'));
  words = await loadEnglishWords({ cacheDir: dir });
  options = { isKnownWord: (word) => words.has(word) };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const GOOD_PAGES: Record<string, string> = {
  lease: `ARTICLE 7. TERMINATION
7.1 Either party may terminate this Agreement upon sixty (60) days' written notice to the other party.
7.2 Notwithstanding Section 7.1, the Landlord may terminate immediately if the Tenant fails to pay Rent
within ten (10) business days after the due date, as provided in Schedule B (the "Payment Schedule").
The Tenant shall indemnify and hold harmless the Landlord, its officers and employees, from any claim.`,
  medical: `Patient: Okonkwo, Adaeze   DOB: 03/14/1962   MRN: 0048-22913
Chief complaint: dyspnea on exertion for 2 weeks; BP 148/92 mmHg, HR 104 bpm, SpO2 93% on room air.
Assessment: suspected heart failure with reduced ejection fraction (EF 35%). Start furosemide 40 mg PO
daily and lisinopril 10 mg daily; recheck creatinine and potassium in 1 week. Follow up with Dr. Nguyen.`,
  table: `Item        Qty   Unit price   Total
Consulting hours   12   $150.00   $1,800.00
Travel (Boston–NYC)   1   $412.50   $412.50
Filing fees (Form 10-K)   3   $95.00   $285.00
Subtotal   $2,497.50   Tax 8.25%   $206.04   Total due   $2,703.54`,
  names: `Witnesses: Siobhan McAllister, Przemysław Wójcik, Thandiwe Mthembu and Xiaoling Zhang
signed before Notary Public Ignatius Oyelaran-Whitfield, Commission No. 2024-7731, County of Cuyahoga.`,
  french: `Le locataire doit payer le loyer le premier jour de chaque mois. Si le locataire ne paie pas dans
les dix jours, le bailleur peut résilier le présent contrat après une mise en demeure écrite.`,
  german: `Der Mieter muss die Miete am ersten Tag jedes Monats bezahlen. Zahlt der Mieter nicht innerhalb
von zehn Tagen, kann der Vermieter diesen Vertrag nach schriftlicher Mahnung kündigen. Rechtsschutzversicherung
und Schadensersatzansprüche bleiben unberührt.`,
  spanish: `El inquilino deberá pagar el alquiler el primer día de cada mes. Si el inquilino no paga dentro
de diez días, el arrendador podrá rescindir este contrato previa notificación por escrito.`,
  lorem: `Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Aenean commodo ligula eget dolor.
Aenean massa. Cum sociis natoque penatibus et magnis dis parturient montes, nascetur ridiculus mus.`,
  japanese: 'この契約は、当事者間の合意を構成するものであり、書面による同意なしに変更することはできません。',
  figures: '$1,200.00   (12.5%)   3,450   -17   2024-03-01   $9,999.99   45%',
  title: 'Exhibit B',
};

describe('assessPageText', () => {
  it.each(Object.entries(GOOD_PAGES))('keeps a good page of %s text', (_name, text) => {
    const assessment = assessPageText(text, options);
    expect(assessment.verdict, assessment.reason).toBe('good');
  });

  it('scores English pages high and other languages lower but pronounceable', () => {
    expect(assessPageText(GOOD_PAGES.lease ?? '', options).knownWordShare).toBeGreaterThan(0.9);
    expect(assessPageText(GOOD_PAGES.medical ?? '', options).knownWordShare).toBeGreaterThan(0.6);
    const french = assessPageText(GOOD_PAGES.french ?? '', options);
    expect(french.knownWordShare).toBeLessThan(0.5);
    expect(french.implausibleShare).toBe(0);
  });

  it('flags text decoded through a wrong letter map (the garbled fixture, Caesar shifts)', () => {
    const junk = assessPageText(scrambleLikeGarbledPdf(GARBLED_LINES.join('\n')), options);
    expect(junk.verdict).toBe('garbled');
    expect(junk.knownWordShare).toBeLessThan(0.1);
    const shift = (text: string, by: number) =>
      text.replace(/[a-z]/gi, (c) => {
        const base = c === c.toLowerCase() ? 97 : 65;
        return String.fromCharCode(((c.charCodeAt(0) - base + by) % 26) + base);
      });
    for (const by of [1, 3, 13, 25]) {
      expect(assessPageText(shift(GOOD_PAGES.lease ?? '', by), options).verdict, `shift ${by}`).toBe(
        'garbled',
      );
    }
  });

  it('flags glyph codes read as control, private-use or ASCII symbol characters', () => {
    expect(assessPageText('\u0003\u0004\u0005 \u0006\u0007\u0008 \u000e\u000f', options).verdict).toBe(
      'garbled',
    );
    expect(assessPageText('\ue001\ue002\ue003 \ue004\ue005 Agreement', options).verdict).toBe('garbled');
    // pdf.js corpus pages that show "RTWABIGP" and "ISSUE 9915":
    expect(assessPageText('57:$%,*3', options).verdict).toBe('garbled');
    expect(assessPageText('*446&', options).verdict).toBe('garbled');
  });

  it('calls a page without letters or digits empty', () => {
    expect(assessPageText('', options).verdict).toBe('empty');
    expect(assessPageText('  \n 7 ', options).verdict).toBe('empty');
  });

  it('calls a scan with a little real text on top sparse-over-image, unless the image is explained by the text', () => {
    const stamp = { ...options, pageArea: 1000, textArea: 10, imageArea: 1000 };
    expect(assessPageText('CONFIDENTIAL Exhibit 7', stamp).verdict).toBe('sparse-over-image');
    expect(assessPageText('CONFIDENTIAL Exhibit 7', { ...stamp, inkArea: 60 }).verdict).toBe(
      'sparse-over-image',
    );
    // A background image, or a scan already under an OCR text layer: no ink away from the text.
    expect(assessPageText('CONFIDENTIAL Exhibit 7', { ...stamp, inkArea: 2 }).verdict).toBe('good');
    // Plenty of text over the image, or a small image.
    expect(assessPageText(GOOD_PAGES.lease ?? '', { ...stamp, textArea: 400 }).verdict).toBe('good');
    expect(assessPageText('Exhibit 7', { ...stamp, imageArea: 200 }).verdict).toBe('good');
  });
});

describe('English word list', () => {
  it('reads the most frequent alphabetic words of the GloVe vocabulary and caches them as text', async () => {
    expect(words.size).toBe(ENGLISH_WORD_COUNT);
    for (const word of ['the', 'tenant', 'agreement', 'hypertension', 'aforementioned'])
      expect(words.has(word)).toBe(true);
    for (const word of ['zanquillo', 'xqz', 'The', '2019', "n't"]) expect(words.has(word)).toBe(false);
    const file = await ensureEnglishWordList(dir);
    expect((await stat(file)).size).toBeLessThan(1_000_000);
    expect(await readEnglishWordList(file)).toEqual(words);
  });

  it('loads a ready list from a file (as a worker would)', async () => {
    const file = path.join(dir, 'tiny.txt');
    await writeFile(file, 'alpha\nbeta\n\ngamma\n');
    expect([...(await readEnglishWordList(file))]).toEqual(['alpha', 'beta', 'gamma']);
    expect((await readFile(await ensureEnglishWordList(dir, 100), 'utf8')).split('\n')[0]).toBe('the');
  });
});

describe('assembleOcrText', () => {
  const bbox = (x0: number) => ({ x0, y0: 10, x1: x0 + 20, y1: 30 });
  const blocks = [
    {
      paragraphs: [
        {
          lines: [
            {
              words: [
                { text: 'Hello', confidence: 90, bbox: bbox(0) },
                { text: 'world', confidence: 80, bbox: bbox(30) },
              ],
            },
            {
              words: [
                { text: ' ', confidence: 0, bbox: bbox(0) },
                { text: 'again', confidence: 70, bbox: bbox(0) },
              ],
            },
          ],
        },
        { lines: [{ words: [{ text: 'Next', confidence: 60, bbox: bbox(5) }] }] },
      ],
    },
  ];

  it('joins words with spaces, lines with newlines and paragraphs with blank lines, keeping offsets', () => {
    const { text, words: found, confidence } = assembleOcrText(blocks);
    expect(text).toBe('Hello world\nagain\n\nNext');
    for (const word of found) expect(text.slice(word.start, word.end)).toBe(word.text);
    expect(found[1]?.box).toEqual({ x: 30, y: 10, width: 20, height: 20 });
    expect(confidence).toBe(75);
    expect(wordsInRange(found, text.indexOf('world'), text.indexOf('again') + 2).map((w) => w.text)).toEqual([
      'world',
      'again',
    ]);
    expect(assembleOcrText(null)).toEqual({ text: '', words: [], confidence: 0 });
  });
});

describe('sniffImage', () => {
  it.each(['png', 'jpeg', 'tiff'] as const)('recognizes %s and reads its size', (format) => {
    expect(sniffImage(textImageFile(format))).toEqual({ format, width: 2550, height: 917 });
  });

  it('refuses other bytes', () => {
    expect(sniffImage(new TextEncoder().encode('%PDF-1.7\n'))).toBeNull();
    expect(sniffImage(new Uint8Array([0x89, 0x50]))).toBeNull();
  });
});

describe('symbol words and words broken into letters', () => {
  it('tells glyph codes read as punctuation from numbers, leaders and ordinary marks', () => {
    for (const token of ['!"#', "%&%'", '57:$%,*3', '"$', '\u0002\u0003'])
      expect(isSymbolWord(token), token).toBe(true);
    for (const token of [
      '$1,200.00',
      '(12.5%)',
      '2024-03-01',
      '-17',
      '...',
      '--',
      "'*****'",
      '."',
      '->',
      'Ø°Ø°Ø°',
      "don't",
      '(a)',
      '!',
      '§',
    ])
      expect(isSymbolWord(token), token).toBe(false);
  });

  it('counts a body of symbol words against a page whose headings are sound', () => {
    const text = SYMBOL_SOUP_SECTIONS.map(
      (section) => `${section.heading}\n\n${symbolSoupOf(section.body.join('\n'))}`,
    ).join('\n\n');
    const assessment = assessPageText(text, options);
    expect(assessment.verdict, assessment.reason).toBe('garbled');
    expect(assessment.symbolWordShare).toBeGreaterThan(0.5);
    // Without the symbol words, every checked word is a heading's and known.
    const headings = SYMBOL_SOUP_SECTIONS.map((section) => section.heading).join('\n');
    expect(assessPageText(headings, options).knownWordShare).toBe(1);
  });

  it('flags a scanner OCR layer that breaks words into letters, not a page of formulas', () => {
    const junk = [
      '(a) A l e t t e r from the Amalgamated Sugar Company accepting',
      'membership and enclosing t h e i r check, and executed c o n t r a c t s.',
      '(b) A l e t t e r from California and Hawaiian Sugar Refining',
      'Corporation, Ltd. accepting membership and enclosing t h e i r',
      'check and executed c o n t r a c t s.',
    ].join('\n');
    const assessment = assessPageText(junk, options);
    expect(assessment.verdict, assessment.reason).toBe('garbled');
    expect(assessment.spacedLetterShare).toBeGreaterThan(0.3);
    const formulas = `${GOOD_PAGES.lease}\nLet f : x map the pair x y z onto the triple a b c for every n in N.`;
    expect(assessPageText(formulas, options).verdict).toBe('good');
  });

  it('keeps a table of contents: dot leaders are layout, not symbols', () => {
    const toc = [
      'Table of Contents',
      'MAIN GAME......................................................8',
      'CHARACTERS..............................................8',
      'Adaar, the Vashoth .....................................8',
      'Blackwall ...................................................9',
      '.....................................................10',
      'Cassandra Pentaghast ..............................11',
    ].join('\n');
    const assessment = assessPageText(toc, options);
    expect(assessment.verdict, assessment.reason).toBe('good');
    expect(assessment.symbolWordShare).toBe(0);
  });
});

describe('assessTextRuns', () => {
  /** Text items of one font, one line each, as pdf.js gives them. */
  const lines = (font: string, texts: readonly string[], x = 72): TextContentItem[] =>
    texts.map((str, index) => ({
      str,
      fontName: font,
      transform: [10, 0, 0, 10, x, 700 - index * 12],
      width: str.length * 5,
      hasEOL: true,
    }));
  const body = lines('F1', GOOD_PAGES.lease?.split('\n') ?? []);

  it('finds a sidebar in a font that extracts as symbols under a sound body', () => {
    const sidebar = lines('F2', SYMBOL_SOUP_SECTIONS[2]?.body.map(symbolSoupOf) ?? [], 400);
    const items = [...body, ...sidebar];
    const text = items.map((item) => item.str).join('\n');
    expect(assessPageText(text, options).verdict).toBe('good');
    const runs = assessTextRuns(items, options.isKnownWord);
    expect(runs.junkRuns.map((run) => run.font)).toEqual(['F2']);
    expect(runs.junkShare).toBeGreaterThanOrEqual(TEXT_QUALITY_THRESHOLDS.garbledRunShare);
  });

  it('leaves alone small runs, command names and formulas', () => {
    const bullets = lines(
      'F3',
      Array.from({ length: 8 }, () => '\u0002'),
      60,
    );
    const commands = lines('F4', [
      'WRKFCNUSG CHGFCNUSG DSPFCNUSG',
      'SET CURRENT DEGREE CHGQRYA STRDBMON ENDDBMON',
    ]);
    const formulas = lines('F5', [
      'f : x y z = a b c',
      'g : x -= p q r',
      'h = f o g o i j k l m',
      'n : s t u v w',
    ]);
    const runs = assessTextRuns([...body, ...bullets, ...commands, ...formulas], options.isKnownWord);
    expect(runs).toEqual({ junkShare: 0, junkRuns: [] });
  });

  it('joins the pieces of one word of one font and separates the rest', () => {
    const piece = (str: string, x: number, width: number, hasEOL = false): TextContentItem => ({
      str,
      fontName: 'F1',
      transform: [10, 0, 0, 10, x, 700],
      width,
      hasEOL,
    });
    const runs = textRunsOf([
      piece('Agree', 72, 25),
      piece('ment', 97, 20),
      piece('of', 125, 10, true),
      piece('x', 72, 5),
    ]);
    expect(runs).toEqual([{ font: 'F1', text: 'Agreement of\nx', characters: 12 }]);
  });
});

describe('preferOcrReading', () => {
  const ocrOf = (text: string, confidence = 90) => ({
    text,
    confidence,
    words: text.split(/\s+/).filter(Boolean),
  });
  const lease = GOOD_PAGES.lease ?? '';

  it('replaces a garbled layer only by a reading that scores higher', () => {
    const junk = scrambleLikeGarbledPdf(lease);
    expect(readingScore(junk, options.isKnownWord)).toBeLessThan(0);
    expect(readingScore(lease, options.isKnownWord)).toBeGreaterThan(40);
    expect(preferOcrReading('garbled', junk, ocrOf(lease), options.isKnownWord)).toBe(true);
    expect(preferOcrReading('garbled', lease, ocrOf(junk), options.isKnownWord)).toBe(false);
  });

  it('fills an empty layer, and replaces text over an image only by twice the words at confidence ≥ 60', () => {
    expect(preferOcrReading('empty', '', ocrOf('Exhibit'), options.isKnownWord)).toBe(true);
    expect(preferOcrReading('empty', '', ocrOf('  '), options.isKnownWord)).toBe(false);
    expect(preferOcrReading('sparse-over-image', 'Exhibit 7', ocrOf(lease), options.isKnownWord)).toBe(true);
    expect(preferOcrReading('sparse-over-image', 'Exhibit 7', ocrOf(lease, 40), options.isKnownWord)).toBe(
      false,
    );
    expect(preferOcrReading('sparse-over-image', lease, ocrOf(lease), options.isKnownWord)).toBe(false);
    expect(preferOcrReading('good', 'x', ocrOf(lease), options.isKnownWord)).toBe(false);
  });
});
