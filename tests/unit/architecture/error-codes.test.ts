// Every stable error code has an HTTP status (the compiler checks the table) and a line in the README;
// only Quire's own errors carry a code.
import { readFileSync } from 'node:fs';
import { InvalidStoreInputError } from '@quire/index';
import { DocumentParseError } from '@quire/ingest';
import { ModelManagerError } from '@quire/models';
import { describe, expect, it } from 'vitest';
import { errorCode, QuireError } from '../../../apps/server/src/errors.ts';
import { ERROR_STATUS } from '../../../apps/server/src/server.ts';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('error codes', () => {
  it('are all in the README', () => {
    const missing = Object.keys(ERROR_STATUS).filter((code) => !README.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });

  it("are read from Quire's own errors only", () => {
    expect(errorCode(new QuireError('conflict', 'x'))).toBe('conflict');
    expect(errorCode(new InvalidStoreInputError('x'))).toBe('invalid-input');
    expect(errorCode(new DocumentParseError('encrypted', 'x'))).toBe('encrypted');
    expect(errorCode(new ModelManagerError('download-aborted', 'x'))).toBe('download-aborted');
    const enoent = Object.assign(new Error('no such file'), { code: 'ENOENT' });
    expect(errorCode(enoent)).toBeNull();
    expect(errorCode('conflict')).toBeNull();
  });

  it('map download-aborted and models-file-corrupt to their own statuses, not a silent 500', () => {
    expect(ERROR_STATUS['download-aborted']).toBe(409);
    expect(ERROR_STATUS['models-file-corrupt']).toBe(500);
    expect(ERROR_STATUS['payload-too-large']).toBe(413);
  });
});
