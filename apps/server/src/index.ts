export type { AskOptions, AskResult, ClosestPassage } from './answer.ts';
export { askWorkspace } from './answer.ts';
export type { PageLayout } from './api/file-routes.ts';
export type { FolderEntry, FolderListing } from './api/folder-routes.ts';
export type { AuditEntry, AuditLog } from './audit-log.ts';
export { BuiltinWarmup } from './builtin-warmup.ts';
export { buildCli, runCli } from './cli.ts';
export {
  type AttachmentEntry,
  attachmentPath,
  EmailFamilies,
  type EmailView,
  type ThreadEntry,
} from './email-family.ts';
export type { ErasedAttachment, ErasePreview, EraseResult } from './erase.ts';
export type { QuireErrorCode } from './errors.ts';
export { QuireError, WorkspaceNotFoundError } from './errors.ts';
export type { EvalQuestionResult, EvalReport } from './eval/eval-runner.ts';
export { runEval } from './eval/eval-runner.ts';
export { formatEvalTable } from './eval/eval-table.ts';
export type { GoldPage, QaItem, QaKind } from './eval/qa-set.ts';
export { parseQaJsonl, QA_KINDS, QaSetError } from './eval/qa-set.ts';
export type { EvidenceBundleInput } from './evidence-bundle.ts';
export { renderEvidenceBundle } from './evidence-bundle.ts';
export type { FolderOwner } from './folder-owners.ts';
export { folderOwners } from './folder-owners.ts';
export type { WatchOptions } from './folder-watcher.ts';
export { FolderWatcher } from './folder-watcher.ts';
export { ensureHome, resolveHome, resolveModelsDir } from './home.ts';
export type {
  DocumentState,
  DocumentStateEvent,
  IngestEvent,
  ModelBuildEvent,
  ProgressEvent,
  ServerEvent,
} from './ingest-events.ts';
export type { IngestLog, IngestLogEntry } from './ingest-log.ts';
export type { ModelOverview } from './model-resolution.ts';
export { BUILTIN, NONE, resolveModel } from './model-resolution.ts';
export type { ReembedProgress, SwitchReport } from './model-switch.ts';
export { switchEmbeddingModel } from './model-switch.ts';
export type { OcrLanguage } from './ocr-languages.ts';
export type { ModelOverrides } from './open-workspace.ts';
export { OpenWorkspace } from './open-workspace.ts';
export type { SearchResult, SearchResultHit } from './search.ts';
export { searchWorkspace } from './search.ts';
export type { AppDeps, RunningServer, ServerOptions } from './server.ts';
export { createApp, DEFAULT_PORT, startServer } from './server.ts';
export type { LiveDocument, StatusSnapshot } from './status-tracker.ts';
export { StatusTracker } from './status-tracker.ts';
export type { SyncOptions, SyncReport } from './sync.ts';
export { syncWorkspace } from './sync.ts';
export type { ThreadSummary, ThreadTurn } from './threads.ts';
export { ThreadStore } from './threads.ts';
export type { WorkspaceDefaults, WorkspaceSettings } from './workspace-registry.ts';
export { slugify, WorkspaceRegistry } from './workspace-registry.ts';
export type { WorkspaceServiceOptions } from './workspace-service.ts';
export { WorkspaceService } from './workspace-service.ts';
export type { DocumentStatus, WorkspaceStatus } from './workspace-status.ts';
export { workspaceStatus } from './workspace-status.ts';
export type { WorkspaceSummary } from './workspace-summary.ts';
