/**
 * Bytes per block and values per block of ggml tensor types (ggml's `type_traits`), used to check that
 * a GGUF file holds all of its tensor data (a truncated download fails here instead of at load time).
 * Types missing from the table are skipped by the check.
 */
const BLOCKS: ReadonlyMap<number, readonly [valuesPerBlock: number, bytesPerBlock: number]> = new Map([
  [0, [1, 4]], // F32
  [1, [1, 2]], // F16
  [2, [32, 18]], // Q4_0
  [3, [32, 20]], // Q4_1
  [6, [32, 22]], // Q5_0
  [7, [32, 24]], // Q5_1
  [8, [32, 34]], // Q8_0
  [9, [32, 36]], // Q8_1
  [10, [256, 84]], // Q2_K
  [11, [256, 110]], // Q3_K
  [12, [256, 144]], // Q4_K
  [13, [256, 176]], // Q5_K
  [14, [256, 210]], // Q6_K
  [15, [256, 292]], // Q8_K
  [16, [256, 66]], // IQ2_XXS
  [17, [256, 74]], // IQ2_XS
  [18, [256, 98]], // IQ3_XXS
  [19, [256, 50]], // IQ1_S
  [20, [32, 18]], // IQ4_NL
  [21, [256, 110]], // IQ3_S
  [22, [256, 82]], // IQ2_S
  [23, [256, 136]], // IQ4_XS
  [24, [1, 1]], // I8
  [25, [1, 2]], // I16
  [26, [1, 4]], // I32
  [27, [1, 8]], // I64
  [28, [1, 8]], // F64
  [29, [256, 56]], // IQ1_M
  [30, [1, 2]], // BF16
]);

/** Size in bytes of a tensor's data, or `null` for a type this table does not know. */
export function tensorDataBytes(ggmlType: number, dimensions: readonly (number | bigint)[]): number | null {
  const block = BLOCKS.get(ggmlType);
  if (!block) return null;
  const values = dimensions.reduce<number>((product, d) => product * Number(d), 1);
  return Math.ceil(values / block[0]) * block[1];
}
