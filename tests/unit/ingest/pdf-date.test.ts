// A PDF's date (issue 17, for scoped questions): its info dictionary's CreationDate, else ModDate.
import { describe, expect, it } from 'vitest';
import { pdfDate } from '../../../packages/ingest/src/pdf-date.ts';

const today = new Date('2026-12-06T12:00:00Z');

describe('pdfDate', () => {
  it('reads the day of CreationDate as written, else of ModDate', () => {
    expect(pdfDate({ CreationDate: "D:20160824142030+10'00'" }, today)).toEqual({
      value: '2016-08-24',
      source: 'pdf-metadata',
    });
    expect(pdfDate({ CreationDate: 'garbage', ModDate: 'D:19991231' }, today)?.value).toBe('1999-12-31');
    expect(pdfDate({ CreationDate: 'D:2016' }, today)?.value).toBe('2016-01-01');
  });

  it('ignores unreadable, impossible, pre-1970, Unix-zero and future dates', () => {
    for (const CreationDate of [
      '',
      'D:20160230',
      'D:19691231',
      'D:19700101000000Z',
      'D:20271201',
      'D:2016130',
    ]) {
      expect(pdfDate({ CreationDate }, today)).toBeUndefined();
    }
    expect(pdfDate(null, today)).toBeUndefined();
    expect(pdfDate({ CreationDate: 20160824 }, today)).toBeUndefined();
  });
});
