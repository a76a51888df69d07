// `quire add` keeps its create-or-attach contract but says which it did (issue 15): the real command in a
// child process for the first add, the command's entry point in this process for the rest (no new Node
// process each), on empty folders (nothing to index), in a data home of its own.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQuire, runQuireInProcess } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

let tmp: { path: string; cleanup: () => Promise<void> };
let home: string;
const folder = (name: string) => join(tmp.path, 'matters', name);

beforeAll(async () => {
  tmp = await tempDir('quire-cli-add-');
  home = join(tmp.path, 'home');
  for (const name of ['lease', 'lease/letters', 'leases-2', 'other'])
    await mkdir(folder(name), { recursive: true });
});
afterAll(() => tmp.cleanup());

interface AddJson {
  workspace: { slug: string; name: string; folders: string[] };
  action: 'created' | 'attached' | 'unchanged';
  sharedWith: { path: string; workspace: { slug: string; name: string }; folder: string; relation: string }[];
}
const parse = (stdout: string) => JSON.parse(stdout) as AddJson;

describe('quire add', () => {
  it('says whether it created the workspace or attached to an existing one, in text and in --json', async () => {
    const created = await runQuire(home, ['add', folder('lease'), '--workspace', 'Acme lease']);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created workspace "Acme lease" (acme-lease), watching:');
    expect(created.stdout).toContain(`  ${folder('lease')}`);
    expect(created.stderr).toBe('');

    const attached = await runQuireInProcess(home, ['add', folder('leases-2'), '--workspace', 'Acme lease']);
    expect(attached.code).toBe(0);
    expect(attached.stdout).toContain(
      'Attached to the existing workspace "Acme lease" (acme-lease), now 2 folders:',
    );

    const again = await runQuireInProcess(home, [
      'add',
      folder('leases-2'),
      '--workspace',
      'Acme lease',
      '--json',
    ]);
    expect(again.code).toBe(0);
    const json = parse(again.stdout);
    // The fields scripts already read are still there.
    expect(json.workspace.slug).toBe('acme-lease');
    expect(json.workspace.folders).toEqual([folder('lease'), folder('leases-2')]);
    expect(json.action).toBe('unchanged');
    expect(json.sharedWith).toEqual([]);

    const fresh = parse(
      (await runQuireInProcess(home, ['add', folder('other'), '--workspace', 'Other', '--json'])).stdout,
    );
    expect(fresh.action).toBe('created');
  });

  it('warns on stderr when another workspace reads the folder, and still attaches it', async () => {
    const shared = await runQuireInProcess(home, [
      'add',
      folder('lease/letters'),
      '--workspace',
      'Other',
      '--json',
    ]);
    expect(shared.code).toBe(0);
    expect(shared.stderr).toContain(
      `Warning: ${folder('lease/letters')} is inside ${folder('lease')}, a folder of the workspace "Acme lease".`,
    );
    const json = parse(shared.stdout);
    expect(json.action).toBe('attached');
    expect(json.workspace.folders).toEqual([folder('other'), folder('lease/letters')]);
    expect(json.sharedWith).toEqual([
      {
        path: folder('lease/letters'),
        workspace: { slug: 'acme-lease', name: 'Acme lease' },
        folder: folder('lease'),
        relation: 'parent',
      },
    ]);
  });

  it('creates nothing for a folder that does not exist', async () => {
    const missing = await runQuireInProcess(home, ['add', folder('nope'), '--workspace', 'Ghost', '--json']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain(`Not a folder: ${folder('nope')}`);
    const list = await runQuireInProcess(home, ['list', '--json']);
    expect(list.stdout).not.toContain('Ghost');
  });
});
