// Per-person access to a served data home (issue 20): named tokens, each limited to some workspaces.
// The owner's token (accessToken in quire.json) keeps full access; a named token reads and asks its
// own workspaces only. Only a sha256 of each named token is kept, in `<home>/tokens.json` (mode 0600).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { QuireError } from '../errors.ts';
import { slugify } from '../workspace-registry.ts';
import { bearerOf, TOKEN_COOKIE } from './security.ts';

/** A token's name: a short slug (lowercase letters, digits and dashes, at most 32). */
const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
/** What the audit log records for the owner's token; no named token may take it. */
export const OWNER = 'owner';
/** The workspaces of a token that may read every workspace, present and future. */
export const ALL_WORKSPACES = '*';

/** One named token as stored (and listed): never the token itself, only its sha256. */
export interface NamedToken {
  name: string;
  /** Slugs of the workspaces it may read and ask, or `*` for all of them. */
  workspaces: string[] | typeof ALL_WORKSPACES;
  /** ISO time it was created. */
  created: string;
  sha256: string;
}

/** Who is asking: the owner (owner token, or loopback without a named token) or a named token. */
export type Caller =
  | { kind: 'owner'; tokenPresented: boolean }
  | { kind: 'named'; name: string; workspaces: string[] | typeof ALL_WORKSPACES };

declare module 'hono' {
  interface ContextVariableMap {
    caller: Caller;
  }
}

const LOCAL_OWNER: Caller = { kind: 'owner', tokenPresented: false };

/** The file of a data home that holds its named tokens. */
export function tokensPath(home: string): string {
  return path.join(path.resolve(home), 'tokens.json');
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Every named token of a data home (none when tokens.json does not exist). */
export async function listTokens(home: string): Promise<NamedToken[]> {
  const file = tokensPath(home);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new QuireError('invalid-request', `${file} is not valid JSON: fix or remove it`, { cause: error });
  }
  const tokens = (parsed as { tokens?: unknown }).tokens;
  if (!Array.isArray(tokens)) throw new QuireError('invalid-request', `${file} must hold {"tokens": [...]}`);
  return tokens as NamedToken[];
}

/**
 * Creates the token `name` for `workspaces` (slugs, or `*`): returns the token, which is shown once and
 * kept only as its sha256. A bad or taken name (or `owner`) is refused.
 */
export async function addToken(
  home: string,
  name: string,
  workspaces: string[] | typeof ALL_WORKSPACES,
): Promise<{ token: string; entry: NamedToken }> {
  if (!NAME_PATTERN.test(name) || name === OWNER)
    throw new QuireError(
      'invalid-request',
      `A token name is a short slug (lowercase letters, digits and dashes, at most 32, not "${OWNER}"): got "${name}"`,
    );
  if (workspaces !== ALL_WORKSPACES && workspaces.length === 0)
    throw new QuireError('invalid-request', 'A token needs at least one workspace (or --all)');
  const tokens = await listTokens(home);
  if (tokens.some((t) => t.name === name))
    throw new QuireError('conflict', `A token named "${name}" already exists: remove it first to replace it`);
  const token = randomBytes(32).toString('hex');
  const entry: NamedToken = { name, workspaces, created: new Date().toISOString(), sha256: sha256(token) };
  await save(home, [...tokens, entry]);
  return { token, entry };
}

/** Removes the token `name` (refused from then on); `not-found` when there is none. */
export async function removeToken(home: string, name: string): Promise<NamedToken> {
  const tokens = await listTokens(home);
  const entry = tokens.find((t) => t.name === name);
  if (!entry) throw new QuireError('not-found', `No token named "${name}"`);
  await save(
    home,
    tokens.filter((t) => t !== entry),
  );
  return entry;
}

/** The named token whose sha256 is that of `presented`, compared in constant time; null if none. */
export async function findToken(home: string, presented: string): Promise<NamedToken | null> {
  const digest = Buffer.from(sha256(presented), 'hex');
  let found: NamedToken | null = null;
  for (const entry of await listTokens(home)) {
    const stored = Buffer.from(entry.sha256, 'hex');
    if (stored.length === digest.length && timingSafeEqual(stored, digest)) found = entry;
  }
  return found;
}

