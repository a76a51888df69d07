import { Console } from 'node:console';
import { parentPort } from 'node:worker_threads';
import { chunkDocument } from './chunker.ts';
import { OcrPools } from './ocr/ocr-pools.ts';
import { loadPdfjs } from './ocr/pdfjs.ts';
import { parseDocument } from './parse-document.ts';
import { isParseRequest, type ParseRequest, serializeError, type WorkerMessage } from './parse-protocol.ts';

// The entry of a ParsePool worker: parses and chunks one file per request, in order.

if (parentPort === null) throw new Error('parse-worker.ts runs only as a worker thread (see ParsePool)');
const port = parentPort;

// stdout carries the CLI's --json output: whatever a parser logs goes to stderr.
globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });

// One Tesseract worker per parse worker: a pool of N parse workers reads at most N pages at once. The
// pools live as long as this thread; terminating it (ParsePool) stops their workers with it.
const ocrPools = new OcrPools(1);

async function handle(request: ParseRequest): Promise<WorkerMessage> {
  try {
    const ocr = await ocrPools.context(request.ocr);
    const document = await parseDocument(request.path, {
      maxBytes: request.maxBytes,
      ocr: ocr && {
        ...ocr,
        onProgress: ({ done, total }) =>
          port.postMessage({
            type: 'progress',
            id: request.id,
            ocr: { done, total },
          } satisfies WorkerMessage),
      },
    });
    const chunks = chunkDocument(document, request.chunking);
    return { type: 'done', id: request.id, document, chunks };
  } catch (error) {
    return { type: 'failed', id: request.id, error: serializeError(error) };
  }
}

port.on('message', (message: unknown) => {
  if (!isParseRequest(message)) return;
  void handle(message).then((reply) => port.postMessage(reply));
});
// pdf.js and its 2.3 MB "fake worker" are loaded before `ready`, to keep that cost out of the first
// file's time limit.
await loadPdfjs();
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
