import { hardwareReport, recommend } from '@quire/models';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { QuireError } from '../errors.ts';
import { modelManager, modelOverview, resolveModel } from '../model-resolution.ts';
import { switchEmbeddingModel } from '../model-switch.ts';
import type { ApiDeps } from './deps.ts';
import { documentRoute } from './openapi.ts';
import { writeSseError } from './sse.ts';
import { validate } from './validate.ts';

const PullBody = z.object({ ref: z.string().min(1).max(2000) });
const ImportBody = z.object({ path: z.string().min(1).max(4096), copy: z.boolean().optional() });
const AssignBody = z.object({
  role: z.enum(['embedding', 'chat', 'rerank']),
  model: z.string().min(1).nullable(),
});

/** Models: catalogue, installed, downloads with progress (SSE), imports, discovery and per-workspace choice. */
export function modelRoutes(deps: ApiDeps): Hono {
  const app = new Hono();
  const manager = () => modelManager(deps.registry.modelsDir);

  documentRoute({
    method: 'get',
    path: '/api/models',
    summary: 'Built-in model, installed models and the recommended catalogue',
  });
  app.get('/models', async (c) => c.json(await modelOverview(deps.registry.modelsDir)));

  documentRoute({
    method: 'get',
    path: '/api/models/discover',
    summary: 'GGUF files already in Ollama and LM Studio stores',
  });
  app.get('/models/discover', async (c) => c.json({ models: await manager().discover() }));

  documentRoute({
    method: 'get',
    path: '/api/models/hardware',
    summary: 'RAM, CPUs, GPU and the catalogue models that fit',
  });
  app.get('/models/hardware', async (c) => {
    const report = await hardwareReport();
    return c.json({ report, recommendation: recommend(report) });
  });

  documentRoute({
    method: 'post',
    path: '/api/models/pull',
    summary: 'Download a model; Server-Sent Events "progress" then "done" (or "error")',
    body: PullBody,
    produces: 'text/event-stream',
  });
  app.post('/models/pull', validate('json', PullBody), (c) => {
    const { ref } = c.req.valid('json');
    return streamSSE(c, async (stream) => {
      const controller = new AbortController();
      stream.onAbort(() => controller.abort());
      let last = 0;
      try {
        const model = await manager().pull(ref, {
          signal: controller.signal,
          onProgress: (progress) => {
            if (Date.now() - last < 100) return;
            last = Date.now();
            void stream.writeSSE({ event: 'progress', data: JSON.stringify(progress) });
          },
        });
        await stream.writeSSE({ event: 'done', data: JSON.stringify({ model }) });
      } catch (error) {
        await writeSseError(stream, error);
      }
    });
  });

  documentRoute({
    method: 'post',
    path: '/api/models/import',
    summary: 'Use a local .gguf file',
    body: ImportBody,
    status: 201,
  });
  app.post('/models/import', validate('json', ImportBody), async (c) => {
    const body = c.req.valid('json');
    return c.json({ model: await manager().import(body.path, { copy: body.copy }) }, 201);
  });

  documentRoute({
    method: 'delete',
    path: '/api/models/{id}',
    summary: 'Forget a model (its file is deleted only if Quire downloaded or copied it)',
  });
  app.delete('/models/:id', async (c) => c.json(await manager().remove(c.req.param('id'))));

  documentRoute({
    method: 'post',
    path: '/api/workspaces/{slug}/models',
    summary: "Set a workspace's model for a role; a new embedding model re-embeds the workspace",
    body: AssignBody,
  });
  app.post('/workspaces/:slug/models', validate('json', AssignBody), async (c) => {
    const { role, model } = c.req.valid('json');
    const ws = await deps.service.get(c.req.param('slug'));
    if (role === 'embedding') {
      if (model === ws.settings.embeddingModel) return c.json({ workspace: ws.settings, reembedded: 0 });
      const report = await switchEmbeddingModel(ws, model);
      return c.json({ workspace: ws.settings, reembedded: report.chunks });
    }
    if (model !== null && !(await resolveModel(deps.registry.modelsDir, model)))
      throw new QuireError('model-missing', `No model ${model}`);
    const settings = await deps.registry.update(
      ws.settings,
      role === 'chat' ? { chatModel: model } : { rerankModel: model },
    );
    await deps.service.release(settings.slug);
    return c.json({ workspace: settings, reembedded: 0 });
  });

  return app;
}
