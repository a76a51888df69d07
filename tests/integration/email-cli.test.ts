// Mail through the real `quire sync` and `quire status`, then searched as `quire search` searches (issue 16, must-show 1 and 2 for
// mail), read in place from ../shared/realdocs/email beside the repository, never copied: a sentence of
// each message's body is found on its message; text inside each `.msg` (and `.eml`) attachment is found
// with the email it came with in the hit; every file and attachment is indexed or listed with a code.
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpenWorkspace, type SyncReport, searchWorkspace, WorkspaceRegistry } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quireJson, quireJsonInProcess, runQuire } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const LOCATION = fileURLToPath(new URL('../../../shared/realdocs/email', import.meta.url));
const MAIL = existsSync(LOCATION) ? realpathSync(LOCATION) : LOCATION;
const required = process.env.CI === 'true';

interface Hit {
  path: string;
  page: number;
  text: string;
  attachedTo?: { path: string; subject: string | null }[];
  otherVersions?: { path: string; page: number; text: string }[];
}

let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;
let report: SyncReport;
let ws: OpenWorkspace | undefined;

/** Searches as `quire search` does (the same function), in this process: one model load, not one a query. */
const search = async (query: string): Promise<Hit[]> =>
  (await searchWorkspace(ws as OpenWorkspace, query, 10)).hits;

/** A sentence of each message's body (as it reads once decoded: UTF-8, Windows-1252, UTF-16, HTML). */
const BODIES: Record<string, string> = {
  'email-no-utf8-2014-03-17.111517.eml': 'The password for your Google Account',
  'email-replace-mime-encodings-error-3.eml': 'Learn how the cloud is accelerating innovation',
  'eml_with_attachment.eml': 'This email contains an attachment.',
  'fake-email-attachment.eml': 'Little to no content',
  'fake-email-attachment.msg': 'Little to no content',
  'fake-email-utf-16.eml': 'This is a test email to use for unit tests.',
  'fake-email-with-cc-and-bcc.msg': 'This is a test email. Please ignore.',
  'family-day.eml': 'Get excited for our first annual family day!',
  'mime-different-plain-html.eml': 'the first email was sent by Ray Tomlinson in 1971',
  'msg_with_attachment.msg': 'This email contains an attachment.',
};

describe.skipIf(!required && !existsSync(MAIL))('mail of ../shared/realdocs/email', () => {
  beforeAll(async () => {
    tmp = await tempDir('quire-mail-');
    home = join(tmp.path, 'home');
    await quireJson(home, ['add', MAIL, '--workspace', 'mail']);
    const sync = await runQuire(home, ['sync', 'mail', '--json'], { timeoutMs: 300_000 });
    if (sync.code !== 0) throw new Error(`quire sync exited ${sync.code}: ${sync.stderr}`);
    report = JSON.parse(sync.stdout.trim().split('\n').pop() ?? '') as SyncReport;
    ws = await OpenWorkspace.open(new WorkspaceRegistry(home), 'mail');
  }, 320_000);
  afterAll(async () => {
    await ws?.close();
    await tmp?.cleanup();
  });

  it('indexes every message and attachment, or lists it with a code', async () => {
    const status = await quireJsonInProcess<{
      documents: { path: string; state: string; error: { code: string } | null; parent?: string }[];
    }>(home, ['status', 'mail']);
    const outcome = Object.fromEntries(
      status.documents.map((d) => [d.path.slice(MAIL.length + 1), d.error?.code ?? d.state]),
    );
    expect(outcome).toEqual({
      'email-no-utf8-2014-03-17.111517.eml': 'indexed',
      'email-replace-mime-encodings-error-3.eml': 'indexed',
      'eml_with_attachment.eml': 'indexed',
      'eml_with_attachment.eml::1/test.txt': 'indexed',
      'fake-email-attachment.eml': 'indexed',
      'fake-email-attachment.eml::1/fake-attachment.txt': 'indexed',
      'fake-email-attachment.msg': 'indexed',
      'fake-email-attachment.msg::1/fake-attachment.txt': 'indexed',
      'fake-email-utf-16.eml': 'indexed',
      'fake-email-with-cc-and-bcc.msg': 'indexed',
      // Encrypted mail: the card is indexed, the body listed as encrypted.
      'fake-encrypted.eml': 'indexed',
      'fake-encrypted.eml::1/encrypted.asc': 'encrypted',
      'fake-encrypted.msg': 'indexed',
      'fake-encrypted.msg::1/ATT00002.bin': 'encrypted',
      'family-day.eml': 'indexed',
      'mime-different-plain-html.eml': 'indexed',
      'msg_with_attachment.msg': 'indexed',
      'msg_with_attachment.msg::1/test.txt': 'indexed',
      // The sample's "report.pdf" is 26 bytes of placeholder text, not a PDF.
      'msg_with_attachment.msg::2/report.pdf': 'corrupt',
    });
    expect(report.failed.map((f) => [f.path.slice(MAIL.length + 1), f.code]).sort()).toEqual([
      ['fake-encrypted.eml::1/encrypted.asc', 'encrypted'],
      ['fake-encrypted.msg::1/ATT00002.bin', 'encrypted'],
      ['msg_with_attachment.msg::2/report.pdf', 'corrupt'],
    ]);
  });

  it("finds a sentence of each message's body on that message", async () => {
    for (const [file, sentence] of Object.entries(BODIES)) {
      const hits = await search(sentence);
      // The same message saved as .eml and .msg is two versions of one document: search folds one into
      // the other's hit (issue 18), so the message is found as a hit or as a version folded into one.
      const found = hits
        .flatMap((h) => [h, ...(h.otherVersions ?? [])])
        .find((h) => h.path === join(MAIL, file) && h.text.includes(sentence));
      expect(found, `${file}: "${sentence}"`).toBeDefined();
      expect(found?.page).toBe(1);
    }
  });

  it('finds text inside each .msg attachment, with every email it came with in the hit', async () => {
    const [fake] = (await search('Hey this is a fake attachment')).filter((h) =>
      h.text.includes('fake attachment'),
    );
    expect(fake?.attachedTo?.map((e) => [e.path.slice(MAIL.length + 1), e.subject])).toEqual([
      ['fake-email-attachment.eml', 'Fake email with attachment'],
      ['fake-email-attachment.msg', 'Fake email with attachment'],
    ]);
    const [test] = (await search('This is a test attachment file')).filter((h) =>
      h.text.includes('test attachment'),
    );
    expect(test?.attachedTo?.map((e) => [e.path.slice(MAIL.length + 1), e.subject])).toEqual([
      ['eml_with_attachment.eml', 'Email with Attachment'],
      ['msg_with_attachment.msg', 'Email with Attachment'],
    ]);
  });
});
