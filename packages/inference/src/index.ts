export { checkCitation, MIN_SUPPORT } from './citation-checker.ts';
export type { ParsedCitations } from './citations.ts';
export { citationFor, parseCitations } from './citations.ts';
export type { ComposedAnswer, ComposeOptions, PageText } from './compose-answer.ts';
export { composeAnswer, DEFAULT_ANSWER_THRESHOLD } from './compose-answer.ts';
export { attachedToText, emailRefText } from './email-ref.ts';
export { evidenceScore, leadCoverage, removeNearDuplicates } from './evidence.ts';
export type { ExtractiveOptions } from './extractive.ts';
export { extractiveAnswer, NOT_FOUND } from './extractive.ts';
export type { PriorTurn } from './follow-up.ts';
export { carryForward, looksLikeFollowUp, standaloneQuestion } from './follow-up.ts';
export type { LlamaGeneratorOptions } from './llama-generator.ts';
export { LlamaGenerator } from './llama-generator.ts';
export type { OpenAiCompatibleGeneratorOptions } from './openai-compatible-generator.ts';
export { OpenAiCompatibleGenerator } from './openai-compatible-generator.ts';
export { labelDiffers, type PageMarks, pageRef } from './page-ref.ts';
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
  EmailRef,
  GenerateOptions,
  Generator,
  Source,
  SupportLevel,
} from './types.ts';
export { findVerbatim } from './verbatim-find.ts';
