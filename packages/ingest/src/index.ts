export { chunkDocument } from './chunker.ts';
export { type DiscoveredFile, discoverFiles } from './discover.ts';
export {
  type DocxBlockLayout,
  type DocxCellLayout,
  type DocxLayout,
  docxLayout,
  parseDocx,
} from './docx-parser.ts';
export { type DocumentErrorCode, DocumentParseError } from './errors.ts';
export { type ParseDocumentOptions, parseDocument } from './parse-document.ts';
export {
  type ParseLimits,
  ParsePool,
  type ParsePoolOptions,
  type ParsePoolStats,
  type ParseResult,
} from './parse-pool.ts';
export { ParsePoolError, type ParsePoolErrorCode } from './parse-pool-errors.ts';
export { type PdfPageLayout, parsePdf, pdfPageLayout, type TextSpanBox } from './pdf-parser.ts';
export { isSupportedPath, SUPPORTED_EXTENSIONS } from './supported-paths.ts';
export { countTokens } from './tokens.ts';
export type { Chunk, ChunkOptions, DocumentKind, HeadingMark, ParsedDocument, ParsedPage } from './types.ts';
