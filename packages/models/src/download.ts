import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type DownloadProgress, ProgressMeter } from './download-progress.ts';
import { hasGgufMagic } from './gguf-info.ts';
import { ModelManagerError } from './manager-errors.ts';
import { ModelError } from './model-errors.ts';
import { fileNameFromUrl, resolveModelUrl } from './model-url.ts';

/** Options of {@link downloadModel}. */
export interface DownloadOptions {
  /** Name of the file in `destDir`. Default: the URL's last path segment. */
  fileName?: string;
  /** Expected sha256 (hex). Default: a 64-hex `X-Linked-Etag`/`ETag` header, as Hugging Face sends for LFS files. */
  sha256?: string;
  /** Exact expected size; only pass a size you know exactly. */
  sizeBytes?: number;
  /** Called at most ~10 times a second, and once at the end. */
  onProgress?: (progress: DownloadProgress) => void;
  /** Stops the transfer; the `.partial` file is kept so that the next call resumes. */
  signal?: AbortSignal;
  /** The fetch to use. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Minimum time between progress events. Default 100 ms. */
  progressIntervalMs?: number;
}

/** A completed, verified download. */
export interface DownloadResult {
  file: string;
  sizeBytes: number;
  sha256: string;
  /** True when the sha256 was checked against a known value, false when none was known. */
  sha256Verified: boolean;
  /** Bytes reused from an interrupted earlier attempt (0 when the transfer started from zero). */
  resumedFromBytes: number;
}

const MAX_REDIRECTS = 10;
const SHA256_HEX = /^[0-9a-f]{64}$/;

function sha256FromHeaders(headers: Headers): string | null {
  for (const name of ['x-linked-etag', 'etag']) {
    const value = headers.get(name)?.replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase();
    if (value && SHA256_HEX.test(value)) return value;
  }
  return null;
}

async function sizeOnDisk(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (cause) {
    if (cause instanceof Error && 'code' in cause && cause.code === 'ENOENT') return 0;
    throw cause;
  }
}

async function hashFile(hash: Hash, path: string): Promise<void> {
  for await (const chunk of createReadStream(path)) {
    if (Buffer.isBuffer(chunk)) hash.update(chunk);
  }
}

function asDownloadError(cause: unknown, signal: AbortSignal | undefined, what: string): ModelManagerError {
  if (cause instanceof ModelManagerError) return cause;
  if (signal?.aborted) {
    return new ModelManagerError('download-aborted', `Download stopped: ${what}. Pull again to resume.`, {
      cause,
    });
  }
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ModelManagerError('download-failed', `Download failed (${reason}): ${what}.`, { cause });
}

interface OpenedResponse {
  response: Response;
  headerSha256: string | null;
}

/** Follows redirects by hand so that the hub's own headers (its LFS sha256) are seen, not only the CDN's. */
async function openResponse(
  doFetch: typeof fetch,
  url: URL,
  offset: number,
  signal: AbortSignal | undefined,
): Promise<OpenedResponse> {
  let current = url;
  let headerSha256: string | null = null;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const headers: Record<string, string> = { 'accept-encoding': 'identity' };
    if (offset > 0) headers.range = `bytes=${offset}-`;
    let response: Response;
    try {
      response = await doFetch(current, { headers, redirect: 'manual', ...(signal ? { signal } : {}) });
    } catch (cause) {
      throw asDownloadError(cause, signal, `could not reach ${current.host}`);
    }
    headerSha256 ??= sha256FromHeaders(response.headers);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      current = new URL(location, current);
      continue;
    }
    return { response, headerSha256 };
  }
  throw new ModelManagerError('download-failed', `Too many redirects from ${url.href}.`);
}

function parseContentRange(value: string | null): { start: number; total: number | null } | null {
  const match = value?.match(/^bytes (\d+)-\d+\/(\d+|\*)$/);
  if (!match?.[1] || !match[2]) return null;
  return { start: Number(match[1]), total: match[2] === '*' ? null : Number(match[2]) };
}

function contentLength(headers: Headers): number | null {
  const value = headers.get('content-length');
  return value && /^\d+$/.test(value) ? Number(value) : null;
}

