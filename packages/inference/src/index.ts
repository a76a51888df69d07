export { checkCitation, MIN_SUPPORT } from './citation-checker.ts';
export type { ParsedCitations } from './citations.ts';
export { citationFor, parseCitations } from './citations.ts';
export { formatEvalTable } from './eval/eval-table.ts';
export type {
  CitationRow,
  CitationSummary,
  EvalSummary,
  ModeSummary,
  RankedPage,
  RefusalRow,
  RefusalSummary,
  RetrievalMode,
  RetrievalRow,
  RetrievalSummary,
} from './eval/metrics.ts';
export {
  distinctPages,
  firstHitRank,
  matchesGold,
  pageHitAt,
  RETRIEVAL_MODES,
  reciprocalRankAt,
  refusalPrecision,
  refusalRecall,
  summarize,
  summarizeCitations,
  summarizeRefusals,
  verifiedShare,
} from './eval/metrics.ts';
export type { GoldPage, QaItem, QaKind } from './eval/qa-set.ts';
export { parseQaJsonl, QA_KINDS, QaSetError } from './eval/qa-set.ts';
export { evidenceScore, removeNearDuplicates } from './evidence.ts';
export type { ExtractiveOptions } from './extractive.ts';
export { extractiveAnswer, NOT_FOUND } from './extractive.ts';
export type { PriorTurn } from './follow-up.ts';
export { carryForward, looksLikeFollowUp, standaloneQuestion } from './follow-up.ts';
export type { LlamaGeneratorOptions } from './llama-generator.ts';
export { LlamaGenerator } from './llama-generator.ts';
export type { CatalogueEntry } from './models/catalogue.ts';
export { CATALOGUE, findCatalogueEntry } from './models/catalogue.ts';
export type { DiscoveredModel } from './models/discovery.ts';
export {
  defaultLmStudioDirs,
  defaultOllamaDir,
  discoverLmStudio,
  discoverOllama,
} from './models/discovery.ts';
export type { DownloadOptions, DownloadResult } from './models/download.ts';
export { downloadModel } from './models/download.ts';
export type { DownloadProgress } from './models/download-progress.ts';
export type { EmbeddingPrefixes, PrefixLookup } from './models/embedding-prefixes.ts';
export { prefixesFor } from './models/embedding-prefixes.ts';
export type { GgufInfo, PoolingType } from './models/gguf-info.ts';
export { hasGgufMagic, inferRole, inspectGguf } from './models/gguf-info.ts';
export type { HardwareReport, Recommendation } from './models/hardware.ts';
export { hardwareReport, MEMORY_SHARE, recommend } from './models/hardware.ts';
export type { InstalledModel, ModelRole, ModelSource } from './models/installed-model.ts';
export type { ModelManagerErrorCode } from './models/model-errors.ts';
export { ModelManagerError } from './models/model-errors.ts';
export type {
  ImportOptions,
  ModelManagerOptions,
  PullOptions,
  RegisterInput,
  RemoveResult,
} from './models/model-manager.ts';
export { ModelManager } from './models/model-manager.ts';
export { resolveModelUrl } from './models/model-url.ts';
export { widenToSentences } from './passage-context.ts';
export { queryTerms, stem } from './query-terms.ts';
export type { RagPromptOptions } from './rag-prompt.ts';
export { buildRagPrompt, estimateTokens, NOT_IN_DOCUMENTS, sourcesWithinBudget } from './rag-prompt.ts';
export type { Sentence } from './sentences.ts';
export { splitSentences } from './sentences.ts';
export type {
  Answer,
  AnswerMode,
  ChatMessage,
  Citation,
  GenerateOptions,
  Generator,
  Source,
} from './types.ts';
export { findVerbatim } from './verbatim-find.ts';
