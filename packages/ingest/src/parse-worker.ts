import { Console } from 'node:console';
import { chunkDocument } from './chunker.ts';
import { OcrPools } from './ocr/ocr-pools.ts';
import { loadPdfjs } from './ocr/pdfjs.ts';
import { parseDocument } from './parse-document.ts';
import { isParseRequest, type ParseRequest, serializeError, type WorkerMessage } from './parse-protocol.ts';

// The entry of a ParsePool worker, a child process forked with an IPC channel ('advanced'
// serialization): parses and chunks one file per request, in order.

if (process.send === undefined) throw new Error('parse-worker runs only as a child process of a ParsePool');
const post = (message: WorkerMessage): void => {
  // A message the parent can no longer receive is dropped: the process is about to exit (below).
  if (process.connected) process.send?.(message, undefined, {}, () => {});
};

// Never outlive the pool: when the parent closes the channel, or dies (even by SIGKILL), the channel
// disconnects. Ctrl-C in a terminal signals the whole process group: the parent decides (a `quire serve`
// that shuts down gracefully closes its pool; one that dies disconnects).
process.on('disconnect', () => process.exit(0));
process.on('SIGINT', () => {});

// stdout carries the CLI's --json output: whatever a parser logs goes to stderr.
globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });

// The pool's RSS watchdog reads /proc/<pid>/status where there is one; elsewhere it uses this.
setInterval(() => post({ type: 'memory', rss: process.memoryUsage.rss() }), 200).unref();

// One Tesseract worker per parse worker: a pool of N parse workers reads at most N pages at once. The
// Tesseract workers are threads of this process: its RSS, which the pool watches, includes them.
const ocrPools = new OcrPools(1);

async function handle(request: ParseRequest): Promise<WorkerMessage> {
  try {
    const ocr = await ocrPools.context(request.ocr);
    const document = await parseDocument(request.path, {
      maxBytes: request.maxBytes,
      ocr: ocr && {
        ...ocr,
        onProgress: ({ done, total }) => post({ type: 'progress', id: request.id, ocr: { done, total } }),
      },
      onPageProgress: (pages) => post({ type: 'progress', id: request.id, pages }),
    });
    const chunks = chunkDocument(document, request.chunking);
    return { type: 'done', id: request.id, document, chunks };
  } catch (error) {
    return { type: 'failed', id: request.id, error: serializeError(error) };
  }
}

// Tesseract's WebAssembly memory grows to the largest page read and never shrinks: after a file that
// left this process above this, its Tesseract workers are stopped before the reply (the next page to
// read starts one again, ~1 s), so that the pool, which replaces a large idle worker process to make
// room under a memory budget (~1.5 s: Node, pdf.js and Tesseract), finds it small.
const RELEASE_OCR_ABOVE_BYTES = 200 * 1024 * 1024;

process.on('message', (message: unknown) => {
  if (!isParseRequest(message)) return;
  void handle(message).then(async (reply) => {
    if (process.memoryUsage.rss() > RELEASE_OCR_ABOVE_BYTES) await ocrPools.close();
    post(reply);
  });
});
// pdf.js and its 2.3 MB "fake worker" are loaded before `ready`, to keep that cost out of the first
// file's time limit.
await loadPdfjs();
post({ type: 'ready' });
