// Writes, for every question of a question set, the full-text and vector lists a workspace returns (100
// chunks each, with scores, pages and paths), as JSON lines: the raw material for studying fusion offline
// (docs/retrieval.md) without re-running retrieval for every variant.
//
// Usage: tsx eval/rankings.ts <workspace> <qa.jsonl> <out.jsonl> [--home <dir>]
import { readFile, writeFile } from 'node:fs/promises';
import { parseQaJsonl } from '@quire/server';
import { withWorkspace } from '../apps/server/src/cli-support.ts';
import { retrieveIn } from '../apps/server/src/search.ts';

const DEPTH = 100;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const homeAt = args.indexOf('--home');
  const home = homeAt >= 0 ? args.splice(homeAt, 2)[1] : undefined;
  const [workspace, qaFile, outFile] = args;
  if (!workspace || !qaFile || !outFile) {
    console.error('usage: tsx eval/rankings.ts <workspace> <qa.jsonl> <out.jsonl> [--home <dir>]');
    process.exit(2);
  }
  const items = parseQaJsonl(await readFile(qaFile, 'utf8'));
  const lines = await withWorkspace({ home }, workspace, async (ws) => {
    const out: string[] = [];
    for (const item of items) {
      const lists: Record<string, unknown[]> = {};
      for (const mode of ws.embedder ? (['fulltext', 'vector'] as const) : (['fulltext'] as const)) {
        const hits = await retrieveIn(ws, item.question, DEPTH, mode);
        lists[mode] = hits.map((h) => ({
          chunkId: h.chunk.id,
          path: h.paths[0] ?? '',
          page: h.chunk.page,
          score: h.score,
        }));
      }
      out.push(JSON.stringify({ ...item, lists }));
    }
    return out;
  });
  await writeFile(outFile, `${lines.join('\n')}\n`);
}

await main();
