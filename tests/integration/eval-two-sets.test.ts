// Retrieval measured on the two question sets, through the real CLI: the set written here (eval/) and
// the real documents of ../shared/realdocs, which no code was written against. Hybrid retrieval must never
// lose to either of its lists on either set by more than one question, must stay at the floors measured
// (a little under the figures in docs/retrieval.md), and every extractive citation must quote whole
// sentences. Unanswerable
// questions are reported, not asserted, and so are the shares given as answered.
import { existsSync } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEvalDocuments } from '../../eval/build-documents.ts';
import { quireJson, quireJsonInProcess } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REALDOCS = resolve(ROOT, '../shared/realdocs');
const LONG = { timeoutMs: 600_000 };

interface Scores {
  pageHit1: number;
  pageHit5: number;
  mrr10: number;
  answerable: number;
}
type Modes = Record<'fulltext' | 'vector' | 'hybrid', Scores>;
interface Report {
  summary: {
    retrieval: Modes;
    byDocument: Record<string, Modes>;
    answers: { share: number | null };
    support: { unanswerableAnswered: number | null; answerableAnswered: number | null; unanswerable: number };
    citations: { total: number; verified: number; wholeSentences?: number };
  };
  questions: { id: string; firstHit: Partial<Record<keyof Modes, number | null>>; support: string }[];
}

/** The shares of unanswerable and answerable questions given as answered (values are docs/retrieval.md's). */
function reportsSupport(report: Report, unanswerable: number): void {
  const { support } = report.summary;
  expect(support.unanswerable).toBe(unanswerable);
  for (const share of [support.unanswerableAnswered, support.answerableAnswered]) {
    expect(share).toBeGreaterThanOrEqual(0);
    expect(share).toBeLessThanOrEqual(1);
  }
  for (const q of report.questions) expect(['answered', 'closest', 'not-found']).toContain(q.support);
}

let tmp: Awaited<ReturnType<typeof tempDir>>;
let home: string;

beforeAll(async () => {
  tmp = await tempDir('quire-two-sets-');
  home = join(tmp.path, 'home');
  const docs = join(tmp.path, 'eval-docs');
  await buildEvalDocuments(docs);
  // The syncs run the real `quire` binary; `add`, status and the evals run its entry point in this process.
  await quireJsonInProcess(home, ['add', docs, '--workspace', 'written']);
  await quireJsonInProcess(home, ['add', REALDOCS, '--workspace', 'real']);
  await quireJson(home, ['sync', 'written'], LONG);
  await quireJson(home, ['sync', 'real'], LONG);
}, 900_000);

afterAll(() => tmp?.cleanup());

/**
 * Hybrid retrieval at or above each of its lists on every measure, give or take one question: a list may
 * be ahead by at most one question's worth (1 / answerable questions). On the real documents hybrid and
 * full text tie at page-hit@5 and MRR@10 while full text is one question ahead at page-hit@1
 * (docs/retrieval.md, "After the new formats"); a loss of two questions or more fails.
 */
function neverLoses(retrieval: Modes): void {
  const oneQuestion = 1 / retrieval.hybrid.answerable;
  for (const measure of ['pageHit1', 'pageHit5', 'mrr10'] as const) {
    for (const list of ['fulltext', 'vector'] as const) {
      expect(retrieval.hybrid[measure], `${measure}: hybrid against ${list}`).toBeGreaterThanOrEqual(
        retrieval[list][measure] - oneQuestion - 1e-9,
      );
    }
  }
}

/**
 * What `quire sync` of ../shared/realdocs leaves of each file there: indexed, or failed with this code.
 * Mail is not read yet (issue 16), nor is the legacy PowerPoint `.ppt`; `qa.jsonl` is this folder's
 * question set, a file of no type Quire reads. Every other file is indexed.
 */
const REALDOCS_NOT_INDEXED: Record<string, string> = {
  // Encrypted mail: the card is indexed, the body listed as encrypted.
  'email/fake-encrypted.eml::1/encrypted.asc': 'encrypted',
  'email/fake-encrypted.msg::1/ATT00002.bin': 'encrypted',
  // The sample's "report.pdf" is 26 bytes of placeholder text, not a PDF.
  'email/msg_with_attachment.msg::2/report.pdf': 'corrupt',
  'office/fake-power-point.ppt': 'unsupported-type',
  'qa.jsonl': 'unsupported-type',
};

