import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simplePdf } from '../fixtures/simple-pdf.ts';
import { quireJson, quireJsonInProcess } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

interface SearchJson {
  hits: { path: string; text: string }[];
}

async function writePdf(path: string, text: string): Promise<void> {
  await writeFile(path, await simplePdf([text]));
}

let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;

beforeAll(async () => {
  tmp = await tempDir();
  home = join(tmp.path, 'home');
  for (const [matter, text] of [
    ['alpha', 'The alpha matter concerns the quillionaire settlement and shared wording about rent.'],
    ['beta', 'The beta matter concerns the drovethane merger and shared wording about rent.'],
  ] as const) {
    const folder = join(tmp.path, matter);
    await mkdir(folder);
    await writePdf(join(folder, `${matter}.pdf`), text);
    await quireJson(home, ['add', folder, '--workspace', matter]);
    await quireJson(home, ['sync', matter]);
  }
});
afterAll(() => tmp.cleanup());
// `add` and `sync` run the real `quire` binary; searches run its entry point in this process.

describe('workspace isolation', () => {
  it('never returns text that exists only in another workspace', async () => {
    const own = await quireJsonInProcess<SearchJson>(home, ['search', 'alpha', 'quillionaire']);
    expect(own.hits[0]?.text).toContain('quillionaire');
    for (const [workspace, foreign] of [
      ['alpha', 'drovethane'],
      ['beta', 'quillionaire'],
    ] as const) {
      // Hybrid retrieval always offers its nearest passages, but only from the workspace asked.
      const result = await quireJsonInProcess<SearchJson>(home, ['search', workspace, foreign]);
      for (const hit of result.hits) {
        expect(hit.text).not.toContain(foreign);
        expect(hit.path.startsWith(join(tmp.path, workspace))).toBe(true);
      }
    }
    const shared = await quireJsonInProcess<SearchJson>(home, [
      'search',
      'beta',
      'shared wording about rent',
    ]);
    expect(shared.hits.length).toBeGreaterThan(0);
    for (const hit of shared.hits) {
      expect(hit.path.startsWith(join(tmp.path, 'beta'))).toBe(true);
      expect(hit.text).not.toContain('alpha');
    }
  });
});
