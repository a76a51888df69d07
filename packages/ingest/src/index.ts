export { batesRange } from './bates.ts';
export type { BlockLayout, BlocksLayout, CellLayout } from './block-layout.ts';
export { chunkDocument } from './chunker.ts';
export { type DiscoveredFile, type DiscoverOptions, discoverFiles } from './discover.ts';
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
export { type EmailAttachmentInfo, emailAttachmentData, parseEmail } from './email-parser.ts';
export { type DocumentErrorCode, DocumentParseError } from './errors.ts';
export { htmlCharset, parseHtml } from './html-parser.ts';
export {
  isIgnoredPath,
  TEMPORARY_EXTENSIONS,
  UNSUPPORTED_TYPE,
  unsupportedTypeMessage,
} from './ignored-paths.ts';
export { sniffImage } from './ocr/image-format.ts';
export { OcrError, type OcrErrorCode } from './ocr/ocr-error.ts';
export { languagePackagePath, OcrPool, type OcrPoolOptions } from './ocr/ocr-pool.ts';
export { type OfficePackage, officePackageOf, parsePptx, parseXlsx } from './office-parser.ts';
export { labelAt, labelOfRange, type PageLabels } from './page-label-at.ts';
export {
  officePageLayoutOf,
  type ParseDocumentOptions,
  parseDocument,
  type TextPageLayout,
  textPageLayoutOf,
} from './parse-document.ts';
export {
  BUDGET_FLOOR_MB,
  BUDGET_HEADROOM_MB,
  MIN_BUDGET_MB,
  type ParseFileOptions,
  type ParseLimits,
  ParsePool,
  type ParsePoolOptions,
  type ParsePoolStats,
  type ParseResult,
} from './parse-pool.ts';
export { ParsePoolError, type ParsePoolErrorCode } from './parse-pool-errors.ts';
export { type PdfOcr, type PdfPageLayout, parsePdf, pdfPageLayout, type TextSpanBox } from './pdf-parser.ts';
export {
  EMAIL_EXTENSIONS,
  HTML_EXTENSIONS,
  isSupportedPath,
  MARKDOWN_EXTENSIONS,
  SUPPORTED_EXTENSIONS,
  TEXT_EXTENSIONS,
} from './supported-paths.ts';
export { decodeText, textCharset } from './text-encoding.ts';
export { PAGE_WORDS } from './text-pages.ts';
export { type ParseTextOptions, parseText } from './text-parser.ts';
export { countTokens } from './tokens.ts';
export type {
  Chunk,
  ChunkOptions,
  DocumentDate,
  DocumentKind,
  EmailAttachment,
  EmailHeaders,
  HeadingMark,
  OcrSettings,
  OcrWordBox,
  PageLabelMark,
  PageLabelSource,
  ParsedDocument,
  ParsedPage,
  ParseProgress,
  TextSource,
} from './types.ts';
