// Deleting a workspace leaves nothing of it behind (issue 19, must-show 3). A real `quire serve` in a
// child process, with its own data home, its models folder inside that home and its own temporary folder
// (TMPDIR, so every temp file Quire, LanceDB, pdf.js or Tesseract writes lands where it can be checked):
// a workspace over generated documents that all hold one marker word unique to this run (a note, a PDF,
// an email with a PDF attachment, a scanned page read by OCR) is indexed, asked a question (a thread and
// an audit entry quote it) and read for the matter views (its `matter` folder); then it is deleted with
// `DELETE /api/workspaces/:slug` (there is no CLI command for it). Afterwards no file of it remains in
// the data home, the home's other files (quire.json, models) hold no byte of the marker, and neither does
// any file in the temporary folder — checked after indexing too (OCR renders and attachment copies are
// deleted after use) and after the server has stopped (nothing written back on shutdown).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eml } from '../fixtures/mail.ts';
import { imagePdf } from '../fixtures/ocr-documents.ts';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { scanForMarker } from '../helpers/byte-scan.ts';
import { useTestModels } from '../helpers/e2e.ts';
import { tempDir } from '../helpers/temp.ts';

const BIN = fileURLToPath(new URL('../../apps/server/bin/quire.mjs', import.meta.url));

// Lower-case letters English stemming leaves alone (no vowel to end in -s, -ed or -ing), unique to this run.
// Random per run, from letters OCR does not confuse in pairs (no r/n beside m, no c/l/i/j): the scan holds it too.
const MARKER = `zorvexquill${Array.from({ length: 6 }, () => 'bdfghkptxz'[randomInt(10)]).join('')}`;
const FILES = ['note.txt', 'contract.pdf', 'advice.eml', 'scan.pdf'] as const;

let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;
let scratch: string;
let matter: string;
let restoreModels: () => void;
let server: ChildProcess | null = null;
let origin: string;
let slug: string;

async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${origin}/api${path}`, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Starts `quire serve` on a free port with the test's home and temporary folder; resolves its origin. */
function serve(): Promise<string> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    env: { ...process.env, QUIRE_HOME: home, TMPDIR: scratch, TMP: scratch, TEMP: scratch },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (data: Buffer) => {
      err += data.toString();
      const ready = err.match(/ready at (http:\/\/127\.0\.0\.1:\d+)/);
      if (ready?.[1]) resolve(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`quire serve exited ${code}: ${err}`)));
  });
}

async function stopServer(): Promise<void> {
  const child = server;
  server = null;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Every file below `dir` (relative paths, sorted), symbolic links included as files. */
async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

async function writeMatter(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'note.txt'), `File note: the ${MARKER} settlement stays privileged.\n`);
  await writeFile(join(dir, 'contract.pdf'), await simplePdf([`The ${MARKER} agreement ends in June 2026.`]));
  const attachment = await simplePdf([`Counsel's advice on the ${MARKER} claim, page one.`]);
  await writeFile(
    join(dir, 'advice.eml'),
    eml({
      messageId: 'advice@example.com',
      from: 'Ann Counsel <ann@example.com>',
      to: 'Bo Client <bo@example.com>',
      subject: `Advice on ${MARKER}`,
      date: 'Mon, 17 Mar 2014 11:15:00 +0000',
      body: `Bo, my advice on ${MARKER} is attached.`,
      attachments: [{ name: 'opinion.pdf', contentType: 'application/pdf', data: attachment }],
    }),
  );
  await writeFile(
    join(dir, 'scan.pdf'),
    await imagePdf([
      { lines: ['Scanned letter of 3 April 2014', `Reference ${MARKER}`], options: { fontSize: 18 } },
    ]),
  );
}

interface Status {
  indexing: boolean;
  documents: { path: string; state: string }[];
}

