export type { LlamaGeneratorOptions } from './llama-generator.ts';
export { LlamaGenerator } from './llama-generator.ts';
export type {
  Answer,
  AnswerMode,
  ChatMessage,
  Citation,
  GenerateOptions,
  Generator,
  Source,
} from './types.ts';