/** The attachments of the mail files, each listed after its email (`<email>::<n>/<name>`). */
const REALDOCS_ATTACHMENTS = [
  'email/eml_with_attachment.eml::1/test.txt',
  'email/fake-email-attachment.eml::1/fake-attachment.txt',
  'email/fake-email-attachment.msg::1/fake-attachment.txt',
  'email/fake-encrypted.eml::1/encrypted.asc',
  'email/fake-encrypted.msg::1/ATT00002.bin',
  'email/msg_with_attachment.msg::1/test.txt',
  'email/msg_with_attachment.msg::2/report.pdf',
];

describe('every file of the real documents folder', () => {
  it('is indexed or listed with a code, none skipped in silence', async () => {
    const files = (await readdir(REALDOCS, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => relative(REALDOCS, join(entry.parentPath, entry.name)))
      .sort();
    const status = await quireJsonInProcess<{
      documents: { path: string; state: string; error?: { code: string } | null; parent?: string }[];
    }>(home, ['status', 'real']);
    // Paths compared as real paths: ../shared may be reached through a symbolic link (as CI's clone is);
    // an attachment's path is its email file's, then `::<n>/<name>`.
    const root = await realpath(REALDOCS);
    const outcome: Record<string, string> = {};
    for (const d of status.documents) {
      const file = d.path.includes('::') && d.parent ? d.path.slice(0, d.path.indexOf('::')) : d.path;
      const key = relative(root, await realpath(file)) + d.path.slice(file.length);
      outcome[key] = d.state === 'indexed' ? 'indexed' : (d.error?.code ?? d.state);
    }
    const everything = [...files, ...REALDOCS_ATTACHMENTS].sort();
    expect(Object.keys(outcome).sort()).toEqual(everything);
    expect(outcome).toEqual(
      Object.fromEntries(everything.map((file) => [file, REALDOCS_NOT_INDEXED[file] ?? 'indexed'])),
    );
  });
});

describe('retrieval on two question sets (built-in model)', () => {
  it('on the real documents: hybrid at or above each list, at the measured floors, every language scored', async () => {
    expect(existsSync(join(REALDOCS, 'qa.jsonl'))).toBe(true);
    const report = await quireJsonInProcess<Report>(home, ['eval', 'real', join(REALDOCS, 'qa.jsonl')]);
    const { retrieval, byDocument } = report.summary;
    // All 93 questions are scored, Korean and Arabic included (they used to fail on an all-zero vector).
    expect(report.questions).toHaveLength(93);
    expect(retrieval.hybrid.answerable).toBe(79);
    neverLoses(retrieval);
    expect(retrieval.hybrid.pageHit5).toBeGreaterThanOrEqual(0.91);
    expect(retrieval.hybrid.mrr10).toBeGreaterThanOrEqual(0.82);
    const otherScripts = ['korean-text-with-tables.pdf', 'normal_4pages.pdf', 'right_to_left_01.pdf'].map(
      (doc) => byDocument[doc]?.hybrid,
    );
    const answerable = otherScripts.reduce((sum, s) => sum + (s?.answerable ?? 0), 0);
    const hits = otherScripts.reduce((sum, s) => sum + (s ? s.pageHit5 * s.answerable : 0), 0);
    expect(answerable).toBe(9);
    expect(hits / answerable).toBeGreaterThanOrEqual(0.8);
    // Extractive answers quote whole sentences of the page, never a piece cut mid-sentence.
    const { citations } = report.summary;
    expect(citations.total).toBeGreaterThan(79);
    expect(citations.wholeSentences).toBe(citations.total);
    // Measured 0.608 (48 of 79 answers open with the evidence phrase); a floor against regressions.
    expect(report.summary.answers.share).toBeGreaterThanOrEqual(0.55);
    reportsSupport(report, 14);
  });

  it('on the set written here: hybrid at or above each list, at the measured floors', async () => {
    const report = await quireJsonInProcess<Report>(home, ['eval', 'written', join(ROOT, 'eval/qa.jsonl')]);
    const { retrieval } = report.summary;
    expect(retrieval.hybrid.answerable).toBe(111);
    neverLoses(retrieval);
    expect(retrieval.hybrid.pageHit5).toBeGreaterThanOrEqual(0.85);
    expect(retrieval.hybrid.mrr10).toBeGreaterThanOrEqual(0.68);
    expect(report.summary.citations.wholeSentences).toBe(report.summary.citations.total);
    // Measured 0.459.
    expect(report.summary.answers.share).toBeGreaterThanOrEqual(0.42);
    reportsSupport(report, 18);
  });
});
