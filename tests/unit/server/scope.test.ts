// The rules of a scope (issue 17): path globs, kinds, dates and email parties, and what attachments
// inherit from their email. Resolution runs against a real LanceDB store on disk.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkScope,
  describeScope,
  matchesGlob,
  parseKinds,
  resolveScope,
  type Scope,
} from '../../../apps/server/src/scope.ts';
import { LanceVectorStore } from '../../../packages/index/src/lance-store.ts';
import {
  chunkId,
  type DocumentRecord,
  documentId,
  type StoredPath,
} from '../../../packages/index/src/types.ts';
import { tempDir } from '../../helpers/temp.ts';

const FOLDER = '/matters/acme';

describe('matchesGlob', () => {
  it('matches relative to the watched folder, by absolute path, and by file name for a glob without a slash', () => {
    const path = `${FOLDER}/correspondence/2021/letter to landlord.pdf`;
    expect(matchesGlob('correspondence/**', path, [FOLDER])).toBe(true);
    expect(matchesGlob('correspondence/', path, [FOLDER])).toBe(true);
    expect(matchesGlob('correspondence/2021/*.pdf', path, [FOLDER])).toBe(true);
    expect(matchesGlob(`${FOLDER}/correspondence/**`, path, [FOLDER])).toBe(true);
    expect(matchesGlob('letter*', path, [FOLDER])).toBe(true);
    expect(matchesGlob('LETTER TO LANDLORD.PDF', path, [FOLDER])).toBe(true);
    expect(matchesGlob('lease/**', path, [FOLDER])).toBe(false);
    expect(matchesGlob('*.docx', path, [FOLDER])).toBe(false);
  });

  it('matches an attachment by its own name, and by where its email is for folder globs', () => {
    const attachment = `${FOLDER}/correspondence/notice.eml::1/survey report.pdf`;
    expect(matchesGlob('survey*.pdf', attachment, [FOLDER])).toBe(true);
    expect(matchesGlob('correspondence/', attachment, [FOLDER])).toBe(true);
    expect(matchesGlob('*.eml', attachment, [FOLDER])).toBe(false);
  });
});

