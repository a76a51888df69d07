import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQaJsonl, type QaItem } from '../../../apps/server/src/eval/qa-set.ts';
import { buildEvalDocuments, readEvalSources } from '../../../eval/build-documents.ts';
import { parseDocument } from '../../../packages/ingest/src/index.ts';
import type { ParsedDocument } from '../../../packages/ingest/src/types.ts';

const QA_FILE = path.join(import.meta.dirname, '../../../eval/qa.jsonl');
const dirs: string[] = [];
let built: { file: string; pages: number }[] = [];
const parsed = new Map<string, ParsedDocument>();
let items: QaItem[] = [];

/** Whitespace-insensitive form: PDF lines wrap where the source paragraph did not. */
const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();
const pageText = (file: string, page: number): string | undefined =>
  parsed.get(file)?.pages.find((candidate) => candidate.page === page)?.text;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'quire-eval-'));
  dirs.push(dir);
  built = await buildEvalDocuments(dir);
  for (const { file } of built) parsed.set(file, await parseDocument(path.join(dir, file)));
  items = parseQaJsonl(await readFile(QA_FILE, 'utf8'));
}, 60_000);

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('eval documents', () => {
  it('are 8 to 10 documents, about a third DOCX, with 3 to 8 pages per PDF and 40 to 60 pages in all', () => {
    expect(built.length).toBeGreaterThanOrEqual(8);
    expect(built.length).toBeLessThanOrEqual(10);
    const docx = built.filter(({ file }) => file.endsWith('.docx'));
    expect(docx.length).toBeGreaterThanOrEqual(Math.floor(built.length / 4));
    expect(docx.length).toBeLessThanOrEqual(Math.ceil(built.length / 2));
    const pdfs = built.filter(({ file }) => file.endsWith('.pdf'));
    for (const { file, pages } of pdfs) {
      expect(pages, file).toBeGreaterThanOrEqual(3);
      expect(pages, file).toBeLessThanOrEqual(8);
    }
    const pdfPages = pdfs.reduce((sum, { pages }) => sum + pages, 0);
    expect(pdfPages + docx.length).toBeGreaterThanOrEqual(40);
    expect(pdfPages + docx.length).toBeLessThanOrEqual(60);
  });

  it('are byte-identical on every build', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'quire-eval-'));
    dirs.push(dir);
    const again = await buildEvalDocuments(dir);
    expect(again).toEqual(built);
    const first = dirs[0] ?? '';
    for (const { file } of again) {
      const [a, b] = await Promise.all([readFile(path.join(first, file)), readFile(path.join(dir, file))]);
      expect(Buffer.compare(a, b), file).toBe(0);
    }
  }, 30_000);

  it('read back with the page count and, on each page, the text and headings the source put there', async () => {
    for (const source of await readEvalSources()) {
      const document = parsed.get(source.file);
      expect(document?.kind, source.file).toBe(source.format);
      const physical = source.format === 'pdf' ? source.pages : [source.pages.flat()];
      expect(document?.pages.length, source.file).toBe(physical.length);
      for (const [index, blocks] of physical.entries()) {
        const page = document?.pages[index];
        const text = flat(page?.text ?? '');
        const where = `${source.file} page ${index + 1}`;
        expect(blocks.length, where).toBeGreaterThan(0);
        for (const block of blocks) {
          if ('text' in block) expect(text, where).toContain(flat(block.text));
        }
        const headings = blocks.flatMap((block) =>
          block.kind === 'h1' || block.kind === 'h2'
            ? [{ level: block.kind === 'h1' ? 1 : 2, text: block.text }]
            : [],
        );
        expect(
          page?.headings.map(({ level, text }) => ({ level, text })),
          where,
        ).toEqual(headings);
      }
    }
  });
});

describe('eval questions', () => {
  it('has at least 70 questions with unique ids, mostly paraphrases, at least 12% unanswerable', () => {
    expect(items.length).toBeGreaterThanOrEqual(70);
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    const count = (kind: QaItem['kind']): number => items.filter((item) => item.kind === kind).length;
    for (const kind of ['keyword', 'numeric', 'multi-page'] as const) {
      expect(count(kind), kind).toBeGreaterThanOrEqual(5);
      expect(count(kind), kind).toBeLessThan(count('paraphrase'));
    }
    expect(count('unanswerable') / items.length).toBeGreaterThanOrEqual(0.12);
  });

  it('asks about every document, and each multi-page question has two or more gold pages', () => {
    const asked = new Set(items.flatMap((item) => item.gold.map((gold) => gold.path)));
    expect([...asked].sort()).toEqual(built.map(({ file }) => file).sort());
    for (const item of items.filter((candidate) => candidate.kind === 'multi-page')) {
      expect(item.gold.length, item.id).toBeGreaterThanOrEqual(2);
    }
  });

  it('points every gold entry at a real page of a built document', () => {
    const pages = new Map(built.map(({ file, pages }) => [file, pages]));
    for (const item of items) {
      for (const gold of item.gold) {
        expect(pages.has(gold.path), `${item.id}: ${gold.path}`).toBe(true);
        expect(gold.page, item.id).toBeLessThanOrEqual(pages.get(gold.path) ?? 0);
      }
    }
  });

  it('finds each evidence phrase verbatim on a gold page, and evidence on every gold page', () => {
    for (const item of items.filter((candidate) => candidate.gold.length > 0)) {
      expect(item.evidence?.length ?? 0, `${item.id} needs evidence`).toBeGreaterThan(0);
      expect(item.answer, `${item.id} needs an answer`).toBeDefined();
      const evidence = (item.evidence ?? []).map(flat);
      for (const phrase of evidence) {
        const onGold = item.gold.some((gold) => flat(pageText(gold.path, gold.page) ?? '').includes(phrase));
        expect(onGold, `${item.id}: "${phrase}" is on no gold page`).toBe(true);
      }
      for (const gold of item.gold) {
        const text = flat(pageText(gold.path, gold.page) ?? '');
        const held = evidence.some((phrase) => text.includes(phrase));
        expect(held, `${item.id}: no evidence on ${gold.path} page ${gold.page}`).toBe(true);
      }
    }
  });

  it('lists every page of a document that holds an evidence phrase as gold', () => {
    for (const item of items) {
      for (const file of new Set(item.gold.map((gold) => gold.path))) {
        for (const page of parsed.get(file)?.pages ?? []) {
          const isGold = item.gold.some((gold) => gold.path === file && gold.page === page.page);
          if (isGold) continue;
          for (const phrase of item.evidence ?? []) {
            expect(
              flat(page.text).includes(flat(phrase)),
              `${item.id}: "${phrase}" also on page ${page.page}`,
            ).toBe(false);
          }
        }
      }
    }
  });

  it('keeps unanswerable questions unanswerable: none of their absent terms occurs in the corpus', () => {
    const corpus = [...parsed.values()].flatMap((document) => document.pages.map((page) => flat(page.text)));
    for (const item of items.filter((candidate) => candidate.kind === 'unanswerable')) {
      expect(item.evidence, item.id).toBeUndefined();
      for (const term of item.absent ?? []) {
        const pattern = new RegExp(`\\b${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
        const found = corpus.find((text) => pattern.test(text));
        expect(found, `${item.id}: "${term}" occurs in the corpus`).toBeUndefined();
      }
    }
  });
});
