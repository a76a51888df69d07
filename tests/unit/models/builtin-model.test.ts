import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILTIN_MODEL_FILE, ensureBuiltinModel, isBuiltinModelBuilding } from '@quire/models';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp.ts';

// A vocabulary of 500 words: only the start of the word-vector file is read, so a build is quick.
const TINY = { vocabularySize: 500 };

let tmp: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  tmp = await tempDir();
});
afterEach(() => tmp.cleanup());

describe('ensureBuiltinModel', () => {
  it('shares one build between concurrent calls for the same folder (single flight)', async () => {
    const models = join(tmp.path, 'models');
    let builds = 0;
    const onBuild = () => builds++;
    const first = ensureBuiltinModel(models, { ...TINY, onBuild });
    // The same folder spelled differently is the same file.
    const second = ensureBuiltinModel(join(tmp.path, 'other', '..', 'models'), { ...TINY, onBuild });
    const [a, b] = await Promise.all([first, second]);
    expect(builds).toBe(1);
    expect(a).toBe(join(models, BUILTIN_MODEL_FILE));
    expect(b).toBe(a);
    expect((await stat(a)).size).toBeGreaterThan(0);
    // Written to a temp name and renamed: nothing else is left in the folder.
    expect(await readdir(models)).toEqual([BUILTIN_MODEL_FILE]);
    // Once there, it is not built again.
    await ensureBuiltinModel(models, { ...TINY, onBuild });
    expect(builds).toBe(1);
  });

  it('reports progress from 0 to 1, and whether a build is under way', async () => {
    const models = join(tmp.path, 'models');
    const shares: number[] = [];
    const seen: boolean[] = [];
    const done = ensureBuiltinModel(models, {
      ...TINY,
      onProgress: (share) => {
        shares.push(share);
        seen.push(isBuiltinModelBuilding(models));
      },
    });
    await done;
    expect(shares[0]).toBe(0);
    expect(shares.at(-1)).toBe(1);
    expect(shares).toEqual([...shares].sort((x, y) => x - y));
    expect(seen.every(Boolean)).toBe(true);
    expect(isBuiltinModelBuilding(models)).toBe(false);
  });

  it('fails every waiting call when the build fails, and the next call tries again', async () => {
    const blocked = join(tmp.path, 'blocked');
    await writeFile(blocked, 'a file where the models folder should be');
    let builds = 0;
    const onBuild = () => builds++;
    const results = await Promise.allSettled([
      ensureBuiltinModel(blocked, { ...TINY, onBuild }),
      ensureBuiltinModel(blocked, { ...TINY, onBuild }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(builds).toBe(1);
    expect(isBuiltinModelBuilding(blocked)).toBe(false);
    await expect(ensureBuiltinModel(blocked, { ...TINY, onBuild })).rejects.toThrow();
    expect(builds).toBe(2);
  });
});
