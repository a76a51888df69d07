// The HTTP API over an email family, on a real server on 127.0.0.1 with a folder of generated mail: the
// email endpoint (card, attachments as documents, conversation), an attachment's bytes and page layout
// read out of its email, the Documents list with attachments under their email, and re-indexing an
// attachment (read again from its email). Encrypted parts are listed as failed with their code.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eml } from '../fixtures/mail.ts';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let server: Awaited<ReturnType<typeof startServer>>;
let folder: string;
let pdf: Uint8Array;
const W = '/api/workspaces/mail';

const get = async <T>(path: string): Promise<T> => {
  const response = await fetch(`${server.url}${path}`);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
};

interface Row {
  path: string;
  state: string;
  documentId: string | null;
  error: { code: string } | null;
  parent?: string;
}

beforeAll(async () => {
  tmp = await tempDir('quire-email-api-');
  folder = join(tmp.path, 'matter');
  await mkdir(folder);
  pdf = await simplePdf(['The settlement figure of the quillanite claim is agreed.', 'Second page text.']);
  await writeFile(
    join(folder, 'offer.eml'),
    eml({
      messageId: 'offer@example.com',
      from: 'J. Smith <j.smith@example.com>',
      to: 'A. Jones <a.jones@example.com>',
      subject: 'Settlement offer',
      date: 'Mon, 17 Mar 2014 11:15:00 +0000',
      body: 'The signed offer is attached.',
      attachments: [{ name: 'offer.pdf', contentType: 'application/pdf', data: pdf }],
    }),
  );
  await writeFile(
    join(folder, 'reply.eml'),
    eml({
      messageId: 'reply@example.com',
      from: 'A. Jones <a.jones@example.com>',
      to: 'J. Smith <j.smith@example.com>',
      subject: 'Re: Settlement offer',
      date: 'Tue, 18 Mar 2014 08:00:00 +0000',
      inReplyTo: 'offer@example.com',
      body: 'Received with thanks.',
    }),
  );
  server = await startServer({ home: join(tmp.path, 'home'), port: 0, watch: false, warmBuiltin: false });
  const created = await fetch(`${server.url}/api/workspaces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Mail', folders: [folder] }),
  });
  expect(created.status).toBe(201);
  await server.service.sync('mail');
});

afterAll(async () => {
  await server?.close();
  await tmp?.cleanup();
});

describe('the API over an email family', () => {
  it('lists each attachment under its email in the Documents list', async () => {
    const { documents } = await get<{ documents: Row[] }>(`${W}/documents`);
    expect(documents.map((d) => [d.path, d.state, d.parent ?? null])).toEqual([
      [join(folder, 'offer.eml'), 'indexed', null],
      [join(folder, 'offer.eml::1/offer.pdf'), 'indexed', join(folder, 'offer.eml')],
      [join(folder, 'reply.eml'), 'indexed', null],
    ]);
  });

  it('gives an email its card, attachments as documents, and conversation', async () => {
    const { documents } = await get<{ documents: Row[] }>(`${W}/documents`);
    const offer = documents.find((d) => d.path.endsWith('offer.eml'))?.documentId;
    const attachment = documents.find((d) => d.parent)?.documentId;
    const email = await get<{
      headers: { subject: string; from: string; to: string[]; date: string };
      attachments: { index: number; name: string; documentId: string | null; path: string }[];
      thread: { subject: string; current: boolean }[];
      attachedTo: unknown[];
    }>(`${W}/documents/${offer}/email`);
    expect(email.headers).toMatchObject({
      subject: 'Settlement offer',
      from: 'J. Smith <j.smith@example.com>',
      to: ['A. Jones <a.jones@example.com>'],
      date: '2014-03-17T11:15:00.000Z',
    });
    expect(email.attachments).toEqual([
      expect.objectContaining({ index: 0, name: 'offer.pdf', documentId: attachment, size: pdf.byteLength }),
    ]);
    expect(email.thread.map((m) => [m.subject, m.current])).toEqual([
      ['Settlement offer', true],
      ['Re: Settlement offer', false],
    ]);
    expect(email.attachedTo).toEqual([]);
    // A document that is not an email: 404; a malformed id: 400.
    expect((await fetch(`${server.url}${W}/documents/${attachment}/email`)).status).toBe(404);
    expect((await fetch(`${server.url}${W}/documents/not-an-id/email`)).status).toBe(400);
  });

  it("serves an attachment's bytes and page layout out of its email", async () => {
    const { documents } = await get<{ documents: Row[] }>(`${W}/documents`);
    const attachment = documents.find((d) => d.parent)?.documentId;
    const file = await fetch(`${server.url}${W}/files/${attachment}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf);
    const ranged = await fetch(`${server.url}${W}/files/${attachment}`, { headers: { range: 'bytes=0-4' } });
    expect(ranged.status).toBe(206);
    expect(await ranged.text()).toBe('%PDF-');
    const layout = await get<{ kind: string; current: boolean; text: string }>(
      `${W}/documents/${attachment}/layout?page=1`,
    );
    expect(layout).toMatchObject({ kind: 'pdf', current: true });
    expect(layout.text).toContain('quillanite');
    const offer = documents.find((d) => d.path.endsWith('offer.eml'))?.documentId;
    const card = await get<{
      kind: string;
      format: string;
      text: string;
      email: { headers: { subject: string } };
    }>(`${W}/documents/${offer}/layout?page=1`);
    expect(card).toMatchObject({
      kind: 'text',
      format: 'email',
      email: { headers: { subject: 'Settlement offer' } },
    });
    expect(card.text).toContain('Subject: Settlement offer');
  });

  it('names the email of an attachment in search hits and answers', async () => {
    const { hits } = await get<{ hits: { path: string; attachedTo?: { subject: string }[] }[] }>(
      `${W}/search?q=quillanite`,
    );
    expect(hits[0]?.path).toBe(join(folder, 'offer.eml::1/offer.pdf'));
    expect(hits[0]?.attachedTo?.map((e) => e.subject)).toEqual(['Settlement offer']);
  });

  it('re-indexes an attachment by reading it again from its email', async () => {
    const { documents } = await get<{ documents: Row[] }>(`${W}/documents`);
    const attachment = documents.find((d) => d.parent)?.documentId;
    const response = await fetch(`${server.url}${W}/documents/reindex`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documentId: attachment }),
    });
    expect(response.status).toBe(200);
    const after = await get<{ documents: Row[] }>(`${W}/documents`);
    expect(after.documents.find((d) => d.parent)).toMatchObject({ state: 'indexed', documentId: attachment });
  });
});

