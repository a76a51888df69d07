import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake model hub answers; every field can be changed between requests. */
export interface HubBehaviour {
  /** Bytes served for the model file. */
  body: Buffer;
  /** Value sent as `X-Linked-Etag` (the hub's LFS sha256), quoted like Hugging Face does. */
  linkedEtag?: string;
  /** Answer `Range` requests with 206 (default) or ignore them and send the whole file with 200. */
  honourRange: boolean;
  /** On the next request only: send this many body bytes, then destroy the socket. */
  cutAfterBytes?: number;
  /** Body chunk size and pause between chunks, to make a transfer take time. */
  chunkBytes: number;
  delayMs: number;
  /** Status to answer instead of the file (e.g. 404). */
  status?: number;
  /** Answer the `/resolve/` path with a 302 to a `/cdn/` path, like the hub does for LFS files. */
  redirect: boolean;
}

export interface RecordedRequest {
  path: string;
  range: string | undefined;
  status: number;
}

export interface LoopbackHub {
  /** Base URL, e.g. `http://127.0.0.1:43123`. */
  origin: string;
  behaviour: HubBehaviour;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function sendBody(
  res: ServerResponse,
  bytes: Buffer,
  behaviour: HubBehaviour,
  cut: number | undefined,
) {
  const limit = cut ?? bytes.length;
  for (let sent = 0; sent < limit; sent += behaviour.chunkBytes) {
    if (res.destroyed) return;
    res.write(bytes.subarray(sent, Math.min(sent + behaviour.chunkBytes, limit)));
    if (behaviour.delayMs > 0) await sleep(behaviour.delayMs);
  }
  if (cut !== undefined) {
    await sleep(50); // let the bytes reach the client before the connection breaks
    res.socket?.destroy();
    return;
  }
  res.end();
}

/** A tiny model hub on 127.0.0.1 (port 0): serves one file under any `…/resolve/main/<file>` path. */
export async function startLoopbackHub(
  behaviour: Partial<HubBehaviour> & { body: Buffer },
): Promise<LoopbackHub> {
  const state: HubBehaviour = {
    honourRange: true,
    chunkBytes: 16_384,
    delayMs: 0,
    redirect: false,
    ...behaviour,
  };
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const range = req.headers.range;
    const record = (status: number) => requests.push({ path, range, status });
    if (state.linkedEtag && (path.includes('/resolve/') || !state.redirect)) {
      res.setHeader('x-linked-etag', `"${state.linkedEtag}"`);
    }
    if (state.status) {
      record(state.status);
      res.statusCode = state.status;
      res.end('not here');
      return;
    }
    if (state.redirect && path.includes('/resolve/')) {
      record(302);
      res.statusCode = 302;
      res.setHeader('location', path.replace('/resolve/', '/cdn/'));
      res.end();
      return;
    }
    const cut = state.cutAfterBytes;
    state.cutAfterBytes = undefined;
    const total = state.body.length;
    res.setHeader('etag', '"not-a-sha256"');
    const match = range?.match(/^bytes=(\d+)-$/);
    if (match?.[1] && state.honourRange) {
      const start = Number(match[1]);
      record(206);
      res.statusCode = 206;
      res.setHeader('content-range', `bytes ${start}-${total - 1}/${total}`);
      res.setHeader('content-length', String(total - start));
      void sendBody(res, state.body.subarray(start), state, cut);
      return;
    }
    record(200);
    res.statusCode = 200;
    res.setHeader('content-length', String(total));
    void sendBody(res, state.body, state, cut);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo; // listen() on a TCP port always yields AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    behaviour: state,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
