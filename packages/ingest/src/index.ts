export { chunkDocument } from './chunker.ts';
export { type DiscoveredFile, discoverFiles } from './discover.ts';
export {
  type CreateParserOptions,
  createParser,
  type DocumentParser,
  InProcessParser,
  type ParseOptions,
  WorkerPoolParser,
} from './document-parser.ts';
export {
  type DocxBlockLayout,
  type DocxCellLayout,
  type DocxLayout,
  docxLayout,
  parseDocx,
} from './docx-parser.ts';
export { type DocumentErrorCode, DocumentParseError } from './errors.ts';
export { sniffImage } from './ocr/image-format.ts';
export { OcrError, type OcrErrorCode } from './ocr/ocr-error.ts';
export { languagePackagePath, OcrPool, type OcrPoolOptions } from './ocr/ocr-pool.ts';
export { type ParseDocumentOptions, parseDocument } from './parse-document.ts';
export {
  BUDGET_FLOOR_MB,
  BUDGET_HEADROOM_MB,
  type ParseFileOptions,
  type ParseLimits,
  ParsePool,
  type ParsePoolOptions,
  type ParsePoolStats,
  type ParseResult,
} from './parse-pool.ts';
export { ParsePoolError, type ParsePoolErrorCode } from './parse-pool-errors.ts';
export { type PdfOcr, type PdfPageLayout, parsePdf, pdfPageLayout, type TextSpanBox } from './pdf-parser.ts';
export { isSupportedPath, SUPPORTED_EXTENSIONS } from './supported-paths.ts';
export { countTokens } from './tokens.ts';
export type {
  Chunk,
  ChunkOptions,
  DocumentKind,
  HeadingMark,
  OcrSettings,
  OcrWordBox,
  ParsedDocument,
  ParsedPage,
  ParseProgress,
  TextSource,
} from './types.ts';
