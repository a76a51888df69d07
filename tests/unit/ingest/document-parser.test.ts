// The DocumentParser contract, run against every implementation: the same file gives the same pages
// and chunks in process and in a worker, failures keep their code, an abort rejects with its reason,
// and a closed parser refuses work with ParsePoolError (never a file's error).
import path from 'node:path';
import {
  chunkDocument,
  createParser,
  DocumentParseError,
  type DocumentParser,
  InProcessParser,
  ParsePoolError,
  parseDocument,
  WorkerPoolParser,
} from '@quire/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureManifest, writeDocumentFixtures } from '../../fixtures/documents.ts';
import { tempDir } from '../../helpers/temp.ts';

let dir: { path: string; cleanup: () => Promise<void> };
let manifest: FixtureManifest;
const fixture = (file: string): string => path.join(manifest.dir, file);

beforeAll(async () => {
  dir = await tempDir('quire-document-parser-');
  manifest = await writeDocumentFixtures(path.join(dir.path, 'documents'));
});

afterAll(async () => {
  await dir?.cleanup();
});

const implementations: [string, () => DocumentParser][] = [
  ['InProcessParser', () => new InProcessParser()],
  ['WorkerPoolParser', () => new WorkerPoolParser({ size: 1 })],
];

describe.each(implementations)('%s', (_name, make) => {
  let parser: DocumentParser;
  beforeAll(() => {
    parser = make();
  });
  afterAll(async () => {
    await parser.close();
  });

  it('parses and chunks a file as parseDocument and chunkDocument do', async () => {
    const document = await parseDocument(fixture('contract.pdf'));
    expect(await parser.parse(fixture('contract.pdf'), { chunking: { maxTokens: 60 } })).toEqual({
      document,
      chunks: chunkDocument(document, { maxTokens: 60 }),
    });
  });

  it("rejects a file that cannot be read with the file's own code", async () => {
    const failing = manifest.files.find((file) => file.expectedError === 'encrypted');
    expect(failing).toBeDefined();
    await expect(parser.parse(failing?.path ?? '')).rejects.toSatisfy(
      (error) => error instanceof DocumentParseError && error.code === 'encrypted',
    );
  });

  it('rejects with the abort reason once the signal is aborted', async () => {
    const reason = new Error('stopped');
    await expect(parser.parse(fixture('contract.pdf'), { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
  });

  it('refuses work with ParsePoolError once closed', async () => {
    const closing = make();
    await closing.close();
    await expect(closing.parse(fixture('contract.pdf'))).rejects.toBeInstanceOf(ParsePoolError);
  });
});

describe('createParser', () => {
  it('parses in worker threads by default, in this thread when asked', async () => {
    const workers = createParser();
    const inProcess = createParser({ isolation: 'in-process' });
    try {
      expect(workers).toBeInstanceOf(WorkerPoolParser);
      expect(inProcess).toBeInstanceOf(InProcessParser);
    } finally {
      await workers.close();
      await inProcess.close();
    }
  });
});
