// QUIRE_MEMORY_MB: the memory budget of a `quire sync` or `quire serve` process tree.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_BUDGET_MB, resolveMemoryBudgetMb } from '../../../apps/server/src/home.ts';

describe('resolveMemoryBudgetMb', () => {
  it('defaults to 1000 MB, takes a number of MB, and "off" for no budget', () => {
    expect(DEFAULT_MEMORY_BUDGET_MB).toBe(1000);
    expect(resolveMemoryBudgetMb(undefined)).toBe(1000);
    expect(resolveMemoryBudgetMb('  ')).toBe(1000);
    expect(resolveMemoryBudgetMb('2048')).toBe(2048);
    expect(resolveMemoryBudgetMb('1500.7')).toBe(1500);
    expect(resolveMemoryBudgetMb('OFF')).toBeUndefined();
  });

  it('refuses what is not a number of MB, or below 256, naming the variable', () => {
    for (const bad of ['1GB', 'lots', '100', '-5', 'NaN', 'Infinity']) {
      expect(() => resolveMemoryBudgetMb(bad)).toThrow(/^QUIRE_MEMORY_MB must be a number of MB/);
    }
  });
});
