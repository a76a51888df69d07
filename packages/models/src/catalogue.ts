import type { ModelRole } from './installed-model.ts';

/** A recommended GGUF model that `pull <id>` can download. */
export interface CatalogueEntry {
  /** Short id used on the command line, e.g. `bge-small-en-v1.5`. */
  id: string;
  role: ModelRole;
  name: string;
  family: string;
  /** `hf:<owner>/<repo>/<file>.gguf`. */
  hfUri: string;
  /** The same file as a direct download: `https://huggingface.co/<owner>/<repo>/resolve/main/<file>`. */
  url: string;
  quantization: string;
  sizeBytes: number;
  /** True when `sizeBytes` is a rounded figure that must not be used to verify a download. */
  sizeApproximate: boolean;
  /** Known sha256 of the file; absent when not known (the server's LFS ETag is used then). */
  sha256?: string;
  /** Rough memory needed to run the model with a modest context. */
  ramBytes: number;
  license: string;
  contextLength: number;
  /** Vector width (embedding models). */
  dimension?: number;
  /** Text put before a search query (embedding models). */
  queryPrefix?: string;
  /** Text put before a passage being indexed (embedding models). */
  documentPrefix?: string;
}

function hf(owner: string, repo: string, file: string): { hfUri: string; url: string } {
  return {
    hfUri: `hf:${owner}/${repo}/${file}`,
    url: `https://huggingface.co/${owner}/${repo}/resolve/main/${file}`,
  };
}

/**
 * Recommended models. Repositories, file names, sizes, context lengths and licenses were written from
 * memory and from stored copies of the hub's file listings; they could not be checked against the hub
 * from the machine this was written on. Sizes are therefore marked approximate and no sha256 is given:
 * downloads are verified against the sha256 Hugging Face sends for LFS files (`X-Linked-Etag`) instead.
 * `ramBytes` are rough estimates (weights plus a modest context), not measurements.
 */
export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    id: 'bge-small-en-v1.5',
    role: 'embedding',
    name: 'BGE small English v1.5',
    family: 'bge',
    ...hf('CompendiumLabs', 'bge-small-en-v1.5-gguf', 'bge-small-en-v1.5-q8_0.gguf'),
    quantization: 'Q8_0',
    sizeBytes: 36_800_000,
    sizeApproximate: true,
    ramBytes: 150_000_000,
    license: 'MIT',
    contextLength: 512,
    dimension: 384,
    queryPrefix: 'Represent this sentence for searching relevant passages: ',
    documentPrefix: '',
  },
  {
    id: 'nomic-embed-text-v1.5',
    role: 'embedding',
    name: 'Nomic Embed Text v1.5',
    family: 'nomic-bert',
    ...hf('nomic-ai', 'nomic-embed-text-v1.5-GGUF', 'nomic-embed-text-v1.5.Q8_0.gguf'),
    quantization: 'Q8_0',
    sizeBytes: 146_000_000,
    sizeApproximate: true,
    ramBytes: 400_000_000,
    license: 'Apache-2.0',
    contextLength: 2048,
    dimension: 768,
    queryPrefix: 'search_query: ',
    documentPrefix: 'search_document: ',
  },
  {
    id: 'qwen3-embedding-0.6b',
    role: 'embedding',
    name: 'Qwen3 Embedding 0.6B',
    family: 'qwen3',
    ...hf('Qwen', 'Qwen3-Embedding-0.6B-GGUF', 'Qwen3-Embedding-0.6B-Q8_0.gguf'),
    quantization: 'Q8_0',
    sizeBytes: 639_000_000,
    sizeApproximate: true,
    ramBytes: 1_200_000_000,
    license: 'Apache-2.0',
    contextLength: 32768,
    dimension: 1024,
    queryPrefix: 'Instruct: Given a question, retrieve passages that answer it\nQuery: ',
    documentPrefix: '',
  },
  {
    id: 'bge-reranker-v2-m3',
    role: 'rerank',
    name: 'BGE reranker v2 M3',
    family: 'bge',
    ...hf('gpustack', 'bge-reranker-v2-m3-GGUF', 'bge-reranker-v2-m3-Q8_0.gguf'),
    quantization: 'Q8_0',
    sizeBytes: 636_000_000,
    sizeApproximate: true,
    ramBytes: 1_200_000_000,
    license: 'Apache-2.0',
    contextLength: 8192,
  },
  {
    id: 'qwen3-1.7b',
    role: 'chat',
    name: 'Qwen3 1.7B',
    family: 'qwen3',
    ...hf('unsloth', 'Qwen3-1.7B-GGUF', 'Qwen3-1.7B-Q4_K_M.gguf'),
    quantization: 'Q4_K_M',
    sizeBytes: 1_110_000_000,
    sizeApproximate: true,
    ramBytes: 2_000_000_000,
    license: 'Apache-2.0',
    contextLength: 32768,
  },
  {
    id: 'llama-3.2-3b-instruct',
    role: 'chat',
    name: 'Llama 3.2 3B Instruct',
    family: 'llama',
    ...hf('bartowski', 'Llama-3.2-3B-Instruct-GGUF', 'Llama-3.2-3B-Instruct-Q4_K_M.gguf'),
    quantization: 'Q4_K_M',
    sizeBytes: 2_020_000_000,
    sizeApproximate: true,
    ramBytes: 3_200_000_000,
    license: 'Llama 3.2 Community License',
    contextLength: 131072,
  },
  {
    id: 'qwen3-4b',
    role: 'chat',
    name: 'Qwen3 4B',
    family: 'qwen3',
    ...hf('unsloth', 'Qwen3-4B-GGUF', 'Qwen3-4B-Q4_K_M.gguf'),
    quantization: 'Q4_K_M',
    sizeBytes: 2_500_000_000,
    sizeApproximate: true,
    ramBytes: 3_800_000_000,
    license: 'Apache-2.0',
    contextLength: 32768,
  },
  {
    id: 'gemma-3-4b-it',
    role: 'chat',
    name: 'Gemma 3 4B Instruct',
    family: 'gemma3',
    ...hf('ggml-org', 'gemma-3-4b-it-GGUF', 'gemma-3-4b-it-Q4_K_M.gguf'),
    quantization: 'Q4_K_M',
    sizeBytes: 2_490_000_000,
    sizeApproximate: true,
    ramBytes: 4_000_000_000,
    license: 'Gemma Terms of Use',
    contextLength: 131072,
  },
];

/** The catalogue entry with this id (case-insensitive), `hf:` URI or URL, if any. */
export function findCatalogueEntry(ref: string): CatalogueEntry | undefined {
  const wanted = ref.toLowerCase();
  return CATALOGUE.find((entry) => entry.id === wanted || entry.hfUri === ref || entry.url === ref);
}
