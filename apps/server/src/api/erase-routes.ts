import { Hono } from 'hono';
import { z } from 'zod';
import { eraseDocument, previewErase } from '../erase.ts';
import type { ApiDeps } from './deps.ts';
import { documentRoute } from './openapi.ts';
import { validate } from './validate.ts';

const W = '/api/workspaces/{slug}';
const DocumentId = z.string().regex(/^[0-9a-f]{64}$/, 'expected a 64-character document id');
const EraseBody = z.object({ documentId: DocumentId });
const EraseParams = z.object({ slug: z.string(), documentId: DocumentId });

/**
 * Erasing a document (issue 19): a dry run saying what would be removed (for a confirmation), and the
 * erase itself, run on the server's open workspace so its index, matter facts and watcher see it at once.
 */
export function eraseRoutes(deps: ApiDeps): Hono {
  const { service } = deps;
  const app = new Hono();

  documentRoute({
    method: 'get',
    path: `${W}/documents/{documentId}/erase-preview`,
    summary:
      'What erasing a document would remove: its paths, attachments erased with it, thread turns and audit entries',
  });
  app.get(
    '/workspaces/:slug/documents/:documentId/erase-preview',
    validate('param', EraseParams),
    async (c) => {
      const { slug, documentId } = c.req.valid('param');
      return c.json(await previewErase(await service.get(slug), documentId));
    },
  );

  documentRoute({
    method: 'post',
    path: `${W}/documents/erase`,
    summary:
      'Erases a document: out of the index and its old versions, quotes in threads replaced by a marker, audit entries tombstoned',
    body: EraseBody,
  });
  app.post('/workspaces/:slug/documents/erase', validate('json', EraseBody), async (c) => {
    const ws = await service.get(c.req.param('slug'));
    return c.json(await eraseDocument(ws, c.req.valid('json').documentId));
  });

  return app;
}
