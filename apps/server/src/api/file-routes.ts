import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, open, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DocumentId, StoredPage } from '@quire/index';
import {
  type BlockLayout,
  DocumentParseError,
  type DocxLayout,
  docxLayout,
  HTML_EXTENSIONS,
  htmlCharset,
  isSupportedPath,
  officePageLayoutOf,
  type PdfPageLayout,
  pdfPageLayout,
  sniffImage,
  TEXT_EXTENSIONS,
  type TextPageLayout,
  type TextSpanBox,
  textCharset,
  textPageLayoutOf,
} from '@quire/ingest';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { documentSource } from '../attachment-bytes.ts';
import { QuireError } from '../errors.ts';
import type { ApiDeps } from './deps.ts';
import { documentRoute } from './openapi.ts';
import { resolveInsideFolders } from './path-guard.ts';
import { validate } from './validate.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.txt': 'text/plain',
  '.md': 'text/plain',
  '.markdown': 'text/plain',
};
/**
 * A saved web page is shown as a page of its own origin-less sandbox: no script runs, nothing is loaded
 * (images, fonts, styles from elsewhere), only its inline styles apply.
 */
const HTML_SANDBOX = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const CHARSET_SNIFF_BYTES = 8192;
const CHUNK_BYTES = 64 * 1024;

const DocumentParams = z.object({
  slug: z.string().min(1).max(200),
  documentId: z.string().regex(/^[0-9a-f]{64}$/, 'expected a 64-character document id'),
});
const SlugParam = z.object({ slug: z.string().min(1).max(200) });
const PathQuery = z.object({ path: z.string().min(1).max(4096) });
const LayoutQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) });
const PdfjsAsset = z.object({
  dir: z.enum(['cmaps', 'standard_fonts']),
  file: z.string().regex(/^[A-Za-z0-9_.-]+\.(?:bcmap|pfb|ttf)$/, 'not a pdf.js data file'),
});

/** What a viewer needs to draw one page and highlight offsets of its text. */
export type PageLayout =
  | ({ kind: 'pdf'; documentId: string; current: boolean; source: 'text-layer' | 'ocr' } & PdfPageLayout)
  | ({ kind: 'docx'; documentId: string; page: 1; current: boolean } & DocxLayout)
  /**
   * A web page, text or Markdown file: the page's blocks (as a DOCX's), `format` and `pageCount` too.
   * `fromIndex`: the original file cannot be reached from this machine (a reader of a shared index, a file
   * moved away), so this is the page's indexed text in paragraphs, whatever the document's kind.
   */
  | ({ kind: 'text'; documentId: string; page: number; current: boolean; fromIndex?: true } & TextPageLayout)
  | {
      kind: 'image';
      documentId: string;
      page: 1;
      current: boolean;
      source: 'ocr';
      /** Image pixels; boxes are in pixels too. */
      width: number;
      height: number;
      text: string;
      boxes: TextSpanBox[];
    };

const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/**
 * Original files, for viewing (mounted under `/api`):
 *
 * - `GET /workspaces/:slug/files/:documentId` — the file of a document of that workspace (its first
 *   indexed path); 404 for a document the workspace does not have.
 * - `GET /workspaces/:slug/file?path=<absolute path>` — a file of a kind Quire reads inside one of the
 *   workspace's folders (checked by {@link resolveInsideFolders}: 403 `forbidden-path` otherwise).
 *
 * Both stream from disk with `Content-Type` (web pages and text files with the charset Quire read them
 * in; web pages under a sandboxing `Content-Security-Policy`: no script, nothing loaded), `Accept-Ranges:
 * bytes` and `X-Content-Type-Options: nosniff`, and honour one `Range: bytes=a-b` (206 with `Content-Range`; 416 when unsatisfiable; a
 * multi-range or malformed header is ignored and the whole file sent, as RFC 9110 allows).
 */
