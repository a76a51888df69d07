import { Hono } from 'hono';
import { z } from 'zod';
import { compare, overview, timeline, versions } from '../matter.ts';
import { timelineCsv, timelineMarkdown } from '../matter-export.ts';
import { checkScope, parseKinds } from '../scope.ts';
import type { ApiDeps } from './deps.ts';
import { documentRoute } from './openapi.ts';
import { validate } from './validate.ts';
import { repeated } from './workspace-routes.ts';

const W = '/api/workspaces/{slug}';
/** An event-date bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
const PartialDate = z
  .string()
  .regex(
    /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/,
    'expected YYYY, YYYY-MM or YYYY-MM-DD',
  );
const TimelineQuery = z.object({
  since: PartialDate.optional(),
  until: PartialDate.optional(),
  in: repeated,
  notIn: repeated,
  kind: repeated,
  from: repeated,
  to: repeated,
  format: z.enum(['json', 'csv', 'markdown']).default('json'),
});
const CompareQuery = z.object({
  a: z.string().regex(/^[0-9a-f]{64}$/, 'expected a 64-character document id'),
  b: z.string().regex(/^[0-9a-f]{64}$/, 'expected a 64-character document id'),
});

/**
 * The whole-matter views (issue 18): the chronology (JSON, or CSV / Markdown to download), the overview,
 * versions and the comparison of two documents. Answers at once from the facts computed so far, with
 * `pending` counting documents still being read for them in the background.
 */
export function matterRoutes(deps: ApiDeps): Hono {
  const { service } = deps;
  const app = new Hono();

  documentRoute({
    method: 'get',
    path: `${W}/timeline`,
    summary: 'The chronology: dated statements, cited and merged across documents (JSON, CSV or Markdown)',
    query: TimelineQuery,
  });
  app.get('/workspaces/:slug/timeline', validate('query', TimelineQuery), async (c) => {
    const { since, until, kind, format, ...rest } = c.req.valid('query');
    const scope = checkScope({ ...rest, kinds: kind ? parseKinds(kind) : undefined });
    const ws = await service.get(c.req.param('slug'));
    const result = await timeline(ws, { scope, since: since ?? null, until: until ?? null });
    if (format === 'json') return c.json(result);
    const name = `${ws.settings.slug}-chronology.${format === 'csv' ? 'csv' : 'md'}`;
    c.header('Content-Disposition', `attachment; filename="${name}"`);
    c.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'text/markdown; charset=utf-8');
    return c.body(format === 'csv' ? timelineCsv(result) : timelineMarkdown(ws.settings.name, result));
  });

  documentRoute({
    method: 'get',
    path: `${W}/overview`,
    summary: 'Every document with its kind, date, parties, cited summary and versions, grouped by kind',
  });
  app.get('/workspaces/:slug/overview', async (c) =>
    c.json(await overview(await service.get(c.req.param('slug')))),
  );

  documentRoute({
    method: 'get',
    path: `${W}/versions`,
    summary: 'Groups of documents that are versions of one another',
  });
  app.get('/workspaces/:slug/versions', async (c) =>
    c.json(await versions(await service.get(c.req.param('slug')))),
  );

  documentRoute({
    method: 'get',
    path: `${W}/compare`,
    summary: 'Two documents compared page by page, the differences marked',
    query: CompareQuery,
  });
  app.get('/workspaces/:slug/compare', validate('query', CompareQuery), async (c) => {
    const { a, b } = c.req.valid('query');
    return c.json(await compare(await service.get(c.req.param('slug')), a, b));
  });

  return app;
}