/** Waits until every file (and the email's attachment) is indexed and no run is going on. */
async function waitIndexed(): Promise<Status> {
  for (let tries = 0; ; tries++) {
    const status = await api<Status>(`/workspaces/${slug}/documents`);
    const indexed = status.documents.filter((d) => d.state === 'indexed').map((d) => d.path);
    if (!status.indexing && indexed.length === FILES.length + 1) return status;
    if (tries > 600) throw new Error(`not indexed: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

beforeAll(async () => {
  tmp = await tempDir('quire-workspace-delete-');
  home = join(tmp.path, 'home');
  scratch = join(tmp.path, 'tmp');
  matter = join(tmp.path, 'matter');
  await mkdir(scratch, { recursive: true });
  await writeMatter(matter);
  // The models folder inside the home (the run's built-in model linked in), so it is scanned too.
  restoreModels = await useTestModels(join(home, 'models'));
  origin = await serve();
});

afterAll(async () => {
  await stopServer();
  restoreModels?.();
  await tmp?.cleanup();
});

describe('deleting a workspace', () => {
  it('leaves no file of it in the data home nor in the temporary folder', async () => {
    const created = await api<{ workspace: { slug: string } }>('/workspaces', {
      method: 'POST',
      body: { name: 'Privileged matter', folders: [matter] },
    });
    slug = created.workspace.slug;
    const status = await waitIndexed();
    expect(status.documents.map((d) => d.path.slice(matter.length + 1)).sort()).toEqual(
      ['advice.eml', 'advice.eml::1/opinion.pdf', 'contract.pdf', 'note.txt', 'scan.pdf'].sort(),
    );

    // Every document holds the marker where search sees it, the scan through OCR. Documents that are
    // versions of one another (once the server has read them for the matter views) fold into one hit.
    type Hit = { path: string; text: string; source?: string };
    const search = await api<{ hits: (Hit & { otherVersions?: Hit[] })[] }>(
      `/workspaces/${slug}/search?q=${MARKER}&k=20`,
    );
    const holding = search.hits
      .flatMap((h) => [h, ...(h.otherVersions ?? [])])
      .filter((h) => h.text.toLowerCase().includes(MARKER));
    const found = new Set(holding.map((h) => h.path.slice(matter.length + 1)));
    expect([...found].sort()).toEqual(status.documents.map((d) => d.path.slice(matter.length + 1)).sort());
    const scan = await api<{ hits: Hit[] }>(`/workspaces/${slug}/search?q=${MARKER}&in=scan.pdf`);
    expect(scan.hits[0]?.source).toBe('ocr');

    // Indexing left nothing of the documents in the temporary folder (OCR renders, attachment copies).
    expect(await scanForMarker(scratch, MARKER)).toEqual({ files: [], versions: [] });

    // A question (a thread and an audit entry quoting the documents) and the matter views.
    const answer = await api<{ threadId: string | null }>(`/workspaces/${slug}/ask`, {
      method: 'POST',
      body: { question: `What is said about ${MARKER}?`, newThread: true },
    });
    expect(answer.threadId).toEqual(expect.any(String));
    for (let tries = 0; ; tries++) {
      const timeline = await api<{ pending: number }>(`/workspaces/${slug}/timeline`);
      if (timeline.pending === 0) break;
      if (tries > 600) throw new Error('the matter views never finished reading the documents');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await api(`/workspaces/${slug}/overview`);
    await api(`/workspaces/${slug}/versions`);

    const workspaceDir = join(home, slug);
    const kept = await filesBelow(workspaceDir);
    for (const expected of ['workspace.json', 'audit.jsonl', 'ingest.jsonl', 'status.json'])
      expect(kept).toContain(expected);
    expect(kept.some((f) => f.startsWith('threads/'))).toBe(true);
    expect(kept.some((f) => f.startsWith('matter/'))).toBe(true);
    expect(kept.some((f) => f.startsWith('index/'))).toBe(true);
    // The scan sees the marker where it is: the workspace's index, thread, audit log and matter facts.
    const before = await scanForMarker(workspaceDir, MARKER);
    const rel = (files: string[]) => files.map((f) => f.slice(workspaceDir.length + 1));
    expect(rel(before.files).some((f) => f.startsWith('threads/'))).toBe(true);
    expect(rel(before.files)).toContain('audit.jsonl');
    expect(rel(before.files).some((f) => f.startsWith('matter/'))).toBe(true);
    expect(before.versions.length).toBeGreaterThan(0);

    expect(await api(`/workspaces/${slug}`, { method: 'DELETE' })).toEqual({ deleted: slug });

    await expect(stat(workspaceDir)).rejects.toMatchObject({ code: 'ENOENT' });
    const listed = await api<{ workspaces: { slug: string }[] }>('/workspaces');
    expect(listed.workspaces.map((w) => w.slug)).not.toContain(slug);
    expect(await scanForMarker(home, MARKER)).toEqual({ files: [], versions: [] });
    expect(await scanForMarker(scratch, MARKER)).toEqual({ files: [], versions: [] });

    // Once the server has stopped: nothing was written back (a status snapshot, a log line).
    await stopServer();
    await expect(stat(workspaceDir)).rejects.toMatchObject({ code: 'ENOENT' });
    const left = await readdir(home);
    expect(left.sort()).toEqual(['models', 'quire.json']);
    expect(await scanForMarker(home, MARKER)).toEqual({ files: [], versions: [] });
    // The temporary folder keeps only caches of code and data that come with Quire: the English word
    // list and OCR language links, and tsx's compiled copies of Quire's own TypeScript.
    const temp = await filesBelow(scratch);
    const foreign = temp.filter((f) => !/^(quire-cache|quire-tessdata|tsx)-[^/]+\//.test(f));
    expect(foreign).toEqual([]);
    expect(temp.some((f) => f.startsWith('quire-cache-'))).toBe(true);
    expect(await scanForMarker(scratch, MARKER)).toEqual({ files: [], versions: [] });
  });
});
