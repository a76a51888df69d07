import { z } from 'zod';

/** One documented route: enough for /openapi.json, taken from the same zod schemas the route validates with. */
export interface RouteDoc {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI path, e.g. `/api/workspaces/{slug}`. */
  path: string;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Response content type when not JSON (`text/event-stream`, `text/markdown`, a file). */
  produces?: string;
  status?: number;
}

const routes: RouteDoc[] = [];

/** Records a route for the OpenAPI document (routers call this next to each route). */
export function documentRoute(doc: RouteDoc): void {
  if (!routes.some((r) => r.method === doc.method && r.path === doc.path)) routes.push(doc);
}

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
};

/** The OpenAPI 3.1 description of every documented route. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (route.query) {
      const schema = z.toJSONSchema(route.query, { io: 'input' }) as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        parameters.push({
          name,
          in: 'query',
          required: schema.required?.includes(name) ?? false,
          schema: prop as { type: string },
        });
      }
    }
    const operation: Record<string, unknown> = {
      summary: route.summary,
      parameters,
      responses: {
        [String(route.status ?? 200)]: {
          description: 'OK',
          content: { [route.produces ?? 'application/json']: {} },
        },
        default: { description: 'Error', content: { 'application/json': { schema: errorSchema } } },
      },
    };
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: z.toJSONSchema(route.body, { io: 'input' }) } },
      };
    }
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Quire API',
      version,
      description: 'Private document Q&A. Listens on 127.0.0.1 only unless started with --allow-remote.',
    },
    paths,
  };
}
