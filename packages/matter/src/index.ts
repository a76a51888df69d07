// Whole-matter views (issue 18): what a workspace holds as a whole rather than the few passages one
// question retrieves — a cited chronology of dated statements, document overviews, and versions of one
// another (near-duplicates) with their differences. Built on the index and the inference rules.
export {
  type Change,
  compareVersions,
  diffPage,
  MIN_PAGE_SIMILARITY,
  type PageDiff,
  type Span,
  type VersionPage,
} from './compare.ts';
export {
  type DatedStatement,
  type DatedStatementContext,
  type DatePrecision,
  datedStatements,
  dayFirst,
  MAX_YEAR,
  MIN_YEAR,
  type TextSpan,
} from './dated-statements.ts';
export {
  checkEventSummary,
  DEFAULT_MAX_EVENT_SUMMARIES,
  EVENT_SUMMARY_SUPPORT,
  type EventSummariesOptions,
  type EventSummaryOptions,
  type EventToSummarize,
  MAX_EVENT_SUMMARY_WORDS,
  summarizeEvent,
  summarizeEvents,
} from './event-summary.ts';
export {
  type DocumentEvent,
  documentEvents,
  eventWithin,
  type MergedEvent,
  mergeEvents,
  SAME_STATEMENT,
  type SourcedEvent,
} from './events.ts';
export {
  type ExtractiveSummaryOptions,
  extractiveSummary,
  type SummarySentence,
} from './extractive-summary.ts';
export {
  DEFAULT_MAX_SECTIONS,
  type DocumentToSummarize,
  type GeneratedSentence,
  type GeneratedSummary,
  type GeneratedSummaryOptions,
  generateDocumentSummary,
  MAX_SUMMARY_SENTENCES,
  type SummaryChunk,
  type SummaryCitation,
  type SummaryPage,
} from './generated-summary.ts';
export {
  documentSignature,
  normalisedWords,
  SHINGLE_WORDS,
  SIGNATURE_SIZE,
  type Signature,
  similarity,
} from './minhash.ts';
export { documentParties } from './parties.ts';
export {
  type Banding,
  bandingFor,
  findVersions,
  MAX_MISS_AT_THRESHOLD,
  VERSION_THRESHOLD,
  type VersionDocument,
  type VersionGroup,
  type VersionPair,
} from './versions.ts';
