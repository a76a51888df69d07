import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chunkDocument, type DocumentErrorCode, DocumentParseError, parseDocument } from '@quire/ingest';
import { describe, expect, it } from 'vitest';

// ../shared/corpus beside the repository (CI clones it there); the run fails in CI if it is missing.
const CORPUS = fileURLToPath(new URL('../../../../shared/corpus', import.meta.url));
const REQUIRED = process.env.CI === 'true';
const KNOWN_CODES: readonly DocumentErrorCode[] = [
  'encrypted',
  'corrupt',
  'no-text',
  'unsupported',
  'too-large',
];
const SLOW_FILE_MS = 5_000;

function corpusFiles(kind: 'pdf' | 'docx'): string[] {
  const dir = path.join(CORPUS, kind);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.toLowerCase().endsWith(`.${kind}`))
    .sort()
    .map((name) => path.join(dir, name));
}

describe.skipIf(!REQUIRED && !existsSync(CORPUS))('real-world corpus (read in place)', () => {
  it.each(['pdf', 'docx'] as const)(
    'parses every %s file or refuses it with a known code',
    async (kind) => {
      const files = corpusFiles(kind);
      expect(files.length).toBeGreaterThan(0);
      const outcomes = new Map<string, number>();
      const slow: string[] = [];
      for (const file of files) {
        const started = performance.now();
        const outcome = await parseDocument(file).then(
          (doc) => {
            expect(doc.pages.map((page) => page.page)).toEqual(doc.pages.map((_, index) => index + 1));
            for (const chunk of chunkDocument(doc)) {
              expect(chunk.text).toBe(doc.pages[chunk.page - 1]?.text.slice(chunk.start, chunk.end));
            }
            return 'parsed';
          },
          (error: unknown) => {
            expect(error, path.basename(file)).toBeInstanceOf(DocumentParseError);
            const code = error instanceof DocumentParseError ? error.code : 'not a DocumentParseError';
            expect(KNOWN_CODES, path.basename(file)).toContain(code);
            return code;
          },
        );
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        if (performance.now() - started > SLOW_FILE_MS) slow.push(path.basename(file));
      }
      expect(outcomes.get('parsed') ?? 0).toBeGreaterThan(files.length / 4);
      expect(slow, 'files slower than 5 s').toEqual([]);
    },
    60_000,
  );
});
