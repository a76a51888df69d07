import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ServerEvent } from '../ingest-events.ts';
import type { ApiDeps } from './deps.ts';
import { callerOf, canSee } from './named-tokens.ts';
import { documentRoute } from './openapi.ts';

/**
 * Ingestion progress of every workspace as Server-Sent Events (`document` and `progress` events), and
 * the generation of the built-in model (`model-build`; its latest state is sent on connecting).
 */
export function eventRoutes(deps: ApiDeps): Hono {
  const app = new Hono();
  documentRoute({
    method: 'get',
    path: '/api/events',
    summary:
      'Ingestion events of every workspace (a named token: its own) and the built-in model build (Server-Sent Events: "document", "progress", "model-build")',
    produces: 'text/event-stream',
  });
  app.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      const caller = callerOf(c);
      // A named token hears of its own workspaces only (and of the built-in model, shared by all).
      const listener = (event: ServerEvent) => {
        if (event.type !== 'model-build' && !canSee(caller, event.workspace)) return;
        void stream.writeSSE({ event: event.type, data: JSON.stringify(event) });
      };
      deps.service.events.on('ingest', listener);
      deps.modelBuild?.events.on('model-build', listener);
      await stream.writeSSE({ event: 'ready', data: '{}' });
      const build = deps.modelBuild?.state;
      if (build) listener(build);
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      deps.service.events.off('ingest', listener);
      deps.modelBuild?.events.off('model-build', listener);
    }),
  );
  return app;
}
