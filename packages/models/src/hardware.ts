import { availableParallelism, freemem, totalmem } from 'node:os';
import { CATALOGUE, type CatalogueEntry } from './catalogue.ts';
import { getSharedLlama } from './llama-runtime.ts';

/** What this machine offers for running models. */
export interface HardwareReport {
  totalRamBytes: number;
  freeRamBytes: number;
  cpuCount: number;
  /** The GPU backend llama.cpp uses, or `false` for CPU only. */
  gpu: false | 'cuda' | 'vulkan' | 'metal';
  gpuNames: string[];
  /** Total and free video memory, `null` without a GPU (equal to RAM on unified-memory machines). */
  vramTotalBytes: number | null;
  vramFreeBytes: number | null;
}

/** Models that suit a {@link HardwareReport}. */
export interface Recommendation {
  /** The largest catalogue chat model that fits, or `null` when none does. */
  chat: CatalogueEntry | null;
  embedding: CatalogueEntry;
  /** Memory the chat model may use: 60% of VRAM with a GPU, else 60% of RAM. */
  budgetBytes: number;
  reason: string;
}

/** Share of memory a chat model may take, leaving room for the OS, the embedder and the index. */
export const MEMORY_SHARE = 0.6;

/** RAM, CPUs and the GPU llama.cpp found (loads the shared llama.cpp binding; no network). */
export async function hardwareReport(): Promise<HardwareReport> {
  const llama = await getSharedLlama();
  const gpu = llama.gpu;
  let vramTotalBytes: number | null = null;
  let vramFreeBytes: number | null = null;
  let gpuNames: string[] = [];
  if (gpu !== false) {
    const vram = await llama.getVramState();
    vramTotalBytes = vram.total;
    vramFreeBytes = vram.free;
    gpuNames = await llama.getGpuDeviceNames();
  }
  return {
    totalRamBytes: totalmem(),
    freeRamBytes: freemem(),
    cpuCount: availableParallelism(),
    gpu,
    gpuNames,
    vramTotalBytes,
    vramFreeBytes,
  };
}

function byId(id: string): CatalogueEntry {
  const entry = CATALOGUE.find((e) => e.id === id);
  if (!entry) throw new RangeError(`catalogue entry ${id} is missing`);
  return entry;
}

const GB = 1_000_000_000;

/**
 * The largest catalogue chat model whose `ramBytes` fit in {@link MEMORY_SHARE} of VRAM (with a GPU
 * that reports it) or of RAM, and an embedder: Qwen3-Embedding with a GPU, nomic-embed-text on a CPU
 * with 8 GB or more, else bge-small (fast enough to index thousands of pages on a small CPU).
 */
export function recommend(report: HardwareReport): Recommendation {
  const onGpu = report.gpu !== false && report.vramTotalBytes !== null && report.vramTotalBytes > 0;
  const memory = onGpu ? (report.vramTotalBytes ?? 0) : report.totalRamBytes;
  const budgetBytes = Math.floor(memory * MEMORY_SHARE);
  const chat =
    CATALOGUE.filter((e) => e.role === 'chat' && e.ramBytes <= budgetBytes).sort(
      (a, b) => b.ramBytes - a.ramBytes,
    )[0] ?? null;
  const embedding = onGpu
    ? byId('qwen3-embedding-0.6b')
    : report.totalRamBytes >= 8 * GB
      ? byId('nomic-embed-text-v1.5')
      : byId('bge-small-en-v1.5');
  const where = onGpu ? `${report.gpu} VRAM` : 'RAM';
  const reason = chat
    ? `${chat.name} needs about ${(chat.ramBytes / GB).toFixed(1)} GB, within ${(budgetBytes / GB).toFixed(1)} GB (${MEMORY_SHARE * 100}% of ${where}).`
    : `No catalogue chat model fits in ${(budgetBytes / GB).toFixed(1)} GB (${MEMORY_SHARE * 100}% of ${where}); answers stay extractive.`;
  return { chat, embedding, budgetBytes, reason };
}