async function rejectFile(partial: string, message: string): Promise<never> {
  await rm(partial, { force: true });
  throw new ModelError('model-invalid', message);
}

/**
 * Downloads a model file (an `hf:` URI or an https URL) into `destDir`, the only network access Quire
 * makes and only when the user asks for it. Streams to `<file>.partial`, resumes an existing partial
 * file with an HTTP `Range` request (restarting from zero when the server ignores it), verifies the
 * size, the sha256 when one is known and the GGUF magic, then renames the file into place.
 *
 * Errors: `ModelManagerError` `download-failed` (error status, broken connection: the partial file is
 * kept) or `download-aborted` (the signal fired: kept); `ModelError('model-invalid')` when the bytes
 * are wrong (size, sha256 or not a GGUF: the partial file is deleted).
 */
export async function downloadModel(
  url: string | URL,
  destDir: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const target = typeof url === 'string' ? resolveModelUrl(url) : url;
  const { signal } = options;
  const doFetch = options.fetch ?? globalThis.fetch;
  await mkdir(destDir, { recursive: true });
  const file = join(destDir, options.fileName ?? fileNameFromUrl(target));
  const partial = `${file}.partial`;
  const name = target.href;

  let offset = await sizeOnDisk(partial);
  let opened = await openResponse(doFetch, target, offset, signal);
  let total: number | null = null;
  for (let attempt = 0; ; attempt++) {
    const { response } = opened;
    if (response.status === 206) {
      const range = parseContentRange(response.headers.get('content-range'));
      if (range && range.start === offset) {
        total = range.total;
        break;
      }
    } else if (response.status === 200) {
      offset = 0;
      total = contentLength(response.headers);
      break;
    } else if (!response.ok && response.status !== 416) {
      await response.body?.cancel();
      throw new ModelManagerError(
        'download-failed',
        `Download failed: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from ${name}`,
        { status: response.status },
      );
    }
    // A range the server could not honour (416, or a 206 for other bytes): start again from zero.
    await response.body?.cancel();
    if (attempt > 0 || offset === 0) {
      throw new ModelManagerError('download-failed', `Server answered HTTP ${response.status} to ${name}`, {
        status: response.status,
      });
    }
    await rm(partial, { force: true });
    offset = 0;
    opened = await openResponse(doFetch, target, 0, signal);
  }

  const body = opened.response.body;
  if (!body) throw new ModelManagerError('download-failed', `Empty response from ${name}`);
  const hash = createHash('sha256');
  if (offset > 0) await hashFile(hash, partial);
  const meter = new ProgressMeter(options.onProgress, total, offset, options.progressIntervalMs ?? 100);
  let received = offset;
  meter.update(received);
  const handle = await open(partial, offset > 0 ? 'a' : 'w');
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await handle.write(value);
      hash.update(value);
      received += value.byteLength;
      meter.update(received);
    }
  } catch (cause) {
    throw asDownloadError(cause, signal, `${received} bytes of ${name} kept in ${partial}`);
  } finally {
    await handle.close();
  }

  if (total !== null && received < total) {
    throw new ModelManagerError(
      'download-failed',
      `Connection closed after ${received} of ${total} bytes of ${name}. Pull again to resume.`,
    );
  }
  if (total !== null && received > total) {
    await rejectFile(partial, `Received ${received} bytes but the server announced ${total}: ${name}`);
  }
  if (options.sizeBytes !== undefined && received !== options.sizeBytes) {
    await rejectFile(partial, `Downloaded ${received} bytes, expected ${options.sizeBytes}: ${name}`);
  }
  const sha256 = hash.digest('hex');
  const expected = options.sha256?.toLowerCase() ?? opened.headerSha256;
  if (expected && sha256 !== expected) {
    await rejectFile(
      partial,
      `Checksum mismatch for ${name}: expected sha256 ${expected}, got ${sha256}. The file was deleted.`,
    );
  }
  if (!(await hasGgufMagic(partial))) {
    await rejectFile(partial, `The file downloaded from ${name} is not a GGUF model. It was deleted.`);
  }
  await rename(partial, file);
  meter.update(received, true);
  return { file, sizeBytes: received, sha256, sha256Verified: Boolean(expected), resumedFromBytes: offset };
}
