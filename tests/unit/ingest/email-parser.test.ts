// Email messages (issue 16) on messages written here: the header card as page text, the body (plain part,
// else HTML made text; quoted-printable, base64, ISO-8859-1, Windows-1252, UTF-16 files), attachments in
// order with their bytes (a PDF and a DOCX that parse in turn, an attached message that is an email in
// turn), what is not an attachment (a cid: image, a signature), an encrypted body, thread ids, the
// viewer's layout and an attachment's bytes through the package's front door and the worker pool.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  createParser,
  DocumentParseError,
  emailAttachmentData,
  officePageLayoutOf,
  type ParsedDocument,
  parseDocument,
} from '@quire/ingest';
import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simplePdf } from '../../fixtures/simple-pdf.ts';
import { tempDir } from '../../helpers/temp.ts';

const CRLF = '\r\n';
const SMIME_MESSAGE = "The message body is encrypted (S/MIME) and cannot be read without the recipient's key";

let dir: { path: string; cleanup: () => Promise<void> };
let pdf: Uint8Array;
let docx: Uint8Array;
beforeAll(async () => {
  dir = await tempDir('quire-email-');
  pdf = await simplePdf(['Quarterly revenue rose to 4.2 million in the third quarter.']);
  const document = new Document({
    sections: [{ children: [new Paragraph('The damages schedule lists every invoice in dispute.')] }],
  });
  docx = new Uint8Array(await Packer.toBuffer(document));
});
afterAll(() => dir?.cleanup());

/** A message of header lines and a body, lines ended by CRLF as sent. */
function message(headers: readonly string[], body: string): string {
  return [...headers, '', body].join(CRLF).replace(/(?<!\r)\n/g, CRLF);
}

function base64Lines(data: Uint8Array): string {
  return (
    Buffer.from(data)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join(CRLF);
}

async function write(name: string, content: string | Uint8Array): Promise<string> {
  const file = path.join(dir.path, name);
  await writeFile(file, content);
  return file;
}

async function parse(name: string, content: string | Uint8Array): Promise<ParsedDocument> {
  return parseDocument(await write(name, content));
}

async function failure(promise: Promise<unknown>): Promise<DocumentParseError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentParseError);
  return error as DocumentParseError;
}

function withAttachments(): string {
  return message(
    [
      'From: "J. Smith" <j.smith@example.com>',
      'To: A. Jones <a.jones@example.com>, b.brown@example.com',
      'Cc: Legal Team <legal@example.com>',
      'Date: Mon, 17 Mar 2014 11:15:04 +0000',
      'Subject: Q3 numbers',
      'Message-ID: <q3-numbers@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
    ],
    [
      '--outer',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Please find the report and the schedule attached.',
      '',
      'Regards, J.',
      '--outer',
      'Content-Type: application/pdf; name="report.pdf"',
      'Content-Disposition: attachment; filename="report.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(pdf),
      '--outer',
      'Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'Content-Disposition: attachment',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(docx),
      '--outer--',
      '',
    ].join(CRLF),
  );
}

