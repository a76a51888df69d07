// pdf.js's "fake worker" module: imported only for its side effect (it sets globalThis.pdfjsWorker).
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs';
