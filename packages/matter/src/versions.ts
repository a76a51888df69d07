// Versions of one another: documents whose texts are near-duplicates (drafts with edits, a signed scan of a
// typed contract read by OCR). Exact copies are already one document; these are the ones that differ a
// little. Candidate pairs come from locality-sensitive hashing over the MinHash signatures (bands of rows),
// so a large workspace is not compared pair by pair; every candidate is then checked on its full signature.
import { documentSignature, SIGNATURE_SIZE, type Signature, similarity } from './minhash.ts';

/** The similarity (estimated Jaccard of 5-word shingles) from which two documents are versions of one
 *  another. Generated edited drafts and OCR'd prints measure 0.70–0.93 against their original; another deal
 *  on the same contract template 0.50–0.59; unrelated real documents 0 whole, at most 0.32 page by page
 *  (figures and method in docs/versions.md). */
export const VERSION_THRESHOLD = 0.7;

/** The chance, at most, that LSH misses a pair whose similarity is exactly the threshold; pairs above it are
 *  missed less often still. */
export const MAX_MISS_AT_THRESHOLD = 0.01;

export interface VersionPair {
  readonly a: string;
  readonly b: string;
  readonly similarity: number;
}

/** Documents that are versions of one another, with the similarity of every pair in the group (a group is
 *  joined by pairs at or above the threshold, so a few of its pairs may be below it). */
export interface VersionGroup {
  readonly ids: readonly string[];
  readonly pairs: readonly VersionPair[];
}

/** The LSH banding for a threshold: `bands` bands of `rows` signature values each. Two documents become a
 *  candidate pair when all rows of one band agree, which happens with probability 1 − (1 − s^rows)^bands
 *  at similarity s. */
export interface Banding {
  readonly bands: number;
  readonly rows: number;
  /** 1 − P(candidate) at the threshold: the chance a pair of exactly threshold similarity is missed. */
  readonly missAtThreshold: number;
}

/** The banding with the most rows per band (fewest candidates among unrelated documents) whose miss
 *  probability at the threshold is at most MAX_MISS_AT_THRESHOLD. For 0.7: 32 bands × 4 rows, missing 0.015% of pairs at
 *  exactly 0.7 and 10⁻¹⁵ of pairs at 0.9, while a pair at 0.3 becomes a candidate 23% of the time. */
export function bandingFor(threshold: number): Banding {
  let best: Banding = { bands: SIGNATURE_SIZE, rows: 1, missAtThreshold: (1 - threshold) ** SIGNATURE_SIZE };
  for (let rows = 2; rows <= SIGNATURE_SIZE; rows++) {
    const bands = Math.floor(SIGNATURE_SIZE / rows);
    const missAtThreshold = (1 - threshold ** rows) ** bands;
    if (missAtThreshold > MAX_MISS_AT_THRESHOLD) break;
    best = { bands, rows, missAtThreshold };
  }
  return best;
}

export interface VersionDocument {
  readonly id: string;
  readonly text: string;
}

/** Groups of documents that are versions of one another (similarity ≥ threshold, joined transitively),
 *  each group's ids in input order, groups in order of their first document. Documents with no version are
 *  in no group. Pass `signatures` to reuse ones already computed (keyed by id). */
export function findVersions(
  docs: readonly VersionDocument[],
  threshold: number = VERSION_THRESHOLD,
  signatures: ReadonlyMap<string, Signature> = new Map(),
): VersionGroup[] {
  const sigs = docs.map((d) => signatures.get(d.id) ?? documentSignature(d.text));
  const parent = docs.map((_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    for (let j = i; parent[j] !== r; ) {
      const next = parent[j] as number;
      parent[j] = r;
      j = next;
    }
    return r;
  };
  for (const [i, j] of candidatePairs(sigs, bandingFor(threshold))) {
    const ri = root(i);
    const rj = root(j);
    if (ri === rj) continue;
    if (similarity(sigs[i] as Signature, sigs[j] as Signature) >= threshold)
      parent[Math.max(ri, rj)] = Math.min(ri, rj);
  }
  const members = new Map<number, number[]>();
  docs.forEach((_, i) => {
    const r = root(i);
    members.set(r, [...(members.get(r) ?? []), i]);
  });
  return [...members.values()]
    .filter((group) => group.length > 1)
    .map((group) => ({
      ids: group.map((i) => (docs[i] as VersionDocument).id),
      pairs: group.flatMap((i, k) =>
        group.slice(k + 1).map((j) => ({
          a: (docs[i] as VersionDocument).id,
          b: (docs[j] as VersionDocument).id,
          similarity: similarity(sigs[i] as Signature, sigs[j] as Signature),
        })),
      ),
    }));
}

/** Index pairs (i < j) that agree on every row of at least one band, each once, in ascending order. */
function candidatePairs(sigs: readonly Signature[], { bands, rows }: Banding): [number, number][] {
  const pairs = new Set<number>();
  const n = sigs.length;
  for (let band = 0; band < bands; band++) {
    const buckets = new Map<string, number[]>();
    sigs.forEach((sig, i) => {
      if (sig.shingles === 0) return;
      const key = sig.values.subarray(band * rows, (band + 1) * rows).join(',');
      const bucket = buckets.get(key);
      if (bucket) bucket.push(i);
      else buckets.set(key, [i]);
    });
    for (const bucket of buckets.values()) {
      for (let x = 0; x < bucket.length; x++)
        for (let y = x + 1; y < bucket.length; y++)
          pairs.add((bucket[x] as number) * n + (bucket[y] as number));
    }
  }
  return [...pairs].sort((p, q) => p - q).map((p) => [Math.floor(p / n), p % n]);
}