describe('an email with a PDF and a DOCX attached', () => {
  it('is the card then the body, titled by its subject, with both attachments in order and their bytes', async () => {
    const document = await parse('q3.eml', withAttachments());
    expect(document.kind).toBe('email');
    expect(document.title).toBe('Q3 numbers');
    expect(document.pages).toHaveLength(1);
    expect(document.pages[0]?.text).toBe(
      [
        'Subject: Q3 numbers',
        'From: J. Smith <j.smith@example.com>',
        'To: A. Jones <a.jones@example.com>, b.brown@example.com',
        'Cc: Legal Team <legal@example.com>',
        'Date: 17 Mar 2014 11:15 UTC',
        'Attachments: report.pdf, attachment-2.docx',
        '',
        'Please find the report and the schedule attached.',
        '',
        'Regards, J.',
      ].join('\n'),
    );
    expect(document.pages[0]?.headings).toEqual([{ offset: 0, level: 1, text: 'Q3 numbers' }]);
    expect(document.email).toEqual({
      from: 'J. Smith <j.smith@example.com>',
      to: ['A. Jones <a.jones@example.com>', 'b.brown@example.com'],
      cc: ['Legal Team <legal@example.com>'],
      date: '2014-03-17T11:15:04.000Z',
      subject: 'Q3 numbers',
      messageId: 'q3-numbers@example.com',
      inReplyTo: null,
      references: [],
    });
    const [report, schedule] = document.attachments ?? [];
    expect(document.attachments).toHaveLength(2);
    expect(report).toMatchObject({
      name: 'report.pdf',
      contentType: 'application/pdf',
      size: pdf.byteLength,
    });
    expect(Buffer.from(report?.data ?? []).equals(Buffer.from(pdf))).toBe(true);
    expect(schedule).toMatchObject({
      name: 'attachment-2.docx',
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      size: docx.byteLength,
    });
    expect(Buffer.from(schedule?.data ?? []).equals(Buffer.from(docx))).toBe(true);
  });

  it("gives each attachment's bytes by index, which parse as the documents they are", async () => {
    const data = Buffer.from(withAttachments());
    const report = await emailAttachmentData(data, '.eml', 0);
    const schedule = await emailAttachmentData(data, '.EML', 1);
    const reportDocument = await parse('report.pdf', report);
    expect(reportDocument.kind).toBe('pdf');
    expect(reportDocument.pages[0]?.text).toContain('Quarterly revenue rose to 4.2 million');
    const scheduleDocument = await parse('attachment-2.docx', schedule);
    expect(scheduleDocument.pages[0]?.text).toContain('The damages schedule lists every invoice in dispute.');
    await expect(emailAttachmentData(data, '.eml', 2)).rejects.toBeInstanceOf(RangeError);
  });

  it('lays its page out for the viewer: the card lines and body as blocks at their offsets, the attachment list without bytes', async () => {
    const data = Buffer.from(withAttachments());
    const document = await parse('layout.eml', data);
    const layout = await officePageLayoutOf(data, '.eml', 1);
    expect(layout?.format).toBe('email');
    expect(layout?.pageCount).toBe(1);
    expect(layout?.text).toBe(document.pages[0]?.text);
    for (const block of layout?.blocks ?? [])
      expect(layout?.text.slice(block.start, block.end)).toBe(block.text);
    expect(layout?.blocks.map((block) => [block.kind, block.text])).toEqual([
      ['heading', 'Subject: Q3 numbers'],
      ['paragraph', 'From: J. Smith <j.smith@example.com>'],
      ['paragraph', 'To: A. Jones <a.jones@example.com>, b.brown@example.com'],
      ['paragraph', 'Cc: Legal Team <legal@example.com>'],
      ['paragraph', 'Date: 17 Mar 2014 11:15 UTC'],
      ['paragraph', 'Attachments: report.pdf, attachment-2.docx'],
      ['paragraph', 'Please find the report and the schedule attached.'],
      ['paragraph', 'Regards, J.'],
    ]);
    expect(layout?.email?.headers).toEqual(document.email);
    expect(layout?.email?.attachments).toEqual([
      { name: 'report.pdf', contentType: 'application/pdf', size: pdf.byteLength, error: null },
      {
        name: 'attachment-2.docx',
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        size: docx.byteLength,
        error: null,
      },
    ]);
    await expect(officePageLayoutOf(data, '.eml', 2)).rejects.toBeInstanceOf(RangeError);
  });

  it('comes back from a parse worker with its header card and the attachments’ bytes intact', async () => {
    const file = await write('worker.eml', withAttachments());
    const parser = createParser({ workers: 1 });
    try {
      const { document, chunks } = await parser.parse(file);
      expect(document.email?.subject).toBe('Q3 numbers');
      expect(document.attachments?.map((a) => a.name)).toEqual(['report.pdf', 'attachment-2.docx']);
      expect(document.attachments?.[0]?.data).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(document.attachments?.[0]?.data ?? []).equals(Buffer.from(pdf))).toBe(true);
      expect(Buffer.from(document.attachments?.[1]?.data ?? []).equals(Buffer.from(docx))).toBe(true);
      expect(chunks[0]?.text).toContain('Subject: Q3 numbers');
    } finally {
      await parser.close();
    }
  });
});

