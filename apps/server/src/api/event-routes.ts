import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { IngestEvent } from '../ingest-events.ts';
import type { ApiDeps } from './deps.ts';
import { documentRoute } from './openapi.ts';

/** Ingestion progress of every workspace as Server-Sent Events: `document` and `progress` events. */
export function eventRoutes(deps: ApiDeps): Hono {
  const app = new Hono();
  documentRoute({
    method: 'get',
    path: '/api/events',
    summary: 'Ingestion events of every workspace (Server-Sent Events: "document", "progress")',
    produces: 'text/event-stream',
  });
  app.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      const listener = (event: IngestEvent) =>
        void stream.writeSSE({ event: event.type, data: JSON.stringify(event) });
      deps.service.events.on('ingest', listener);
      await stream.writeSSE({ event: 'ready', data: '{}' });
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      deps.service.events.off('ingest', listener);
    }),
  );
  return app;
}
