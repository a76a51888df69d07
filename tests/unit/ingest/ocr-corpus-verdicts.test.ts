// Every page of the shared corpora judged as ingestion with OCR judges it, without reading any page by
// OCR: only the pages whose text layer really is broken may be judged garbled. The corpora are read in
// place from ../shared beside the repository (CI clones them there; the run fails in CI if missing).
import { existsSync, readdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEnglishWords } from '../../../packages/ingest/src/ocr/english-words.ts';
import type { PageTextVerdict } from '../../../packages/ingest/src/ocr/text-quality.ts';
import { judgePdfPages } from '../../../packages/ingest/src/pdf-parser.ts';

const SHARED = fileURLToPath(new URL('../../../../shared', import.meta.url));
const REQUIRED = process.env.CI === 'true';

/**
 * The pages whose text layer is broken, each checked by rendering it: what the page shows against what
 * its text layer says.
 */
const BROKEN_PAGES: Record<string, string> = {
  'corpus/pdf/arial_unicode_ab_cidfont.pdf#1': 'shows letters, extracts as U+FFFF',
  'corpus/pdf/bug1027533.pdf#1': 'shows RTWABIGP, extracts as 57:$%,*3',
  'corpus/pdf/issue9915_reduced.pdf#1': 'shows ISSUE 9915, extracts as control characters and *446&',
  'realdocs/pdf/pdf-with-ocr-text.pdf#1':
    "a typed memo under a scanner's OCR layer of junk (`A l e t t e r`)",
  'realdocs/pdf/redp5110_sampled.pdf#3': 'its Highlights sidebar extracts as control characters',
};
/**
 * Good pages with little text over a large image (a photo, a logo): judged `sparse-over-image`, so they
 * are read by OCR, but their text layer stays unless OCR reads at least twice as many words.
 */
const SPARSE_PAGES = ['corpus/pdf/issue1350.pdf#2', 'realdocs/pdf/chevron-page.pdf#1'];

let isKnownWord: (word: string) => boolean;

beforeAll(async () => {
  const cacheDir = path.join(tmpdir(), `quire-ocr-corpus-${process.pid}`);
  const words = await loadEnglishWords({ cacheDir });
  await rm(cacheDir, { recursive: true, force: true });
  isKnownWord = (word) => words.has(word);
});

/** Every page of every PDF of `folder` (relative to ../shared) with its verdict and the reason. */
async function judgeFolder(
  folder: string,
): Promise<Map<string, { verdict: PageTextVerdict; reason: string }>> {
  const dir = path.join(SHARED, folder);
  const pages = new Map<string, { verdict: PageTextVerdict; reason: string }>();
  for (const name of readdirSync(dir)
    .filter((file) => file.toLowerCase().endsWith('.pdf'))
    .sort()) {
    const assessments = await judgePdfPages(await readFile(path.join(dir, name)), isKnownWord).catch(
      (error: unknown) => {
        // A PDF no one can open (password-protected) has no page to judge.
        expect(error, name).toMatchObject({ name: 'DocumentParseError', code: 'encrypted' });
        return [];
      },
    );
    assessments.forEach((assessment, index) => {
      if (assessment !== null) pages.set(`${folder}/${name}#${index + 1}`, assessment);
    });
  }
  return pages;
}

function pagesJudged(
  pages: ReadonlyMap<string, { verdict: PageTextVerdict; reason: string }>,
  verdict: PageTextVerdict,
): string[] {
  return [...pages].filter(([, assessment]) => assessment.verdict === verdict).map(([page]) => page);
}

describe.skipIf(!REQUIRED && !existsSync(SHARED))('text layer verdicts on the shared corpora', () => {
  it.each([
    ['corpus/pdf', 260],
    ['realdocs/pdf', 720],
  ] as const)(
    'no good page of %s is judged broken',
    async (folder, atLeast) => {
      const pages = await judgeFolder(folder);
      expect(pages.size).toBeGreaterThanOrEqual(atLeast);
      const broken = Object.keys(BROKEN_PAGES).filter((page) => page.startsWith(`${folder}/`));
      const garbled = pagesJudged(pages, 'garbled');
      expect(
        garbled.map((page) => `${page}: ${pages.get(page)?.reason}`),
        'judged garbled',
      ).toHaveLength(broken.length);
      expect(garbled).toEqual(broken);
      expect(pagesJudged(pages, 'sparse-over-image')).toEqual(
        SPARSE_PAGES.filter((page) => page.startsWith(`${folder}/`)),
      );
    },
    240_000,
  );
});
