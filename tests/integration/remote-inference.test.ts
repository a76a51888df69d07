import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LlamaEmbedder } from '@quire/embeddings';
import { type ChatMessage, LlamaGenerator } from '@quire/inference';
import { WorkspaceRegistry } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceSummary } from '../../apps/server/src/workspace-summary.ts';
import {
  SCRIPTED_REPLY_TEXT,
  writeScriptedChatModel,
  writeTinyEmbeddingModel,
} from '../fixtures/tiny-models.ts';
import { quireJsonInProcess, runQuire, runQuireInProcess } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Remote inference (issue 20) through a loopback server speaking the OpenAI protocol, whose answers come
 * from tiny GGUF models run by node-llama-cpp in this process: a workspace with `openai-compatible:`
 * models syncs, searches and answers through it; a 503, a request that outlasts the timeout and a
 * closed server are met with a retry or a clear error; and the CLI reaches no other host.
 */

interface Seen {
  path: string;
  auth: string | undefined;
  inputs: number;
  stream: boolean;
  status: number | 'abandoned';
}

/** What the server is told to do with the next requests: answer 503, or hold without answering. */
const faults: ('503' | 'hold')[] = [];
const seen: Seen[] = [];
let server: Server;
let base: string;
let embedder: LlamaEmbedder;
let generator: LlamaGenerator;

function startServer(): Promise<void> {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const entry: Seen = {
        path: req.url ?? '',
        auth: req.headers.authorization,
        inputs: Array.isArray(body.input) ? body.input.length : 0,
        stream: body.stream === true,
        status: 200,
      };
      seen.push(entry);
      const fault = faults.shift();
      if (fault === '503') {
        entry.status = 503;
        res.writeHead(503).end('loading model');
        return;
      }
      if (fault === 'hold') {
        entry.status = 'abandoned';
        return; // the client gives up on it; the socket closes with the server
      }
      if (req.url === '/v1/embeddings') {
        const vectors = await embedder.embed(body.input, 'document');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            object: 'list',
            model: body.model,
            data: vectors.map((v, index) => ({ object: 'embedding', index, embedding: Array.from(v) })),
          }),
        );
      } else if (req.url === '/v1/chat/completions' && body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const event = (delta: object) =>
          res.write(
            `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta }] })}\n\n`,
          );
        await generator.generate(body.messages as ChatMessage[], {
          maxTokens: body.max_tokens,
          onToken: (content) => event({ content }),
        });
        res.end('data: [DONE]\n\n');
      } else {
        entry.status = 404;
        res.writeHead(404).end();
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}

const CONNECTION_LOG = fileURLToPath(new URL('../helpers/connection-log.cjs', import.meta.url));
const TOKEN = 'sk-loopback-secret';
let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;
let folder: string;
let env: Record<string, string>;

/** A lease long enough for several chunks, with one rare word on its last page. */
function leaseText(): string {
  const clauses = Array.from({ length: 14 }, (_, n) =>
    `Clause ${n + 1}. The tenant shall give ninety days written notice before ending the lease, and the rent for clause ${n + 1} is reviewed each year by the landlord. `.repeat(
      9,
    ),
  );
  return `${clauses.join('\n\n')}\n\nThe premises include the zephyrine conservatory on the east side.\n`;
}

beforeAll(async () => {
  tmp = await tempDir();
  home = join(tmp.path, 'home');
  folder = join(tmp.path, 'matter');
  const embedPath = join(tmp.path, 'embed.gguf');
  const chatPath = join(tmp.path, 'chat.gguf');
  await writeTinyEmbeddingModel(embedPath, 64);
  await writeScriptedChatModel(chatPath);
  embedder = await LlamaEmbedder.load(embedPath);
  generator = await LlamaGenerator.load(chatPath);
  await startServer();
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  env = {
    QUIRE_REMOTE_API_KEY: TOKEN,
    QUIRE_REMOTE_BATCH_SIZE: '4',
    QUIRE_REMOTE_CONTEXT_SIZE: '512',
    QUIRE_REMOTE_BACKOFF_MS: '20',
  };
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'lease.txt'), leaseText());
}, 60_000);

afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  await generator?.close();
  await embedder?.close();
  await tmp.cleanup();
});