export function fileRoutes(deps: ApiDeps): Hono {
  const app = new Hono();

  documentRoute({
    method: 'get',
    path: '/api/workspaces/{slug}/files/{documentId}',
    summary: 'The original file of a document of this workspace (Range requests supported)',
    produces: 'application/octet-stream',
  });
  documentRoute({
    method: 'get',
    path: '/api/workspaces/{slug}/file',
    summary: 'A file by absolute path; refused unless it lies inside one of the workspace folders',
    query: PathQuery,
    produces: 'application/octet-stream',
  });
  app.get('/workspaces/:slug/files/:documentId', validate('param', DocumentParams), async (c) => {
    const { slug, documentId } = c.req.valid('param');
    const ws = await deps.service.get(slug);
    const source = await documentSource(ws, documentId);
    return source.kind === 'file' ? sendFile(c, source.real) : sendBytes(c, source.data, source.path);
  });

  documentRoute({
    method: 'get',
    path: '/api/workspaces/{slug}/documents/{documentId}/layout',
    summary:
      'Where the text of one page is drawn (PDF: boxes in points; DOCX, web pages, text: blocks), with offsets into the page text',
    query: LayoutQuery,
  });
  app.get(
    '/workspaces/:slug/documents/:documentId/layout',
    validate('param', DocumentParams),
    validate('query', LayoutQuery),
    async (c) => {
      const { slug, documentId } = c.req.valid('param');
      const { page } = c.req.valid('query');
      const ws = await deps.service.get(slug);
      const stored = await ws.store.getPage(documentId as DocumentId, page);
      const reached = await documentSource(ws, documentId).then(
        async (source) => ({
          // An attachment's name (the end of its attachment path) tells its kind, as a file's does.
          real: source.kind === 'file' ? source.real : source.path,
          data: source.kind === 'file' ? new Uint8Array(await readFile(source.real)) : source.data,
        }),
        (error: unknown) => ({ error }),
      );
      if (!stored) throw new QuireError('not-found', `Document ${documentId} has no page ${page}`);
      // The original is not reachable here: the page as indexed, which is what citations quote.
      if ('error' in reached) return c.json(await indexedPageLayout(ws, documentId, stored));
      const { real, data } = reached;
      if (stored.source === 'ocr') {
        // No text layer to compare with the stored text: the file is current if its hash is the document's.
        const current = createHash('sha256').update(data).digest('hex') === documentId;
        // The page was read by OCR: its boxes are the recognised words (PDF points, or image pixels).
        const boxes = (stored.words ?? []).map(({ start, end, x, y, width, height }) => ({
          start,
          end,
          x,
          y,
          width,
          height,
        }));
        const image = sniffImage(data);
        if (image !== null) {
          const { width, height } = image;
          return c.json({
            kind: 'image',
            documentId,
            page: 1,
            current,
            source: 'ocr',
            width,
            height,
            text: stored.text,
            boxes,
          } satisfies PageLayout);
        }
        const { width, height } = await pdfPageLayout(data, page).catch((error: unknown) => {
          throw layoutError(error);
        });
        return c.json({
          kind: 'pdf',
          documentId,
          page,
          current,
          source: 'ocr',
          width,
          height,
          text: stored.text,
          boxes,
        } satisfies PageLayout);
      }
      try {
        const text =
          textPageLayoutOf(data, path.extname(real), page) ??
          (await officePageLayoutOf(data, path.extname(real), page));
        if (text !== null) {
          return c.json({
            kind: 'text',
            documentId,
            page,
            current: text.text === stored.text,
            ...text,
          } satisfies PageLayout);
        }
        if (path.extname(real).toLowerCase() === '.docx') {
          const layout = await docxLayout(data);
          return c.json({
            kind: 'docx',
            documentId,
            page: 1,
            current: layout.text === stored.text,
            ...layout,
          } satisfies PageLayout);
        }
        const layout = await pdfPageLayout(data, page);
        return c.json({
          kind: 'pdf',
          documentId,
          source: 'text-layer',
          current: layout.text === stored.text,
          ...layout,
        } satisfies PageLayout);
      } catch (error) {
        throw layoutError(error);
      }
    },
  );

  // pdf.js in the browser loads the standard fonts and character maps from here (never from a CDN).
  app.get('/pdfjs/:dir/:file', validate('param', PdfjsAsset), async (c) => {
    const { dir, file } = c.req.valid('param');
    const data = await readFile(path.join(pdfjsRoot, dir, file)).catch(() => null);
    if (data === null) throw new QuireError('not-found', `No pdf.js data file ${dir}/${file}`);
    return c.body(new Uint8Array(data), 200, {
      'Content-Type': 'application/octet-stream',
      'Cache-Control': 'public, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  app.get('/workspaces/:slug/file', validate('param', SlugParam), validate('query', PathQuery), async (c) => {
    const { slug } = c.req.valid('param');
    const { path: requested } = c.req.valid('query');
    const ws = await deps.service.get(slug);
    const real = await resolveInsideFolders(requested, ws.settings.folders);
    if (!isSupportedPath(requested) || !isSupportedPath(real)) {
      throw new QuireError(
        'forbidden-path',
        `Only the files Quire indexes (PDF, Word, images, web pages, text) can be opened: ${requested}`,
      );
    }
    return sendFile(c, real);
  });

  return app;
}

/**
 * A page's layout from the index alone: its stored text in paragraphs (split at blank lines), offsets into
 * that text, for a viewer that cannot fetch the original file.
 */
async function indexedPageLayout(
  ws: Awaited<ReturnType<ApiDeps['service']['get']>>,
  documentId: string,
  stored: StoredPage,
): Promise<PageLayout> {
  const blocks: BlockLayout[] = [];
  const pattern = /\S[\s\S]*?(?=\n\s*\n|$)/g;
  for (const match of stored.text.matchAll(pattern)) {
    const start = match.index;
    const text = match[0].trimEnd();
    blocks.push({ kind: 'paragraph', level: null, start, end: start + text.length, text, rows: null });
  }
  const document = (await ws.store.listDocuments()).find((d) => d.id === documentId);
  return {
    kind: 'text',
    documentId,
    page: stored.page,
    current: true,
    fromIndex: true,
    format: 'text',
    pageCount: document?.pageCount ?? stored.page,
    text: stored.text,
    blocks,
  };
}

function layoutError(error: unknown): unknown {
  if (error instanceof RangeError) return new QuireError('not-found', error.message);
  if (error instanceof DocumentParseError) {
    return new QuireError('conflict', `The file can no longer be read: ${error.message}`);
  }
  return error;
}

/** An attachment's bytes, sent as {@link sendFile} sends a file of its kind (its name says which). */
function sendBytes(c: Context, data: Uint8Array, attachmentPath: string): Response {
  const headers = contentHeaders(path.basename(attachmentPath));
  setTextType(headers, attachmentPath, data.subarray(0, CHARSET_SNIFF_BYTES));
  return ranged(c, headers, data.byteLength, (start, end) => data.slice(start, end + 1));
}

async function sendFile(c: Context, file: string): Promise<Response> {
  const info = await stat(file);
  if (!info.isFile()) throw new QuireError('not-found', `No file at ${file}`);
  const headers = contentHeaders(path.basename(file), info.mtime);
  await addTextHeaders(headers, file);
  return ranged(c, headers, info.size, (start, end) => fileBody(file, start, end));
}

/**
 * The response for `size` bytes with `headers`: the whole, or the one `Range: bytes=a-b` asked for (206
 * with `Content-Range`), or 416 when it cannot be satisfied; `body` gives bytes `start`–`end` inclusive.
 */
function ranged(
  c: Context,
  headers: Headers,
  size: number,
  body: (start: number, end: number) => BodyInit,
): Response {
  const range = parseRange(c.req.header('range'), size);
  if (range === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${size}`);
    headers.set('Content-Type', 'application/json');
    const error = { code: 'range-not-satisfiable', message: `The file has ${size} bytes` };
    return new Response(JSON.stringify({ error }), { status: 416, headers });
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  headers.set('Content-Length', String(end - start + 1));
  if (range) headers.set('Content-Range', `bytes ${start}-${end}/${size}`);
  return new Response(body(start, end), { status: range ? 206 : 200, headers });
}

/** The headers of a file named `name` (its type from its extension), modified at `modified` when known. */
function contentHeaders(name: string, modified?: Date): Headers {
  return new Headers({
    'Content-Type': CONTENT_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(name)}`,
    ...(modified ? { 'Last-Modified': modified.toUTCString() } : {}),
    'Cache-Control': 'private, no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
}

/** A web page's or text file's charset (from its first bytes, as Quire reads it) and a web page's sandbox. */
async function addTextHeaders(headers: Headers, file: string): Promise<void> {
  if (!isTextual(file)) return;
  const handle = await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  const head = new Uint8Array(CHARSET_SNIFF_BYTES);
  try {
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    setTextType(headers, file, head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

const isTextual = (name: string): boolean => {
  const extension = path.extname(name).toLowerCase();
  return HTML_EXTENSIONS.includes(extension) || TEXT_EXTENSIONS.includes(extension);
};

/** For a web page or text file named `name`: its type with the charset its first bytes `head` tell. */
function setTextType(headers: Headers, name: string, head: Uint8Array): void {
  if (!isTextual(name)) return;
  const html = HTML_EXTENSIONS.includes(path.extname(name).toLowerCase());
  const charset = (html ? htmlCharset : textCharset)(head);
  headers.set('Content-Type', `${html ? 'text/html' : 'text/plain'}; charset=${charset}`);
  if (html) headers.set('Content-Security-Policy', HTML_SANDBOX);
}

/** One byte range of a file of `size` bytes; null when the whole file is to be sent. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | 'unsatisfiable' {
  const match = header?.trim().match(/^bytes=(\d*)-(\d*)$/i);
  if (!match) return null;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (to !== '' && Number(to) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/** The bytes `start..end` (inclusive) of `file`, read lazily so a HEAD request never opens it. */
function fileBody(file: string, start: number, end: number): ReadableStream<Uint8Array> {
  let handle: FileHandle | null = null;
  let position = start;
  const release = async () => {
    await handle?.close();
    handle = null;
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        handle ??= await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
        const length = Math.min(CHUNK_BYTES, end + 1 - position);
        const buffer = new Uint8Array(Math.max(length, 0));
        const { bytesRead } = length > 0 ? await handle.read(buffer, 0, length, position) : { bytesRead: 0 };
        if (bytesRead === 0) {
          await release();
          controller.close();
          return;
        }
        position += bytesRead;
        controller.enqueue(buffer.subarray(0, bytesRead));
      } catch (error) {
        await release();
        controller.error(error);
      }
    },
    cancel: release,
  });
}
