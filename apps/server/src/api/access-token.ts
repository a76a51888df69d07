import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { QuireError } from '../errors.ts';

const TOKEN_PATTERN = /^[0-9a-f]{64}$/;
const pending = new Map<string, Promise<string>>();

/** The file in the data home that holds the access token (and other server-wide settings). */
export function quireConfigPath(home: string): string {
  return path.join(path.resolve(home), 'quire.json');
}

/**
 * The access token remote clients must present (`Authorization: Bearer <token>`): 32 random bytes as
 * 64 hex characters, kept as `accessToken` in `<home>/quire.json`. Created on the first call (the home
 * is created if needed; other keys of the file are kept; written atomically with mode 0600) and the
 * same on every later call. Concurrent calls in one process share one creation. Throws
 * `invalid-request` when quire.json exists but is not a JSON object (it is never overwritten then).
 */
export function ensureAccessToken(home: string): Promise<string> {
  const file = quireConfigPath(home);
  let result = pending.get(file);
  if (!result) {
    result = readOrCreate(file).finally(() => pending.delete(file));
    pending.set(file, result);
  }
  return result;
}

async function readOrCreate(file: string): Promise<string> {
  const config = await readConfig(file);
  const existing = config.accessToken;
  if (typeof existing === 'string' && TOKEN_PATTERN.test(existing)) {
    await restrictMode(file);
    return existing;
  }
  const token = randomBytes(32).toString('hex');
  await writeAtomically(file, `${JSON.stringify({ ...config, accessToken: token }, null, 2)}\n`);
  return token;
}

async function readConfig(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return {};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new QuireError('invalid-request', `${file} is not valid JSON: fix or remove it`, {
      cause: error,
    });
  }
  if (!isRecord(parsed)) throw new QuireError('invalid-request', `${file} must hold a JSON object`);
  return parsed;
}

async function writeAtomically(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, content, { mode: 0o600, flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function restrictMode(file: string): Promise<void> {
  if (process.platform === 'win32') return;
  const info = await stat(file);
  if ((info.mode & 0o077) !== 0) await chmod(file, 0o600);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
