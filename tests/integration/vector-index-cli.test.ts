// The vector index past the threshold, through the CLI (issue 20): `quire sync` starts the build once the
// workspace's chunks pass it (here lowered with QUIRE_VECTOR_INDEX_MIN_ROWS, as the 100,000 default is a
// benchmark's size, not a test's), says so on stderr, waits for it before exiting, and reports it in the
// JSON; the index is then on the chunks table and searches use it. A second sync builds nothing.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from '@lancedb/lancedb';
import { WorkspaceRegistry } from '@quire/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quireJson, runQuire } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const TOPICS = ['lease', 'warranty', 'invoice', 'settlement', 'turbine', 'deposit', 'audit', 'merger'];
const env = { QUIRE_VECTOR_INDEX_MIN_ROWS: '40' };

let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;

beforeAll(async () => {
  tmp = await tempDir();
  home = join(tmp.path, 'home');
  const folder = join(tmp.path, 'matter');
  await mkdir(folder);
  // Eight files of twelve paragraphs: with 50-token chunks, well over 40 chunks.
  for (const [i, topic] of TOPICS.entries()) {
    const paragraphs = Array.from(
      { length: 12 },
      (_, p) =>
        `Section ${p + 1} of the ${topic} file. The ${topic} terms agreed in meeting ${i * 12 + p} set the ` +
        `payment at ${1000 + i * 100 + p} dollars, due within ${10 + p} days of the ${topic} notice, and ` +
        `either party may refer a dispute about the ${topic} to the arbitrator named in schedule ${p + 2}.`,
    );
    await writeFile(join(folder, `${topic}.txt`), `${paragraphs.join('\n\n')}\n`);
  }
  await quireJson(home, ['add', folder, '--workspace', 'Big matter']);
  const registry = new WorkspaceRegistry(home);
  await registry.update(await registry.get('big-matter'), { chunking: { maxTokens: 50, overlap: 0 } });
}, 60_000);

afterAll(async () => tmp?.cleanup());

describe('quire sync past the vector-index threshold', () => {
  it('builds the index, says so, waits for it, and reports it', async () => {
    const run = await runQuire(home, ['sync', 'big-matter', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      indexed: number;
      vectorIndex?: { state: string; rows: number };
    };
    expect(report.indexed).toBe(TOPICS.length);
    expect(report.vectorIndex?.state).toBe('done');
    expect(report.vectorIndex?.rows).toBeGreaterThanOrEqual(40);
    expect(run.stderr).toMatch(/Building the vector index over \d+ passages/);
    expect(run.stderr).toMatch(/Vector index built in \d+ s\./);

    const db = await connect(join(home, 'big-matter', 'index'));
    const chunks = await db.openTable('chunks');
    try {
      expect((await chunks.listIndices()).map((i) => i.name)).toContain('vector_idx');
    } finally {
      chunks.close();
      db.close();
    }

    const found = await quireJson<{ hits: { path: string }[] }>(
      home,
      ['search', 'big-matter', 'turbine arbitrator'],
      {
        env,
      },
    );
    expect(found.hits[0]?.path).toMatch(/turbine\.txt$/);
  }, 180_000);

  it('builds nothing on the next sync: the index is there', async () => {
    const run = await runQuire(home, ['sync', 'big-matter', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).not.toHaveProperty('vectorIndex');
    expect(run.stderr).not.toMatch(/Building the vector index/);
  }, 120_000);
});
