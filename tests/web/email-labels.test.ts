// How email families are named in the UI (issue 16): an attachment with the email it came with, an email
// by its subject, dates for people, the card lines the viewer shows as a card instead.
import { describe, expect, it } from 'vitest';
import type { EmailRef } from '../../apps/web/src/lib/api.ts';
import {
  attachedToText,
  attachmentParent,
  attachmentProblem,
  emailHeaderEnd,
  emailRefText,
  formatEmailDate,
  isEmailPath,
  parentEmailOf,
  personName,
  recipientsText,
  sourceLabel,
  sourceName,
} from '../../apps/web/src/lib/email.ts';

const Q3: EmailRef = {
  path: '/matters/mail/q3.eml',
  documentId: 'e'.repeat(64),
  subject: 'Q3 numbers',
  from: '"J. Smith" <j.smith@example.com>',
  to: ['A. Jones <a.jones@example.com>'],
  date: '2014-03-17T11:15:04.000Z',
};

describe('email labels', () => {
  it('names an attachment by its name and page, with the email it came attached to', () => {
    const hit = { path: '/matters/mail/q3.eml::1/report.pdf', page: 2, attachedTo: [Q3] };
    expect(sourceLabel(hit)).toBe(
      "report.pdf, p. 2 — attached to 'Q3 numbers', J. Smith → A. Jones, 17 Mar 2014",
    );
  });

  it('names every email an attachment came with', () => {
    const reply: EmailRef = {
      ...Q3,
      path: '/matters/mail/fwd.msg',
      subject: 'Fwd: Q3 numbers',
      from: 'a.jones@example.com',
      to: ['B. Brown <b@example.com>', 'C. Cole <c@example.com>', 'd@example.com'],
      date: '2014-03-18T08:00:00Z',
    };
    expect(attachedToText({ path: 'x::2/report.pdf', attachedTo: [Q3, reply] })).toBe(
      "attached to 'Q3 numbers', J. Smith → A. Jones, 17 Mar 2014 and to 'Fwd: Q3 numbers', " +
        'a.jones@example.com → B. Brown and 2 others, 18 Mar 2014',
    );
  });

  it('leaves out what an email lacks, and says nothing for a file of its own', () => {
    expect(emailRefText({ subject: null, from: null, to: [], date: null })).toBe("'(no subject)'");
    expect(emailRefText({ ...Q3, date: 'not a date' })).toBe("'Q3 numbers', J. Smith → A. Jones");
    expect(sourceLabel({ path: '/m/lease.pdf', page: 3 })).toBe('lease.pdf, p. 3');
    expect(attachedToText({ path: '/m/lease.pdf', attachedTo: [] })).toBe('');
  });

  it('names an email by its subject once it is known, never by a file name ending .eml', () => {
    expect(sourceName('/m/q3.eml', 'Q3 numbers')).toBe('Q3 numbers');
    expect(sourceName('/m/Q3.MSG', null)).toBe('(no subject)');
    expect(sourceName('/m/q3.eml')).toBe('q3.eml');
    expect(sourceName('/m/notes.txt', 'ignored')).toBe('notes.txt');
    expect(sourceLabel({ path: '/m/q3.eml', page: 1 }, 'Q3 numbers')).toBe('Q3 numbers, p. 1');
    expect(isEmailPath('/m/q3.eml::2/fwd.eml')).toBe(true);
    expect(isEmailPath('/m/q3.eml::1/report.pdf')).toBe(false);
  });

  it('says people by name, else by address', () => {
    expect(personName('"Smith, J." <j.smith@example.com>')).toBe('Smith, J.');
    expect(personName('<j.smith@example.com>')).toBe('j.smith@example.com');
    expect(personName(' j.smith@example.com ')).toBe('j.smith@example.com');
    expect(recipientsText([])).toBe('');
    expect(recipientsText(['A <a@x>', 'B <b@x>'])).toBe('A and B');
  });

  it('dates in UTC, as people write them, with the time when asked', () => {
    expect(formatEmailDate('2014-03-17T23:59:00Z')).toBe('17 Mar 2014');
    expect(formatEmailDate('2014-09-01T09:05:00.000Z', true)).toBe('1 Sep 2014, 09:05 UTC');
    expect(formatEmailDate(null)).toBeNull();
  });

  it('reads the email an attachment came with from its virtual path, the innermost for a nested one', () => {
    expect(attachmentParent('/m/q3.eml::1/report.pdf')).toBe('/m/q3.eml');
    expect(attachmentParent('/m/q3.eml::2/fwd.eml::1/a b.docx')).toBe('/m/q3.eml::2/fwd.eml');
    expect(attachmentParent('C:\\m\\q3.msg::3/x.xlsx')).toBe('C:\\m\\q3.msg');
    expect(attachmentParent('/m/report.pdf')).toBeNull();
    expect(parentEmailOf({ path: '/m/q3.eml::1/report.pdf', parent: '/elsewhere/q3.eml' })).toBe(
      '/elsewhere/q3.eml',
    );
    expect(parentEmailOf({ path: '/m/q3.eml::1/report.pdf' })).toBe('/m/q3.eml');
  });

  it('finds where the card lines that open an email page end', () => {
    const card = 'Subject: Q3 numbers\nFrom: J. Smith\nTo: A. Jones\nDate: 17 Mar 2014 11:15 UTC';
    expect(emailHeaderEnd(`${card}\n\nFrom: the body may quote a header`)).toBe(card.length);
    expect(emailHeaderEnd('Dear Ann,\n\nSubject: not a card')).toBe(0);
  });

  it('says why an attachment was not read in plain words', () => {
    expect(attachmentProblem({ code: 'encrypted', message: 'S/MIME' })).toMatch(/^Encrypted: /);
    expect(attachmentProblem({ code: 'unsupported-type', message: '' })).toMatch(/unsupported type/);
  });
});
