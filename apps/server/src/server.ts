import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createParser, type DocumentParser } from '@quire/ingest';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ensureAccessToken } from './api/access-token.ts';
import type { ApiDeps } from './api/deps.ts';
import { eraseRoutes } from './api/erase-routes.ts';
import { eventRoutes } from './api/event-routes.ts';
import { fileRoutes } from './api/file-routes.ts';
import { matterRoutes } from './api/matter-routes.ts';
import { modelRoutes } from './api/model-routes.ts';
import { identifyCaller, limitNamedTokens } from './api/named-tokens.ts';
import { openAiRoutes } from './api/openai-routes.ts';
import { openApiDocument } from './api/openapi.ts';
import { bodyLimitJson, checkBindAddress, requireLoopbackHost, uiCors } from './api/security.ts';
import { workspaceRoutes } from './api/workspace-routes.ts';
import { BuiltinWarmup } from './builtin-warmup.ts';
import { type ErrorCode, errorCode, QuireError } from './errors.ts';
import { resolveMemoryBudgetMb } from './home.ts';
import type { ModelBuildEvent } from './ingest-events.ts';
import { asStorageFailure, redactedMessage, redactSecrets } from './object-storage.ts';
import { WorkspaceRegistry } from './workspace-registry.ts';
import { WorkspaceService } from './workspace-service.ts';

/** The port `quire serve` and `npm start` use unless told otherwise. */
export const DEFAULT_PORT = 4477;
export const VERSION = '0.1.0';

const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 500 | 502 | 504;

/** The HTTP status of every stable error code: a code added anywhere without a status fails to compile. */
export const ERROR_STATUS = {
  'not-found': 404,
  'invalid-request': 400,
  unauthorized: 401,
  'forbidden-path': 403,
  forbidden: 403,
  conflict: 409,
  'read-only': 409,
  'index-missing': 404,
  'storage-unreachable': 502,
  'payload-too-large': 413,
  'invalid-qa-set': 400,
  'model-missing': 422,
  'model-invalid': 422,
  'model-too-large': 422,
  'model-unreachable': 502,
  'model-not-found': 404,
  'bad-model-reference': 400,
  'model-id-taken': 409,
  'download-failed': 502,
  'download-aborted': 409,
  'models-file-corrupt': 500,
  'invalid-input': 400,
  unsupported: 400,
  corrupt: 422,
  encrypted: 422,
  'no-text': 422,
  'too-large': 413,
  unreadable: 422,
  timeout: 504,
  'ocr-unavailable': 422,
  'unsupported-type': 422,
} as const satisfies Record<ErrorCode, ErrorStatus>;

export interface AppDeps extends ApiDeps {
  /** Folder holding the built web UI. Default: `apps/web/dist`. */
  webRoot?: string;
  /**
   * Listening on a non-loopback address (`--allow-remote`): every request then needs the access token
   * (`Authorization: Bearer <token>` or the `quire_token` cookie). Otherwise requests must name a
   * loopback host (no DNS rebinding). Default false.
   */
  remote?: boolean;
  /** The owner's access token; with it, named tokens (`quire tokens add`) are recognised too. */
  token?: string;
  /** An extra browser origin allowed by CORS (e.g. a UI dev server); by default only the same origin. */
  uiOrigin?: string;
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
  const failure = asStorageFailure(error) as Error;
  const code = errorCode(failure);
  const status = code ? ERROR_STATUS[code] : 500;
  // Credentials read for object storage never reach a response, even inside a library's message.
  const message = redactSecrets(code ? failure.message : `Internal error: ${failure.message}`);
  return c.json({ error: { code: code ?? 'internal', message } }, status);
}

