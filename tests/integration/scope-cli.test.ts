// Scoped search and ask through the `quire` command (issue 17, must-show 3): a matter of generated PDFs,
// a DOCX and emails of 2019–2022 between a landlord and a tenant (tests/fixtures/scoped-matter.ts), added
// and synced full-text only by the real command. Each scope flag returns exactly the documents it names, a
// narrow scope still fills k, an answer cites only in-scope documents, and a thread keeps its scope across
// follow-ups. Searches and asks run the command's own entry point (runCli) in this process, its output
// captured, so that each does not pay for a new Node process; one run of the real binary checks its exit
// code and output. A second workspace of labelled PDFs (tests/fixtures/labelled-pdfs.ts) shows pages named as
// cited: "p. 2 (PDF p. 5)", "p. 2 · ACME-0001235".
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { WorkspaceRegistry } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batesPdf, markerOf, printedNumbersPdf, romanFrontMatterPdf } from '../fixtures/labelled-pdfs.ts';
import { CROWDED_WORD, REPORT_PAGES, type ScopedPath, writeScopedMatter } from '../fixtures/scoped-matter.ts';
import { type CliRun, quireJson, quireJsonInProcess, runQuire, runQuireInProcess } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

interface Scope {
  in?: string[];
  notIn?: string[];
  kinds?: string[];
  since?: string;
  until?: string;
  from?: string[];
  to?: string[];
}
interface Hit {
  path: string;
  page: number;
  pageLabel: string | null;
  bates: string | null;
}
interface SearchJson {
  hits: Hit[];
  scope: Scope | null;
  scopeDocuments: number | null;
}
interface AskJson {
  answer: string;
  support: string;
  citations: (Hit & { quote: string })[];
  sources: Hit[];
  passages: Hit[];
  threadId: string | null;
  time: string;
  scope: Scope | null;
  scopeDocuments: number | null;
}

const TOPIC = 'roof repair';

let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;
let matter: string;

const rel = (path: string) => relative(matter, path);
/** The documents (paths below the matter) among hits, sorted. */
const documentsOf = (hits: readonly Hit[]) => [...new Set(hits.map((h) => rel(h.path)))].sort();
const sorted = (paths: readonly ScopedPath[]) => [...paths].sort();

/** Runs `quire <args>` in this process, capturing what it prints. */
const quire = (args: readonly string[]): Promise<CliRun> => runQuireInProcess(home, args);
const json = <T>(args: readonly string[]): Promise<T> => quireJsonInProcess<T>(home, args);

/** `quire search matter <query> --k 100 <flags> --json`. */
const search = (flags: readonly string[], query = TOPIC, k = 100) =>
  json<SearchJson>(['search', 'matter', query, '--k', String(k), ...flags]);
const ask = (question: string, flags: readonly string[]) =>
  json<AskJson>(['ask', 'matter', question, ...flags]);

/** Every passage an answer came with (sources, citations, closest passages) is in `expected`. */
function expectAnswerWithin(answer: AskJson, expected: readonly ScopedPath[]) {
  expect(answer.sources.length).toBeGreaterThan(0);
  for (const hit of [...answer.sources, ...answer.citations, ...answer.passages])
    expect(expected).toContain(rel(hit.path));
}

beforeAll(async () => {
  tmp = await tempDir('quire-scope-');
  home = join(tmp.path, 'home');
  matter = await writeScopedMatter(join(tmp.path, 'matter'));
  await quireJson(home, ['add', matter, '--workspace', 'matter', '--embedding-model', 'none']);
  const sync = await quireJson<{ indexed: number; failed: unknown[] }>(home, ['sync', 'matter']);
  expect(sync.failed).toEqual([]);
});
afterAll(() => tmp.cleanup());

