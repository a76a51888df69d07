import { hardwareReport, recommend } from '@quire/models';
import { describe, expect, it } from 'vitest';

describe('hardwareReport (real llama.cpp binding)', () => {
  it('reports sane numbers for this machine', async () => {
    const report = await hardwareReport();
    expect(report.totalRamBytes).toBeGreaterThan(0);
    expect(report.freeRamBytes).toBeGreaterThan(0);
    expect(report.freeRamBytes).toBeLessThanOrEqual(report.totalRamBytes);
    expect(report.cpuCount).toBeGreaterThanOrEqual(1);
    expect([false, 'cuda', 'vulkan', 'metal']).toContain(report.gpu);
    if (report.gpu === false) expect(report.vramTotalBytes).toBeNull();
    const pick = recommend(report);
    expect(pick.chat === null || pick.chat.ramBytes <= pick.budgetBytes).toBe(true);
  });
});
