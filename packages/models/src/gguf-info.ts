import { open, stat } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { basename } from 'node:path';
import { GgufFileType, readGgufFileInfo } from 'node-llama-cpp';
import { tensorDataBytes } from './ggml-type-sizes.ts';
import type { ModelRole } from './installed-model.ts';
import { ModelError } from './model-errors.ts';

/** llama.cpp's pooling types (`<arch>.pooling_type`). */
export type PoolingType = 'none' | 'mean' | 'cls' | 'last' | 'rank';

/** What a GGUF file's header says about the model. */
export interface GgufInfo {
  file: string;
  sizeBytes: number;
  /** `general.architecture`, e.g. `llama`, `bert`, `nomic-bert`, `qwen3`. */
  architecture: string;
  /** `general.name`, when present. */
  name: string | null;
  contextLength: number | null;
  /** Width of the hidden state: the vector dimension of an embedding model. */
  embeddingLength: number | null;
  poolingType: PoolingType | null;
  hasChatTemplate: boolean;
  /** Has a classification head (`cls.output`) or a rerank template, as rerankers do. */
  hasRerankHead: boolean;
  /** From `general.file_type`, e.g. `Q4_K_M`, `Q8_0`, `F16`. */
  quantization: string | null;
  role: ModelRole | null;
}

const POOLING: readonly PoolingType[] = ['none', 'mean', 'cls', 'last', 'rank'];

/** Architectures that llama.cpp only runs as encoders (embeddings or classification). */
const ENCODER_ARCHITECTURES = new Set([
  'bert',
  'nomic-bert',
  'nomic-bert-moe',
  'jina-bert-v2',
  'jina-bert-v3',
  'modern-bert',
  'neo-bert',
  't5encoder',
  'gemma-embedding',
]);

// Big arrays nobody here needs; skipping them keeps inspection fast on 150k-token vocabularies.
const IGNORED_KEYS = [
  'tokenizer.ggml.tokens',
  'tokenizer.ggml.scores',
  'tokenizer.ggml.token_type',
  'tokenizer.ggml.merges',
];

/**
 * The role a model can play, from its metadata: a rank pooling or a classification head → `rerank`;
 * an encoder architecture or mean/cls/last pooling → `embedding`; a chat template → `chat`; else `null`.
 */
export function inferRole(facts: {
  architecture: string;
  poolingType: PoolingType | null;
  hasChatTemplate: boolean;
  hasRerankHead: boolean;
}): ModelRole | null {
  if (facts.poolingType === 'rank' || facts.hasRerankHead) return 'rerank';
  if (ENCODER_ARCHITECTURES.has(facts.architecture)) return 'embedding';
  if (facts.poolingType === 'mean' || facts.poolingType === 'cls' || facts.poolingType === 'last') {
    return 'embedding';
  }
  if (facts.hasChatTemplate) return 'chat';
  return null;
}

/** Whether the file exists and starts with the GGUF magic bytes. Never throws. */
export async function hasGgufMagic(path: string): Promise<boolean> {
  try {
    return (await readMagic(path)) === 'GGUF';
  } catch {
    return false;
  }
}

async function readMagic(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(4);
    const { bytesRead } = await handle.read(header, 0, 4, 0);
    return header.toString('latin1', 0, bytesRead);
  } finally {
    await handle.close();
  }
}

function positiveOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

function quantizationName(fileType: unknown): string | null {
  if (typeof fileType !== 'number') return null;
  const name = GgufFileType[fileType];
  return name ? name.replace(/^(MOSTLY|ALL)_/, '') : null;
}

/**
 * Reads a GGUF file's header (never its weights, never the network) and infers the model's role.
 * Throws `ModelError('model-missing')` when the file is absent and `ModelError('model-invalid')` when
 * it is not a GGUF, its header is damaged, or it is shorter than its tensors need (a truncated download).
 */
export async function inspectGguf(path: string): Promise<GgufInfo> {
  let sizeBytes: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ModelError('model-invalid', `Not a model file: ${path}`);
    sizeBytes = info.size;
  } catch (cause) {
    if (cause instanceof ModelError) throw cause;
    throw new ModelError('model-missing', `Model file not found or not readable: ${path}`, { cause });
  }
  const magic = await readMagic(path);
  if (magic !== 'GGUF') {
    throw new ModelError(
      'model-invalid',
      `${basename(path)} is not a GGUF model file (it does not start with "GGUF").`,
    );
  }
  let header: Awaited<ReturnType<typeof readGgufFileInfo>>;
  try {
    header = await readGgufFileInfo(path, {
      sourceType: 'filesystem',
      logWarnings: false,
      ignoreKeys: IGNORED_KEYS,
      spliceSplitFiles: false,
    });
  } catch (cause) {
    throw new ModelError('model-invalid', `${basename(path)} has a damaged GGUF header: ${String(cause)}`, {
      cause,
    });
  }
  const tensors = header.tensorInfo ?? [];
  if (header.infoEndOffset !== undefined) {
    let needed = header.infoEndOffset;
    for (const tensor of tensors) {
      const bytes = tensorDataBytes(tensor.ggmlType, tensor.dimensions);
      needed = Math.max(needed, header.infoEndOffset + Number(tensor.offset) + (bytes ?? 0));
    }
    const available = totalmem();
    if (needed > available * 0.9) {
      // Checked before truncation: "needs 150 GB, this machine has 24 GB" is the more useful message.
      throw new ModelError(
        'model-too-large',
        `${basename(path)} needs about ${(needed / 1024 ** 3).toFixed(1)} GB of memory; this machine has ${(available / 1024 ** 3).toFixed(1)} GB`,
      );
    }
    if (sizeBytes < needed) {
      throw new ModelError(
        'model-invalid',
        `${basename(path)} is truncated: ${sizeBytes} bytes on disk but its tensors need ${needed}.`,
      );
    }
  }
  // node-llama-cpp types these groups as always present; a file with no such keys leaves them undefined.
  const general: Partial<typeof header.metadata.general> = header.metadata.general ?? {};
  const tokenizer: Partial<typeof header.metadata.tokenizer> = header.metadata.tokenizer ?? {};
  const arch: Partial<typeof header.architectureMetadata> = header.architectureMetadata ?? {};
  if (typeof general.architecture !== 'string') {
    throw new ModelError(
      'model-invalid',
      `${basename(path)} does not say its architecture (general.architecture).`,
    );
  }
  const architecture: string = general.architecture;
  const pooling = typeof arch.pooling_type === 'number' ? (POOLING[arch.pooling_type] ?? null) : null;
  const hasChatTemplate = typeof tokenizer.chat_template === 'string' && tokenizer.chat_template.length > 0;
  const hasRerankHead =
    tensors.some((t) => t.name.startsWith('cls.output')) ||
    typeof tokenizer['chat_template.rerank'] === 'string';
  const facts = { architecture, poolingType: pooling, hasChatTemplate, hasRerankHead };
  return {
    file: path,
    sizeBytes,
    ...facts,
    name: typeof general.name === 'string' ? general.name : null,
    contextLength: positiveOrNull(arch.context_length),
    embeddingLength: positiveOrNull(arch.embedding_length),
    quantization: quantizationName(general.file_type),
    role: inferRole(facts),
  };
}
