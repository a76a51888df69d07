import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ApiDeps } from './api/deps.ts';
import { eventRoutes } from './api/event-routes.ts';
import { modelRoutes } from './api/model-routes.ts';
import { openApiDocument } from './api/openapi.ts';
import { workspaceRoutes } from './api/workspace-routes.ts';
import { errorCode, QuireError } from './errors.ts';
import { createParser, type ParseFn } from './sync.ts';
import { WorkspaceRegistry } from './workspace-registry.ts';
import { WorkspaceService } from './workspace-service.ts';

/** The port `quire serve` and `npm start` use unless told otherwise. */
export const DEFAULT_PORT = 4477;
export const VERSION = '0.1.0';

const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

const STATUS: Record<string, 400 | 401 | 403 | 404 | 409 | 413 | 422 | 500 | 502> = {
  'not-found': 404,
  'invalid-request': 400,
  unauthorized: 401,
  'forbidden-path': 403,
  conflict: 409,
  'model-missing': 422,
  'model-invalid': 422,
  'model-too-large': 422,
  'invalid-input': 400,
  unsupported: 400,
  'model-not-found': 404,
  'bad-model-reference': 400,
  'model-id-taken': 409,
  'download-failed': 502,
  'invalid-qa-set': 400,
};

export interface AppDeps extends ApiDeps {
  /** Folder holding the built web UI. Default: `apps/web/dist`. */
  webRoot?: string;
}

/** Largest JSON request body accepted (questions, settings, exports). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Maps any thrown error to `{"error":{"code","message"}}` and its HTTP status: the one place that does. */
function errorResponse(error: Error, c: Context) {
  if (error instanceof HTTPException) {
    const code =
      error.status === 401 ? 'unauthorized' : error.status === 404 ? 'not-found' : 'invalid-request';
    return c.json({ error: { code, message: error.message } }, error.status);
  }
  const code = errorCode(error) ?? 'internal';
  const status = STATUS[code] ?? 500;
  const message = status === 500 && code === 'internal' ? `Internal error: ${error.message}` : error.message;
  return c.json({ error: { code, message } }, status);
}

/** Builds the HTTP app from its parts, so tests can hand it real ones in temp folders. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const webRoot = deps.webRoot ?? DEFAULT_WEB_ROOT;

  app.onError(errorResponse);

  app.get('/health', (c) => c.json({ status: 'ok', version: VERSION }));
  app.get('/openapi.json', (c) => c.json(openApiDocument(VERSION)));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new QuireError('invalid-request', `Request body larger than ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  app.route('/api', workspaceRoutes(deps));
  app.route('/api', modelRoutes(deps));
  app.route('/api', eventRoutes(deps));

  const noRoute = (c: Context) =>
    c.json({ error: { code: 'not-found', message: `No route for ${c.req.path}` } }, 404);
  app.all('/api/*', noRoute);

  app.notFound(noRoute);
  if (existsSync(webRoot)) {
    app.use('/*', serveStatic({ root: webRoot }));
    app.get('/*', serveStatic({ root: webRoot, path: 'index.html' }));
  } else {
    app.get('/', (c) =>
      c.html(
        '<!doctype html><title>Quire</title><p>The web UI is not built yet: run <code>npm run build</code>.</p>',
      ),
    );
  }
  return app;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServerOptions {
  home: string;
  port?: number;
  webRoot?: string;
  /** Watch every workspace's folders and keep indexes current. Default true. */
  watch?: boolean;
  parser?: ParseFn;
  onError?: (workspace: string, error: unknown) => void;
}

/**
 * Serves the app on 127.0.0.1 only; resolves once it is listening (and `/health` answers). Every
 * workspace is opened and watched in the background.
 */
export async function startServer(
  options: ServerOptions,
): Promise<RunningServer & { service: WorkspaceService }> {
  const registry = new WorkspaceRegistry(options.home);
  const ownParser = options.parser ? null : createParser();
  const service = new WorkspaceService(registry, {
    watch: options.watch,
    parser: options.parser ?? ownParser?.parse,
    onError: options.onError,
  });
  const app = createApp({ home: options.home, registry, service, webRoot: options.webRoot });
  const listening = await new Promise<RunningServer>((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? DEFAULT_PORT },
      (info) => {
        const { port } = info as AddressInfo;
        resolve({
          url: `http://127.0.0.1:${port}`,
          port,
          close: () => new Promise<void>((done) => server.close(() => done())),
        });
      },
    );
    server.once('error', reject);
  });
  await service.start();
  return {
    ...listening,
    service,
    close: async () => {
      await listening.close();
      await service.close();
      await ownParser?.close();
    },
  };
}
