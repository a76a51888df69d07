import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DocumentId, LanceVectorStore } from '@quire/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MatterOverview } from '../../apps/server/src/matter-types.ts';
import { eml } from '../fixtures/mail.ts';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { writeTinyLlama } from '../fixtures/tiny-models.ts';
import { quireJson, quireJsonInProcess, runQuire } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

// Must-show 2 of issue 18: the overview lists every indexed document; its extractive summary sentences are
// citations verified against the stored pages; with a (scripted, tiny) chat model the summary is written
// by the model, cited and verified, through the real node-llama-cpp path.

const LEASE_PAGES = [
  'RESIDENTIAL LEASE\n\nThis lease is made on 1 March 2014 between Harbor Properties LLC ("Landlord") and Jane Smith ("Tenant").\n' +
    'The tenant pays a monthly rent of 900 euros to the landlord on the first day of each month.\n' +
    'The landlord keeps the building insured and repairs the roof, the walls and the heating.',
  'NOTICE\n\nThe tenant may end the lease by giving the landlord sixty days of written notice.\n' +
    'The landlord returns the deposit of the tenant within thirty days after the lease ends.\n' +
    'The rent of the flat is reviewed by the landlord and the tenant every two years.',
];
const INSPECTION =
  'Inspection report\n\nThe inspector visited the flat on 12 June 2015 and found the heating working.\n' +
  'The inspector found damp on the north wall of the bedroom and asked the landlord to repair it.\n' +
  'The tenant said the damp had been there since the winter and the landlord agreed to repair the wall.';

let dir: { path: string; cleanup: () => Promise<void> };
let home: string;
let folder: string;
let overview: MatterOverview;

beforeAll(async () => {
  dir = await tempDir();
  home = join(dir.path, 'home');
  folder = join(dir.path, 'matter');
  await mkdir(join(folder, 'mail'), { recursive: true });
  await writeFile(join(folder, 'lease.pdf'), await simplePdf(LEASE_PAGES));
  await writeFile(join(folder, 'inspection.pdf'), await simplePdf([INSPECTION]));
  await writeFile(
    join(folder, 'mail', 'repair.eml'),
    eml({
      messageId: 'repair-1@example.com',
      from: 'Jane Smith <jane@example.com>',
      to: 'Harbor Properties <office@harbor.example>',
      subject: 'Damp in the bedroom',
      date: 'Mon, 15 Jun 2015 09:00:00 +0000',
      body: 'The damp on the north wall of the bedroom is getting worse every week since the inspection.\nPlease send someone to repair the wall before the end of the month as the inspector asked.',
    }),
  );
  await writeFile(join(folder, 'broken.pdf'), '%PDF-1.7 not really a pdf');
  await quireJson(home, ['add', folder, '--workspace', 'flat', '--embedding-model', 'none']);
  await quireJson(home, ['sync', 'flat']);
  overview = await quireJsonInProcess<MatterOverview>(home, ['overview', 'flat']);
}, 120_000);
afterAll(() => dir.cleanup());

describe('quire overview', () => {
  it('lists every indexed document once, grouped by kind and dated', async () => {
    const status = await quireJson<{ documents: { path: string; state: string }[] }>(home, [
      'status',
      'flat',
    ]);
    const indexed = status.documents.filter((d) => d.state === 'indexed').map((d) => d.path);
    expect(indexed).toHaveLength(3);
    expect(overview.documents.map((d) => d.path).sort()).toEqual([...indexed].sort());
    expect(overview.pending).toBe(0);
    const grouped = overview.groups.flatMap((g) => g.documentIds);
    expect(grouped.sort()).toEqual(overview.documents.map((d) => d.documentId).sort());
    expect(overview.groups.map((g) => g.kind)).toEqual(['pdf', 'email']);
    const byPath = new Map(overview.documents.map((d) => [d.path.slice(folder.length + 1), d]));
    expect(byPath.get('lease.pdf')?.pageCount).toBe(2);
    expect(byPath.get('lease.pdf')?.parties).toEqual(['Harbor Properties LLC', 'Jane Smith']);
    expect(byPath.get('mail/repair.eml')?.parties).toEqual([
      'Jane Smith <jane@example.com>',
      'Harbor Properties <office@harbor.example>',
    ]);
    expect(byPath.get('mail/repair.eml')?.date).toEqual({ value: '2015-06-15', source: 'email' });
    expect(overview.documents.some((d) => d.path.endsWith('broken.pdf'))).toBe(false);
  });

  it('summarises each document in sentences that are verified quotes of its pages', async () => {
    const store = await LanceVectorStore.openExisting(join(home, 'flat', 'index'));
    try {
      let checked = 0;
      for (const doc of overview.documents) {
        expect(doc.summary.mode).toBe('extractive');
        expect(doc.summary.sentences.length).toBeGreaterThan(0);
        for (const sentence of doc.summary.sentences) {
          expect(sentence.citations).toHaveLength(1);
          const [c] = sentence.citations;
          if (!c) continue;
          expect(c.verified).toBe(true);
          expect(c.quote).toBe(sentence.text);
          const page = await store.getPage(c.documentId as DocumentId, c.page);
          expect(page?.text.slice(c.start, c.end)).toBe(c.quote);
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(3);
    } finally {
      await store.close();
    }
  });

  it('prints a readable overview in plain mode (the real binary)', async () => {
    const run = await runQuire(home, ['overview', 'flat']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^pdf \(2\)$/m);
    expect(run.stdout).toMatch(/^email \(1\)$/m);
    expect(run.stdout).toContain('Parties: Harbor Properties LLC; Jane Smith');
  });
});

describe('quire overview with a chat model (scripted tiny GGUF through node-llama-cpp)', () => {
  it("writes the lease's summary with the model, each sentence's quote verified on its page", async () => {
    const model = join(dir.path, 'summary.gguf');
    await writeTinyLlama(model, {
      reply: ['▁The', '▁tenant', '▁pays', '▁a', '▁monthly', '▁rent', '▁[', '1', ']', '.'],
      name: 'tiny-summary',
    });
    const withModel = await quireJsonInProcess<MatterOverview>(home, [
      'overview',
      'flat',
      '--chat-model',
      model,
    ]);
    const lease = withModel.documents.find((d) => d.path.endsWith('lease.pdf'));
    expect(lease?.summary.mode).toBe('generated');
    const [sentence] = lease?.summary.sentences ?? [];
    expect(sentence?.text).toBe('The tenant pays a monthly rent.');
    expect(sentence?.citations.length).toBeGreaterThan(0);
    expect(sentence?.citations.every((c) => c.verified)).toBe(true);
    const store = await LanceVectorStore.openExisting(join(home, 'flat', 'index'));
    try {
      for (const c of sentence?.citations ?? []) {
        const page = await store.getPage(c.documentId as DocumentId, c.page);
        expect(page?.text.slice(c.start, c.end)).toBe(c.quote);
        expect(c.quote).toContain('monthly rent');
      }
    } finally {
      await store.close();
    }
    // Without the model the overview is extractive again: a summary belongs to the model that wrote it.
    const without = await quireJsonInProcess<MatterOverview>(home, ['overview', 'flat']);
    expect(without.documents.find((d) => d.path.endsWith('lease.pdf'))?.summary.mode).toBe('extractive');
  }, 120_000);
});
