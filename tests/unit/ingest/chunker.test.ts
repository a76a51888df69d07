import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type Chunk,
  chunkDocument,
  countTokens,
  type HeadingMark,
  type ParsedDocument,
  type ParsedPage,
  parseDocument,
} from '@quire/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureFile, writeDocumentFixtures } from '../../fixtures/documents.ts';

let dir: string;
const fixtureDocs: ParsedDocument[] = [];
const readableFixtures: FixtureFile[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'quire-chunk-'));
  const manifest = await writeDocumentFixtures(dir);
  for (const fixture of manifest.files) {
    if (fixture.expectedError !== undefined) continue;
    readableFixtures.push(fixture);
    fixtureDocs.push(await parseDocument(fixture.path));
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const WORDS = 'the tenant shall pay rent on time and keep the premises in good repair under this lease'.split(
  ' ',
);

function sentence(seed: number, maxWords = 22): string {
  const length = 6 + (seed % (maxWords - 5));
  const words = Array.from({ length }, (_, i) => WORDS[(seed * 31 + i * 7) % WORDS.length] ?? 'x');
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function syntheticPage(
  page: number,
  sentences: number,
  heading?: HeadingMark,
  maxWords?: number,
): ParsedPage {
  const paragraphs: string[] = [];
  for (let i = 0; i < sentences; i += 5) {
    paragraphs.push(
      Array.from({ length: Math.min(5, sentences - i) }, (_, k) =>
        sentence(page * 1000 + i + k, maxWords),
      ).join(' '),
    );
  }
  const body = paragraphs.join('\n\n');
  if (heading === undefined) return { page, text: body, headings: [] };
  return { page, text: `${heading.text}\n\n${body}`, headings: [{ ...heading, offset: 0 }] };
}

function syntheticDocument(pages: number, sentencesPerPage: number): ParsedDocument {
  return {
    kind: 'pdf',
    title: null,
    pages: Array.from({ length: pages }, (_, index) => {
      const page = index + 1;
      const heading =
        page % 10 === 1
          ? { offset: 0, level: 1, text: `Part ${page}` }
          : page % 5 === 1
            ? { offset: 0, level: 2, text: `Section ${page}` }
            : undefined;
      return syntheticPage(page, sentencesPerPage, heading);
    }),
  };
}

function expectInvariants(doc: ParsedDocument, chunks: Chunk[], maxTokens: number): void {
  const pages = new Map(doc.pages.map((page) => [page.page, page]));
  chunks.forEach((chunk, index) => {
    const page = pages.get(chunk.page);
    expect(chunk.ordinal).toBe(index);
    expect(page).toBeDefined();
    expect(chunk.text).toBe(page?.text.slice(chunk.start, chunk.end));
    expect(chunk.text).toBe(chunk.text.trim());
    expect(chunk.text.length).toBeGreaterThan(0);
    expect(chunk.tokenCount).toBe(countTokens(chunk.text));
    expect(chunk.tokenCount).toBeLessThanOrEqual(maxTokens);
    for (const heading of page?.headings ?? []) {
      const crosses = chunk.start < heading.offset && heading.offset < chunk.end;
      expect(crosses, `chunk ${index} crosses heading ${heading.text}`).toBe(false);
    }
  });
}

describe('countTokens', () => {
  it('counts words, numbers and punctuation, and long words as more than one', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('   \n ')).toBe(0);
    expect(countTokens('The rent is due.')).toBe(5);
    expect(countTokens('indemnification')).toBe(3);
    expect(countTokens('1,200')).toBe(3);
    expect(countTokens('20240101')).toBe(3);
    expect(countTokens('契約書')).toBe(3);
    expect(countTokens('a b')).toBe(countTokens('a') + countTokens('b'));
  });
});

