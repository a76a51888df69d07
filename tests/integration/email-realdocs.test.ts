// The real messages of ../shared/realdocs/email (issue 16), read in place, never copied: every file parses
// as an email with its card, body and attachments as listed here (from reading the files themselves); the
// two PGP/MIME-encrypted ones (`fake-encrypted.*`, multipart/encrypted despite the README's "S/MIME") give
// their card and one attachment entry with code `encrypted`; the UTF-16 message and the ISO-8859-1 one
// decode to real words; the .msg attachments' bytes, written to a file of their name, parse in turn (the
// 26-byte `report.pdf` of msg_with_attachment.msg is a stub, "%PDF-1.4 fake report bytes": it fails with
// `corrupt`); the viewer's layout of every page keeps the page text and its blocks' offsets.
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createParser,
  DocumentParseError,
  emailAttachmentData,
  officePageLayoutOf,
  type ParsedDocument,
  parseDocument,
} from '@quire/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.ts';

const EMAIL = fileURLToPath(new URL('../../../shared/realdocs/email', import.meta.url));
const required = process.env.CI === 'true';
const PGP_MESSAGE = "The message body is encrypted (OpenPGP) and cannot be read without the recipient's key";

interface Expected {
  subject: string | null;
  from: string;
  /** Words of the body (or of the card, for an encrypted message). */
  words: string[];
  attachments: string[];
}

/** Every file of the folder, what it is read as. */
const MESSAGES: Record<string, Expected> = {
  'email-no-utf8-2014-03-17.111517.eml': {
    subject: 'Google Account password changed',
    from: 'no-reply@accounts.google.com',
    words: ['your account might have been hijacked', 'The Google Accounts team'],
    attachments: [], // google.png and profilephoto.png are the HTML body's cid: images
  },
  'email-replace-mime-encodings-error-3.eml': {
    subject: 'AWS Online Conference | Last chance to register for Innovate - Every Application Edition',
    from: "'Amazon Web Services' via Engineering <email@domain.com>",
    words: ['Learn how the cloud is accelerating innovation in businesses of all sizes', '©'],
    attachments: [],
  },
  'eml_with_attachment.eml': {
    subject: 'Email with Attachment',
    from: 'Alice Example <alice@example.com>',
    words: ['This email contains an attachment.'],
    attachments: ['test.txt'],
  },
  'fake-email-attachment.eml': {
    subject: 'Fake email with attachment',
    from: 'Mallori Harrell <mallori@unstructured.io>',
    words: ["Here's the attachments!", 'Little to no content'],
    attachments: ['fake-attachment.txt'],
  },
  'fake-email-attachment.msg': {
    subject: 'Fake email with attachment',
    from: 'Mallori Harrell <mallori@unstructured.io>',
    words: ["Here's the attachments!", 'Little to no content'],
    attachments: ['fake-attachment.txt'],
  },
  'fake-email-utf-16.eml': {
    subject: 'Test Email',
    from: 'Matthew Robinson <mrobinson@unstructured.io>',
    words: ['This is a test email to use for unit tests.', 'Roses are red', 'Violets are blue'],
    attachments: [],
  },
  'fake-email-with-cc-and-bcc.msg': {
    subject: 'Fake email with cc and bcc recipients',
    from: 'John <johnjennings702@gmail.com>',
    words: ['Cc: steve@unstructured.io', 'This is a test email. Please ignore.'],
    attachments: [],
  },
  'fake-encrypted.eml': {
    subject: null,
    from: 'Michael Elkins <elkins@aero.org>',
    words: ['From: Michael Elkins <elkins@aero.org>', 'Attachments: encrypted.asc'],
    attachments: ['encrypted.asc'],
  },
  'fake-encrypted.msg': {
    subject: null,
    from: 'Michael Elkins <elkins@aero.org>',
    words: ['From: Michael Elkins <elkins@aero.org>', 'Attachments: ATT00002.bin'],
    attachments: ['ATT00002.bin'],
  },
  'family-day.eml': {
    subject: 'Family Day',
    from: 'Mallori Harrell <mallori@unstructured.io>',
    words: ['Get excited for our first annual family day!', 'a petting zoo, funnel cake and more'],
    attachments: [],
  },
  'mime-different-plain-html.eml': {
    subject: 'Example MIME Email',
    from: 'sender@example.com',
    words: ['This is the text/plain part.', 'Ray Tomlinson in 1971'],
    attachments: [],
  },
  'msg_with_attachment.msg': {
    subject: 'Email with Attachment',
    from: 'Alice Example <alice@example.com>',
    words: ['This email contains an attachment.'],
    attachments: ['test.txt', 'report.pdf'],
  },
};

/** What each .msg attachment, written to a file of its name, parses as: words of its text, or a failure code. */
const MSG_ATTACHMENTS: Record<string, Record<string, string>> = {
  'fake-email-attachment.msg': { 'fake-attachment.txt': 'Hey this is a fake attachment!' },
  'msg_with_attachment.msg': {
    'test.txt': 'This is a test attachment file.',
    'report.pdf': 'corrupt',
  },
};

