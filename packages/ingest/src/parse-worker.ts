import { Console } from 'node:console';
import { parentPort } from 'node:worker_threads';
import { chunkDocument } from './chunker.ts';
import { ocrContext } from './ocr/ocr-context.ts';
import { loadPdfjs } from './ocr/pdfjs.ts';
import { parseDocument } from './parse-document.ts';
import { isParseRequest, type ParseRequest, serializeError, type WorkerMessage } from './parse-protocol.ts';

// The entry of a ParsePool worker: parses and chunks one file per request, in order.

if (parentPort === null) throw new Error('parse-worker.ts runs only as a worker thread (see ParsePool)');
const port = parentPort;

// stdout carries the CLI's --json output: whatever a parser logs goes to stderr.
globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });

async function handle(request: ParseRequest): Promise<WorkerMessage> {
  try {
    // One Tesseract worker per parse worker: a pool of N parse workers reads at most N pages at once.
    const ocr = await ocrContext(request.ocr, 1);
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