describe('the parent email of an attachment citation', () => {
  it('is in the OpenAI-compatible answer and in the evidence bundle', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'quire:mail',
        messages: [{ role: 'user', content: 'What is the settlement figure of the quillanite claim?' }],
      }),
    });
    expect(response.status).toBe(200);
    const completion = (await response.json()) as {
      choices: { message: { content: string } }[];
      quire: {
        support: string;
        citations: { path: string; attachedTo?: { subject: string }[] }[];
        passages: { path: string; attachedTo?: { subject: string }[] }[];
      };
    };
    const sources = [...completion.quire.citations, ...completion.quire.passages];
    const attachment = sources.find((s) => s.path.endsWith('::1/offer.pdf'));
    expect(attachment?.attachedTo?.map((e) => e.subject)).toEqual(['Settlement offer']);
    if (completion.quire.support === 'closest') {
      expect(completion.choices[0]?.message.content).toContain(
        "offer.pdf, page 1 (attached to 'Settlement offer', J. Smith → A. Jones, 17 Mar 2014)",
      );
    }

    // The bundle names the email from the index, whatever the client sent.
    const { documents } = await get<{ documents: Row[] }>(`${W}/documents`);
    const documentId = documents.find((d) => d.parent)?.documentId ?? '';
    const exported = await fetch(`${server.url}${W}/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        question: 'What is the settlement figure?',
        answer: 'The settlement figure of the quillanite claim is agreed.',
        mode: 'extractive',
        support: 'answered',
        time: new Date().toISOString(),
        models: { embedding: null, chat: null, rerank: null },
        citations: [
          {
            n: 1,
            chunkId: `${documentId}:0`,
            documentId,
            path: join(folder, 'offer.eml::1/offer.pdf'),
            page: 1,
            heading: null,
            quote: 'The settlement figure of the quillanite claim is agreed.',
            start: 0,
            end: 56,
            verified: true,
          },
        ],
      }),
    });
    expect(exported.status).toBe(200);
    expect(await exported.text()).toContain(
      `- Attached to: 'Settlement offer', J. Smith → A. Jones, 17 Mar 2014 (${join(folder, 'offer.eml')})`,
    );
  });
});