describe('the body', () => {
  it('is the plain part of a plain+HTML message, and the HTML part made text when there is no plain part', async () => {
    const alternative = await parse(
      'alternative.eml',
      message(
        ['From: a@example.com', 'Subject: Both', 'Content-Type: multipart/alternative; boundary=b'],
        [
          '--b',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'The plain words of the message.',
          '--b',
          'Content-Type: text/html; charset=utf-8',
          '',
          '<p>The <b>HTML</b> words of the message.</p>',
          '--b--',
        ].join('\n'),
      ),
    );
    expect(alternative.pages[0]?.text).toContain('The plain words of the message.');
    expect(alternative.pages[0]?.text).not.toContain('HTML words');

    const htmlOnly = await parse(
      'html-only.eml',
      message(
        ['From: a@example.com', 'Subject: Agenda', 'Content-Type: text/html; charset=utf-8'],
        '<html><head><style>p { color: red }</style><script>var x = 1;</script></head><body>' +
          '<h2>Board meeting</h2><p>We meet on <b>Tuesday</b> at&nbsp;noon.</p>' +
          '<ul><li>Budget</li><li>Hiring</li></ul></body></html>',
      ),
    );
    const text = htmlOnly.pages[0]?.text ?? '';
    expect(text).toBe(
      'Subject: Agenda\nFrom: a@example.com\n\nBoard meeting\n\nWe meet on Tuesday at noon.\n\n• Budget\n\n• Hiring',
    );
    expect(htmlOnly.pages[0]?.headings).toEqual([
      { offset: 0, level: 1, text: 'Agenda' },
      { offset: text.indexOf('Board meeting'), level: 2, text: 'Board meeting' },
    ]);
  });

  it('is decoded from quoted-printable and base64, and from ISO-8859-1 and Windows-1252', async () => {
    const qp = await parse(
      'qp.eml',
      message(
        [
          'From: a@example.com',
          'Subject: =?ISO-8859-1?Q?R=E9sum=E9?=',
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: quoted-printable',
        ],
        'The caf=C3=A9 on the corner serves a cr=C3=A8me br=C3=BBl=C3=A9e that is wo=\nrth the walk.',
      ),
    );
    expect(qp.title).toBe('Résumé');
    expect(qp.pages[0]?.text).toContain(
      'The café on the corner serves a crème brûlée that is worth the walk.',
    );

    const b64 = await parse(
      'b64.eml',
      message(
        [
          'From: a@example.com',
          'Subject: Base64',
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: base64',
        ],
        Buffer.from('Zürich office: the lease ends in März.').toString('base64'),
      ),
    );
    expect(b64.pages[0]?.text).toContain('Zürich office: the lease ends in März.');

    const latin1 = Buffer.concat([
      Buffer.from(
        message(
          [
            'From: a@example.com',
            'Subject: Latin',
            'Content-Type: text/plain; charset=ISO-8859-1',
            'Content-Transfer-Encoding: 8bit',
          ],
          '',
        ),
      ),
      Buffer.from('Un caf\xe9 na\xefve \xe0 Gen\xe8ve co\xfbte 3 \xa3.', 'latin1'),
    ]);
    expect((await parse('latin1.eml', latin1)).pages[0]?.text).toContain('Un café naïve à Genève coûte 3 £.');

    const windows = Buffer.concat([
      Buffer.from(
        message(
          [
            'From: a@example.com',
            'Subject: Quotes',
            'Content-Type: text/plain; charset=windows-1252',
            'Content-Transfer-Encoding: 8bit',
          ],
          '',
        ),
      ),
      Buffer.from('The fee is \x8040 \x93net\x94 \x96 due now.', 'latin1'),
    ]);
    expect((await parse('cp1252.eml', windows)).pages[0]?.text).toContain('The fee is €40 “net” – due now.');
  });

  it('reads a whole message saved as UTF-16, with a byte order mark or without', async () => {
    const text = message(
      ['From: Zoë <zoe@example.com>', 'Subject: Sixteen', 'Content-Type: text/plain; charset=utf-8'],
      'Naïve façades of the Rhône valley.',
    );
    const le = await parse('utf16le.eml', Buffer.from(text, 'utf16le'));
    expect(le.pages[0]?.text).toBe(
      'Subject: Sixteen\nFrom: Zoë <zoe@example.com>\n\nNaïve façades of the Rhône valley.',
    );
    const be = Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
    expect((await parse('utf16be.eml', be)).pages[0]?.text).toBe(le.pages[0]?.text);
  });

  it('is cut into pages of about 500 words past 2,000 words, the card on page 1 only', async () => {
    const paragraphs = Array.from(
      { length: 50 },
      (_, i) => `Paragraph ${i + 1} ${'of the long witness statement '.repeat(10).trim()}.`,
    );
    const long = await parse(
      'long.eml',
      message(
        ['From: a@example.com', 'Subject: Statement', 'Content-Type: text/plain'],
        paragraphs.join('\n\n'),
      ),
    );
    expect(long.pages.length).toBeGreaterThanOrEqual(5);
    expect(long.pages[0]?.text.startsWith('Subject: Statement\nFrom: a@example.com\n\nParagraph 1 ')).toBe(
      true,
    );
    for (const page of long.pages.slice(1)) expect(page.text).not.toContain('Subject:');
    expect(long.pages.map((page) => page.text).join('\n\n')).toContain(paragraphs.at(-1));
    const layout = await officePageLayoutOf(
      Buffer.from(
        message(
          ['From: a@example.com', 'Subject: Statement', 'Content-Type: text/plain'],
          paragraphs.join('\n\n'),
        ),
      ),
      '.eml',
      2,
    );
    expect(layout?.text).toBe(long.pages[1]?.text);
    expect(layout?.pageCount).toBe(long.pages.length);
  });
});

