import { createHash, timingSafeEqual } from 'node:crypto';
import { isIPv4 } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { cors } from 'hono/cors';
import { QuireError } from '../errors.ts';

/** Name of the cookie that may carry the access token instead of an `Authorization` header. */
export const TOKEN_COOKIE = 'quire_token';

/** A request body larger than the route allows: code `payload-too-large`, HTTP 413. */
export class PayloadTooLargeError extends QuireError {
  override readonly name = 'PayloadTooLargeError';

  constructor(maxBytes: number) {
    super('payload-too-large', `Request body too large: the limit is ${maxBytes} bytes`);
  }
}

/**
 * Requires the access token on every request it guards: `Authorization: Bearer <token>`, or the
 * `quire_token` cookie (so the web UI works when the server is remote: a browser cannot add a header
 * to page loads, images or `<iframe>` views of a file; set the cookie `SameSite=Strict` so other sites
 * cannot use it). Compared in constant time. Missing or wrong → `QuireError('unauthorized')` (401).
 * Put it after {@link uiCors}, so CORS preflights (which carry no credentials) are answered.
 */
export function requireBearer(token: string): MiddlewareHandler {
  if (token.length === 0) throw new QuireError('invalid-request', 'The access token must not be empty');
  const expected = digest(token);
  return async (c, next) => {
    const presented = bearerOf(c.req.header('authorization')) ?? getCookie(c, TOKEN_COOKIE);
    if (presented === undefined) {
      throw new QuireError(
        'unauthorized',
        'This server needs its access token: send "Authorization: Bearer <token>" (the token is accessToken in quire.json in the data home)',
      );
    }
    if (!timingSafeEqual(digest(presented), expected)) {
      throw new QuireError('unauthorized', 'Wrong access token');
    }
    await next();
  };
}

/**
 * CORS for the UI's own origin only (e.g. `http://127.0.0.1:4477`, or the Vite dev server's origin
 * during development): other origins get no `Access-Control-Allow-Origin`, so browsers keep their
 * pages from reading API responses. Allows credentials and the `Authorization`, `Content-Type` and
 * `Range` headers, and exposes the range headers of file responses.
 */
export function uiCors(allowedOrigin: string): MiddlewareHandler {
  return cors({
    origin: (origin) => (origin === allowedOrigin ? origin : null),
    credentials: true,
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'Range'],
    exposeHeaders: ['Content-Range', 'Accept-Ranges', 'Content-Length', 'Content-Disposition'],
    maxAge: 600,
  });
}

/**
 * Refuses request bodies over `maxBytes` (by `Content-Length`, or counted while reading a chunked body)
 * with `PayloadTooLargeError`, code `payload-too-large` (413).
 */
export function bodyLimitJson(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError(maxBytes);
    },
  });
}

/**
 * Refuses requests whose `Host` header is not a loopback name (`127.x.x.x`, `localhost`, `[::1]`), so a
 * web page cannot reach the local server through DNS rebinding (a hostile name re-pointed at
 * 127.0.0.1). For servers bound to loopback only; a remote server relies on {@link requireBearer}.
 * Wrong host → `QuireError('invalid-request')` (400).
 */
export function requireLoopbackHost(): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (!isLoopbackHost(hostnameOf(host))) {
      throw new QuireError(
        'invalid-request',
        `Unexpected Host header "${host}": this server answers to 127.0.0.1 and localhost only`,
      );
    }
    await next();
  };
}

/**
 * Checks the address the server is about to listen on. Loopback (`127.0.0.0/8`, `::1`, `localhost`) is
 * always fine. Any other address (`0.0.0.0`, `::`, a LAN address) is refused with `invalid-request`
 * unless `allowRemote` (`--allow-remote`) is set, and even then unless an access token is given when
 * `token` is passed (pass `ensureAccessToken(home)`'s result). Returns true when the server will be
 * remote, i.e. when {@link requireBearer} must guard every request.
 */
export function checkBindAddress(host: string, allowRemote: boolean, token?: string | null): boolean {
  if (isLoopbackHost(host)) return false;
  if (!allowRemote) {
    throw new QuireError(
      'invalid-request',
      `Refusing to listen on ${host} without --allow-remote: only 127.0.0.1 is reachable from this machine alone (with --allow-remote every request needs the access token)`,
    );
  }
  if (token !== undefined && (token === null || token.length === 0)) {
    throw new QuireError('invalid-request', `Refusing to listen on ${host} without an access token`);
  }
  return true;
}

/** Whether a host name or address is loopback: `localhost`, `127.0.0.0/8`, `::1` (bracketed or not). */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost') return true;
  if (name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
  const v4 = name.startsWith('::ffff:') ? name.slice('::ffff:'.length) : name;
  return isIPv4(v4) && v4.startsWith('127.');
}

function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  const colon = hostHeader.lastIndexOf(':');
  return colon === -1 ? hostHeader : hostHeader.slice(0, colon);
}

/** The token of an `Authorization: Bearer <token>` header, if that is what it holds. */
export function bearerOf(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
