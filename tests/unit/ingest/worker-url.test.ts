import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  parseWorkerUrl,
  prepareParseWorkerUrl,
  workerExecArgv,
} from '../../../packages/ingest/src/worker-url.ts';

describe('the parse worker entry (running from TypeScript sources)', () => {
  it('is one plain ES module bundled from the sources, cached under a name from their hash', async () => {
    const url = await prepareParseWorkerUrl();
    expect(parseWorkerUrl()).toEqual(url);
    const file = fileURLToPath(url);
    expect(file).toMatch(
      /[\\/]node_modules[\\/]\.cache[\\/]quire-parse-worker[\\/]parse-worker-[0-9a-f]{16}\.mjs$/,
    );
    const code = await readFile(file, 'utf8');
    const imported = [...code.matchAll(/^import\s+(?:[^'"]*\s+from\s+)?["']([^"']+)["']/gm)].map((m) => m[1]);
    // Node built-ins and the ingest package's own npm dependencies only: the parser's own modules are
    // inside, no TypeScript loader, no workspace package.
    const manifest = JSON.parse(
      await readFile(new URL('../../../packages/ingest/package.json', import.meta.url), 'utf8'),
    ) as { dependencies: Record<string, string> };
    const dependencies = Object.keys(manifest.dependencies).filter((name) => !name.startsWith('@quire/'));
    for (const specifier of imported) {
      const name = specifier?.startsWith('@')
        ? specifier.split('/').slice(0, 2).join('/')
        : specifier?.split('/')[0];
      if (specifier?.startsWith('node:')) continue;
      expect(dependencies, specifier).toContain(name);
    }
    expect(imported).toContain('postal-mime');
    expect(code).toContain('pdfjs-dist/legacy/build/pdf.worker.mjs');
    expect(code).toContain('function chunkDocument(');
  });
});

describe('workerExecArgv', () => {
  it("drops tsx's preloads, as `npx tsx` passes them, and keeps other flags", () => {
    expect(
      workerExecArgv([
        '--require',
        '/repo/node_modules/tsx/dist/preflight.cjs',
        '--import',
        'file:///repo/node_modules/tsx/dist/loader.mjs',
        '--conditions=development',
        '--import',
        './instrument.mjs',
        '--max-old-space-size=2048',
      ]),
    ).toEqual(['--conditions=development', '--import', './instrument.mjs', '--max-old-space-size=2048']);
    expect(
      workerExecArgv(['--import=tsx', '-r', 'tsx/cjs', '--loader', 'tsx/esm', '-r', './setup.cjs']),
    ).toEqual(['-r', './setup.cjs']);
  });

  it("drops the inspector's flags: a worker process cannot listen on the parent's port", () => {
    expect(
      workerExecArgv([
        '--inspect',
        '--inspect-brk=9230',
        '--inspect-port',
        '9231',
        '--inspect-wait',
        '--trace-warnings',
      ]),
    ).toEqual(['--trace-warnings']);
    expect(workerExecArgv(['--inspect-port=0', '--debug-port', '9232', '--conditions=x'])).toEqual([
      '--conditions=x',
    ]);
  });

  it('drops the flags that choose the parent entry point, with their values', () => {
    expect(workerExecArgv(['--input-type=module', '-e', 'code()', '--trace-warnings'])).toEqual([
      '--trace-warnings',
    ]);
    expect(workerExecArgv(['--input-type', 'module', '--print', '1 + 1'])).toEqual([]);
  });
});
