// npm run bench:embed — built-in embedding model throughput, Quire's embedder against raw node-llama-cpp
// on the same model and the same ≈300-token chunks, in one run. Prints figures; asserts nothing.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { LlamaEmbedder } from '@quire/embeddings';
import { ensureBuiltinModel, getSharedLlama } from '@quire/models';

const CHUNKS = Number(process.env.BENCH_CHUNKS ?? 300);
const modelsDir = process.env.QUIRE_MODELS_DIR ?? join(process.env.QUIRE_HOME ?? 'workspaces', 'models');

const WORDS =
  `tenant landlord lease rent deposit notice termination premises repair damage insurance payment invoice
  agreement party clause breach remedy court jurisdiction liability indemnity warranty delivery goods services fee
  schedule annex period month year day written consent assignment subletting utilities maintenance inspection
  default interest late charge renewal option price increase index review dispute arbitration confidential`.split(
    /\s+/,
  );

/** Deterministic legal-sounding chunks of about 300 model tokens each. */
function makeChunks(n: number, tokensOf: (text: string) => number): string[] {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: n }, (_, i) => {
    const sentences: string[] = [`Clause ${i + 1}.`];
    while (tokensOf(sentences.join(' ')) < 300) {
      const words = Array.from(
        { length: 8 + Math.floor(rand() * 12) },
        () => WORDS[Math.floor(rand() * WORDS.length)],
      );
      sentences.push(`The ${words.join(' ')}.`);
    }
    return sentences.join(' ');
  });
}

async function timed(label: string, run: () => Promise<void>, chunks: number): Promise<number> {
  const started = performance.now();
  await run();
  const rate = chunks / ((performance.now() - started) / 1000);
  console.log(`${label.padEnd(52)} ${rate.toFixed(0).padStart(6)} chunks/s`);
  return rate;
}

const modelPath = await ensureBuiltinModel(modelsDir, {
  onBuild: () => console.log('building the built-in model…'),
});
const llama = await getSharedLlama();
const model = await llama.loadModel({ modelPath });
const chunks = makeChunks(CHUNKS, (text) => model.tokenize(text).length);
const tokens = chunks.map((c) => model.tokenize(c));
const avgTokens = tokens.reduce((s, t) => s + t.length, 0) / tokens.length;
console.log(`model ${modelPath}`);
console.log(
  `${CHUNKS} chunks, ${avgTokens.toFixed(0)} model tokens each on average, ${availableParallelism()} cores\n`,
);

const raw: Record<string, number> = {};
for (const threads of [1, 2]) {
  const context = await model.createEmbeddingContext({ contextSize: 1024, threads });
  await context.getEmbeddingFor(chunks[0] ?? '');
  raw[threads] = await timed(
    `raw node-llama-cpp, 1 context, threads=${threads}`,
    async () => {
      for (const chunk of chunks) await context.getEmbeddingFor(chunk);
    },
    CHUNKS,
  );
  await context.dispose();
}
await model.dispose();

const embedder = await LlamaEmbedder.load(modelPath);
await embedder.embed(chunks.slice(0, 2), 'document');
const quire = await timed(
  'Quire LlamaEmbedder (default: pooled contexts, 1 thread)',
  () => embedder.embed(chunks, 'document').then(() => undefined),
  CHUNKS,
);
await embedder.close();

const best = Math.max(raw[1] ?? 0, raw[2] ?? 0);
console.log(`\nthreads=1 vs threads=2 (raw): ${((raw[1] ?? 0) / (raw[2] ?? 1)).toFixed(2)}×`);
console.log(`Quire vs best raw single context: ${(quire / best).toFixed(2)}×`);
console.log(
  `goal ≥ 300 chunks/s on 2 cores: ${quire >= 300 ? 'met' : 'not met'} (${quire.toFixed(0)} chunks/s)`,
);
