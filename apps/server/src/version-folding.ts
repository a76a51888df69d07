// Search folds versions (issue 18): passages of documents that are versions of one another (drafts of a
// contract, a scanned print of one) come back as one hit, the best, listing the others, instead of filling
// the list with the same clause four times.
import type { DocumentVersionRef } from './matter-types.ts';

/** A passage of another version, folded into the best hit of its version group. */
export interface FoldedVersionHit {
  documentId: string;
  path: string;
  page: number;
  chunkId: string;
  text: string;
  score: number;
}

/** What folding reads of a hit. */
export interface FoldableHit {
  documentId: string;
  path: string;
  page: number;
  chunkId: string;
  text: string;
  score: number;
}

export type Folded<H> = H & {
  /** Hits of other versions of this document folded into this one (only on a hit that folded some). */
  otherVersions?: FoldedVersionHit[];
  /** Every other version of this document, matched or not (only when it has versions). */
  versions?: DocumentVersionRef[];
};

/**
 * Folds `hits` (best first) by version group. The document of a group's first hit leads it: its hits stay
 * where they are (other passages of it, not other versions), and every hit of another document of the
 * group leaves the list and is listed in `otherVersions` of the lead's kept hit whose text it shares most
 * words with (the same clause in another draft; the first kept hit when none shares any). Every kept hit
 * whose document has versions lists them in `versions`. Returns at most `k` hits; candidates past the
 * k-th still fold into the kept ones.
 *
 * `versions` maps a document to the other documents of its version group (matter.ts `versionMap`).
 */
export function foldVersions<H extends FoldableHit>(
  hits: readonly H[],
  versions: ReadonlyMap<string, readonly DocumentVersionRef[]>,
  k: number,
): Folded<H>[] {
  /** Per version group (keyed by its smallest document id): the lead document. */
  const leads = new Map<string, string>();
  const kept: Folded<H>[] = [];
  const folding: { group: string; hit: H }[] = [];
  for (const hit of hits) {
    const refs = versions.get(hit.documentId) ?? [];
    if (refs.length === 0) {
      if (kept.length < k) kept.push(hit);
      continue;
    }
    const group = groupKey(hit.documentId, refs);
    const lead = leads.get(group) ?? hit.documentId;
    leads.set(group, lead);
    if (lead !== hit.documentId) folding.push({ group, hit });
    else if (kept.length < k) kept.push({ ...hit, versions: [...refs] });
  }
  for (const { group, hit } of folding) {
    const lead = leads.get(group);
    const into = mostAlike(
      hit.text,
      kept.filter((h) => h.documentId === lead),
    );
    if (into) into.otherVersions = [...(into.otherVersions ?? []), foldedOf(hit)];
  }
  return kept;
}

/** Of `candidates` (best first), the one whose text shares the most words with `text`. */
function mostAlike<H extends FoldableHit>(text: string, candidates: readonly H[]): H | undefined {
  const words = wordSet(text);
  let best: { hit: H; shared: number } | undefined;
  for (const hit of candidates) {
    let shared = 0;
    for (const w of wordSet(hit.text)) if (words.has(w)) shared++;
    if (!best || shared > best.shared) best = { hit, shared };
  }
  return best?.hit;
}

const wordSet = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

/** How many version groups the map holds, and the size of the largest. */
export function versionGroupSizes(versions: ReadonlyMap<string, readonly DocumentVersionRef[]>): {
  groups: number;
  largest: number;
} {
  const keys = new Map<string, number>();
  for (const [id, refs] of versions) if (refs.length > 0) keys.set(groupKey(id, refs), refs.length + 1);
  return { groups: keys.size, largest: Math.max(1, ...keys.values()) };
}

function groupKey(id: string, refs: readonly DocumentVersionRef[]): string {
  return refs.reduce((min, r) => (r.documentId < min ? r.documentId : min), id);
}

function foldedOf(hit: FoldableHit): FoldedVersionHit {
  const { documentId, path, page, chunkId, text, score } = hit;
  return { documentId, path, page, chunkId, text, score };
}
