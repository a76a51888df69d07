/**
 * The file a `ParsePool` worker starts from. Running from TypeScript sources (CLI through tsx,
 * vitest), it is a small `.mjs` that registers tsx in the worker and imports `parse-worker.ts`;
 * from compiled JavaScript it is `parse-worker.js` itself.
 */
export function parseWorkerUrl(): URL {
  const fromSources = new URL(import.meta.url).pathname.endsWith('.ts');
  return new URL(fromSources ? './parse-worker-tsx.mjs' : './parse-worker.js', import.meta.url);
}
