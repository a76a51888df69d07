// npm run bench:api — 50 concurrent search and ask requests over HTTP on 127.0.0.1 while a workspace is
// being indexed: prints errors and p50/p95 latency. Prints figures; asserts nothing.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, WorkspaceRegistry } from '@quire/server';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const FILES = Number(process.env.BENCH_FILES ?? 120);
const root = join(tmpdir(), 'quire-bench-api');

async function pdf(i: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < 5; p++) {
    const page = doc.addPage([612, 792]);
    for (let l = 0; l < 30; l++) {
      page.drawText(`File ${i} page ${p + 1} line ${l}: the tenant shall give notice and pay rent monthly.`, {
        x: 50,
        y: 740 - l * 20,
        size: 10,
        font,
      });
    }
  }
  return doc.save();
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

await rm(root, { recursive: true, force: true });
const ready = join(root, 'ready');
const incoming = join(root, 'incoming');
await mkdir(ready, { recursive: true });
await mkdir(incoming, { recursive: true });
for (let i = 0; i < 10; i++) await writeFile(join(ready, `ready-${i}.pdf`), await pdf(i));
const home = join(root, 'home');
const registry = new WorkspaceRegistry(home);
await registry.addFolder(await registry.addFolder(await registry.create('bench'), ready), incoming);
const server = await startServer({ home, port: 0 });
await server.service.get('bench');
await server.service.idle();

// Start a sync: copy files into the watched folder, then fire the requests while they are indexed.
for (let i = 0; i < FILES; i++) await writeFile(join(incoming, `incoming-${i}.pdf`), await pdf(1000 + i));
await new Promise((resolve) => setTimeout(resolve, 2500));
const indexingAtStart = (await (await fetch(`${server.url}/api/workspaces/bench/documents`)).json()) as {
  counts: Record<string, number>;
};

const latencies: number[] = [];
let errors = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: REQUESTS }, async (_, i) => {
    const t = performance.now();
    const res =
      i % 2 === 0
        ? await fetch(
            `${server.url}/api/workspaces/bench/search?q=${encodeURIComponent(`notice rent file ${i}`)}&k=5`,
          )
        : await fetch(`${server.url}/api/workspaces/bench/ask`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ question: `How much notice must the tenant give in file ${i}?` }),
          });
    if (!res.ok) errors++;
    await res.arrayBuffer();
    latencies.push(performance.now() - t);
  }),
);
const wall = performance.now() - started;
await server.service.idle();
const after = (await (await fetch(`${server.url}/api/workspaces/bench/documents`)).json()) as {
  counts: Record<string, number>;
};
await server.close();

latencies.sort((a, b) => a - b);
console.log(
  `${REQUESTS} concurrent requests (half search, half ask) while ${FILES} files were being indexed`,
);
console.log(`documents when the requests started: ${JSON.stringify(indexingAtStart.counts)}`);
console.log(`errors                 ${errors}`);
console.log(
  `latency p50 / p95      ${percentile(latencies, 0.5).toFixed(0)} / ${percentile(latencies, 0.95).toFixed(0)} ms`,
);
console.log(`all answered in        ${(wall / 1000).toFixed(2)} s`);
console.log(`documents afterwards:  ${JSON.stringify(after.counts)}`);
