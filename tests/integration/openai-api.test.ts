import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp, OpenWorkspace, syncWorkspace, WorkspaceRegistry, WorkspaceService } from '@quire/server';
import OpenAI, { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NO_ANSWER_CONFIRMED } from '../../apps/server/src/answer.ts';
import { openAiRoutes } from '../../apps/server/src/api/openai-routes.ts';
import { writeDocumentFixtures } from '../fixtures/documents.ts';
import { SCRIPTED_REPLY_TEXT, writeScriptedChatModel } from '../fixtures/tiny-models.ts';
import { tempDir } from '../helpers/temp.ts';

const QUESTION = 'What notice does the tenant give?';
/** Answered without a chat model: its leading quote holds the question's words. */
const DEPOSIT = 'How much is the security deposit?';

/** The documented `quire` extension field (docs/openai-api.md), checked rather than cast. */
const WithQuire = z.object({
  quire: z.object({
    mode: z.enum(['generated', 'extractive', 'refused']),
    support: z.enum(['answered', 'closest', 'not-found']),
    citations: z.array(
      z.object({
        n: z.number(),
        path: z.string(),
        page: z.number(),
        quote: z.string().min(1),
        verified: z.boolean(),
      }),
    ),
    retrieval: z.enum(['hybrid', 'fulltext']),
    evidence: z.number(),
    standaloneQuery: z.string(),
    threadId: z.null(),
  }),
});

let tmp: { path: string; cleanup: () => Promise<void> };
let service: WorkspaceService;
let close: () => Promise<void>;
let url: string;
let client: OpenAI;

async function indexWorkspace(registry: WorkspaceRegistry, name: string, folder: string, chat?: string) {
  let settings = await registry.create(name);
  settings = await registry.addFolder(settings, folder);
  if (chat) await registry.update(settings, { chatModel: chat });
  const ws = await OpenWorkspace.open(registry, settings.slug);
  try {
    await syncWorkspace(ws);
  } finally {
    await ws.close();
  }
}

beforeAll(async () => {
  tmp = await tempDir();
  const home = join(tmp.path, 'home');
  const registry = new WorkspaceRegistry(home);
  const manifest = await writeDocumentFixtures(join(tmp.path, 'matter'));
  const chat = join(tmp.path, 'chat.gguf');
  await writeScriptedChatModel(chat);
  await indexWorkspace(registry, 'Extractive', manifest.dir);
  await indexWorkspace(registry, 'Scripted', manifest.dir, chat);

  service = new WorkspaceService(registry, { watch: false });
  const deps = { home, registry, service };
  const app = createApp({ ...deps, webRoot: join(tmp.path, 'no-web-ui') });
  app.route('/', openAiRoutes(deps));
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(listening));
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  url = `http://127.0.0.1:${(address satisfies AddressInfo).port}`;
  close = () => new Promise<void>((done) => server.close(() => done()));
  client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await close?.();
  await service?.close();
  await tmp.cleanup();
});

