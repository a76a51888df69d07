// The evidence bundle names the scope asked and each citation's page as printed, as the PDF viewer counts
// it, and its Bates number (issue 17); what the audit log recorded for the answer wins over the client's.
import type { Citation } from '@quire/inference';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, sha256Hex } from '../../../apps/server/src/audit-log.ts';
import {
  type EvidenceBundleInput,
  renderEvidenceBundle,
  withRecordedAnswer,
} from '../../../apps/server/src/evidence-bundle.ts';
import { tempDir } from '../../helpers/temp.ts';

const citation = (n: number, marks: Pick<Citation, 'page' | 'pageLabel' | 'bates'>): Citation => ({
  n,
  chunkId: `doc${n}:0`,
  documentId: `doc${n}`,
  path: `/matter/exhibit-${n}.pdf`,
  heading: null,
  quote: `Quoted sentence ${n}.`,
  start: 10,
  end: 30,
  verified: true,
  ...marks,
});

const input = (over: Partial<EvidenceBundleInput> = {}): EvidenceBundleInput => ({
  workspace: 'Matter',
  question: 'Who pays for the roof?',
  standaloneQuery: 'Who pays for the roof?',
  answer: 'The landlord pays [1].',
  mode: 'extractive',
  support: 'answered',
  citations: [
    citation(1, { page: 265, pageLabel: '257', bates: 'ACME-0001234' }),
    citation(2, { page: 5, pageLabel: '5', bates: null }),
    citation(3, { page: 2, pageLabel: null, bates: null }),
  ],
  models: { embedding: null, chat: null, rerank: null },
  time: '2026-12-06T10:00:00.000Z',
  threadId: null,
  ...over,
});

describe('renderEvidenceBundle', () => {
  it('names each page as printed and as the PDF counts it, with its Bates number', () => {
    const text = renderEvidenceBundle(input());
    expect(text).toContain('### [1] exhibit-1.pdf, page 257 (PDF page 265) · ACME-0001234\n');
    expect(text).toContain(
      '- Printed page: 257\n- PDF page: 265 (characters 10–30 of the page text)\n- Bates: ACME-0001234\n',
    );
    expect(text).toContain('### [2] exhibit-2.pdf, page 5\n');
    expect(text).toContain('- Printed page: 5\n- PDF page: 5 (characters');
    // No label, no Bates: the physical page alone.
    expect(text).toContain('### [3] exhibit-3.pdf, page 2\n');
    const third = text.slice(text.indexOf('### [3]'));
    expect(third).not.toContain('Printed page');
    expect(third).not.toContain('Bates');
  });

  it('records the scope with its document count, the whole workspace, or nothing when not known', () => {
    const scoped = renderEvidenceBundle(
      input({ scope: { in: ['lease/'], kinds: ['pdf', 'word'] }, scopeDocuments: 3 }),
    );
    expect(scoped).toContain('- Scope: in lease/; kinds pdf, word (3 documents)\n');
    expect(renderEvidenceBundle(input({ scope: { from: ['landlord'] }, scopeDocuments: 1 }))).toContain(
      '- Scope: from landlord (1 document)\n',
    );
    expect(renderEvidenceBundle(input({ scope: null, scopeDocuments: null }))).toContain(
      '- Scope: the whole workspace\n',
    );
    expect(renderEvidenceBundle(input())).not.toContain('- Scope:');
  });
});

describe('withRecordedAnswer', () => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  let log: AuditLog;
  beforeEach(async () => {
    tmp = await tempDir('quire-bundle-');
    log = new AuditLog(tmp.path);
  });
  afterEach(() => tmp.cleanup());

  it('takes the scope and page marks the audit log recorded, keeping the count only for that scope', async () => {
    const answer = input();
    await log.append({
      time: answer.time,
      threadId: null,
      question: answer.question,
      standaloneQuery: answer.standaloneQuery,
      retrievedChunkIds: ['doc1:0'],
      models: { embedding: 'builtin', chat: null, rerank: null },
      mode: 'extractive',
      support: 'answered',
      scope: { in: ['lease/'] },
      answerHash: sha256Hex(answer.answer),
      citations: [
        {
          n: 1,
          chunkId: 'doc1:0',
          documentId: 'doc1',
          path: '/matter/exhibit-1.pdf',
          page: 265,
          pageLabel: '257',
          bates: 'ACME-0001234',
          start: 10,
          end: 30,
          verified: true,
        },
      ],
    });
    const bare = input({ citations: [citation(1, { page: 265 })] });
    const recorded = await withRecordedAnswer({ ...bare, scope: { in: ['lease/'] }, scopeDocuments: 2 }, log);
    expect(recorded.scope).toEqual({ in: ['lease/'] });
    expect(recorded.scopeDocuments).toBe(2);
    expect(recorded.models.embedding).toBe('builtin');
    expect(recorded.citations[0]).toMatchObject({ pageLabel: '257', bates: 'ACME-0001234' });

    // A client claiming another scope: the recorded one, with no count (the client's was for its own).
    const claimed = await withRecordedAnswer({ ...bare, scope: null, scopeDocuments: 10 }, log);
    expect(claimed.scope).toEqual({ in: ['lease/'] });
    expect(claimed.scopeDocuments).toBeNull();
    expect(renderEvidenceBundle(claimed)).toContain('- Scope: in lease/\n');

    // No matching entry: the client's values.
    const other = await withRecordedAnswer(
      { ...bare, question: 'Another?', scope: { kinds: ['email'] } },
      log,
    );
    expect(other.scope).toEqual({ kinds: ['email'] });
    expect(other.citations[0]?.pageLabel).toBeUndefined();
  });
});
