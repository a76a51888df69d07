import type { SSEStreamingApi } from 'hono/streaming';
import { errorCode } from '../errors.ts';

/** Ends a Server-Sent Events stream with an `error` event in the API's error shape. */
export function writeSseError(stream: SSEStreamingApi, error: unknown): Promise<void> {
  const code = errorCode(error) ?? 'internal';
  const message = error instanceof Error ? error.message : String(error);
  return stream.writeSSE({ event: 'error', data: JSON.stringify({ error: { code, message } }) });
}
