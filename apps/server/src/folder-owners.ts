import path from 'node:path';
import { isInside } from './api/path-guard.ts';
import type { WorkspaceRegistry } from './workspace-registry.ts';

/** Another workspace that already reads a folder: the folder itself, a folder above it, or one below it. */
export interface FolderOwner {
  /** The folder asked about (its real path). */
  path: string;
  workspace: { slug: string; name: string };
  /** That workspace's attached folder which overlaps `path`. */
  folder: string;
  /** `same`: `folder` is `path`; `parent`: `folder` contains `path`; `child`: `folder` lies inside `path`. */
  relation: 'same' | 'parent' | 'child';
}

/**
 * The workspaces (other than `except`) whose folders overlap the real path `real`, so that a folder is
 * not read into two matters without the user knowing: attaching it would index the same files twice.
 */
export async function folderOwners(
  registry: WorkspaceRegistry,
  real: string,
  options: { except?: string } = {},
): Promise<FolderOwner[]> {
  const target = path.resolve(real);
  const owners: FolderOwner[] = [];
  for (const settings of await registry.list()) {
    if (settings.slug === options.except) continue;
    for (const folder of settings.folders) {
      const relation =
        folder === target
          ? 'same'
          : isInside(target, folder)
            ? 'parent'
            : isInside(folder, target)
              ? 'child'
              : null;
      if (relation)
        owners.push({
          path: target,
          workspace: { slug: settings.slug, name: settings.name },
          folder,
          relation,
        });
    }
  }
  return owners;
}

/** One sentence per overlap, naming the other workspace: what the API and the CLI say about `owners`. */
export function describeOwners(owners: readonly FolderOwner[]): string {
  return owners
    .map((owner) => {
      const ws = `the workspace "${owner.workspace.name}"`;
      if (owner.relation === 'same') return `${owner.path} is already a folder of ${ws}.`;
      if (owner.relation === 'parent') return `${owner.path} is inside ${owner.folder}, a folder of ${ws}.`;
      return `${owner.path} contains ${owner.folder}, a folder of ${ws}.`;
    })
    .join(' ');
}
