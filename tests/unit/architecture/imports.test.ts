// The shape of the code base, checked: the data flow reads top to bottom (ingest → models → embeddings →
// index → inference → apps), packages meet only at their front doors, and no module depends on itself
// through others.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SOURCE_ROOTS = ['packages', 'apps/server/src', 'apps/web/src'];

/** What each package may import (besides itself): the arrows of docs/architecture.md. */
const ALLOWED: Record<string, readonly string[]> = {
  ingest: [],
  models: [],
  embeddings: ['models'],
  index: ['ingest', 'embeddings'],
  inference: ['ingest', 'models', 'embeddings', 'index'],
  matter: ['ingest', 'models', 'embeddings', 'index', 'inference'],
  server: ['ingest', 'models', 'embeddings', 'index', 'inference', 'matter'],
  // The web UI runs in the browser: it talks to the server over HTTP and imports only types.
  web: ['inference', 'models', 'server'],
};

interface SourceFile {
  path: string;
  unit: string;
  specifiers: { spec: string; typeOnly: boolean }[];
}

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'dist' ? [] : listSources(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The package or app a file belongs to: `packages/<name>/…` → name; `apps/<name>/…` → name. */
const unitOf = (path: string): string => relative(ROOT, path).split('/')[1] ?? '';

const IMPORT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function readSource(path: string): SourceFile {
  const text = readFileSync(path, 'utf8');
  const specifiers: SourceFile['specifiers'] = [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[3] ?? match[4];
    if (spec) specifiers.push({ spec, typeOnly: match[2] !== undefined });
  }
  return { path, unit: unitOf(path), specifiers };
}

const files = SOURCE_ROOTS.flatMap((root) => listSources(join(ROOT, root))).map(readSource);
const byPath = new Map(files.map((f) => [f.path, f]));
const FRONT_DOOR = /^@quire\/([a-z-]+)(\/[a-z-]+)?$/;

/** A package's doors: `.` (its index.ts) and any sub-path its package.json exports (browser-safe modules). */
function doorFile(name: string, sub: string | undefined): string | null {
  const base = ['web', 'server'].includes(name) ? `apps/${name}` : `packages/${name}`;
  const manifest = JSON.parse(readFileSync(join(ROOT, base, 'package.json'), 'utf8')) as {
    exports?: Record<string, string>;
  };
  const target = manifest.exports?.[sub ? `.${sub}` : '.'];
  return target ? join(ROOT, base, target) : null;
}

/** Edges between source files (relative imports and `@quire/<name>` front doors). */
function edges(file: SourceFile): string[] {
  return file.specifiers.flatMap(({ spec }) => {
    if (spec.startsWith('.')) return [resolve(dirname(file.path), spec)];
    const door = FRONT_DOOR.exec(spec);
    const target = door?.[1] ? doorFile(door[1], door[2]) : null;
    return target ? [target] : [];
  });
}

/** Strongly connected components of more than one file (or a file importing itself): import cycles. */
function cycles(): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    const file = byPath.get(v);
    for (const w of file ? edges(file) : []) {
      if (!byPath.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        component.push(relative(ROOT, w));
      } while (w !== v);
      const selfLoop = file ? edges(file).includes(v) : false;
      if (component.length > 1 || selfLoop) found.push(component.sort());
    }
  };
  for (const file of files) if (!index.has(file.path)) visit(file.path);
  return found;
}

describe('architecture', () => {
  it('finds the source files it checks', () => {
    expect(files.length).toBeGreaterThan(100);
    for (const unit of Object.keys(ALLOWED)) expect(files.some((f) => f.unit === unit)).toBe(true);
  });

  it('has no import cycle between files (and so none between packages)', () => {
    expect(cycles()).toEqual([]);
  });

  it('packages import each other only through their front door, along the data flow', () => {
    const wrong: string[] = [];
    for (const file of files) {
      for (const { spec } of file.specifiers) {
        const where = relative(ROOT, file.path);
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file.path), spec);
          if (unitOf(target) !== file.unit) wrong.push(`${where} reaches into ${relative(ROOT, target)}`);
          continue;
        }
        if (!spec.startsWith('@quire/')) continue;
        const door = FRONT_DOOR.exec(spec);
        const name = door?.[1] ?? spec;
        if (name === file.unit) continue;
        if (!door || doorFile(name, door[2]) === null)
          wrong.push(`${where} imports ${spec}, not a door of a package`);
        else if (!ALLOWED[file.unit]?.includes(name))
          wrong.push(`${where} imports ${spec} against the data flow`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('no package imports from apps/', () => {
    const wrong = files
      .filter((f) => relative(ROOT, f.path).startsWith('packages/'))
      .flatMap((f) =>
        f.specifiers
          .filter(
            ({ spec }) =>
              spec.startsWith('@quire/server') || spec.startsWith('@quire/web') || spec.includes('apps/'),
          )
          .map(({ spec }) => `${relative(ROOT, f.path)} imports ${spec}`),
      );
    expect(wrong).toEqual([]);
  });

  it('the web UI imports only types from front doors (values only from browser-safe sub-path exports)', () => {
    const wrong = files
      .filter((f) => f.unit === 'web')
      .flatMap((f) =>
        f.specifiers
          .filter(
            ({ spec, typeOnly }) => spec.startsWith('@quire/') && !typeOnly && !FRONT_DOOR.exec(spec)?.[2],
          )
          .map(({ spec }) => `${relative(ROOT, f.path)} imports values from ${spec}`),
      );
    expect(wrong).toEqual([]);
  });

  it('the cycle finder finds a cycle when there is one', () => {
    // A guard on the guard: two files of this repository known to import each other would be reported.
    const a = join(ROOT, 'x/a.ts');
    const b = join(ROOT, 'x/b.ts');
    byPath.set(a, { path: a, unit: 'x', specifiers: [{ spec: './b.ts', typeOnly: false }] });
    byPath.set(b, { path: b, unit: 'x', specifiers: [{ spec: './a.ts', typeOnly: true }] });
    files.push(byPath.get(a) as SourceFile, byPath.get(b) as SourceFile);
    try {
      expect(cycles()).toContainEqual(['x/a.ts', 'x/b.ts']);
    } finally {
      files.splice(-2, 2);
      byPath.delete(a);
      byPath.delete(b);
    }
  });
});
