// The live progress of a document's current step on the documents screen (issue 14): pages read while
// parsing, then OCR's pages, chunks embedded; kept while the document stays in its step.
import { describe, expect, it } from 'vitest';
import type { DocumentStatus, IngestEvent, WorkspaceStatus } from '../../../apps/web/src/lib/api.ts';
import { applyIngestEvents, stepValue, viewFromSnapshot } from '../../../apps/web/src/lib/ingest-state.ts';
import { liveStep } from '../../../apps/web/src/lib/step-progress.ts';

const PATH = '/data/acme/DA-619p.pdf';
const ev = (extra: Partial<Extract<IngestEvent, { type: 'document' }>>): IngestEvent => ({
  type: 'document',
  workspace: 'acme',
  path: PATH,
  state: 'parsing',
  ...extra,
});
const empty: WorkspaceStatus = {
  workspace: 'acme',
  indexing: false,
  documents: [] as DocumentStatus[],
  counts: { queued: 0, parsing: 0, embedding: 0, indexed: 0, failed: 0 },
  progress: null,
};

describe('live step progress', () => {
  it('keeps pages while parsing and chunks while embedding, and drops them as the document moves on', () => {
    const rowAfter = (...events: IngestEvent[]) =>
      applyIngestEvents(viewFromSnapshot(empty), events).documents[0];
    const reading = rowAfter(ev({ state: 'queued' }), ev({ parse: { done: 120, total: 619 } }), ev({}));
    expect(reading).toMatchObject({ state: 'parsing', parse: { done: 120, total: 619 } });
    expect(liveStep(reading ?? { state: 'parsing' })).toMatchObject({
      kind: 'pages',
      text: 'Reading pages 120 of 619',
    });
    const embedding = rowAfter(
      ev({ parse: { done: 619, total: 619 } }),
      ev({ state: 'embedding', pages: 619, embed: { done: 64, total: 1589 } }),
      ev({ state: 'embedding', pages: 619 }),
    );
    expect(embedding).not.toHaveProperty('parse');
    expect(embedding).toMatchObject({ state: 'embedding', embed: { done: 64, total: 1589 } });
    expect(liveStep(embedding ?? { state: 'embedding' })?.text).toBe('Embedding passages 64 of 1,589');
    const indexed = rowAfter(
      ev({ state: 'embedding', embed: { done: 1589, total: 1589 } }),
      ev({ state: 'indexed' }),
    );
    expect(indexed).not.toHaveProperty('embed');
    expect(liveStep(indexed ?? { state: 'indexed' })).toBeNull();
  });

  it('shows OCR once it has started, else the pages; ignores unusable counts', () => {
    const both = { parse: { done: 10, total: 10 }, ocr: { done: 2, total: 5 } };
    expect(liveStep({ state: 'parsing', ...both })).toMatchObject({ kind: 'ocr', share: 0.4 });
    expect(liveStep({ state: 'parsing', parse: { done: 0, total: 0 } })).toBeNull();
    expect(liveStep({ state: 'parsing', parse: { done: 700, total: 619 } })).toMatchObject({
      text: 'Reading pages 619 of 619',
      share: 1,
    });
    expect(liveStep({ state: 'queued', parse: { done: 1, total: 2 } })).toBeNull();
    expect(liveStep({ state: 'parsing', embed: { done: 1, total: 2 } })).toBeNull();
  });

  it('fills the current step by the share done, never completing it', () => {
    expect(stepValue('parsing', 0.19)).toBe(1.19);
    expect(stepValue('parsing', 1)).toBe(1.99);
    expect(stepValue('embedding', 0.5)).toBe(2.5);
    expect(stepValue('embedding', null)).toBe(2);
    expect(stepValue('queued', 0.5)).toBe(0);
    expect(stepValue('failed', 0.5)).toBeNull();
  });
});
