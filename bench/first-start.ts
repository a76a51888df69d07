// npm run bench:first-start — a new install's first file: `quire serve` on a fresh data home (no built-in
// model yet); a workspace is created over HTTP on an empty folder and a PDF dropped into it at once, then
// a second one. Prints the time from each drop until a search over HTTP finds the file, with the server's
// warm-up (the built-in model generated at start) and, as the baseline in the same run, without it; and
// the first file of a folder already watched. Each case runs in a fresh process, BENCH_RUNS times
// (default 3; the median is printed). Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IngestEvent } from '@quire/server';
import { startServer } from '@quire/server';
import { PDFDocument, StandardFonts } from 'pdf-lib';

type Mode = 'warm' | 'warm-immediate' | 'cold' | 'warm-watched';
interface Result {
  mode: Mode;
  /** Server start until the warm-up's model is in place (warm modes). */
  warmupSeconds: number | null;
  firstSeconds: number;
  secondSeconds: number;
}

const CASES: { mode: Mode; label: string }[] = [
  { mode: 'warm', label: 'warm-up; workspace created, file dropped once it is built' },
  { mode: 'warm-immediate', label: 'warm-up; workspace created, file dropped at start' },
  { mode: 'cold', label: 'no warm-up (baseline): workspace created, file dropped' },
  { mode: 'warm-watched', label: 'warm-up; file dropped once the new folder is watched' },
];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function pdf(lines: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  lines.forEach((line, i) => {
    page.drawText(line, { x: 50, y: 740 - i * 20, size: 11, font });
  });
  return doc.save();
}

/** One case in this process: serve a fresh home, create a watched workspace, drop two files. */
async function runCase(mode: Mode): Promise<Result> {
  const root = join(tmpdir(), `quire-bench-first-start-${mode}`);
  await rm(root, { recursive: true, force: true });
  const inbox = join(root, 'Inbox');
  await mkdir(inbox, { recursive: true });
  delete process.env.QUIRE_MODELS_DIR; // a new install: models in <home>/models, none yet
  const started = performance.now();
  const server = await startServer({
    home: join(root, 'home'),
    port: 0,
    webRoot: join(root, 'no-web'),
    warmBuiltin: mode !== 'cold',
  });
  try {
    let warmupSeconds: number | null = null;
    if (mode !== 'cold') {
      const warmup = server.modelBuild.start().then(() => {
        warmupSeconds = (performance.now() - started) / 1000;
      });
      if (mode !== 'warm-immediate') await warmup;
    }
    const created = await fetch(`${server.url}/api/workspaces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Inbox', folders: [inbox] }),
    });
    if (created.status !== 201) throw new Error(`create workspace: ${created.status}`);
    if (mode === 'warm-watched') {
      await server.service.get('inbox');
      await server.service.idle();
    }

    const timeToSearchable = async (name: string, lines: string[], query: string) => {
      const path = join(inbox, name);
      let indexed = false;
      const finished = new Promise<void>((resolve, reject) => {
        const listener = (event: IngestEvent) => {
          if (event.type === 'document' && event.path === path && event.state === 'failed')
            reject(new Error(`${name}: ${event.error?.message}`));
          if (event.type === 'document' && event.path === path && event.state === 'indexed') indexed = true;
          if (event.type === 'progress' && event.finished && indexed) {
            server.service.events.off('ingest', listener);
            resolve();
          }
        };
        server.service.events.on('ingest', listener);
      });
      const bytes = await pdf(lines);
      const t = performance.now();
      await writeFile(path, bytes);
      await finished;
      const res = await fetch(`${server.url}/api/workspaces/inbox/search?q=${encodeURIComponent(query)}&k=1`);
      const body = (await res.json()) as { hits: { path: string }[] };
      if (body.hits[0]?.path !== path) throw new Error(`${name} not found by search`);
      return (performance.now() - t) / 1000;
    };

    const firstSeconds = await timeToSearchable(
      'first.pdf',
      ['Lease agreement.', 'The tenant must give ninety days written notice to end the lease.'],
      'how much notice must the tenant give',
    );
    const secondSeconds = await timeToSearchable(
      'second.pdf',
      ['Maintenance schedule.', 'The landlord services the boiler every winter before the first frost.'],
      'who services the boiler',
    );
    await server.modelBuild.start(); // (warm-immediate) the warm-up is done by now; no-op for the others
    return { mode, warmupSeconds, firstSeconds, secondSeconds };
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}

/** Runs one case in a fresh process (same loader as this one) and reads its result line. */
function inChild(mode: Mode): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), mode], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as Result);
      else reject(new Error(`${mode} exited ${code}: ${out}`));
    });
  });
}

const only = process.argv[2] as Mode | undefined;
if (only) {
  process.stdout.write(`${JSON.stringify(await runCase(only))}\n`);
  process.exit(0); // the parser's workers and llama.cpp must not keep a finished case alive
} else {
  const median = (values: (number | null)[]) => {
    const known = values.filter((v) => v !== null).sort((a, b) => a - b);
    return known.length === 0 ? null : (known[Math.floor((known.length - 1) / 2)] ?? null);
  };
  const s = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} s`);
  console.log(
    `Time to searchable on a new install (fresh data home, served; median of ${RUNS} fresh processes)`,
  );
  console.log('| case | model ready after start | first file | second file |');
  console.log('|---|---|---|---|');
  for (const { mode, label } of CASES) {
    const runs: Result[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await inChild(mode));
    const [warmup, first, second] = [
      median(runs.map((r) => r.warmupSeconds)),
      median(runs.map((r) => r.firstSeconds)),
      median(runs.map((r) => r.secondSeconds)),
    ];
    console.log(`| ${label} | ${s(warmup)} | ${s(first)} | ${s(second)} |`);
  }
}
