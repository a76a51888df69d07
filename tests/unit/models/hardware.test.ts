import { CATALOGUE, type HardwareReport, recommend } from '@quire/models';
import { describe, expect, it } from 'vitest';

const GB = 1_000_000_000;

function cpuMachine(ramGb: number): HardwareReport {
  return {
    totalRamBytes: ramGb * GB,
    freeRamBytes: (ramGb * GB) / 2,
    cpuCount: 4,
    gpu: false,
    gpuNames: [],
    vramTotalBytes: null,
    vramFreeBytes: null,
  };
}

const chatModels = CATALOGUE.filter((e) => e.role === 'chat');

describe('recommend', () => {
  it.each([2, 4, 6, 8, 16, 64])('keeps the chat model within 60%% of %i GB of RAM', (ramGb) => {
    const pick = recommend(cpuMachine(ramGb));
    expect(pick.budgetBytes).toBe(Math.floor(ramGb * GB * 0.6));
    const fitting = chatModels.filter((e) => e.ramBytes <= pick.budgetBytes);
    if (fitting.length === 0) {
      expect(pick.chat).toBeNull();
    } else {
      expect(pick.chat?.ramBytes).toBeLessThanOrEqual(pick.budgetBytes);
      expect(pick.chat?.ramBytes).toBe(Math.max(...fitting.map((e) => e.ramBytes)));
    }
    expect(pick.embedding.role).toBe('embedding');
    expect(pick.reason.length).toBeGreaterThan(0);
  });

  it('picks nothing to chat with on a tiny machine, the largest model on a big one', () => {
    expect(recommend(cpuMachine(2)).chat).toBeNull();
    expect(recommend(cpuMachine(4)).chat?.id).toBe('qwen3-1.7b');
    expect(recommend(cpuMachine(64)).chat?.id).toBe('gemma-3-4b-it');
    expect(recommend(cpuMachine(4)).embedding.id).toBe('bge-small-en-v1.5');
    expect(recommend(cpuMachine(16)).embedding.id).toBe('nomic-embed-text-v1.5');
  });

  it('budgets by VRAM when a GPU reports it', () => {
    const report: HardwareReport = {
      ...cpuMachine(64),
      gpu: 'cuda',
      gpuNames: ['Test GPU'],
      vramTotalBytes: 6 * GB,
      vramFreeBytes: 5 * GB,
    };
    const pick = recommend(report);
    expect(pick.budgetBytes).toBe(Math.floor(6 * GB * 0.6));
    expect(pick.chat?.id).toBe('llama-3.2-3b-instruct');
    expect(pick.embedding.id).toBe('qwen3-embedding-0.6b');
  });
});