async function save(home: string, tokens: NamedToken[]): Promise<void> {
  const file = tokensPath(home);
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify({ tokens }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  if (process.platform !== 'win32' && ((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
}

/** Whether `caller` may see the workspace `slug`. */
export function canSee(caller: Caller, slug: string): boolean {
  if (caller.kind === 'owner' || caller.workspaces === ALL_WORKSPACES) return true;
  return caller.workspaces.includes(slug);
}

/** The caller of a request (the owner when no middleware identified one, as in router-only tests). */
export function callerOf(c: Context): Caller {
  return c.get('caller') ?? LOCAL_OWNER;
}

/** What the audit log records as `askedBy`: the token's name, `owner` for the owner's token, else null. */
export function askedByOf(caller: Caller): string | null {
  if (caller.kind === 'named') return caller.name;
  return caller.tokenPresented ? OWNER : null;
}

/**
 * Identifies the caller from `Authorization: Bearer <token>` or the `quire_token` cookie: the owner's
 * token, or a named token of `<home>/tokens.json` (read on each request, so a removed token is refused
 * at once). On a remote server a missing or unknown token is `unauthorized` (401). On loopback no token
 * is needed and an unknown one is ignored (OpenAI clients send a placeholder key), but a named token
 * still limits what the request sees.
 */
export function identifyCaller(options: { home: string; token: string; remote: boolean }): MiddlewareHandler {
  if (options.token.length === 0)
    throw new QuireError('invalid-request', 'The access token must not be empty');
  const owner = Buffer.from(sha256(options.token), 'hex');
  return async (c, next) => {
    const presented = bearerOf(c.req.header('authorization')) ?? getCookie(c, TOKEN_COOKIE);
    let caller: Caller | null = null;
    if (presented !== undefined) {
      if (timingSafeEqual(Buffer.from(sha256(presented), 'hex'), owner)) {
        caller = { kind: 'owner', tokenPresented: true };
      } else {
        const named = await findToken(options.home, presented);
        if (named) caller = { kind: 'named', name: named.name, workspaces: named.workspaces };
      }
    }
    if (!caller && options.remote) {
      throw new QuireError(
        'unauthorized',
        presented === undefined
          ? 'This server needs its access token: send "Authorization: Bearer <token>" (the token is accessToken in quire.json in the data home, or a named token from quire tokens add)'
          : 'Wrong access token',
      );
    }
    c.set('caller', caller ?? LOCAL_OWNER);
    await next();
  };
}

/** Server-wide reads a named token may make (the workspace list and event stream are filtered). */
const SHARED_READS = [
  /^\/api\/workspaces$/,
  /^\/api\/workspace-defaults$/,
  /^\/api\/ocr-languages$/,
  /^\/api\/events$/,
  /^\/api\/models$/,
  /^\/api\/pdfjs\//,
];
/** The writes a named token may make in its workspaces: asking, and exporting an evidence bundle. */
const WORKSPACE_WRITES = new Set(['/ask', '/export']);

/**
 * What a named token may do under `/api`: read (GET) its own workspaces and ask them (`POST …/ask`,
 * `POST …/export`); another workspace's routes answer 404 `not-found`, as if it did not exist. Anything
 * else (creating, changing or deleting workspaces, folders, documents, threads or models, the folder
 * browser) is the owner's: 403 `forbidden`. `/v1` routes check their model themselves.
 */
export function limitNamedTokens(): MiddlewareHandler {
  return async (c, next) => {
    const caller = callerOf(c);
    const pathname = c.req.path;
    if (caller.kind === 'owner' || !pathname.startsWith('/api/')) return next();
    const read = c.req.method === 'GET' || c.req.method === 'HEAD';
    const match = pathname.match(/^\/api\/workspaces\/([^/]+)(\/.*)?$/);
    if (match) {
      if (!canSee(caller, slugOf(match[1] ?? ''))) throw new QuireError('not-found', 'No such workspace');
      if (read || (c.req.method === 'POST' && WORKSPACE_WRITES.has(match[2] ?? ''))) return next();
    } else if (read && SHARED_READS.some((pattern) => pattern.test(pathname))) {
      return next();
    }
    throw new QuireError(
      'forbidden',
      `The token "${caller.name}" may read and ask its workspaces only: ${c.req.method} ${pathname} needs the owner's token`,
    );
  };
}

/** The slug a route's (still encoded) `:slug` names (routes accept a name too); '' when it names none. */
function slugOf(encoded: string): string {
  try {
    return slugify(decodeURIComponent(encoded));
  } catch {
    return '';
  }
}
