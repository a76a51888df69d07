import { Console } from 'node:console';
import { parentPort } from 'node:worker_threads';
import { chunkDocument } from './chunker.ts';
import { parseDocument } from './parse-document.ts';
import { isParseRequest, type ParseRequest, serializeError, type WorkerMessage } from './parse-protocol.ts';
// pdfjs (which pdf-parser.ts loads on first use) and its 2.3 MB "fake worker" (loaded on the first
// getDocument) are loaded here, before `ready`, to keep that cost out of the first file's time limit.
// The fake worker sets globalThis.pdfjsWorker, which pdfjs uses.
import 'pdfjs-dist/legacy/build/pdf.mjs';
import 'pdfjs-dist/legacy/build/pdf.worker.mjs';

// The entry of a ParsePool worker: parses and chunks one file per request, in order.

const port = parentPort;
if (port === null) throw new Error('parse-worker.ts runs only as a worker thread (see ParsePool)');

// stdout carries the CLI's --json output: whatever a parser logs goes to stderr.
globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });

async function handle(request: ParseRequest): Promise<WorkerMessage> {
  try {
    const document = await parseDocument(request.path, { maxBytes: request.maxBytes });
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
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
