import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { basename } from 'node:path';
import { GgufInsights, getLlama, type Llama, type LlamaModel, readGgufFileInfo } from 'node-llama-cpp';
import { ModelError } from './model-errors.ts';

let shared: Promise<Llama> | undefined;

/**
 * The one llama.cpp binding of this process, shared by every model. Uses the prebuilt binaries that
 * ship in npm packages (never builds or downloads); GPU when one is usable, unless `QUIRE_GPU=off`.
 * llama.cpp's own logs go to stderr so that `--json` output stays clean.
 */
export function getSharedLlama(): Promise<Llama> {
  shared ??= getLlama({
    gpu: process.env.QUIRE_GPU === 'off' ? false : 'auto',
    build: 'never',
    logLevel: 'error' as Llama['logLevel'],
    logger: (_level, message) => process.stderr.write(`llama.cpp: ${message.trimEnd()}\n`),
  });
  return shared;
}

const hashes = new Map<string, string>();

/** sha256 of a file's bytes (hex), read as a stream: the identity of a document or a model file. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** {@link sha256OfFile} of a model file, remembered per path, size and modification time (models are large). */
export async function fileSha256(path: string): Promise<string> {
  const info = await stat(path);
  const key = `${path}\0${info.size}\0${info.mtimeMs}`;
  const known = hashes.get(key);
  if (known) return known;
  const hex = await sha256OfFile(path);
  hashes.set(key, hex);
  return hex;
}

async function checkGgufHeader(path: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    throw new ModelError('model-missing', `Model file not found or not readable: ${path}`, { cause });
  }
  try {
    const header = Buffer.alloc(8);
    const { bytesRead } = await handle.read(header, 0, 8, 0);
    if (bytesRead < 8 || header.toString('ascii', 0, 4) !== 'GGUF') {
      throw new ModelError('model-invalid', `Not a GGUF model file: ${basename(path)}`);
    }
  } finally {
    await handle.close();
  }
}

const gigabytes = (bytes: number) => (bytes / 1024 ** 3).toFixed(1);

/**
 * Reads the GGUF's tensor table and refuses, before llama.cpp allocates anything, a model that needs more
 * memory than this machine has (RAM plus GPU memory) or whose file is shorter than its tensors.
 */
async function checkModelFits(path: string, llama: Llama): Promise<void> {
  let insights: GgufInsights;
  try {
    insights = await GgufInsights.from(await readGgufFileInfo(path), llama);
  } catch (cause) {
    throw new ModelError('model-invalid', `Cannot read the GGUF header of ${basename(path)}`, { cause });
  }
  const needed = insights.modelSize;
  const vram = llama.gpu ? (await llama.getVramState()).total : 0;
  const available = totalmem() + vram;
  if (needed > available * 0.9) {
    throw new ModelError(
      'model-too-large',
      `${basename(path)} needs about ${gigabytes(needed)} GB of memory; this machine has ${gigabytes(available)} GB`,
    );
  }
  const { size } = await stat(path);
  if (size < needed) {
    throw new ModelError(
      'model-invalid',
      `${basename(path)} is truncated: its tensors need ${needed} bytes but the file has ${size} (incomplete download?)`,
    );
  }
}

/**
 * Loads a GGUF model of the caller's own (disposed by the caller), turning llama.cpp failures into a
 * {@link ModelError} a user can act on. `acquireGgufModel` shares one load per file instead.
 */
export async function loadGgufModel(path: string): Promise<LlamaModel> {
  await checkGgufHeader(path);
  const llama = await getSharedLlama();
  await checkModelFits(path, llama);
  try {
    return await llama.loadModel({ modelPath: path });
  } catch (cause) {
    const text = String(cause instanceof Error ? cause.message : cause);
    if (/memory|too large|insufficient/i.test(text)) {
      throw new ModelError('model-too-large', `Not enough memory to load ${basename(path)}: ${text}`, {
        cause,
      });
    }
    throw new ModelError(
      'model-invalid',
      `Cannot load ${basename(path)} (truncated or damaged GGUF?): ${text}`,
      {
        cause,
      },
    );
  }
}
