// A workspace whose index lives on object storage (issue 20, must-show 2). A loopback S3 server (s3rver,
// with its own random key pair: requests are signed and checked) holds the index. One `quire` indexes a
// folder to `s3://…` (nothing of the index on its disk); a second data home registers the same index
// read-only and serves it with a real `quire serve`; a document the indexer adds is found by that server
// after the indexer's commit; the reader refuses to write; and the credentials appear in no output, no
// error and no file of either data home.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '@lancedb/lancedb';
import { startServer } from '@quire/server';
import { DUMMY_ACCOUNT } from 's3rver/lib/models/account.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanForMarker, versionsHolding } from '../helpers/byte-scan.ts';
import { type CliRun, runQuire } from '../helpers/cli.ts';
import { type LoopbackS3, startS3 } from '../helpers/s3.ts';
import { tempDir } from '../helpers/temp.ts';

const BIN = fileURLToPath(new URL('../../apps/server/bin/quire.mjs', import.meta.url));
const BUCKET = 'quire-matters';
const INDEX = `s3://${BUCKET}/firm/matter-1`;
const pick = (letters: string, n: number) =>
  Array.from({ length: n }, () => letters[randomInt(letters.length)]).join('');
// Random per run: a scan for them finds only what this run wrote.
const KEY_ID = `AKIAQT${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 14)}`;
// A word only the first document holds, looked for in the bucket's bytes once that document is removed.
const MARKER = `quillvex${pick('bdfghkptxz', 8)}`;
const SECRET = pick('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 40);

let tmp: { path: string; cleanup: () => Promise<void> };
let s3: LoopbackS3;
let endpoint: string;
let folder: string;
let indexerHome: string;
let readerHome: string;
let credentialsFile: string;
let server: ChildProcess | null = null;
let serverOutput = '';
let origin: string;
/** Everything every `quire` run printed: checked for credentials at the end. */
const printed: string[] = [];

/** The indexer's environment: the standard AWS variables. */
const indexerEnv = () => ({
  AWS_ENDPOINT_URL: endpoint,
  AWS_ACCESS_KEY_ID: KEY_ID,
  AWS_SECRET_ACCESS_KEY: SECRET,
  AWS_REGION: 'us-east-1',
  AWS_ALLOW_HTTP: 'true',
});
/** The reader's: the keys come from a credentials file outside its data home. */
const readerEnv = () => ({
  AWS_ENDPOINT_URL: endpoint,
  AWS_REGION: 'us-east-1',
  AWS_ALLOW_HTTP: 'true',
  AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
});

async function quire(home: string, args: string[], env: Record<string, string>): Promise<CliRun> {
  const run = await runQuire(home, args, { env });
  printed.push(run.stdout, run.stderr);
  return run;
}

async function quireJson<T>(home: string, args: string[], env: Record<string, string>): Promise<T> {
  const run = await quire(home, [...args, '--json'], env);
  if (run.code !== 0) throw new Error(`quire ${args.join(' ')} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

function serve(home: string, env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    env: { ...process.env, QUIRE_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  return new Promise((resolve, reject) => {
    const take = (data: Buffer) => {
      serverOutput += data.toString();
      const ready = serverOutput.match(/ready at (http:\/\/127\.0\.0\.1:\d+)/);
      if (ready?.[1]) resolve(ready[1]);
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    child.once('exit', (code) => reject(new Error(`quire serve exited ${code}: ${serverOutput}`)));
  });
}

async function api(path: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(`${origin}/api${path}`, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  printed.push(text);
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
}

type Hit = { path: string; documentId: string; text: string };
const searchPaths = async (q: string) => {
  const { status, body } = await api(`/workspaces/matter/search?q=${encodeURIComponent(q)}&k=5`);
  expect(status).toBe(200);
  return (body.hits as Hit[]).map((h) => h.path.split('/').at(-1));
};

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => !e.isDirectory()).map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  tmp = await tempDir();
  s3 = await startS3(join(tmp.path, 's3'), BUCKET);
  endpoint = s3.endpoint;
  DUMMY_ACCOUNT.createKeyPair(KEY_ID, SECRET);
  folder = join(tmp.path, 'matter-files');
  await mkdir(folder);
  await writeFile(
    join(folder, 'pelican-lease.txt'),
    `Lease of the Pelican warehouse (reference ${MARKER}).\n\nThe tenant pays a security deposit of nine thousand dollars on signing.\n`,
  );
  indexerHome = join(tmp.path, 'indexer-home');
  readerHome = join(tmp.path, 'reader-home');
  credentialsFile = join(tmp.path, 'aws', 'credentials');
  await mkdir(join(tmp.path, 'aws'));
  await writeFile(
    credentialsFile,
    `[default]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`,
    { mode: 0o600 },
  );
}, 60_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await s3?.close();
  DUMMY_ACCOUNT.revokeAccessKey(KEY_ID);
  await tmp?.cleanup();
});

describe('a workspace indexed to s3:// and read by another process', () => {
  it('indexes to object storage with nothing of the index on local disk', async () => {
    const added = await quireJson<{ workspace: Record<string, unknown>; action: string }>(
      indexerHome,
      ['add', folder, '--workspace', 'Matter', '--index', INDEX],
      indexerEnv(),
    );
    expect(added.action).toBe('created');
    expect(added.workspace).toMatchObject({ slug: 'matter', indexUri: INDEX, readOnly: false });
    const sync = await quireJson<{ indexed: number; failed: unknown[] }>(
      indexerHome,
      ['sync', 'matter'],
      indexerEnv(),
    );
    expect(sync).toMatchObject({ indexed: 1, failed: [] });

    // The index is in the bucket, under its prefix: the four tables and the metadata table.
    const stored = (await filesBelow(join(tmp.path, 's3', BUCKET))).map((f) => f.slice(f.indexOf('firm/')));
    for (const table of ['documents', 'pages', 'chunks', 'paths', 'quire_index'])
      expect(stored.some((f) => f.startsWith(`firm/matter-1/${table}.lance/`))).toBe(true);
    // And nothing of it in the data home: no table folder, no version file, no data file.
    const local = await filesBelow(indexerHome);
    expect(local.filter((f) => /\.lance|_versions|\.manifest|quire-index\.json/.test(f))).toEqual([]);

    const found = await quireJson<{ hits: Hit[] }>(
      indexerHome,
      ['search', 'matter', 'security deposit'],
      indexerEnv(),
    );
    expect(found.hits[0]?.path).toMatch(/pelican-lease\.txt$/);
  }, 180_000);

  it('is opened read-only by a second data home and served by a second process', async () => {
    const added = await quireJson<{ workspace: Record<string, unknown>; action: string }>(
      readerHome,
      ['add', '--workspace', 'Matter', '--index', INDEX, '--read-only'],
      readerEnv(),
    );
    expect(added.action).toBe('created');
    expect(added.workspace).toMatchObject({
      indexUri: INDEX,
      readOnly: true,
      folders: [],
      embeddingModel: 'builtin',
    });

    origin = await serve(readerHome, readerEnv());
    expect(await searchPaths('security deposit pelican')).toContain('pelican-lease.txt');
    const documents = await api('/workspaces/matter/documents');
    expect(documents.status).toBe(200);
    // The workspace list says where the index is and that this machine only reads it.
    const listed = (await api('/workspaces')).body.workspaces as Record<string, unknown>[];
    expect(listed.find((w) => w.slug === 'matter')).toMatchObject({
      documents: 1,
      index: { uri: INDEX, readOnly: true },
    });
  }, 180_000);

  it("sees a document the indexer adds once the indexer's sync has committed it", async () => {
    expect(await searchPaths('heron warranty turbines')).not.toContain('heron-warranty.txt');
    await writeFile(
      join(folder, 'heron-warranty.txt'),
      'Heron turbines warranty.\n\nThe warranty on the Heron turbines lasts eleven years from delivery.\n',
    );
    const sync = await quireJson<{ indexed: number; unchanged: number }>(
      indexerHome,
      ['sync', 'matter'],
      indexerEnv(),
    );
    expect(sync).toMatchObject({ indexed: 1, unchanged: 1 });
    // No watcher and no restart on the reader: its next read sees the new version.
    expect(await searchPaths('heron warranty turbines')).toContain('heron-warranty.txt');

    // The page viewer's text comes from the index: the reader has no copy of the file.
    const hit = (await api('/workspaces/matter/search?q=heron%20warranty&k=1')).body.hits as Hit[];
    const id = hit[0]?.documentId ?? '';
    const page = await api(`/workspaces/matter/documents/${id}/pages/1`);
    expect(page.status).toBe(200);
    expect(page.body.text).toContain('lasts eleven years');
    // The viewer's layout is the indexed text too, marked as such (no file to lay out).
    const layout = await api(`/workspaces/matter/documents/${id}/layout?page=1`);
    expect(layout.status).toBe(200);
    expect(layout.body).toMatchObject({ kind: 'text', fromIndex: true, page: 1, current: true });
    expect(layout.body.text).toContain('lasts eleven years');
    const file = await fetch(`${origin}/api/workspaces/matter/files/${id}`);
    expect(file.status).toBeGreaterThanOrEqual(400);
    expect(file.status).toBeLessThan(500);

    // A question on the reader cites the new document.
    const asked = await api('/workspaces/matter/ask', {
      method: 'POST',
      body: { question: 'How long is the warranty on the Heron turbines?' },
    });
    expect(asked.status).toBe(200);
    const citations = asked.body.citations as { path: string; quote: string }[];
    expect(
      citations.some((c) => c.path.endsWith('heron-warranty.txt') && c.quote.includes('eleven years')),
    ).toBe(true);
  }, 180_000);

  it('refuses every write on the reader, and nothing is written to the index', async () => {
    const hit = (await api('/workspaces/matter/search?q=pelican&k=1')).body.hits as Hit[];
    const id = hit[0]?.documentId ?? '';
    const reindex = await api('/workspaces/matter/documents/reindex', {
      method: 'POST',
      body: { documentId: id },
    });
    expect(reindex.status).toBe(409);
    expect(reindex.body.error).toMatchObject({ code: 'read-only' });
    const erase = await api('/workspaces/matter/documents/erase', {
      method: 'POST',
      body: { documentId: id },
    });
    expect(erase.status).toBe(409);
    const attach = await api('/workspaces/matter/folders', { method: 'POST', body: { path: folder } });
    expect(attach.status).toBe(409);

    const sync = await quire(readerHome, ['sync', 'matter'], readerEnv());
    expect(sync.code).not.toBe(0);
    expect(sync.stderr).toMatch(/reading only.*\[read-only\]/);
    // Both documents still there for the indexer.
    const found = await quireJson<{ hits: Hit[] }>(
      indexerHome,
      ['search', 'matter', 'pelican deposit'],
      indexerEnv(),
    );
    expect(found.hits[0]?.path).toMatch(/pelican-lease\.txt$/);
  }, 180_000);

  it('removes a deleted document from the bucket: no object holds its text once the sync has pruned', async () => {
    const bucket = join(tmp.path, 's3', BUCKET);
    // The objects' raw bytes (s3rver keeps each object in a file), and every retained version of every
    // table read back through the S3 API.
    const db = await connect(INDEX, {
      storageOptions: {
        endpoint,
        awsAccessKeyId: KEY_ID,
        awsSecretAccessKey: SECRET,
        region: 'us-east-1',
        allowHttp: 'true',
      },
    });
    const versions = async () => {
      const found: string[] = [];
      for (const table of ['documents', 'pages', 'chunks', 'paths'])
        for (const version of await versionsHolding(db, table, MARKER)) found.push(`${table}@${version}`);
      return found;
    };
    try {
      expect((await scanForMarker(bucket, MARKER, { tables: false })).files.length).toBeGreaterThan(0);
      expect((await versions()).length).toBeGreaterThan(0);
      await rm(join(folder, 'pelican-lease.txt'));
      const sync = await quireJson<{ removed: number }>(indexerHome, ['sync', 'matter'], indexerEnv());
      expect(sync).toMatchObject({ removed: 1 });
      expect((await scanForMarker(bucket, MARKER, { tables: false })).files).toEqual([]);
      expect(await versions()).toEqual([]);
    } finally {
      db.close();
    }
    expect(await searchPaths('security deposit pelican')).not.toContain('pelican-lease.txt');
    expect(await searchPaths('heron warranty turbines')).toContain('heron-warranty.txt');
  }, 180_000);

  it('says clearly when the storage refuses or is not there, without the credentials', async () => {
    // s3rver checks the key id (it does not verify V4 signatures): an unknown one is refused, and its
    // error body names the key id it was given: the message must not.
    const wrongKey = `AKIAQT${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 14)}`;
    const refused = await quire(indexerHome, ['search', 'matter', 'deposit'], {
      ...indexerEnv(),
      AWS_ACCESS_KEY_ID: wrongKey,
    });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(
      /Could not open the index at s3:\/\/quire-matters\/firm\/matter-1: InvalidAccessKeyId.*\[storage-unreachable\]/,
    );
    expect(refused.stderr).not.toContain(wrongKey);
    const down = await quire(indexerHome, ['search', 'matter', 'deposit'], {
      ...indexerEnv(),
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    });
    expect(down.code).not.toBe(0);
    expect(down.stderr).toMatch(/did not answer.*\[storage-unreachable\]/);

    const missing = await quire(
      readerHome,
      ['add', '--workspace', 'Other', '--index', `s3://${BUCKET}/nothing-here`, '--read-only'],
      readerEnv(),
    );
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/No Quire index at s3:\/\/quire-matters\/nothing-here.*\[index-missing\]/);
    expect(await readdir(readerHome)).not.toContain('other');

    const withKey = await quire(
      indexerHome,
      ['add', folder, '--workspace', 'Leaky', '--index', `s3://${KEY_ID}:${SECRET}@${BUCKET}/x`],
      indexerEnv(),
    );
    expect(withKey.code).not.toBe(0);
    expect(withKey.stderr).toMatch(/\[invalid-request\]/);
  }, 180_000);

  it('keeps the credentials out of every output, error, settings file and file of both data homes', async () => {
    const settings = await readFile(join(readerHome, 'matter', 'workspace.json'), 'utf8');
    expect(JSON.parse(settings)).toMatchObject({ indexUri: INDEX, readOnly: true });
    for (const text of [...printed, serverOutput]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(KEY_ID);
    }
    for (const file of [...(await filesBelow(indexerHome)), ...(await filesBelow(readerHome))]) {
      const bytes = await readFile(file);
      expect(bytes.includes(SECRET), file).toBe(false);
      expect(bytes.includes(KEY_ID), file).toBe(false);
    }
  });

  it('drops the index from the bucket when the indexing machine deletes the workspace', async () => {
    const saved = Object.entries(indexerEnv()).map(([name, value]) => {
      const before = process.env[name];
      process.env[name] = value;
      return [name, before] as const;
    });
    const running = await startServer({ home: indexerHome, port: 0, watch: false, warmBuiltin: false });
    try {
      const deleted = await fetch(`http://127.0.0.1:${running.port}/api/workspaces/matter`, {
        method: 'DELETE',
      });
      expect(deleted.status).toBe(200);
    } finally {
      await running.close();
      for (const [name, before] of saved) {
        if (before === undefined) delete process.env[name];
        else process.env[name] = before;
      }
    }
    const left = (await filesBelow(join(tmp.path, 's3', BUCKET))).filter((f) =>
      f.includes('/firm/matter-1/'),
    );
    expect(left).toEqual([]);
    // The reader's running server, which had the index open, answers in one line too.
    const after = await api('/workspaces/matter/search?q=heron');
    expect(after.status, JSON.stringify(after.body)).toBe(404);
    expect(after.body.error, JSON.stringify(after.body)).toMatchObject({
      code: 'index-missing',
    });
    // The reader now says so, in one line.
    const gone = await quire(readerHome, ['search', 'matter', 'heron'], readerEnv());
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toMatch(/No Quire index at s3:\/\/quire-matters\/firm\/matter-1.*\[index-missing\]/);
  }, 120_000);
});