describe('quire search with a scope', () => {
  it('finds every document without one', async () => {
    const result = await search([]);
    expect(documentsOf(result.hits)).toEqual(
      sorted([
        'lease/lease-2020.pdf',
        'lease/amendment-2021.docx',
        'correspondence/2021/landlord-notice.eml',
        'correspondence/2021/tenant-reply.eml',
        'correspondence/2022/landlord-final.eml',
        'correspondence/2022/landlord-final.eml::1/invoice-2022.pdf',
        'expert/roof-report-2022.pdf',
        'archive/survey-1.pdf',
        'archive/survey-2.pdf',
        'archive/survey-3.pdf',
      ]),
    );
    expect(result.scope).toBeNull();
    expect(result.scopeDocuments).toBeNull();
    for (const hit of result.hits) expect(hit).toMatchObject({ pageLabel: null, bates: null });
  });

  it('--in a folder: the documents below it, an attachment by where its email is', async () => {
    const result = await search(['--in', 'correspondence/2022/']);
    expect(documentsOf(result.hits)).toEqual(
      sorted([
        'correspondence/2022/landlord-final.eml',
        'correspondence/2022/landlord-final.eml::1/invoice-2022.pdf',
      ]),
    );
    expect(result.scope).toEqual({ in: ['correspondence/2022/'] });
    expect(result.scopeDocuments).toBe(2);
  });

  it('--in by file name, repeated: either name', async () => {
    const result = await search(['--in', 'lease-*.pdf', '--in', 'invoice-2022.pdf']);
    expect(documentsOf(result.hits)).toEqual(
      sorted(['lease/lease-2020.pdf', 'correspondence/2022/landlord-final.eml::1/invoice-2022.pdf']),
    );
    expect(result.scopeDocuments).toBe(2);
  });

  it('--not-in, repeated: neither folder', async () => {
    const result = await search(['--not-in', 'archive/', '--not-in', 'correspondence/**']);
    expect(documentsOf(result.hits)).toEqual(
      sorted(['lease/lease-2020.pdf', 'lease/amendment-2021.docx', 'expert/roof-report-2022.pdf']),
    );
    expect(result.scope).toEqual({ notIn: ['archive/', 'correspondence/**'] });
  });

  it('--kind, comma-separated or repeated: only those kinds (an attached PDF is a PDF)', async () => {
    const words = await search(['--kind', 'word']);
    expect(documentsOf(words.hits)).toEqual(['lease/amendment-2021.docx']);
    const mixed = await search(['--kind', 'email', '--kind', 'word']);
    expect(documentsOf(mixed.hits)).toEqual(
      sorted([
        'lease/amendment-2021.docx',
        'correspondence/2021/landlord-notice.eml',
        'correspondence/2021/tenant-reply.eml',
        'correspondence/2022/landlord-final.eml',
      ]),
    );
    expect(mixed.scope).toEqual({ kinds: ['email', 'word'] });
  });

  it('--since and --until: documents dated in the range (email Date, PDF and DOCX metadata)', async () => {
    const year2021 = await search(['--since', '2021-01-01', '--until', '2021-12-31']);
    expect(documentsOf(year2021.hits)).toEqual(
      sorted([
        'lease/amendment-2021.docx',
        'correspondence/2021/landlord-notice.eml',
        'correspondence/2021/tenant-reply.eml',
      ]),
    );
    const from2022 = await search(['--since', '2022-01-13']);
    // The invoice is dated the 12th, but came with an email of the 14th.
    expect(documentsOf(from2022.hits)).toEqual(
      sorted([
        'correspondence/2022/landlord-final.eml',
        'correspondence/2022/landlord-final.eml::1/invoice-2022.pdf',
        'expert/roof-report-2022.pdf',
      ]),
    );
    const before2020 = await search(['--until', '2019-12-31']);
    expect(documentsOf(before2020.hits)).toEqual(
      sorted(['archive/survey-1.pdf', 'archive/survey-2.pdf', 'archive/survey-3.pdf']),
    );
  });

  it('--from and --to: emails by sender or recipient, with what they carried', async () => {
    const fromLandlord = await search(['--from', 'landlord@example.com']);
    expect(documentsOf(fromLandlord.hits)).toEqual(
      sorted([
        'correspondence/2021/landlord-notice.eml',
        'correspondence/2022/landlord-final.eml',
        'correspondence/2022/landlord-final.eml::1/invoice-2022.pdf',
      ]),
    );
    // A part of the sender's name, any case.
    const fromTom = await search(['--from', 'tom tenant']);
    expect(documentsOf(fromTom.hits)).toEqual(['correspondence/2021/tenant-reply.eml']);
    const toAgent = await search(['--to', 'agent@example.com']);
    expect(documentsOf(toAgent.hits)).toEqual(
      sorted([
        'correspondence/2022/landlord-final.eml',
        'correspondence/2022/landlord-final.eml::1/invoice-2022.pdf',
      ]),
    );
  });

  it('several flags at once: a document must pass every one', async () => {
    const result = await search([
      '--in',
      'correspondence/',
      '--kind',
      'email',
      '--from',
      'landlord',
      '--since',
      '2021-06-01',
    ]);
    expect(documentsOf(result.hits)).toEqual(['correspondence/2022/landlord-final.eml']);
    expect(result.scope).toEqual({
      in: ['correspondence/'],
      kinds: ['email'],
      since: '2021-06-01',
      from: ['landlord'],
    });
    expect(result.scopeDocuments).toBe(1);
  });

  it('fills k under a narrow scope that the whole workspace would crowd out', async () => {
    const unscoped = await search([], CROWDED_WORD, 3);
    expect(unscoped.hits).toHaveLength(3);
    expect(documentsOf(unscoped.hits).every((p) => p.startsWith('archive/'))).toBe(true);

    const scoped = await search(['--in', 'expert/'], CROWDED_WORD, 3);
    expect(scoped.hits).toHaveLength(3);
    expect(documentsOf(scoped.hits)).toEqual(['expert/roof-report-2022.pdf']);
    expect(new Set(scoped.hits.map((h) => h.page)).size).toBe(3);
    const all = await search(['--in', 'expert/'], CROWDED_WORD, 10);
    expect(all.hits.map((h) => h.page).sort()).toEqual(Array.from({ length: REPORT_PAGES }, (_, i) => i + 1));
  });

  it('prints the scope and its document count, and pages as cited (the real binary)', async () => {
    const run = await runQuire(home, ['search', 'matter', TOPIC, '--in', 'lease/']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Scope: in lease/ (2 documents)\n');
    expect(run.stdout).toContain(`${join(matter, 'lease/lease-2020.pdf')} p. 1`);
    expect(run.stdout).not.toContain('archive');
  });

  it('rejects a scope that cannot be, saying why, as other invalid input', async () => {
    const cases: [string[], string][] = [
      [['--kind', 'pdf,spreadsheet'], 'Unknown kind "spreadsheet": the kinds are pdf, word, email'],
      [['--since', '2021-13-01'], 'Invalid scope: since: not a calendar date'],
      [['--until', '1 May 2021'], 'Invalid scope: until: expected a date as YYYY-MM-DD'],
      [['--since', '2022-01-01', '--until', '2021-01-01'], '"since" must not be after "until"'],
      [['--in', ' '], 'Invalid scope: in.0'],
    ];
    for (const [flags, message] of cases) {
      const run = await quire(['search', 'matter', TOPIC, ...flags]);
      expect(run.code, flags.join(' ')).toBe(1);
      expect(run.stderr).toContain(message);
      expect(run.stderr).toContain('[invalid-request]');
      expect(run.stdout).toBe('');
    }
  });
});

describe('quire ask with a scope', () => {
  const LEASE: ScopedPath[] = ['lease/lease-2020.pdf', 'lease/amendment-2021.docx'];
  const FROM_LANDLORD: ScopedPath[] = [
    'correspondence/2021/landlord-notice.eml',
    'correspondence/2022/landlord-final.eml',
    'correspondence/2022/landlord-final.eml::1/invoice-2022.pdf',
  ];

  it('answers from the scope only, and a thread keeps its scope until given another', async () => {
    const first = await ask('Who pays for the roof repair?', ['--in', 'lease/', '--new-thread']);
    expect(first.scope).toEqual({ in: ['lease/'] });
    expect(first.scopeDocuments).toBe(2);
    expectAnswerWithin(first, LEASE);
    const thread = first.threadId ?? '';
    expect(thread).not.toBe('');

    const followUp = await ask('And the rent?', ['--thread', thread]);
    expect(followUp.threadId).toBe(thread);
    expect(followUp.scope).toEqual(first.scope);
    expect(followUp.scopeDocuments).toBe(2);
    expectAnswerWithin(followUp, LEASE);

    const replaced = await ask('When is the roof repair finished?', [
      '--thread',
      thread,
      '--from',
      'landlord',
    ]);
    expect(replaced.scope).toEqual({ from: ['landlord'] });
    expect(replaced.scopeDocuments).toBe(3);
    expectAnswerWithin(replaced, FROM_LANDLORD);

    const kept = await ask('What does the invoice cover?', ['--thread', thread]);
    expect(kept.scope).toEqual({ from: ['landlord'] });
    expectAnswerWithin(kept, FROM_LANDLORD);

    const widened = await ask('What did the survey find?', ['--thread', thread, '--whole-workspace']);
    expect(widened.scope).toBeNull();
    expect(widened.scopeDocuments).toBeNull();
    expect(widened.sources.some((s) => rel(s.path).startsWith('archive/'))).toBe(true);

    // The thread's turns and the audit log record each turn's scope.
    const scopes = [
      { in: ['lease/'] },
      { in: ['lease/'] },
      { from: ['landlord'] },
      { from: ['landlord'] },
      null,
    ];
    const shown = await json<{ turns: { question: string; scope: Scope | null }[] }>([
      'threads',
      'matter',
      '--show',
      thread,
    ]);
    expect(shown.turns.map((t) => t.scope)).toEqual(scopes);
    const dir = new WorkspaceRegistry(home).dir('matter');
    const audit = (await readFile(join(dir, 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { threadId: string | null; scope: Scope | null; time: string });
    const ofThread = audit.filter((e) => e.threadId === thread);
    expect(ofThread.map((e) => e.scope)).toEqual(scopes);
    expect(ofThread[0]?.time).toBe(first.time);
  });

  it('rejects --whole-workspace with a scope flag', async () => {
    const run = await quire(['ask', 'matter', 'Who pays?', '--whole-workspace', '--in', 'lease/']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--whole-workspace cannot be given with other scope flags');
  });

  it('prints the scope and writes it into the evidence bundle', async () => {
    const bundle = join(tmp.path, 'bundle.md');
    const run = await quire([
      'ask',
      'matter',
      'Who pays for the roof repair?',
      '--in',
      'lease/',
      '--export',
      bundle,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Scope: in lease/ (2 documents)\n');
    expect(run.stdout).not.toMatch(/correspondence|archive|expert/);
    const text = await readFile(bundle, 'utf8');
    expect(text).toContain('- Scope: in lease/ (2 documents)\n');
    expect(text).not.toMatch(/correspondence|archive|expert/);
  });
});

describe('pages as cited in the human output', () => {
  let exhibits: string;
  beforeAll(async () => {
    exhibits = join(tmp.path, 'exhibits');
    await mkdir(exhibits);
    await writeFile(join(exhibits, 'roman.pdf'), await romanFrontMatterPdf());
    await writeFile(join(exhibits, 'printed.pdf'), await printedNumbersPdf());
    await writeFile(join(exhibits, 'bates.pdf'), await batesPdf());
    await json(['add', exhibits, '--workspace', 'exhibits', '--embedding-model', 'none']);
    const sync = await quireJson<{ failed: unknown[] }>(home, ['sync', 'exhibits']);
    expect(sync.failed).toEqual([]);
  });

  it('search: the printed page, the PDF page when it differs, and the Bates number', async () => {
    const cases: [string, string, string, Omit<Hit, 'path'>][] = [
      // Physical page 5 of the handbook is printed "2" (after i–iii); page 1 of the review prints "5".
      [markerOf('roman', 5), 'roman.pdf', 'p. 2 (PDF p. 5)', { page: 5, pageLabel: '2', bates: null }],
      [markerOf('printed', 1), 'printed.pdf', 'p. 5 (PDF p. 1)', { page: 1, pageLabel: '5', bates: null }],
      [
        markerOf('bates', 2),
        'bates.pdf',
        'p. 2 · ACME-0001235',
        { page: 2, pageLabel: '2', bates: 'ACME-0001235' },
      ],
    ];
    for (const [word, file, cited, marks] of cases) {
      const run = await quire(['search', 'exhibits', word, '--k', '1']);
      expect(run.stdout).toContain(`1. ${join(exhibits, file)} ${cited} (`);
      const { hits } = await json<SearchJson>(['search', 'exhibits', word, '--k', '1']);
      expect(hits[0]).toMatchObject({ path: join(exhibits, file), ...marks });
    }
  });

  it('ask and its evidence bundle: the page as printed with the PDF page', async () => {
    const bundle = join(tmp.path, 'exhibits.md');
    const question = `What does the ${markerOf('roman', 5)} clause set out?`;
    const run = await quire(['ask', 'exhibits', question, '--export', bundle]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${join(exhibits, 'roman.pdf')} p. 2 (PDF p. 5)`);
    const text = await readFile(bundle, 'utf8');
    expect(text).toContain('### [1] roman.pdf, page 2 (PDF page 5)\n');
    expect(text).toContain('- Printed page: 2\n- PDF page: 5 (characters');
    expect(text).toContain('- Scope: the whole workspace\n');
  });
});
