import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from '@lancedb/lancedb';
import { LlamaEmbedder } from '@quire/embeddings';
import {
  BUILTIN_DIMENSION,
  BUILTIN_MODEL_FILE,
  BUILTIN_MODEL_NAME,
  buildBuiltinModel,
  ensureBuiltinModel,
} from '@quire/models';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDocumentFixtures } from '../fixtures/documents.ts';
import { quireJson, runQuire } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const cosine = (a: Float32Array, b: Float32Array) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  return dot / Math.sqrt(na * nb);
};

let tmp: { path: string; cleanup: () => Promise<void> };
let modelPath: string;
let embedder: LlamaEmbedder;

beforeAll(async () => {
  tmp = await tempDir();
  modelPath = await ensureBuiltinModel(process.env.QUIRE_MODELS_DIR ?? join(tmp.path, 'models'));
  embedder = await LlamaEmbedder.load(modelPath);
});
afterAll(async () => {
  await embedder.close();
  await tmp.cleanup();
});

describe('the built-in embedding model (generated from GloVe vectors, loaded by llama.cpp)', () => {
  it('is a one-layer bert GGUF with mean pooling, a WordPiece vocabulary and width 128', async () => {
    const info = await readGgufFileInfo(modelPath, { readTensorInfo: false });
    const meta = info.metadata as unknown as Record<string, Record<string, unknown>>;
    expect(meta.general?.architecture).toBe('bert');
    expect(meta.bert?.pooling_type).toBe(1);
    expect(meta.bert?.embedding_length).toBe(BUILTIN_DIMENSION);
    const tokens = (meta.tokenizer?.ggml as { tokens: string[] } | undefined)?.tokens ?? [];
    expect(tokens.slice(0, 5)).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    expect(tokens).toContain('▁tenant');
    expect(tokens).toContain('q');
    expect(tokens.length).toBeGreaterThan(100_000);
    expect(embedder.dimension).toBe(BUILTIN_DIMENSION);
  });

  it('ranks paraphrases above unrelated text', async () => {
    const triples = [
      [
        'the tenant may end the lease early',
        'a lessee can cancel the rental agreement',
        'bananas are rich in potassium',
      ],
      [
        'the invoice must be paid within thirty days',
        'payment is due one month after billing',
        'the cat slept on the warm mat',
      ],
      [
        'the patient was prescribed antibiotics',
        'the doctor gave the sick man medicine',
        'the contract is governed by english law',
      ],
      [
        'the company reported higher quarterly profits',
        'the firm earned more money this quarter',
        'the river flooded the valley',
      ],
    ];
    for (const [anchor, paraphrase, unrelated] of triples) {
      const [a, p, u] = await embedder.embed([anchor ?? '', paraphrase ?? '', unrelated ?? ''], 'document');
      if (!a || !p || !u) throw new Error('missing vector');
      expect(cosine(a, p), `${anchor} ~ ${paraphrase}`).toBeGreaterThan(cosine(a, u) + 0.1);
    }
  });

  it('is built deterministically', async () => {
    const hashes = [];
    for (const name of ['a.gguf', 'b.gguf']) {
      const path = join(tmp.path, name);
      await buildBuiltinModel(path, { vocabularySize: 2000 });
      hashes.push(
        createHash('sha256')
          .update(await readFile(path))
          .digest('hex'),
      );
    }
    expect(hashes[0]).toBe(hashes[1]);
  });
});

describe('a fresh workspace uses the built-in model with no manual step and no network', () => {
  it('add + sync + search generate the model on first use and store 128-wide vectors', async () => {
    const home = join(tmp.path, 'home');
    const models = join(tmp.path, 'fresh-models');
    const manifest = await writeDocumentFixtures(join(tmp.path, 'matter'));
    const options = { forbidNetwork: true, env: { QUIRE_MODELS_DIR: models } };
    await quireJson(home, ['add', manifest.dir, '--workspace', 'Fresh'], options);
    const sync = await runQuire(home, ['sync', 'fresh', '--json'], options);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stderr).not.toMatch(/NETWORK-ATTEMPT/);
    expect((await stat(join(models, BUILTIN_MODEL_FILE))).size).toBeGreaterThan(1_000_000);
    const search = await quireJson<{ retrieval: string; hits: { path: string; page: number }[] }>(
      home,
      ['search', 'fresh', 'how much notice must a tenant give to terminate'],
      options,
    );
    expect(search.retrieval).toBe('hybrid');
    expect(search.hits.length).toBeGreaterThan(0);
    const index = join(home, 'fresh', 'index');
    const meta = JSON.parse(await readFile(join(index, 'quire-index.json'), 'utf8'));
    expect(meta.embedding).toMatchObject({ name: BUILTIN_MODEL_NAME, dimension: BUILTIN_DIMENSION });
    const db = await connect(index);
    try {
      const chunks = await db.openTable('chunks');
      const rows = await chunks.query().select(['vector']).toArray();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows)
        expect(Array.from(row.vector as Iterable<number>)).toHaveLength(BUILTIN_DIMENSION);
      chunks.close();
    } finally {
      db.close();
    }
  });
});
