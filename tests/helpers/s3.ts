// A loopback S3 server (s3rver) for tests of indexes on object storage: objects are kept as files under
// `<dir>/<bucket>/…`, so tests can read their raw bytes too.
import { mkdir } from 'node:fs/promises';
import S3rver from 's3rver';

export interface LoopbackS3 {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  close(): Promise<void>;
}

/** Starts s3rver on 127.0.0.1 with `bucket` created, keeping its objects in `dir`. */
export async function startS3(dir: string, bucket: string): Promise<LoopbackS3> {
  await mkdir(dir, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, close: () => server.close() };
}