describe('checking a scope', () => {
  it('drops empty fields and refuses bad dates, unknown kinds and a reversed range', () => {
    expect(checkScope({ in: [], kinds: [] })).toBeNull();
    expect(checkScope({ kinds: ['pdf', 'pdf'], since: '2021-01-01' })).toEqual({
      kinds: ['pdf'],
      since: '2021-01-01',
    });
    expect(() => checkScope({ since: '2021-13-40' })).toThrow(/since/);
    expect(() => checkScope({ since: '03/12/2021' })).toThrow(/YYYY-MM-DD/);
    expect(() => checkScope({ since: '2022-01-01', until: '2021-01-01' })).toThrow(/after/);
    expect(() => parseKinds(['pdf,spreadsheet'])).toThrow(/Unknown kind "spreadsheet".*pdf, word/);
    expect(parseKinds(['PDF, email', 'word'])).toEqual(['pdf', 'email', 'word']);
    expect(describeScope({ in: ['lease/'], kinds: ['pdf'], since: '2021-01-01' })).toBe(
      'in lease/; kinds pdf; since 2021-01-01',
    );
    expect(describeScope(null)).toBe('the whole workspace');
  });
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Doc {
  name: string;
  kind: string;
  date?: string;
  email?: { from: string; to: string[]; date: string };
  parent?: string;
}

const hex = (n: number) => n.toString(16).padStart(64, '0');

/** A store holding `docs` (one chunk each) at `<FOLDER>/<name>`, attachments under their email's path. */
async function storeOf(docs: Doc[]): Promise<{ store: LanceVectorStore; idOf: Map<string, string> }> {
  const dir = await tempDir('quire-scope-');
  cleanups.push(dir.cleanup);
  const store = await LanceVectorStore.open(join(dir.path, 'index'), { embedding: null });
  cleanups.push(() => store.close());
  const idOf = new Map<string, string>();
  const records: DocumentRecord[] = docs.map((d, i) => {
    const id = documentId(hex(i + 1));
    idOf.set(d.name, id);
    const text = `Text of ${d.name}.`;
    return {
      document: {
        id,
        kind: d.kind,
        title: null,
        pageCount: 1,
        chunkCount: 1,
        indexedAt: 1,
        date: d.date
          ? { value: d.date, source: 'text' }
          : d.email
            ? { value: d.email.date, source: 'email' }
            : null,
        email: d.email
          ? {
              from: d.email.from,
              to: d.email.to,
              cc: [],
              date: `${d.email.date}T10:00:00.000Z`,
              subject: d.name,
              messageId: null,
              inReplyTo: null,
              references: [],
            }
          : null,
      },
      pages: [{ documentId: id, page: 1, text }],
      chunks: [
        {
          id: chunkId(id, 0),
          documentId: id,
          ordinal: 0,
          page: 1,
          headingPath: [],
          start: 0,
          end: text.length,
          text,
          tokenCount: 3,
        },
      ],
      vectors: null,
    };
  });
  await store.addDocuments(records);
  const paths: StoredPath[] = docs.map((d) => ({
    path: `${FOLDER}/${d.name}`,
    documentId: documentId(idOf.get(d.name) ?? ''),
    size: 1,
    mtimeMs: 1,
    errorCode: null,
    errorMessage: null,
    parent: d.parent ? `${FOLDER}/${d.parent}` : null,
  }));
  await store.upsertPaths(paths);
  return { store, idOf };
}

const MATTER: Doc[] = [
  { name: 'lease/lease.docx', kind: 'docx', date: '2019-05-01' },
  { name: 'lease/amendment 1.pdf', kind: 'pdf', date: '2021-02-10' },
  {
    name: 'correspondence/notice.eml',
    kind: 'email',
    email: { from: 'Landlord <landlord@acme.example>', to: ['tenant@shop.example'], date: '2021-03-09' },
  },
  {
    name: 'correspondence/notice.eml::1/survey.pdf',
    kind: 'pdf',
    date: '2018-01-01',
    parent: 'correspondence/notice.eml',
  },
  {
    name: 'correspondence/reply.eml',
    kind: 'email',
    email: { from: 'Tenant <tenant@shop.example>', to: ['landlord@acme.example'], date: '2022-01-04' },
  },
  { name: 'expert/report.pdf', kind: 'pdf' },
];

describe('resolving a scope against an index', () => {
  it('keeps exactly the documents each rule allows; attachments inherit their email’s date and sender', async () => {
    const { store, idOf } = await storeOf(MATTER);
    const names = (ids: readonly string[]) =>
      [...idOf]
        .filter(([, id]) => ids.includes(id))
        .map(([name]) => name)
        .sort();
    const inScope = async (scope: Scope) => {
      const resolved = await resolveScope(store, scope, [FOLDER]);
      if (!resolved) throw new Error('no filter');
      const all = [...idOf.values()];
      const ids =
        'include' in resolved.filter
          ? [...resolved.filter.include]
          : all.filter(
              (id) => !('exclude' in resolved.filter && resolved.filter.exclude.includes(id as never)),
            );
      expect(resolved.documents).toBe(ids.length);
      return names(ids);
    };
    expect(await resolveScope(store, {}, [FOLDER])).toBeNull();
    expect(await inScope({ in: ['lease/'] })).toEqual(['lease/amendment 1.pdf', 'lease/lease.docx']);
    expect(await inScope({ notIn: ['correspondence/'] })).toEqual([
      'expert/report.pdf',
      'lease/amendment 1.pdf',
      'lease/lease.docx',
    ]);
    expect(await inScope({ kinds: ['word'] })).toEqual(['lease/lease.docx']);
    expect(await inScope({ since: '2021-01-01', until: '2021-12-31' })).toEqual([
      'correspondence/notice.eml',
      'correspondence/notice.eml::1/survey.pdf',
      'lease/amendment 1.pdf',
    ]);
    expect(await inScope({ from: ['LANDLORD@acme'] })).toEqual([
      'correspondence/notice.eml',
      'correspondence/notice.eml::1/survey.pdf',
    ]);
    expect(await inScope({ to: ['landlord'] })).toEqual(['correspondence/reply.eml']);
    expect(await inScope({ kinds: ['pdf'], from: ['landlord'] })).toEqual([
      'correspondence/notice.eml::1/survey.pdf',
    ]);
    // A document without a date is never in a date range.
    expect(await inScope({ until: '2030-01-01' })).not.toContain('expert/report.pdf');
  });
});