describe('what is an attachment', () => {
  it('leaves out an image the HTML body shows by cid:, keeps one it does not', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const document = await parse(
      'related.eml',
      message(
        ['From: a@example.com', 'Subject: Logo', 'Content-Type: multipart/mixed; boundary=m'],
        [
          '--m',
          'Content-Type: multipart/related; boundary=r',
          '',
          '--r',
          'Content-Type: text/html; charset=utf-8',
          '',
          '<p>Our new logo: <img src="cid:logo@example.com"></p>',
          '--r',
          'Content-Type: image/png',
          'Content-ID: <logo@example.com>',
          'Content-Transfer-Encoding: base64',
          '',
          png.toString('base64'),
          '--r--',
          '--m',
          'Content-Type: image/png; name="photo.png"',
          'Content-Disposition: attachment; filename="photo.png"',
          'Content-ID: <photo@example.com>',
          'Content-Transfer-Encoding: base64',
          '',
          png.toString('base64'),
          '--m--',
        ].join('\n'),
      ),
    );
    expect(document.attachments?.map((a) => a.name)).toEqual(['photo.png']);
    expect(document.pages[0]?.text).toContain('Attachments: photo.png');
  });

  it('keeps an attached message as an .eml file that is an email in turn', async () => {
    const inner = message(
      [
        'From: c@example.com',
        'To: d@example.com',
        'Subject: Original offer',
        'Date: Tue, 4 Feb 2020 09:00:00 +0100',
      ],
      'We offer 120,000 for the premises.',
    );
    const outer = message(
      ['From: d@example.com', 'Subject: Fwd: Original offer', 'Content-Type: multipart/mixed; boundary=f'],
      [
        '--f',
        'Content-Type: text/plain',
        '',
        'See the offer below.',
        '--f',
        'Content-Type: message/rfc822',
        '',
        inner,
        '--f--',
      ].join('\n'),
    );
    const document = await parse('forward.eml', outer);
    expect(document.pages[0]?.text).not.toContain('120,000');
    expect(document.attachments?.map((a) => [a.name, a.contentType])).toEqual([
      ['message-1.eml', 'message/rfc822'],
    ]);
    const attached = await parse('message-1.eml', await emailAttachmentData(Buffer.from(outer), '.eml', 0));
    expect(attached.title).toBe('Original offer');
    expect(attached.email?.date).toBe('2020-02-04T08:00:00.000Z');
    expect(attached.pages[0]?.text).toContain('We offer 120,000 for the premises.');
  });

  it('reads a signed-only message as usual and leaves its signature out', async () => {
    const document = await parse(
      'signed.eml',
      message(
        [
          'From: a@example.com',
          'Subject: Signed',
          'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary=s',
        ],
        [
          '--s',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'I accept the terms of the settlement.',
          '--s',
          'Content-Type: application/pkcs7-signature; name="smime.p7s"',
          'Content-Disposition: attachment; filename="smime.p7s"',
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.from('not really a signature').toString('base64'),
          '--s--',
        ].join('\n'),
      ),
    );
    expect(document.pages[0]?.text).toContain('I accept the terms of the settlement.');
    expect(document.attachments).toEqual([]);
    expect(document.pages[0]?.text).not.toContain('Attachments:');
  });

  it('lists an S/MIME-encrypted body as smime.p7m with code encrypted and no bytes; the card is the page', async () => {
    const sealed = Buffer.from('sealed envelope bytes');
    const text = message(
      [
        'From: a@example.com',
        'To: b@example.com',
        'Subject: Sealed',
        'MIME-Version: 1.0',
        'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"',
        'Content-Disposition: attachment; filename="smime.p7m"',
        'Content-Transfer-Encoding: base64',
      ],
      sealed.toString('base64'),
    );
    const document = await parse('sealed.eml', text);
    expect(document.pages[0]?.text).toBe(
      'Subject: Sealed\nFrom: a@example.com\nTo: b@example.com\nAttachments: smime.p7m',
    );
    expect(document.attachments).toEqual([
      {
        name: 'smime.p7m',
        contentType: 'application/pkcs7-mime',
        size: sealed.byteLength,
        error: { code: 'encrypted', message: SMIME_MESSAGE },
      },
    ]);
    expect((await failure(emailAttachmentData(Buffer.from(text), '.eml', 0))).code).toBe('encrypted');
    const layout = await officePageLayoutOf(Buffer.from(text), '.eml', 1);
    expect(layout?.email?.attachments[0]?.error).toEqual({ code: 'encrypted', message: SMIME_MESSAGE });
  });

  it('tells a signature and an encrypted body sent as application/octet-stream by their names', async () => {
    const signed = await parse(
      'octet-signed.eml',
      message(
        ['From: a@example.com', 'Subject: Signed', 'Content-Type: multipart/signed; boundary=s'],
        [
          '--s',
          'Content-Type: text/plain',
          '',
          'Signed words.',
          '--s',
          'Content-Type: application/octet-stream; name="smime.p7s"',
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.from('signature').toString('base64'),
          '--s--',
        ].join('\n'),
      ),
    );
    expect(signed.attachments).toEqual([]);
    const sealed = await parse(
      'octet-sealed.eml',
      message(
        [
          'From: a@example.com',
          'Subject: Sealed',
          'Content-Type: application/octet-stream; name="smime.p7m"',
          'Content-Transfer-Encoding: base64',
        ],
        Buffer.from('sealed').toString('base64'),
      ),
    );
    expect(sealed.attachments).toEqual([
      {
        name: 'smime.p7m',
        contentType: 'application/octet-stream',
        size: 6,
        error: { code: 'encrypted', message: SMIME_MESSAGE },
      },
    ]);
  });
});

describe('the thread ids and failures', () => {
  it('reads Message-ID, In-Reply-To and References without angle brackets', async () => {
    const document = await parse(
      'reply.eml',
      message(
        [
          'From: b@example.com',
          'Subject: Re: Q3 numbers',
          'Message-ID: <reply-2@example.com>',
          'In-Reply-To: <q3-numbers@example.com>',
          'References: <root-0@example.com>',
          ' <q3-numbers@example.com>',
        ],
        '> Please find the report attached.\n\nThanks, received.',
      ),
    );
    expect(document.email).toMatchObject({
      messageId: 'reply-2@example.com',
      inReplyTo: 'q3-numbers@example.com',
      references: ['root-0@example.com', 'q3-numbers@example.com'],
    });
  });

  it('fails with corrupt for what is not a message and no-text for a message of nothing', async () => {
    expect((await failure(parse('notes.eml', 'Just some notes, no headers at all.\n'))).code).toBe('corrupt');
    expect((await failure(parse('text.msg', 'Subject: not an Outlook file\n\nhello'))).code).toBe('corrupt');
    expect((await failure(parse('empty.eml', 'X-Mailer: nothing\r\n\r\n'))).code).toBe('no-text');
  });
});
