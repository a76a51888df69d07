import {
  ModelError,
  parseRemoteRef,
  RemoteClient,
  type RemoteClientOptions,
  type RemoteModelRef,
  remoteModelId,
} from '@quire/models';
import type { Embedder, EmbedKind } from './types.ts';

export interface OpenAiCompatibleEmbedderOptions extends Omit<RemoteClientOptions, 'role'> {
  /** Texts per request. Default 32. */
  batchSize?: number;
}

interface EmbeddingsAnswer {
  data?: { index?: number; embedding?: number[] }[];
}

/**
 * An {@link Embedder} whose vectors come from an OpenAI-compatible server (`POST /v1/embeddings`), in
 * batches of `batchSize` texts. Its `modelId` is the sha256 of the reference, so an index built with it
 * is tied to that server and model. The width is learned from a first request made when it connects,
 * and every later answer is checked against it. Queries and passages are sent as they are: a model that
 * wants prefixes gets them from its server's own configuration.
 */
export class OpenAiCompatibleEmbedder implements Embedder {
  private constructor(
    readonly modelId: string,
    readonly name: string,
    readonly dimension: number,
    private readonly client: RemoteClient,
    private readonly batchSize: number,
  ) {}

  /** Connects to the server a reference names, learning the vectors' width from one short request. */
  static async connect(
    ref: string | RemoteModelRef,
    options: OpenAiCompatibleEmbedderOptions = {},
  ): Promise<OpenAiCompatibleEmbedder> {
    const remote = typeof ref === 'string' ? parseRemoteRef(ref) : ref;
    const client = new RemoteClient(remote, { ...options, role: 'embedding' });
    const [probe] = await request(client, ['dimension probe']);
    if (!probe?.length) throw badAnswer(remote, 'an empty vector');
    return new OpenAiCompatibleEmbedder(
      remoteModelId(remote),
      remote.ref,
      probe.length,
      client,
      Math.max(1, options.batchSize ?? 32),
    );
  }

  async embed(texts: readonly string[], _kind: EmbedKind): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      for (const vector of await request(this.client, texts.slice(start, start + this.batchSize))) {
        if (vector.length !== this.dimension)
          throw badAnswer(this.client.remote, `${vector.length} dimensions, not ${this.dimension}`);
        vectors.push(vector);
      }
    }
    return vectors;
  }

  /** Nothing is held open between requests. */
  async close(): Promise<void> {}
}

/** One `/v1/embeddings` request: the vectors in the order of `input` (answers carry their index). */
async function request(client: RemoteClient, input: readonly string[]): Promise<Float32Array[]> {
  const answer = await client.json<EmbeddingsAnswer>('embeddings', {
    model: client.remote.model,
    input,
    encoding_format: 'float',
  });
  const data = answer.data ?? [];
  if (data.length !== input.length)
    throw badAnswer(client.remote, `${data.length} vectors for ${input.length} texts`);
  const vectors = new Array<Float32Array>(input.length);
  for (const [position, item] of data.entries()) {
    const index = item.index ?? position;
    if (!Array.isArray(item.embedding) || index < 0 || index >= input.length)
      throw badAnswer(client.remote, 'an answer without vectors');
    vectors[index] = Float32Array.from(item.embedding);
  }
  return vectors;
}

function badAnswer(remote: RemoteModelRef, what: string): ModelError {
  return new ModelError('model-invalid', `The embedding server at ${remote.baseUrl} answered ${what}`);
}