describe.skipIf(!required && !existsSync(EMAIL))('the real email messages', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  const parsed = new Map<string, ParsedDocument>();
  beforeAll(async () => {
    dir = await tempDir('quire-email-real-');
    for (const name of Object.keys(MESSAGES)) parsed.set(name, await parseDocument(path.join(EMAIL, name)));
  });
  afterAll(() => dir?.cleanup());

  it('are the 12 files of the folder', async () => {
    expect((await readdir(EMAIL)).sort()).toEqual(Object.keys(MESSAGES).sort());
  });

  it.each(Object.entries(MESSAGES))('%s: its card, body and attachments', async (name, expected) => {
    const document = parsed.get(name);
    expect(document?.kind).toBe('email');
    expect(document?.title).toBe(expected.subject);
    expect(document?.email?.subject).toBe(expected.subject);
    expect(document?.email?.from).toBe(expected.from);
    const first = document?.pages[0];
    expect(first?.text.startsWith(expected.subject ? `Subject: ${expected.subject}\n` : 'From: ')).toBe(true);
    if (expected.subject !== null) {
      expect(first?.headings[0]).toEqual({ offset: 0, level: 1, text: expected.subject });
    }
    const text = document?.pages.map((page) => page.text).join('\n') ?? '';
    for (const words of expected.words) expect(text).toContain(words);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL and C1 controls are the signs of a wrong decoding
    expect(text).not.toMatch(/[\u0000-\u0008\u0080-\u009f\ufffd]/);
    expect(document?.attachments?.map((attachment) => attachment.name)).toEqual(expected.attachments);
  });

  it('reads the UTF-16 message and the ISO-8859-1 one as the words they are', () => {
    const utf16 = parsed.get('fake-email-utf-16.eml');
    expect(utf16?.email).toMatchObject({
      date: '2022-12-16T22:04:16.000Z',
      messageId: 'CADc-_xaLB2FeVQ7mNsoX+NJb_7hAJhBKa_zet-rtgPGenj0uVw@mail.gmail.com',
    });
    expect(utf16?.pages[0]?.text).toContain('Important points:\n\n   - Roses are red\n   - Violets are blue');
    const latin1 = parsed.get('email-no-utf8-2014-03-17.111517.eml');
    expect(latin1?.pages[0]?.text).toContain('Date: 17 Mar 2014 11:15 UTC');
    expect(latin1?.pages[0]?.text).toContain(
      'The password for your Google Account - slava.Gxyzxyz@gmail.com - was',
    );
  });

  it('gives the PGP-encrypted messages their card and the encrypted body as an entry without bytes', async () => {
    expect(parsed.get('fake-encrypted.eml')?.attachments).toEqual([
      {
        name: 'encrypted.asc',
        contentType: 'application/octet-stream',
        size: 373,
        error: { code: 'encrypted', message: PGP_MESSAGE },
      },
    ]);
    expect(parsed.get('fake-encrypted.msg')?.attachments).toEqual([
      {
        name: 'ATT00002.bin',
        contentType: 'application/octet-stream',
        size: 374,
        error: { code: 'encrypted', message: PGP_MESSAGE },
      },
    ]);
    const failure = await emailAttachmentData(
      await readFile(path.join(EMAIL, 'fake-encrypted.msg')),
      '.msg',
      0,
    )
      .then(() => null)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DocumentParseError);
    expect((failure as DocumentParseError).code).toBe('encrypted');
  });

  it('gives the cc of a .msg from its recipients, not its bcc', () => {
    expect(parsed.get('fake-email-with-cc-and-bcc.msg')?.email).toMatchObject({
      to: ['John Jennings <john-ctr@unstructured.io>'],
      cc: ['steve@unstructured.io'],
      messageId: '14DDEF33-2BA7-4CDD-A4D8-E7C5873B37F2@gmail.com',
    });
    expect(parsed.get('fake-email-with-cc-and-bcc.msg')?.pages[0]?.text).not.toContain(
      'hello@unstructured.io',
    );
  });

  it.each(Object.entries(MSG_ATTACHMENTS))(
    "%s: each attachment's bytes, written to a file of its name, parse as the document they are",
    async (name, attachments) => {
      const data = await readFile(path.join(EMAIL, name));
      const listed = parsed.get(name)?.attachments ?? [];
      for (const [index, attachment] of listed.entries()) {
        const bytes = await emailAttachmentData(data, '.msg', index);
        expect(bytes.byteLength).toBe(attachment.size);
        expect(Buffer.from(bytes).equals(Buffer.from(attachment.data ?? []))).toBe(true);
        const file = path.join(dir.path, attachment.name);
        await writeFile(file, bytes);
        const expected = attachments[attachment.name];
        const outcome = await parseDocument(file).then(
          (document) => document.pages.map((page) => page.text).join('\n'),
          (error: unknown) => (error instanceof DocumentParseError ? error.code : String(error)),
        );
        if (expected === 'corrupt') expect(outcome).toBe('corrupt');
        else expect(outcome).toContain(expected);
      }
    },
  );

  it('come back from a parse worker as read in process, .msg attachments’ bytes included', async () => {
    const parser = createParser({ workers: 1 });
    try {
      for (const name of ['msg_with_attachment.msg', 'fake-email-utf-16.eml']) {
        const { document } = await parser.parse(path.join(EMAIL, name));
        expect(document).toEqual(parsed.get(name));
      }
    } finally {
      await parser.close();
    }
  });

  it('lays out every page for the viewer with the indexed text and blocks at their offsets', async () => {
    for (const [name, document] of parsed) {
      const data = await readFile(path.join(EMAIL, name));
      for (const page of document.pages) {
        const layout = await officePageLayoutOf(data, path.extname(name), page.page);
        expect(layout?.format).toBe('email');
        expect(layout?.text, name).toBe(page.text);
        for (const block of layout?.blocks ?? [])
          expect(layout?.text.slice(block.start, block.end)).toBe(block.text);
        expect(layout?.email?.attachments.map((attachment) => attachment.name)).toEqual(
          document.attachments?.map((attachment) => attachment.name),
        );
      }
    }
  });
});
