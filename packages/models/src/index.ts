// Model files: the llama.cpp runtime, GGUF reading and writing, the built-in embedding model, and the
// model manager (catalogue, downloads, imports, discovery of Ollama and LM Studio stores, hardware).
export type { BuiltinModelOptions } from './builtin-model.ts';
export {
  BUILTIN_DIMENSION,
  BUILTIN_MODEL_FILE,
  BUILTIN_MODEL_NAME,
  buildBuiltinModel,
  ensureBuiltinModel,
  isBuiltinModelBuilding,
} from './builtin-model.ts';
export type { CatalogueEntry } from './catalogue.ts';
export { CATALOGUE, findCatalogueEntry } from './catalogue.ts';
export type { DiscoveredModel } from './discovery.ts';
export { defaultLmStudioDirs, defaultOllamaDir, discoverLmStudio, discoverOllama } from './discovery.ts';
export type { DownloadOptions, DownloadResult } from './download.ts';
export { downloadModel } from './download.ts';
export type { DownloadProgress } from './download-progress.ts';
export type { EmbeddingPrefixes, PrefixLookup } from './embedding-prefixes.ts';
export { prefixesFor } from './embedding-prefixes.ts';
export type { GgufInfo, PoolingType } from './gguf-info.ts';
export { hasGgufMagic, inferRole, inspectGguf } from './gguf-info.ts';
export type { GgufFile, GgufTensor, GgufTensorType, GgufValue } from './gguf-writer.ts';
export { float16Bits, gguf, writeGguf } from './gguf-writer.ts';
export type { HardwareReport, Recommendation } from './hardware.ts';
export { hardwareReport, MEMORY_SHARE, recommend } from './hardware.ts';
export type { InstalledModel, ModelRole, ModelSource } from './installed-model.ts';
export { fileSha256, getSharedLlama, loadGgufModel, sha256OfFile } from './llama-runtime.ts';
export type { ModelManagerErrorCode } from './manager-errors.ts';
export { ModelManagerError } from './manager-errors.ts';
export type { ModelErrorCode } from './model-errors.ts';
export { ModelError } from './model-errors.ts';
export type {
  ImportOptions,
  ModelManagerOptions,
  PullOptions,
  RegisterInput,
  RemoveResult,
} from './model-manager.ts';
export { ModelManager } from './model-manager.ts';
export { resolveModelUrl } from './model-url.ts';
export type { RemoteClientOptions, RemoteModelRef } from './openai-compatible.ts';
export {
  isRemoteRef,
  parseRemoteRef,
  REMOTE_API_KEY_ENV,
  REMOTE_PREFIX,
  RemoteClient,
  remoteModelId,
  TryTimer,
} from './openai-compatible.ts';
export type { GgufModelHandle, GgufModelInUse } from './shared-models.ts';
export { acquireGgufModel, ggufModelsInUse } from './shared-models.ts';
