// Email as families (issue 16, must-show 3), on mail written here: a message with a PDF and a DOCX
// attached, a reply quoting it, and a third message with the same PDF attached again. The PDF is one
// document whose hits name both emails; the three messages are one conversation; deleting the first
// email's file keeps the PDF indexed for the third, and drops what only the first held.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  EmailFamilies,
  OpenWorkspace,
  searchWorkspace,
  syncWorkspace,
  WorkspaceRegistry,
} from '@quire/server';
import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eml } from '../fixtures/mail.ts';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let folder: string;
let ws: OpenWorkspace;

const PDF_SENTENCE = 'The quarterly zarbonite revenue reached four million dollars.';
const DOCX_SENTENCE = 'The vendor schedule lists the plumbick suppliers in order.';
const REPLY_SENTENCE = 'Thanks, the frobisher figures look right to me.';

async function docx(text: string): Promise<Uint8Array> {
  const document = new Document({ sections: [{ children: [new Paragraph(text)] }] });
  return new Uint8Array(await Packer.toBuffer(document));
}

async function hitsFor(word: string) {
  return (await searchWorkspace(ws, word, 10)).hits.filter((h) => h.text.toLowerCase().includes(word));
}

beforeAll(async () => {
  tmp = await tempDir('quire-email-family-');
  folder = join(tmp.path, 'matter');
  await mkdir(folder);
  const pdf = await simplePdf([PDF_SENTENCE]);
  const pdfPart = { name: 'report.pdf', contentType: 'application/pdf', data: pdf };
  const wordType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  await writeFile(
    join(folder, '1-q3-numbers.eml'),
    eml({
      messageId: 'q3-numbers@example.com',
      from: 'J. Smith <j.smith@example.com>',
      to: 'A. Jones <a.jones@example.com>',
      subject: 'Q3 numbers',
      date: 'Mon, 17 Mar 2014 11:15:00 +0000',
      body: 'Please find the quarterly report and the vendor list attached.',
      attachments: [
        pdfPart,
        { name: 'vendors.docx', contentType: wordType, data: await docx(DOCX_SENTENCE) },
      ],
    }),
  );
  await writeFile(
    join(folder, '2-re-q3-numbers.eml'),
    eml({
      messageId: 're-q3-numbers@example.com',
      from: 'A. Jones <a.jones@example.com>',
      to: 'J. Smith <j.smith@example.com>',
      subject: 'Re: Q3 numbers',
      date: 'Tue, 18 Mar 2014 09:02:00 +0000',
      inReplyTo: 'q3-numbers@example.com',
      references: ['q3-numbers@example.com'],
      body: `${REPLY_SENTENCE}\n\n> Please find the quarterly report and the vendor list attached.`,
    }),
  );
  await writeFile(
    join(folder, '3-fwd-report.eml'),
    eml({
      messageId: 'fwd-report@example.com',
      from: 'J. Smith <j.smith@example.com>',
      to: 'B. Brown <b.brown@example.com>',
      subject: 'Fwd: Q3 numbers',
      date: 'Wed, 19 Mar 2014 16:40:00 +0000',
      references: ['q3-numbers@example.com', 're-q3-numbers@example.com'],
      body: 'Forwarding the report as agreed.',
      attachments: [pdfPart],
    }),
  );
  const registry = new WorkspaceRegistry(join(tmp.path, 'home'));
  await registry.addFolder(await registry.create('Mail'), folder);
  ws = await OpenWorkspace.open(registry, 'mail', { embeddingModel: 'none' });
});

afterAll(async () => {
  await ws?.close();
  await tmp?.cleanup();
});

describe('an email family', () => {
  it('indexes each message and each attachment, the PDF attached twice stored once', async () => {
    const report = await syncWorkspace(ws);
    expect(report.failed).toEqual([]);
    // Three messages, the PDF under both emails, the DOCX under the first.
    expect(report.indexed).toBe(6);
    const documents = await ws.store.listDocuments();
    expect(documents.map((d) => d.kind).sort()).toEqual(['docx', 'email', 'email', 'email', 'pdf']);
    const paths = (await ws.store.listPaths()).map((p) => p.path).sort();
    expect(paths).toEqual(
      [
        '1-q3-numbers.eml',
        '1-q3-numbers.eml::1/report.pdf',
        '1-q3-numbers.eml::2/vendors.docx',
        '2-re-q3-numbers.eml',
        '3-fwd-report.eml',
        '3-fwd-report.eml::1/report.pdf',
      ].map((p) => join(folder, p)),
    );
  });

  it('finds text inside an attachment with every email it came with', async () => {
    const [hit] = await hitsFor('zarbonite');
    expect(hit?.path).toBe(join(folder, '1-q3-numbers.eml::1/report.pdf'));
    expect(hit?.page).toBe(1);
    expect(hit?.attachedTo?.map((e) => [e.path, e.subject, e.from, e.to, e.date])).toEqual([
      [
        join(folder, '1-q3-numbers.eml'),
        'Q3 numbers',
        'J. Smith <j.smith@example.com>',
        ['A. Jones <a.jones@example.com>'],
        '2014-03-17T11:15:00.000Z',
      ],
      [
        join(folder, '3-fwd-report.eml'),
        'Fwd: Q3 numbers',
        'J. Smith <j.smith@example.com>',
        ['B. Brown <b.brown@example.com>'],
        '2014-03-19T16:40:00.000Z',
      ],
    ]);
    const [reply] = await hitsFor('frobisher');
    expect(reply?.path).toBe(join(folder, '2-re-q3-numbers.eml'));
    expect(reply?.attachedTo).toBeUndefined();
  });

  it('links the three messages as one conversation, oldest first', async () => {
    const families = await EmailFamilies.read(ws.store);
    const [reply] = await hitsFor('frobisher');
    const thread = families.thread(reply?.documentId ?? '');
    expect(thread.map((m) => [m.subject, m.current])).toEqual([
      ['Q3 numbers', false],
      ['Re: Q3 numbers', true],
      ['Fwd: Q3 numbers', false],
    ]);
    const first = thread[0]?.documentId ?? '';
    expect(families.attachmentsOf(join(folder, '1-q3-numbers.eml')).map((a) => [a.index, a.name])).toEqual([
      [0, 'report.pdf'],
      [1, 'vendors.docx'],
    ]);
    expect(families.thread(first).map((m) => m.subject)).toEqual([
      'Q3 numbers',
      'Re: Q3 numbers',
      'Fwd: Q3 numbers',
    ]);
  });

  it('keeps the PDF for the third email when the first email file is deleted, and drops the DOCX', async () => {
    await rm(join(folder, '1-q3-numbers.eml'));
    const report = await syncWorkspace(ws);
    expect(report.removed).toBe(3);
    const [hit] = await hitsFor('zarbonite');
    expect(hit?.path).toBe(join(folder, '3-fwd-report.eml::1/report.pdf'));
    expect(hit?.attachedTo?.map((e) => e.subject)).toEqual(['Fwd: Q3 numbers']);
    expect(await hitsFor('plumbick')).toEqual([]);
    expect((await ws.store.listDocuments()).map((d) => d.kind).sort()).toEqual(['email', 'email', 'pdf']);
  });
});
