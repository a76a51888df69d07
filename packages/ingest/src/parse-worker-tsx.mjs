// Fallback worker entry when Quire runs from its TypeScript sources and the worker bundle could not be
// built (see worker-url.ts): a worker process does not get the tsx loader of the parent (CLI or vitest;
// `workerExecArgv` drops tsx's preloads), so register it here, then load the real worker. It costs
// ~300 MB per worker.
// tsx turns on source maps, which makes Node parse pdfjs's 2.4 MB source map into ~55 MB of heap per
// worker (and 0.2 s more to start); stack traces of this worker point at tsx's output instead.
import { register } from 'tsx/esm/api';

register();
process.setSourceMapsEnabled(false);
await import('./parse-worker.ts');