describe('chunkDocument', () => {
  it('keeps text equal to the page slice on every fixture, for several sizes', () => {
    expect(fixtureDocs.length).toBeGreaterThanOrEqual(4);
    for (const doc of fixtureDocs) {
      for (const maxTokens of [8, 30, 400]) {
        expectInvariants(doc, chunkDocument(doc, { maxTokens }), maxTokens);
      }
    }
  });

  it('starts a chunk at each heading, with the heading path in effect', () => {
    const contract = fixtureDocs.find((doc) => doc.title === 'Residential Lease Agreement');
    const chunks = chunkDocument(contract ?? { kind: 'pdf', title: null, pages: [] });
    expect(chunks.map((chunk) => [chunk.page, chunk.headingPath])).toEqual([
      [1, ['Residential Lease Agreement']],
      [2, ['Residential Lease Agreement']],
      [3, ['Residential Lease Agreement', 'Termination and Notice']],
      [4, ['Residential Lease Agreement', 'Termination and Notice']],
    ]);
    expect(chunks[2]?.text.startsWith('Termination and Notice\n\n')).toBe(true);

    const notes = fixtureDocs.find((doc) => doc.kind === 'docx');
    const notesChunks = chunkDocument(notes ?? { kind: 'docx', title: null, pages: [] });
    const brimwhistle = notesChunks.filter((chunk) => chunk.text.includes('brimwhistle'));
    expect(brimwhistle.map((chunk) => chunk.headingPath)).toEqual([['Engagement Terms', 'Fees and Billing']]);
    expect(notesChunks.map((chunk) => chunk.text.split('\n')[0])).toEqual([
      'Engagement Terms',
      'Scope of Work',
      'Fees and Billing',
      'Confidentiality',
    ]);
  });

  it('puts every unique word of the manifest in chunks of its page under its heading', () => {
    readableFixtures.forEach((fixture, index) => {
      const chunks = chunkDocument(fixtureDocs[index] ?? { kind: 'pdf', title: null, pages: [] }, {
        maxTokens: 30,
      });
      for (const { word, page, heading } of fixture.uniqueWords) {
        const holders = chunks.filter((chunk) => chunk.text.includes(word));
        expect(holders.length, `${fixture.file}: ${word}`).toBeGreaterThan(0);
        for (const chunk of holders) {
          expect(chunk.page).toBe(page);
          expect(chunk.headingPath.at(-1)).toBe(heading);
        }
      }
    });
  });

  it('never crosses pages or headings and respects maxTokens on a large document', () => {
    const doc = syntheticDocument(120, 60);
    const chunks = chunkDocument(doc, { maxTokens: 120 });
    expectInvariants(doc, chunks, 120);
    const part41 = chunks.filter((chunk) => chunk.page === 46);
    expect(part41.every((chunk) => chunk.headingPath.join('/') === 'Part 41/Section 46')).toBe(true);
    const page47 = chunks.filter((chunk) => chunk.page === 47);
    expect(page47.every((chunk) => chunk.headingPath.join('/') === 'Part 41/Section 46')).toBe(true);
    expect(chunks.filter((chunk) => chunk.page === 51)[0]?.headingPath).toEqual(['Part 51']);
  });

  it('breaks between sentences and repeats whole sentences as overlap', () => {
    const doc: ParsedDocument = { kind: 'pdf', title: null, pages: [syntheticPage(1, 200, undefined, 12)] };
    const chunks = chunkDocument(doc, { maxTokens: 100, overlap: 0.2 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const [index, chunk] of chunks.entries()) {
      expect(chunk.text).toMatch(/^[A-Z]/);
      expect(chunk.text).toMatch(/\.$/);
      const next = chunks[index + 1];
      if (next === undefined) continue;
      expect(next.start).toBeGreaterThan(chunk.start);
      expect(next.start, 'overlap').toBeLessThan(chunk.end);
      const repeated = countTokens(chunk.text.slice(next.start - chunk.start));
      expect(repeated).toBeGreaterThan(0);
      expect(repeated).toBeLessThanOrEqual(20);
    }
  });

  it('splits one very long sentence at word boundaries, and an endless word too', () => {
    const long = Array.from({ length: 500 }, (_, i) => `word${i % 10}`).join(' ');
    const blob = 'x'.repeat(5000);
    const doc: ParsedDocument = {
      kind: 'pdf',
      title: null,
      pages: [{ page: 1, text: `${long}\n\n${blob}`, headings: [] }],
    };
    const chunks = chunkDocument(doc, { maxTokens: 50 });
    expectInvariants(doc, chunks, 50);
    for (const chunk of chunks.filter((c) => !c.text.includes('x'))) {
      expect(chunk.text).toMatch(/^word\d( word\d)*$/);
    }
    expect(
      chunks
        .filter((chunk) => chunk.text.includes('x'))
        .map((chunk) => chunk.text)
        .join('').length,
    ).toBeGreaterThanOrEqual(5000);
  });

  it('uses no overlap when overlap is 0 and emits no chunk for empty pages', () => {
    const doc = syntheticDocument(3, 40);
    doc.pages[1] = { page: 2, text: '  \n\n ', headings: [] };
    const chunks = chunkDocument(doc, { maxTokens: 60, overlap: 0 });
    expect(chunks.some((chunk) => chunk.page === 2)).toBe(false);
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1];
      const chunk = chunks[i];
      if (previous?.page === chunk?.page) expect(chunk?.start).toBeGreaterThanOrEqual(previous?.end ?? 0);
    }
  });

  it('rejects nonsensical options', () => {
    const doc = syntheticDocument(1, 5);
    expect(() => chunkDocument(doc, { maxTokens: 0 })).toThrow(RangeError);
    expect(() => chunkDocument(doc, { overlap: 1 })).toThrow(RangeError);
  });

  it('chunks a 1,000-page document in linear time', () => {
    const small = syntheticDocument(100, 40);
    const large = syntheticDocument(1000, 40);
    const time = (doc: ParsedDocument): number => {
      const started = performance.now();
      chunkDocument(doc);
      return performance.now() - started;
    };
    time(small);
    const smallMs = Math.max(time(small), 5);
    const largeMs = time(large);
    expect(largeMs).toBeLessThan(2000);
    expect(largeMs / smallMs).toBeLessThan(30);
    const chunks = chunkDocument(large);
    expect(new Set(chunks.map((chunk) => chunk.page)).size).toBe(1000);
  });
});
