import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from '@lancedb/lancedb';
import { LanceVectorStore } from '@quire/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  arabicStem,
  extraSearchTerms,
  SEARCH_TEXT_VERSION,
  withSearchTerms,
} from '../../../packages/index/src/search-text.ts';
import { addOneChunkDocuments } from '../../helpers/one-chunk-documents.ts';
import { tempDir } from '../../helpers/temp.ts';

type TempDir = Awaited<ReturnType<typeof tempDir>>;

describe('extra search terms', () => {
  it('gives overlapping character pairs of Hangul, Han and Kana runs', () => {
    expect(extraSearchTerms('빅포인트의 유효기간')).toBe('빅포 포인 인트 트의 유효 효기 기간');
    expect(extraSearchTerms('東京都')).toBe('東京 京都');
    expect(extraSearchTerms('カード')).toBe('カー ード');
    expect(extraSearchTerms('東京都、大阪府。')).toBe('東京 京都 大阪 阪府');
  });

  it('adds nothing for a run that is a pair or a single character already', () => {
    expect(extraSearchTerms('적립 및 월')).toBe('');
  });

  it('adds nothing for Latin, Greek or Cyrillic text', () => {
    expect(extraSearchTerms('The lease ends in 2026; Müller, Αθήνα, Москва')).toBe('');
    expect(withSearchTerms('plain English')).toBe('plain English');
  });

  it('light-stems Arabic words so the article and attached prepositions do not matter', () => {
    expect(arabicStem('المكتبة')).toBe(arabicStem('مكتبة'));
    expect(arabicStem('بالمكتبة')).toBe(arabicStem('مكتبة'));
    expect(arabicStem('والبيانات')).toBe(arabicStem('البيانات'));
    // Alef forms and diacritics are folded.
    expect(arabicStem('أدوات')).toBe(arabicStem('ادوات'));
    expect(arabicStem('مَكْتَبَة')).toBe(arabicStem('مكتبة'));
    // Short words keep their letters.
    expect(arabicStem('من')).toBe('من');
  });

  it('keeps the text itself and appends the extra terms on their own line', () => {
    expect(withSearchTerms('신용카드 혜택')).toBe('신용카드 혜택\n신용 용카 카드');
  });
});

// Passages as printed in ../shared/realdocs (a Korean card leaflet and an Arabic essay), with a decoy each.
const PASSAGES = [
  '빅포인트의 유효기간은 5년으로, 유효기간이 경과한 포인트는 월 단위로 자동 소멸됩니다.',
  '적립한도 없이 커피전문점·제과점·편의점 2% 포인트 적립, 스타벅스는 사이렌오더 결제건도 혜택 제공',
  'على سبيل المثال، يمكن استخدام مكتبة pandas في Python لإدارة البيانات بكفاءة، بينما توفر R أدوات قوية للرسم',
  'في النهاية، يمكن أن تؤدي البرمجة مع عقلية تحليلية إلى تحسين الإنتاجية وتوفير حلول مبتكرة',
];

describe('full-text search in Korean and Arabic', () => {
  let dir: TempDir;
  let store: LanceVectorStore;

  beforeAll(async () => {
    dir = await tempDir('quire-scripts-');
    store = await LanceVectorStore.open(`${dir.path}/index`, { embedding: null });
    await addOneChunkDocuments(store, PASSAGES);
  });

  afterAll(async () => {
    await store.close();
    await dir.cleanup();
  });

  const firstHit = async (query: string): Promise<string | undefined> =>
    (await store.search({ mode: 'fulltext', query, k: 4 }))[0]?.chunk.documentId;

  it('finds a Korean passage whose words carry other particles than the question', async () => {
    // "빅포인트는" (topic particle) against "빅포인트의" (possessive), "유효기간이" against "유효기간은".
    expect(await firstHit('빅포인트는 유효기간이 얼마나 되나요?')).toBe('doc0');
    expect(await firstHit('스타벅스 사이렌오더로 결제해도 혜택이 있나요?')).toBe('doc1');
  });

  it('finds an Arabic passage whatever article or preposition is joined to its words', async () => {
    expect(await firstHit('ما اسم المكتبة التي تدير البيانات بكفاءة؟')).toBe('doc2');
    expect(await firstHit('كيف تحسن البرمجة الإنتاجية؟')).toBe('doc3');
  });

  it('still finds English words as before', async () => {
    expect(await firstHit('pandas')).toBe('doc2');
  });
});

describe('an index written under the older search-text rules', () => {
  it('has its searchable text rewritten when opened, once', async () => {
    const dir = await tempDir('quire-scripts-old-');
    try {
      const at = `${dir.path}/index`;
      const store = await LanceVectorStore.open(at, { embedding: null });
      await addOneChunkDocuments(store, [PASSAGES[0] ?? '', 'rent is due monthly']);
      await store.close();
      // Make it look as an index of the first rules left it: words only, no version in the metadata.
      const db = await connect(at);
      const chunks = await db.openTable('chunks');
      await chunks.update({ values: { searchText: PASSAGES[0] ?? '' }, where: "documentId = 'doc0'" });
      chunks.close();
      db.close();
      const metadataFile = join(at, 'quire-index.json');
      const metadata = JSON.parse(await readFile(metadataFile, 'utf8')) as Record<string, unknown>;
      delete metadata.searchText;
      await writeFile(metadataFile, JSON.stringify(metadata));

      const query = '빅포인트는 유효기간이 얼마나 되나요?';
      const reopened = await LanceVectorStore.open(at, { embedding: null });
      try {
        expect((await reopened.search({ mode: 'fulltext', query, k: 2 }))[0]?.chunk.documentId).toBe('doc0');
        expect(
          (await reopened.search({ mode: 'fulltext', query: 'monthly rent', k: 2 }))[0]?.chunk.documentId,
        ).toBe('doc1');
      } finally {
        await reopened.close();
      }
      expect(JSON.parse(await readFile(metadataFile, 'utf8')).searchText).toBe(SEARCH_TEXT_VERSION);
    } finally {
      await dir.cleanup();
    }
  });
});
