import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import {
  globName,
  globOfPath,
  normalScope,
  partiesOf,
  pathOfGlob,
  scopeChips,
  scopeLine,
  withDates,
  withList,
  withoutChip,
} from '../../../apps/web/src/lib/scope.ts';

describe('a picked document as a path glob', () => {
  const paths = [
    '/home/me/Acme matter/lease (signed) [v2].pdf',
    '/m/@notes+{1}!.txt',
    '/m/what?*.md',
    '/m/q3.eml::1/report.pdf',
  ];

  it('matches exactly that file however its name reads to picomatch', () => {
    for (const path of paths) {
      const glob = globOfPath(path);
      // as the server's matchesGlob runs it
      const test = picomatch(glob, { dot: true, nocase: true, basename: !glob.includes('/') });
      expect(test(path), glob).toBe(true);
      expect(test(`${path}x`), glob).toBe(false);
      expect(test('/m/other.pdf'), glob).toBe(false);
    }
  });

  it('reads back as the path, and is named by its file name', () => {
    for (const path of paths) expect(pathOfGlob(globOfPath(path))).toBe(path);
    expect(globName(globOfPath(paths[0] as string))).toBe('lease (signed) [v2].pdf');
  });

  it('writes a Windows path with slashes, as the server compares paths', () => {
    expect(globOfPath('C:\\Matters\\lease.pdf')).toBe('C:/Matters/lease.pdf');
    expect(globName('C:/Matters/lease.pdf')).toBe('lease.pdf');
  });

  it('leaves a pattern written by hand as written', () => {
    expect(pathOfGlob('lease*')).toBeNull();
    expect(pathOfGlob('correspondence/2021/')).toBeNull();
    expect(globName('lease*')).toBe('lease*');
  });
});

describe('chips', () => {
  it('says what each restriction restricts to, in a fixed order, long lists shortened', () => {
    const chips = scopeChips({
      to: ['tenant'],
      kinds: ['pdf', 'email'],
      in: ['/m/a.pdf', '/m/b.pdf', '/m/c.pdf'],
      since: '2021-01-01',
      notIn: ['archive/'],
      from: ['landlord@example.com'],
    });
    expect(chips.map((c) => `${c.name}: ${c.value}`)).toEqual([
      'Documents: a.pdf and 2 more',
      'Excluding: archive/',
      'Kind: PDF, Email',
      'Dates: since 2021-01-01',
      'From: landlord@example.com',
      'To: tenant',
    ]);
    expect(chips[0]?.full).toBe('a.pdf, b.pdf, c.pdf');
    expect(scopeChips(null)).toEqual([]);
    expect(scopeLine({ until: '2020-12-31', kinds: ['sheet'] })).toBe(
      'Kind: Spreadsheet · Dates: until 2020-12-31',
    );
  });

  it('sets, replaces and removes one restriction, the whole workspace when none is left', () => {
    let scope = withList(null, 'in', ['/m/a.pdf', '/m/a.pdf']);
    expect(scope).toEqual({ in: ['/m/a.pdf'] });
    scope = withList(scope, 'kinds', ['email', 'pdf']);
    expect(scope).toEqual({ in: ['/m/a.pdf'], kinds: ['pdf', 'email'] });
    scope = withDates(scope, { since: '', until: '2021-12-31' });
    expect(scope).toEqual({ in: ['/m/a.pdf'], kinds: ['pdf', 'email'], until: '2021-12-31' });
    scope = withoutChip(scope, 'kinds');
    scope = withoutChip(scope, 'dates');
    expect(scope).toEqual({ in: ['/m/a.pdf'] });
    expect(withoutChip(scope, 'in')).toBeNull();
    expect(normalScope({ in: [], from: [] })).toBeNull();
  });

  it('splits typed senders and recipients at commas, semicolons and lines', () => {
    expect(partiesOf(' landlord, Smith ;\nagent@example.com,, ')).toEqual([
      'landlord',
      'Smith',
      'agent@example.com',
    ]);
  });
});