describe('a workspace whose models are on an OpenAI-compatible server', () => {
  it('syncs with batched embedding requests, and the CLI connects to that server alone', async () => {
    const embedding = `openai-compatible:${base}/v1#tiny-embed`;
    const chat = `openai-compatible:${base}#tiny-chat`;
    const added = await runQuireInProcess(home, [
      'add',
      folder,
      '--workspace',
      'remote',
      '--embedding-model',
      embedding,
      '--chat-model',
      chat,
      '--json',
    ]);
    expect(added.code).toBe(0);
    const settings = await readFile(join(home, 'remote', 'workspace.json'), 'utf8');
    // Stored in its canonical spelling; the token is never written.
    expect(JSON.parse(settings)).toMatchObject({
      embeddingModel: `openai-compatible:${base}#tiny-embed`,
      chatModel: chat,
    });
    expect(settings).not.toContain(TOKEN);
    // What the workspace list (and the web UI's sidebar) shows.
    const registry = new WorkspaceRegistry(home);
    expect((await workspaceSummary(registry, await registry.get('remote'))).remoteInference).toEqual({
      embedding: base,
      chat: base,
    });

    const run = await runQuire(home, ['sync', 'remote', '--json'], {
      forbidNetwork: true,
      env: { ...env, NODE_OPTIONS: `--require ${CONNECTION_LOG}` },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Text is sent to ${base} (embedding model tiny-embed)`);
    expect(run.stderr).not.toMatch(/NETWORK-ATTEMPT/);
    expect(run.stderr).not.toContain(TOKEN);
    const connections = new Set(run.stderr.match(/^CONNECTION .*$/gm));
    expect([...connections]).toEqual([`CONNECTION 127.0.0.1:${new URL(base).port}`]);

    const embeddings = seen.filter((s) => s.path === '/v1/embeddings');
    // The width probe, then the chunks in batches of at most 4, some of them full.
    expect(embeddings[0]?.inputs).toBe(1);
    const batches = embeddings.slice(1).map((s) => s.inputs);
    expect(batches.length).toBeGreaterThan(1);
    expect(Math.max(...batches)).toBe(4);
    expect(seen.every((s) => s.auth === `Bearer ${TOKEN}` && s.status === 200)).toBe(true);
  });

  it('searches with vectors from the server and answers with its chat model, streamed', async () => {
    const result = await quireJsonInProcess<{ retrieval: string; hits: { text: string }[] }>(
      home,
      ['search', 'remote', 'zephyrine conservatory'],
      { env },
    );
    expect(result.retrieval).toBe('hybrid');
    expect(result.hits[0]?.text).toContain('zephyrine');

    seen.length = 0;
    const run = await runQuire(home, ['ask', 'remote', 'How much notice must the tenant give?'], {
      forbidNetwork: true,
      env: { ...env, NODE_OPTIONS: `--require ${CONNECTION_LOG}` },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(SCRIPTED_REPLY_TEXT);
    expect(run.stderr).toContain(`Text is sent to ${base} (chat model tiny-chat)`);
    expect(run.stderr).not.toMatch(/NETWORK-ATTEMPT/);
    expect(new Set(run.stderr.match(/^CONNECTION .*$/gm))).toEqual(
      new Set([`CONNECTION 127.0.0.1:${new URL(base).port}`]),
    );
    expect(seen.filter((s) => s.path === '/v1/chat/completions')).toEqual([
      expect.objectContaining({ stream: true, status: 200, auth: `Bearer ${TOKEN}` }),
    ]);
  });

  it('tries again after a 503, and after a request that outlasts the timeout', async () => {
    seen.length = 0;
    faults.push('503'); // the width probe
    const first = await quireJsonInProcess<{ hits: unknown[] }>(home, ['search', 'remote', 'rent review'], {
      env,
    });
    expect(first.hits.length).toBeGreaterThan(0);
    expect(seen.map((s) => s.status)).toEqual([503, 200, 200]);

    seen.length = 0;
    faults.push('hold'); // the width probe again: no answer until the client gives up
    const second = await quireJsonInProcess<{ hits: unknown[] }>(home, ['search', 'remote', 'rent review'], {
      env: { ...env, QUIRE_REMOTE_TIMEOUT_MS: '1500' },
    });
    expect(second.hits.length).toBeGreaterThan(0);
    expect(seen.map((s) => s.status)).toEqual(['abandoned', 200, 200]);

    seen.length = 0;
    faults.push('hold');
    const once = await runQuireInProcess(home, ['search', 'remote', 'rent review', '--json'], {
      env: { ...env, QUIRE_REMOTE_TIMEOUT_MS: '1500', QUIRE_REMOTE_TRIES: '1' },
    });
    expect(once.code).not.toBe(0);
    expect(once.stderr).toContain(`Cannot reach the embedding server at ${base}: no answer within 1500 ms`);
  });

  it('fails with a clear error, and no crash, when the server is down', async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await writeFile(join(folder, 'addendum.txt'), 'The rent is reviewed each spring.\n');
    for (const args of [
      ['sync', 'remote'],
      ['ask', 'remote', 'What is the rent?'],
    ]) {
      const run = await runQuireInProcess(home, args, { env });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(`Cannot reach the embedding server at ${base}: connection refused`);
      expect(run.stderr).toContain('model-unreachable');
      expect(run.stderr).not.toContain(TOKEN);
    }
  });
});