/** Builds the HTTP app from its parts, so tests can hand it real ones in temp folders. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const webRoot = deps.webRoot ?? DEFAULT_WEB_ROOT;

  app.onError(errorResponse);
  // Order matters: CORS answers preflights (which carry no token) before authentication.
  if (deps.uiOrigin) app.use('*', uiCors(deps.uiOrigin));
  if (deps.remote) {
    if (!deps.token) throw new QuireError('invalid-request', 'A remote server needs an access token');
  } else {
    app.use('*', requireLoopbackHost());
  }
  // The owner's token or a named one (tokens.json); a named token limits every route below.
  if (deps.token) app.use('*', identifyCaller({ home: deps.home, token: deps.token, remote: !!deps.remote }));
  app.use('/api/*', limitNamedTokens());
  app.use('/api/*', bodyLimitJson(MAX_BODY_BYTES));
  app.use('/v1/*', bodyLimitJson(MAX_BODY_BYTES));

  app.get('/health', (c) => c.json({ status: 'ok', version: VERSION }));
  app.get('/openapi.json', (c) => c.json(openApiDocument(VERSION)));
  app.route('/api', workspaceRoutes(deps));
  app.route('/api', matterRoutes(deps));
  app.route('/api', eraseRoutes(deps));
  app.route('/api', modelRoutes(deps));
  app.route('/api', eventRoutes(deps));
  app.route('/api', fileRoutes(deps));
  app.route('/', openAiRoutes(deps));

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
  /** Address to listen on. Default 127.0.0.1; anything but loopback needs `allowRemote`. */
  host?: string;
  /** Allow a non-loopback `host`; every request must then carry the access token. */
  allowRemote?: boolean;
  webRoot?: string;
  /** Watch every workspace's folders and keep indexes current. Default true. */
  watch?: boolean;
  /** One parser for every workspace (the caller closes it). Default: a worker pool of the server's own. */
  parser?: DocumentParser;
  /** Told when a workspace cannot be opened or a sync of it fails as a whole. Default: a line on stderr. */
  onError?: (workspace: string, error: unknown) => void;
  /**
   * Generate the built-in embedding model in the background at start if it is not there yet, then load
   * it (held until `close()`), so a new install's first file waits for neither. Default true, unless
   * `QUIRE_NO_WARMUP=1`.
   */
  warmBuiltin?: boolean;
  /** Told when that build starts, progresses, is ready or fails (also sent on `GET /api/events`). */
  onModelBuild?: (event: ModelBuildEvent) => void;
}

/**
 * Serves the app on 127.0.0.1 only; resolves once it is listening (and `/health` answers). Every
 * workspace is opened and watched in the background, and the built-in model generated if missing
 * (`warmBuiltin`): `modelBuild.start()` resolves when that build is done (and starts one if it was not).
 */
export async function startServer(
  options: ServerOptions,
): Promise<RunningServer & { service: WorkspaceService; modelBuild: BuiltinWarmup }> {
  const host = options.host ?? '127.0.0.1';
  const token = await ensureAccessToken(options.home);
  const remote = checkBindAddress(host, options.allowRemote ?? false, token);
  const registry = new WorkspaceRegistry(options.home);
  const ownParser = options.parser ? undefined : createParser({ budgetMb: resolveMemoryBudgetMb() });
  // A parse worker started now: the first file dropped into a watched folder does not wait for one.
  ownParser?.warm?.();
  const service = new WorkspaceService(registry, {
    watch: options.watch,
    parser: options.parser ?? ownParser,
    onError:
      options.onError ??
      ((workspace, error) => process.stderr.write(`${workspace}: ${redactedMessage(error)}\n`)),
  });
  // Before any workspace opens, so that a workspace needing the model waits for this same build and load.
  const warm = options.warmBuiltin ?? process.env.QUIRE_NO_WARMUP !== '1';
  const modelBuild = new BuiltinWarmup(registry.modelsDir, { preload: warm });
  if (options.onModelBuild) modelBuild.events.on('model-build', options.onModelBuild);
  if (warm) void modelBuild.start();
  const app = createApp({
    home: options.home,
    registry,
    service,
    modelBuild,
    webRoot: options.webRoot,
    remote,
    token,
  });
  const listening = await new Promise<RunningServer>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? DEFAULT_PORT }, (info) => {
      const { port } = info as AddressInfo;
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.once('error', reject);
  });
  await service.start();
  return {
    ...listening,
    service,
    modelBuild,
    close: async () => {
      await listening.close();
      await service.close();
      await modelBuild.close();
      await ownParser?.close();
    },
  };
}
