// The quality figure of a page's text (issue 15): the share of its words that read as real words, the
// figure a citation badge shows for a page that reads poorly.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnglishWords } from '../../../packages/ingest/src/ocr/english-words.ts';
import {
  PAGE_QUALITY_MIN_WORDS,
  pageQuality,
  readableWords,
} from '../../../packages/ingest/src/ocr/page-quality.ts';
import {
  GARBLED_LINES,
  SYMBOL_SOUP_SECTIONS,
  scrambleLikeGarbledPdf,
  symbolSoupOf,
} from '../../fixtures/ocr-documents.ts';

let dir: string;
let isKnownWord: (word: string) => boolean;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'quire-page-quality-'));
  const words = await loadEnglishWords({ cacheDir: dir });
  isKnownWord = (word) => words.has(word);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const quality = (text: string): number => {
  const figure = pageQuality(text, isKnownWord);
  if (figure === undefined) throw new Error(`not assessed: ${text}`);
  return figure;
};

const SOUND_PAGES: Record<string, string> = {
  lease: `ARTICLE 7. TERMINATION
7.1 Either party may terminate this Agreement upon sixty (60) days' written notice to the other party.
7.2 Notwithstanding Section 7.1, the Landlord may terminate immediately if the Tenant fails to pay Rent
within ten (10) business days after the due date, as provided in Schedule B (the "Payment Schedule").`,
  names: `Witnesses: Siobhan McAllister, Przemysław Wójcik, Thandiwe Mthembu and Xiaoling Zhang
signed before Notary Public Ignatius Oyelaran-Whitfield, Commission No. 2024-7731, County of Cuyahoga.`,
  code: `Run CHGFCNUSG with FCNID(QIBM_DB_SECADM) and USAGE(*ALLOWED), then query FUNCTION_USAGE where
function_id='QIBM_DB_SECADM' for r0=25 and x+y; see https://www.ibm.com/docs/i and R&D notes in C++.`,
  french: `Le locataire doit payer le loyer le premier jour de chaque mois. Si le locataire ne paie pas dans
les dix jours, le bailleur peut résilier le présent contrat après une mise en demeure écrite.`,
  german: `Der Mieter muss die Miete am ersten Tag jedes Monats bezahlen. Zahlt der Mieter nicht innerhalb
von zehn Tagen, kann der Vermieter diesen Vertrag nach schriftlicher Mahnung kündigen.`,
  spanish: `El inquilino deberá pagar el alquiler el primer día de cada mes. Si el inquilino no paga dentro
de diez días, el arrendador podrá rescindir este contrato previa notificación por escrito.`,
  lorem: `Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Aenean commodo ligula eget dolor.
Aenean massa. Cum sociis natoque penatibus et magnis dis parturient montes, nascetur ridiculus mus.`,
  korean:
    '이 계약은 당사자 간의 합의를 구성하며 서면 동의 없이 변경할 수 없습니다. 임차인은 매월 첫날 임대료를 지불해야 합니다.',
  arabic: 'يجب على المستأجر دفع الإيجار في اليوم الأول من كل شهر، ويجوز للمؤجر إنهاء العقد بعد إشعار كتابي.',
};

/** Lines of the junk text layer a scanner put on `realdocs/pdf/pdf-with-ocr-text.pdf`, as pdf.js extracts it. */
const SCANNER_LAYER = `Eeairing to keep you posted on the progress of the Foundation
you K i l l tee interested t o knot that t o defce the Foundation, hes received
(a) A l e t t e r from the Aaalggfitted fc-ugsx Company eecepting
3s«»teership and enclosing t h e i r cheek, and executed contracts*
(te) A l e t t e r froas Calif&rr-.la. and Hawaiian Sugar defining
Corporation, l t d , accepting aieiabership Met eneloalcg t h e i r
check and JMBWeil c o n t r a c t s .
(d) A. l e t t e r from H^uid Sugars, I n c . accepting aomberehip`;

describe('pageQuality', () => {
  it.each(Object.entries(SOUND_PAGES))('scores sound %s text ≥ 0.9', (_name, text) => {
    expect(quality(text)).toBeGreaterThanOrEqual(0.9);
  });

  it('does not hold another language against a page: its pronounceable words read as words', () => {
    expect(readableWords(SOUND_PAGES.french ?? '', isKnownWord)).toMatchObject({ language: 'other' });
    expect(quality(SOUND_PAGES.french ?? '')).toBe(1);
    expect(quality(SOUND_PAGES.spanish ?? '')).toBe(1);
  });

  it('scores a junk scanner OCR layer low: words broken into letters, stray symbols, misreadings', () => {
    const figure = quality(SCANNER_LAYER);
    expect(figure).toBeLessThan(0.5);
    // The quoted line alone: `A l e t t e r` (6 letters), `froas`, `Calif&rr-.la.` are not words.
    const line = readableWords(
      '(te) A l e t t e r froas Calif&rr-.la. and Hawaiian Sugar defining',
      isKnownWord,
    );
    expect(line.words - line.readable).toBeGreaterThanOrEqual(8);
  });

  it('reads an unknown lowercase word on an English page as a misreading, a capitalised one as a name', () => {
    const english = 'The tenant sent a lebter to the landlord about the rent and the Quintavesh lease.';
    const counts = readableWords(english, isKnownWord);
    expect(counts.language).toBe('english');
    expect(counts.words - counts.readable).toBe(1);
  });

  it('scores text decoded through a wrong letter map and glyph codes read as symbols near 0', () => {
    const scrambled = scrambleLikeGarbledPdf(GARBLED_LINES.join('\n'));
    expect(readableWords(scrambled, isKnownWord).language).toBe('none');
    expect(quality(scrambled)).toBeLessThan(0.3);
    const body = SYMBOL_SOUP_SECTIONS.flatMap((section) => section.body).join('\n');
    expect(quality(symbolSoupOf(body))).toBeLessThan(0.2);
    expect(
      quality('\u0003\u0004\u0005 \u0006\u0007\u0008 \u000e\u000f \u0010\u0011 \u0012\u0013 \u0014\u0015'),
    ).toBe(0);
  });

  it('counts neither numbers, codes nor addresses, and does not assess a page of a few words', () => {
    expect(
      readableWords('$1,200.00 (12.5%) 2024-03-01 p21 H2O mjgl0226 healthdirect.gov.au', isKnownWord),
    ).toMatchObject({
      words: 0,
    });
    expect(pageQuality('Exhibit B', isKnownWord)).toBeUndefined();
    expect(pageQuality('', isKnownWord)).toBeUndefined();
    const few = 'one two three four five six seven'.split(' ').slice(0, PAGE_QUALITY_MIN_WORDS).join(' ');
    expect(pageQuality(few, isKnownWord)).toBe(1);
  });
});