describe('OpenAI-compatible API with the official openai client', () => {
  it('lists every workspace as a model quire:<slug>', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) {
      ids.push(model.id);
      expect(model).toMatchObject({ object: 'model', owned_by: 'quire', created: expect.any(Number) });
    }
    expect(ids.sort()).toEqual(['quire:extractive', 'quire:scripted']);
    expect((await client.models.retrieve('quire:scripted')).id).toBe('quire:scripted');
  });

  it('answers without streaming, with verified citations in the quire field (extractive)', async () => {
    const completion = await client.chat.completions.create({
      model: 'quire:extractive',
      messages: [
        { role: 'system', content: 'You are helpful.' },
        { role: 'user', content: DEPOSIT },
      ],
      temperature: 0.2,
      max_tokens: 4096,
      user: 'someone',
    });
    expect(completion).toMatchObject({ object: 'chat.completion', model: 'quire:extractive' });
    expect(completion.id).toMatch(/^chatcmpl-/);
    const [choice] = completion.choices;
    expect(choice?.finish_reason).toBe('stop');
    expect(choice?.message.role).toBe('assistant');
    expect(choice?.message.content?.length).toBeGreaterThan(20);
    const { quire } = WithQuire.parse(completion);
    expect(quire.mode).toBe('extractive');
    expect(quire.support).toBe('answered');
    expect(choice?.message.content).toContain('security deposit equal to one month of rent');
    expect(quire.citations.length).toBeGreaterThan(0);
    for (const citation of quire.citations) {
      expect(citation.path).toMatch(/contract\.pdf$/);
      expect(citation.page).toBeGreaterThanOrEqual(1);
      expect(citation.verified).toBe(true);
      expect(choice?.message.content).toContain(`[${citation.n}]`);
    }
  });

  it('uses earlier messages as the conversation for a follow-up', async () => {
    const first = await client.chat.completions.create({
      model: 'quire:extractive',
      messages: [{ role: 'user', content: QUESTION }],
    });
    const followUp = await client.chat.completions.create({
      model: 'quire:extractive',
      messages: [
        { role: 'user', content: QUESTION },
        { role: 'assistant', content: first.choices[0]?.message.content ?? '' },
        { role: 'user', content: [{ type: 'text', text: 'And what about it?' }] },
      ],
    });
    const { quire } = WithQuire.parse(followUp);
    expect(quire.standaloneQuery).not.toBe('And what about it?');
    expect(quire.standaloneQuery.toLowerCase()).toContain('tenant');
  });

  it('streams the scripted model token by token; the final chunk carries the citations', async () => {
    const stream = await client.chat.completions.create({
      model: 'quire:scripted',
      messages: [{ role: 'user', content: QUESTION }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    const finals: z.infer<typeof WithQuire>['quire'][] = [];
    let usageChunks = 0;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      expect(chunk.model).toBe('quire:scripted');
      if (chunk.usage) usageChunks++;
      const choice = chunk.choices[0];
      if (choice?.delta.content) deltas.push(choice.delta.content);
      if (choice?.finish_reason === 'stop') {
        const parsed = WithQuire.safeParse(chunk);
        if (parsed.success) finals.push(parsed.data.quire);
      }
    }
    expect(deltas.length).toBeGreaterThan(3);
    expect(usageChunks).toBe(1);
    expect(finals).toHaveLength(1);
    const [quire] = finals;
    expect(quire?.mode).toBe('generated');
    expect(quire?.citations[0]).toMatchObject({ n: 1, path: expect.stringMatching(/\.(pdf|docx)$/) });
    expect(typeof quire?.citations[0]?.verified).toBe('boolean');
    // Answered only with a verified citation; else the streamed text is followed by the plain statement.
    const verified = quire?.citations.some((c) => c.verified) ?? false;
    expect(quire?.support).toBe(verified ? 'answered' : 'closest');
    const text = deltas.join('');
    if (verified) expect(text).toBe(SCRIPTED_REPLY_TEXT);
    else expect(text.startsWith(`${SCRIPTED_REPLY_TEXT}\n\n${NO_ANSWER_CONFIRMED}\n`)).toBe(true);
  });

  it('streams an extractive answer as one delta, then the citations', async () => {
    const stream = await client.chat.completions.create({
      model: 'quire:extractive',
      messages: [{ role: 'user', content: DEPOSIT }],
      stream: true,
    });
    const contents: string[] = [];
    let quire: z.infer<typeof WithQuire>['quire'] | null = null;
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content;
      if (content) contents.push(content);
      const parsed = WithQuire.safeParse(chunk);
      if (parsed.success) quire = parsed.data.quire;
    }
    expect(contents).toHaveLength(1);
    expect(quire?.mode).toBe('extractive');
    expect(quire?.support).toBe('answered');
    expect(quire?.citations.every((c) => c.verified)).toBe(true);
  });

  it('closest passages are not given as an answer: the content says so and lists the passages', async () => {
    const completion = await client.chat.completions.create({
      model: 'quire:extractive',
      messages: [{ role: 'user', content: QUESTION }],
    });
    const { quire } = WithQuire.parse(completion);
    expect(quire.support).toBe('closest');
    expect(quire.mode).toBe('extractive');
    const content = completion.choices[0]?.message.content ?? '';
    expect(content.startsWith(NO_ANSWER_CONFIRMED)).toBe(true);
    const passages = z
      .array(z.object({ n: z.number(), path: z.string(), page: z.number() }))
      .min(1)
      .parse((completion as unknown as { quire: { passages: unknown } }).quire.passages);
    for (const p of passages) expect(content).toContain(`[${p.n}] ${basename(p.path)}, page ${p.page}: "`);

    const stream = await client.chat.completions.create({
      model: 'quire:extractive',
      messages: [{ role: 'user', content: QUESTION }],
      stream: true,
    });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed).toBe(content);
  });

  it('a question about nothing in the documents is not found', async () => {
    const completion = await client.chat.completions.create({
      model: 'quire:extractive',
      messages: [{ role: 'user', content: 'What is the capital of Mongolia?' }],
    });
    const { quire } = WithQuire.parse(completion);
    expect(quire).toMatchObject({ mode: 'refused', support: 'not-found', citations: [] });
    expect(completion.choices[0]?.message.content).toBe('Not found in these documents.');
  });

  it('rejects an unknown model with 404 model_not_found, which the client throws', async () => {
    const request = client.chat.completions.create({
      model: 'quire:no-such-workspace',
      messages: [{ role: 'user', content: QUESTION }],
    });
    await expect(request).rejects.toBeInstanceOf(APIError);
    const error = await request.catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, code: 'model_not_found', type: 'invalid_request_error' });
    await expect(
      client.chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      }),
    ).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('rejects malformed bodies with 400 in the OpenAI error shape', async () => {
    await expect(
      client.chat.completions.create({ model: 'quire:extractive', messages: [] }),
    ).rejects.toMatchObject({ status: 400, type: 'invalid_request_error' });
    const post = (body: string) =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    for (const body of ['{not json', JSON.stringify({ model: 'quire:extractive', messages: 'hi' })]) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { message: expect.any(String), type: 'invalid_request_error' },
      });
    }
  });
});
